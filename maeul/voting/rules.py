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
from maeul.accounts.permissions import covers, has_role, rule

MANAGERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


@rule("voting.view_poll")
def view_poll(user: Any, poll: Any) -> bool:
    """Announced polls are public; drafts are seen by officials covering them."""
    if poll is not None and getattr(poll, "announced_at", None) is not None:
        return True
    return covers(user, poll)


@rule("voting.manage_poll")
def manage_poll(user: Any, poll: Any) -> bool:
    return has_role(user, poll, MANAGERS)


@rule("voting.cast_ballot")
def cast_ballot(user: Any, poll: Any) -> bool:
    """Any resident may try; the poll's electorate is checked by the service. On a roll poll
    any account may try (official accounts on a committee's roll vote too): the roll decides."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(poll, "by_roll", False)) or user.resident_or_none is not None


@rule("voting.record_offline")
def record_offline(user: Any, poll: Any) -> bool:
    """On-site desk, paper batches and assembly totals: managers of the poll's scope."""
    return has_role(user, poll, MANAGERS)


@rule("voting.publish_results")
def publish_results(user: Any, poll: Any) -> bool:
    return has_role(user, poll, MANAGERS)


@rule("voting.view_tally")
def view_tally(user: Any, poll: Any) -> bool:
    """Before publication, the tally of a closed poll: managers and auditors of the scope."""
    return has_role(user, poll, [*MANAGERS, Role.AUDITOR])


@rule("voting.close_poll")
def close_poll(user: Any, poll: Any) -> bool:
    """Closing a vote early, or a programme ending its votes: managers of the poll's scope."""
    return has_role(user, poll, MANAGERS)


@rule("voting.cancel_poll")
def cancel_poll(user: Any, poll: Any) -> bool:
    """Cancelling a vote nobody has voted in yet: managers of the poll's scope."""
    return has_role(user, poll, MANAGERS)
