"""Length limits on free text: every text a person types has a maximum, in forms, in the API
schemas and in the database.

Why: without one, a 9 MB "description" was accepted, published and sent to every visitor of
the proposal list (security review, finding 11). The limits are generous for what each text is
for and small enough that no page or export is swamped:

============  ========  ============================================================
name          chars     used for
============  ========  ============================================================
``LABEL``     200       titles, names, labels (CharFields keep their own max_length)
``REASON``    2,000     reasons, notes, comments, short descriptions, hand-over notes
``TEXT``      10,000    descriptions, opinions, answers, summaries, mandates
``MINUTES``   20,000    minutes of meetings, progress reports
``BULK``      200,000   pasted lists parsed line by line (rolls, paper ballots)
============  ========  ============================================================

``BoundedTextField`` is a ``TextField`` that must be given ``max_length``. It validates that
length (forms built from it get ``maxlength`` and Django's translated message) and adds a
named database CHECK constraint ``<app>_<model>_<field>_length`` on ``LENGTH(field)``, so
neither a form that forgot it, nor an import, nor a shell can store more. SQLite and
PostgreSQL both count characters, not bytes. CharFields already have ``varchar(n)`` on
PostgreSQL and their ``max_length`` in forms and validation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.expressions import Combinable
from django.db.models.functions import Length

LABEL = 200
REASON = 2_000
TEXT = 10_000
MINUTES = 20_000
# Pasted lists that are parsed, never stored as text (a paper batch's roll and ballots, an
# assembly's attendees): about 10,000 lines.
BULK = 200_000


if TYPE_CHECKING:  # Django's fields are generic for the type checker only
    _TextField = models.TextField[str | Combinable, str]
else:
    _TextField = models.TextField


class BoundedTextField(_TextField):
    """A ``TextField`` with a maximum length enforced by validation and by the database."""

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))

    def contribute_to_class(self, cls: Any, name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        if cls._meta.abstract:
            return
        constraint_name = f"{cls._meta.app_label}_{cls._meta.model_name}_{name}_length"
        if any(c.name == constraint_name for c in cls._meta.constraints):
            return  # a model rebuilt from migration state already carries it
        # Validation reports the field's own MaxLengthValidator message first (Django skips
        # constraints on fields that failed), so the constraint needs no message of its own.
        constraint = models.CheckConstraint(
            condition=models.Q(**{f"{name}__length__lte": self.max_length}),
            name=constraint_name,
        )
        # A new list (Meta.constraints may be shared with other classes), also recorded as an
        # original Meta attribute: migrations read constraints only from models whose Meta
        # declared some.
        cls._meta.constraints = [*cls._meta.constraints, constraint]
        cls._meta.original_attrs["constraints"] = cls._meta.constraints


BoundedTextField.register_lookup(Length)
