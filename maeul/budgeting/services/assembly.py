"""The general assembly (총회) of a cycle: recorded after it is held, with its date, whether it
met online, its attendance (when reported) and its decisions, one per line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting.models import Cycle, GeneralAssembly
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.services._guards import lock_cycle
from maeul.core.errors import Conflict, ServiceError

MAX_DECISIONS = 30
DECISION_MAX = 300


def decision_lines(text: str) -> list[str]:
    """The decisions typed one per line, blank lines and surrounding spaces dropped."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def assembly_record(
    *,
    actor: Any,
    cycle: Cycle,
    held_on: dt.date,
    online: bool,
    attendance: int | None = None,
    decisions: list[str] | None = None,
    place: str = "",
    source: str = "",
) -> GeneralAssembly:
    """Record the cycle's general assembly. Not bound to a phase: an assembly is recorded
    after the fact, also for cycles run before Maeul. One per cycle and day."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    decisions = [" ".join(str(d).split()) for d in (decisions or []) if str(d).strip()]
    if attendance is not None and attendance < 0:
        raise ServiceError(_("Attendance cannot be negative."), field="attendance")
    if len(decisions) > MAX_DECISIONS:
        raise ServiceError(
            _("Record at most %(n)s decisions.") % {"n": MAX_DECISIONS}, field="decisions"
        )
    if any(len(d) > DECISION_MAX for d in decisions):
        raise ServiceError(
            _("A decision has at most %(n)s characters.") % {"n": DECISION_MAX},
            field="decisions",
        )
    if len(place) > 120:
        raise ServiceError(_("The place has at most 120 characters."), field="place")
    if held_on.year < cycle.cycle_year - 1 or held_on.year > cycle.budget_year:
        raise ServiceError(
            _("The assembly of the %(year)s cycle is held between %(first)s and %(last)s.")
            % {"year": cycle.cycle_year, "first": cycle.cycle_year - 1, "last": cycle.budget_year},
            field="held_on",
        )
    try:
        with transaction.atomic(durable=True):
            locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
            if locked.assemblies.filter(held_on=held_on).exists():
                raise Conflict(
                    _("An assembly on this day is already recorded for this cycle."),
                    field="held_on",
                )
            assembly = GeneralAssembly.objects.create(
                cycle=locked,
                held_on=held_on,
                online=online,
                attendance=attendance,
                decisions=decisions,
                place=place.strip(),
                source=source.strip()[:200],
            )
            audit_record(
                kind="budgeting.assembly_recorded",
                actor=actor,
                subject=assembly,
                municipality=locked.municipality,
                data={
                    "held_on": held_on.isoformat(),
                    "online": online,
                    "attendance": attendance,
                    "decisions": len(decisions),
                },
            )
    except IntegrityError as error:  # the same day recorded twice at once
        raise Conflict(
            _("An assembly on this day is already recorded for this cycle."), field="held_on"
        ) from error
    return assembly
