"""Who may do what with polls (see maeul/accounts/permissions.py).

Access classes: reading an announced poll, its published results and receipts is public;
casting is for residents, or on a roll poll for the accounts on its roll (the eligibility
rules of the poll are checked by the service, with a message that says why); managing, recording offline ballots and publishing are for
administrators and programme managers whose scope covers the poll; auditors of that scope may
read the tally once the poll has closed.
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, covers, has_role, rule


class VotingPermission(Permission):
    """The permissions this module decides: callers name them by member, never by string."""

    VIEW_POLL = "voting.view_poll"
    MANAGE_POLL = "voting.manage_poll"
    CAST_BALLOT = "voting.cast_ballot"
    RECORD_OFFLINE = "voting.record_offline"
    PUBLISH_RESULTS = "voting.publish_results"
    VIEW_TALLY = "voting.view_tally"
    CLOSE_POLL = "voting.close_poll"
    CANCEL_POLL = "voting.cancel_poll"


MANAGERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


@rule(VotingPermission.VIEW_POLL)
def view_poll(user: Any, poll: Any) -> bool:
    """Announced polls are public; drafts are seen by officials covering them."""
    if poll is not None and getattr(poll, "announced_at", None) is not None:
        return True
    return covers(user, poll)


@rule(VotingPermission.MANAGE_POLL)
def manage_poll(user: Any, poll: Any) -> bool:
    return has_role(user, poll, MANAGERS)


@rule(VotingPermission.CAST_BALLOT)
def cast_ballot(user: Any, poll: Any) -> bool:
    """Any resident may try; the poll's electorate is checked by the service. On a roll poll
    any account may try (official accounts on a committee's roll vote too): the roll decides."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(poll, "by_roll", False)) or user.resident_or_none is not None


@rule(VotingPermission.RECORD_OFFLINE)
def record_offline(user: Any, poll: Any) -> bool:
    """On-site desk, paper batches and assembly totals: managers of the poll's scope."""
    return has_role(user, poll, MANAGERS)


@rule(VotingPermission.PUBLISH_RESULTS)
def publish_results(user: Any, poll: Any) -> bool:
    return has_role(user, poll, MANAGERS)


@rule(VotingPermission.VIEW_TALLY)
def view_tally(user: Any, poll: Any) -> bool:
    """Before publication, the tally of a closed poll: managers and auditors of the scope."""
    return has_role(user, poll, [*MANAGERS, Role.AUDITOR])


@rule(VotingPermission.CLOSE_POLL)
def close_poll(user: Any, poll: Any) -> bool:
    """Closing a vote early, or a programme ending its votes: managers of the poll's scope."""
    return has_role(user, poll, MANAGERS)


@rule(VotingPermission.CANCEL_POLL)
def cancel_poll(user: Any, poll: Any) -> bool:
    """Cancelling a vote nobody has voted in yet: managers of the poll's scope."""
    return has_role(user, poll, MANAGERS)
