"""Who may do what in participatory budgeting (see maeul/accounts/permissions.py).

``obj`` is a cycle or an object of one (proposal, meeting...): its municipality decides the
scope. Officials act by role within their scope: administrators and programme managers run
the cycle (rules, phases, votes, results, execution), reviewers also screen proposals,
auditors read the back office. Residents of the district propose; the author, members of the
proposal-support group and of the committee comment; committee members vote in the committee
vote. Membership is read from the governance register (the bodies the cycle links to).
*When* an action is allowed is the phase table ``PHASE_ACTIONS`` (checked by the services,
which name the phase's dates).
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, has_role, municipality_of, rule


class BudgetingPermission(Permission):
    """The permissions this module decides: callers name them by member, never by string."""

    MANAGE = "budgeting.manage"
    SCREEN = "budgeting.screen"
    VIEW_BACKOFFICE = "budgeting.view_backoffice"
    PROPOSE = "budgeting.propose"
    EDIT_PROPOSAL = "budgeting.edit_proposal"
    COMMENT = "budgeting.comment"
    COMMITTEE_VOTE = "budgeting.committee_vote"


MANAGERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]
SCREENERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER, Role.REVIEWER]
READERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER, Role.REVIEWER, Role.AUDITOR]


def cycle_of(obj: Any) -> Any:
    """The cycle an object belongs to (a cycle is its own)."""
    from maeul.budgeting.models import Cycle

    if isinstance(obj, Cycle):
        return obj
    for path in ("cycle", "proposal", "meeting"):
        inner = getattr(obj, path, None)
        if inner is not None:
            return cycle_of(inner)
    return None


def is_district_resident(user: Any, obj: Any) -> bool:
    """A resident whose home district lies within the cycle's municipality."""
    if not getattr(user, "is_authenticated", False):
        return False
    profile = user.resident_or_none
    target = municipality_of(obj)
    if profile is None or target is None:
        return False
    home = profile.dong or profile.district
    return bool(home is not None and home.is_within(target))


def is_member(user: Any, obj: Any, *, committee_only: bool = False) -> bool:
    """A running term in the cycle's PB committee (or a subcommittee of it) or, unless
    ``committee_only``, its proposal-support group — as the governance register records it
    today, so an ended or resigned term no longer counts."""
    from maeul.budgeting.selectors import is_current_member

    cycle = cycle_of(obj)
    if cycle is None:
        return False
    return is_current_member(cycle, user, committee_only=committee_only)


@rule(BudgetingPermission.MANAGE)
def manage(user: Any, obj: Any) -> bool:
    """Set up cycles and rules, move phases, open and import the votes, record tallies, compute
    and publish results, record execution and budget-school sessions, link the committee."""
    return has_role(user, obj, MANAGERS)


@rule(BudgetingPermission.SCREEN)
def screen(user: Any, obj: Any) -> bool:
    """Screen proposals (feasible, infeasible, merged, adjusted cost) and record meetings."""
    return has_role(user, obj, SCREENERS)


@rule(BudgetingPermission.VIEW_BACKOFFICE)
def view_backoffice(user: Any, obj: Any) -> bool:
    """Read the officials' screens: drafts count, screening queue, vote entry, analysis."""
    return has_role(user, obj, READERS)


@rule(BudgetingPermission.PROPOSE)
def propose(user: Any, obj: Any) -> bool:
    """Residents of the district submit proposals."""
    return is_district_resident(user, obj)


@rule(BudgetingPermission.EDIT_PROPOSAL)
def edit_proposal(user: Any, obj: Any) -> bool:
    """Only the author edits, submits, withdraws and attaches files to a proposal."""
    return getattr(user, "is_authenticated", False) and getattr(obj, "author_id", None) == user.pk


@rule(BudgetingPermission.COMMENT)
def comment(user: Any, obj: Any) -> bool:
    """The author, the proposal-support group, committee members and officials in scope."""
    if edit_proposal(user, obj) or has_role(user, obj, READERS):
        return True
    return is_member(user, obj)


@rule(BudgetingPermission.COMMITTEE_VOTE)
def committee_vote(user: Any, obj: Any) -> bool:
    """Members of the cycle's PB committee (and its subcommittees) in term today: the cycle
    page links them to the committee's polls. The polls' rolls, frozen when they opened,
    decide who may actually vote."""
    return is_member(user, obj, committee_only=True)
