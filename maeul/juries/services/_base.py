"""What every jury service shares: phases as data, the jury's row lock, the audit entry.

Phases as data: ``PHASE_ACTIONS`` says which actions each phase allows; services check it
after taking the jury's row lock, so a draw and a late volunteer cannot interleave (the draw
locks the jury, then reads the pool; intake locks the jury, then checks the phase).

Locking order: jury row first, then volunteers / opinions of that jury.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, ServiceError
from maeul.engine import sortition
from maeul.juries import labels
from maeul.juries.models import Jury, JuryPhase
from maeul.juries.rules import JuryPermission

PHASE_ACTIONS: dict[str, frozenset[str]] = {
    JuryPhase.RECRUITING: frozenset({"intake", "quotas", "draw", "appoint", "term"}),
    JuryPhase.SITTING: frozenset(
        {
            "replace",
            "term",
            "session",
            "attendance",
            "subgroups",
            "review",
            "opinion",
            "answer",
            "publish",
            "visit",
            "report",
            "close",
        }
    ),
    # A closed jury's last report is often written up after its last meeting.
    JuryPhase.CLOSED: frozenset({"answer", "publish", "report"}),
}


class Unprocessable(ServiceError):
    """Input that is well-formed but cannot be used (quotas no panel can meet...)."""

    code = "unprocessable"
    status = 422


def locked_jury(jury: Jury, actor: Any, permission: JuryPermission, action: str) -> Jury:
    """The jury's row, locked for this transaction, once the phase allows ``action``.

    Services refuse an actor without ``permission`` up front (403) before any work; the lock
    goes through ``get_authorised`` too, so the row is checked and locked in one read and the
    check holds for the row as it is now.
    """
    locked = get_authorised(
        Jury.objects.select_related("municipality"), actor, jury.pk, permission, lock=True
    )
    if action not in PHASE_ACTIONS[locked.phase]:
        raise Conflict(
            _("This cannot be done while the jury is in the phase “%(phase)s”.")
            % {"phase": locked.get_phase_display()},
            field="phase",
        )
    return locked


def audit(kind: str, actor: Any, jury: Jury, subject: Any = None, **data: Any) -> None:
    audit_record(
        kind=f"juries.{kind}",
        actor=actor,
        subject=subject if subject is not None else jury,
        municipality=jury.municipality,
        data={"jury": jury.pk, **data},
    )


def as_unprocessable(error: sortition.SortitionError, jury: Jury, field: str) -> Unprocessable:
    """The engine's refusal as a ServiceError in the person's language (labels.py)."""
    groups = dict(jury.district_groups.values_list("key", "name"))
    return Unprocessable(labels.engine_error_message(error, groups), field=field)
