"""The one way Maeul matches a search term against text, shared by every list with a search box.

Korean words carry their particles and compounds without spaces (어린이공원, 공원에서), so a
word-based full-text search misses most of what a resident types; Maeul matches substrings
instead (``icontains``). On PostgreSQL the columns searched carry pg_trgm GIN indexes on
``UPPER(column::text)`` — exactly the expression Django writes for ``icontains`` — so the same
lookup is answered from the index (migrations ``search.0001_trigram_indexes``); SQLite, with a
few hundred rows in a demo, scans. Both give the same answers, which the tests check.

Short columns (titles, places, names) are matched as above. Long text — descriptions, a
pledge's summary, a body's mandate — is matched differently (``long=`` in :func:`matching`):
``UPPER`` over long Korean text was the cost (at 10,000 proposals a scan over descriptions took
140–360 ms against 17 ms over titles and places, and the planner chose that scan even for
longer terms because it cannot see the cost of ``UPPER``). So long columns carry a pg_trgm GIN
index on the column itself (``search.0002_trigram_long_text``) and are matched with ``ILIKE``
(:class:`TrigramIContains`), which that index answers and which folds case without building an
upper-cased copy of every row. SQLite falls back to ``icontains``, with the same answers.

The term is checked once here, so the PB proposal list and the search page answer bad input
alike: at least :data:`MIN_LENGTH` characters (one Korean syllable or Latin letter matches
nearly everything and cannot use a trigram index), at most :data:`MAX_LENGTH`, control
characters removed and whitespace collapsed. ``%`` and ``_`` are ordinary characters: Django
escapes them in ``icontains``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, TextField
from django.db.models.lookups import IContains
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits

MIN_LENGTH = 2
MAX_LENGTH = 100
_SPACES = re.compile(r"\s+")


def normalise_term(raw: str) -> str:
    """``raw`` in NFC (a decomposed Hangul syllable from some keyboards matches the stored,
    composed one), without control or format characters, with runs of whitespace as one space."""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if unicodedata.category(ch)[0] != "C" or ch in "\t\n\r"
    )
    return _SPACES.sub(" ", text).strip()


def clean_term(raw: str) -> str:
    """The normalised term, or a ``ValidationError`` a person can act on ("" stays "")."""
    term = normalise_term(raw)
    if not term:
        return ""
    if len(term) < MIN_LENGTH:
        raise ValidationError(
            _("Type at least %(min)d characters to search."),
            code="too_short",
            params={"min": MIN_LENGTH},
        )
    if len(term) > MAX_LENGTH:
        raise ValidationError(
            _("A search can be at most %(max)d characters long (this one has %(length)d)."),
            code="too_long",
            params={"max": MAX_LENGTH, "length": len(term)},
        )
    return term


class TrigramIContains(IContains):
    """``icontains`` written as ``column ILIKE '%term%'`` on PostgreSQL: the form a pg_trgm GIN
    index on the bare column answers (``icontains`` is ``UPPER(column::text) LIKE ...``, which
    only an index on that expression does). Elsewhere it is ``icontains`` itself."""

    lookup_name = "trgm_icontains"

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        plain = IContains(self.lhs, self.rhs)
        return plain.as_sql(compiler, connection)

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs_sql} ILIKE {rhs_sql}", [*lhs_params, *rhs_params]


TextField.register_lookup(TrigramIContains)


def matching(term: str, *fields: str, long: tuple[str, ...] = ()) -> Q:
    """Rows where any of ``fields`` (short columns) or ``long`` (long text: descriptions)
    contains ``term``, case-insensitively; index-backed on PostgreSQL for the columns the
    trigram migrations cover."""
    if not fields and not long:
        raise ValueError("matching() needs at least one field")
    return reduce(
        or_,
        [
            *(Q(**{f"{name}__icontains": term}) for name in fields),
            *(Q(**{f"{name}__trgm_icontains": term}) for name in long),
        ],
    )


def excerpt(text: str, term: str, width: int = 80) -> str:
    """A short piece of ``text`` around the first place ``term`` appears (its start when it
    does not), so a result shows why it matched; plain text, escaped by the template."""
    flat = _SPACES.sub(" ", text or "").strip()
    if len(flat) <= width:
        return flat
    at = flat.casefold().find(term.casefold()) if term else -1
    start = max(0, at - width // 3) if at >= 0 else 0
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


@dataclass(frozen=True)
class Hit:
    """One search result as the results page shows it, whatever programme it comes from."""

    kind: str
    kind_label: str
    title: str
    url: str
    place: str
    year: int | None
    status: str
    excerpt: str


@dataclass(frozen=True)
class Source:
    """What one programme contributes to a search: its matching rows, ordered, and how a row
    becomes a :class:`Hit`. The search page counts and slices ``rows`` lazily, so only the
    rows of the page shown are fetched."""

    kind: str
    rows: QuerySet[Any]
    hit: Callable[[Any], Hit]


class SearchTermField(forms.CharField):
    """A search box: read at most ``textlimits.LABEL`` characters at all, and a term over
    :data:`MAX_LENGTH` answered with the search rule's own message (how long it was), not
    Django's generic one — the rule runs before the field's length validator."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", textlimits.LABEL)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def run_validators(self, value: Any) -> None:
        if value:
            clean_term(value)
        super().run_validators(value)
