"""What every budgeting service checks before it changes anything: the errors it raises, the
phase table, the frozen rules, and the row locks in the order the locking rule prescribes.

Locking rule (docs/subsystems/participatory-budgeting.md): every service that depends on the
cycle's state (its phase, its frozen rules, the next proposal number) first locks the cycle
row with ``SELECT ... FOR UPDATE``, then locks the proposal it changes, never the other way
round, so concurrent services cannot deadlock and no change slips in after the rules froze.
The locks are taken through ``get_authorised``, so the row a service changes is read once,
locked and checked against the actor's permission in the same query.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised
from maeul.budgeting.models import PHASE_ACTIONS, PHASE_ORDER, Cycle, Phase, Proposal
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.selectors import phase_dates
from maeul.core.errors import Conflict, ServiceError


class PhaseClosed(Conflict):
    code = "phase_closed"


class RulesLocked(Conflict):
    code = "rules_locked"


class OverCap(ServiceError):
    code = "over_cap"
    status = 422


def won(amount: int) -> str:
    return f"{amount:,}"


def require_phase(cycle: Cycle, action: str) -> None:
    """Refuse ``action`` outside the phases that allow it, naming those phases' dates."""
    if cycle.allows(action):
        return
    allowed = [p for p in PHASE_ORDER if action in PHASE_ACTIONS[p]]
    raise PhaseClosed(
        _("This is possible only in the %(phases)s phase; the cycle is now in the %(now)s phase.")
        % {
            "phases": "; ".join(phase_dates(cycle, p) for p in allowed),
            "now": Phase(cycle.phase).label,
        }
    )


def lock_cycle(actor: Any, cycle: Cycle, permission: BudgetingPermission | None = None) -> Cycle:
    """The cycle row, locked. With ``permission`` it is checked on the locked row (a service
    that changes the cycle itself); without, the caller checked its own object (a proposal)
    and only needs the cycle lock first, as the locking rule says."""
    rows = Cycle.objects.select_related("municipality")
    if permission is None:
        return rows.select_for_update(of=("self",)).get(pk=cycle.pk)
    return get_authorised(rows, actor, cycle.pk, permission, lock=True)


def lock_proposal(actor: Any, proposal: Proposal, permission: BudgetingPermission) -> Proposal:
    """The proposal row, locked and checked against ``permission`` (after the cycle lock)."""
    return get_authorised(Proposal.objects.all(), actor, proposal.pk, permission, lock=True)


def require_unlocked(cycle: Cycle) -> None:
    if cycle.rules_locked:
        raise RulesLocked(
            _("The rules of this cycle were frozen when voting opened and cannot change.")
        )
