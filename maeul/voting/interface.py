"""What other apps may ask of the voting app (DESIGN: apps meet through interface modules).

Programmes that run their decisions as polls of the voting core — participatory budgeting's
mobile and committee votes — link their polls by a foreign key to ``Poll`` and use only these
functions: open a poll with its options, make the votes follow the programme (list the ones
still running, end them as the programme moves on, refuse to publish while one still takes
ballots), and read a closed poll's approvals, participants and individual choices. They never
read the voting core's own tables (options, ballots, participations), so those can change
without the programmes noticing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maeul.voting.closing import end_in_transaction, polls_still_running
from maeul.voting.models import BallotChoice, Participation, Poll, PollOption
from maeul.voting.selectors import counted_ballots, poll_state, poll_tally, state_label
from maeul.voting.services import poll_announce, poll_create

__all__ = [
    "Poll",
    "approvals_by_position",
    "choices_by_ballot",
    "describe",
    "end_polls",
    "participant_count",
    "poll_open",
    "running_polls",
]


def poll_open(
    *,
    actor: Any,
    municipality: Any,
    code: str,
    options: Sequence[str | dict[str, Any]],
    **fields: Any,
) -> Poll:
    """Create the poll ``code`` with ``options`` (unless a poll of that code exists: a run
    that failed half-way is completed, never duplicated) and announce it. Each step is the
    voting core's own service with its own transaction, permission check and audit entry."""
    poll = Poll.objects.filter(code=code).first() or poll_create(
        actor=actor, municipality=municipality, options=options, code=code, **fields
    )
    return poll_announce(actor=actor, poll=poll)


def running_polls(polls: Iterable[Poll]) -> list[Poll]:
    """The polls among ``polls`` that take ballots now or may later (draft, upcoming, open)."""
    return polls_still_running(polls)


def describe(poll: Poll) -> str:
    """One line for a person: the poll's title, state and what ending it will do."""
    state = poll_state(poll)
    if state == "open":
        return _("%(title)s: voting open until %(time)s; it will be closed now.") % {
            "title": poll.title,
            "time": date_format(timezone.localtime(poll.closes_at), "Y-m-d H:i"),
        }
    return _("%(title)s: %(state)s, no ballots; it will be cancelled.") % {
        "title": poll.title,
        "state": state_label(state),
    }


def end_polls(*, actor: Any, polls: Iterable[Poll], reason: str) -> list[Poll]:
    """Inside the caller's transaction, close early the open polls among ``polls`` and cancel
    the ones that cannot have ballots yet (audited one by one with ``reason``)."""
    return end_in_transaction(actor=actor, polls=list(polls), reason=reason)


def approvals_by_position(poll: Poll) -> dict[int, int]:
    """The tally of ``poll``: votes per option, keyed by the option's position (1, 2, ...)."""
    return {option.position: option.votes for option in poll_tally(poll).options}


def participant_count(polls: Iterable[Poll]) -> int:
    """How many distinct people took part in at least one of ``polls``."""
    return Participation.objects.filter(poll__in=list(polls)).values("resident").distinct().count()


def choices_by_ballot(poll: Poll) -> dict[Any, list[int]]:
    """The counted ballots of ``poll`` as the positions of the options each one chose (keys
    are opaque ballot ids: the ballots stay secret, only their content is read)."""
    positions = dict(PollOption.objects.filter(poll=poll).values_list("pk", "position"))
    out: dict[Any, list[int]] = {}
    rows = BallotChoice.objects.filter(ballot__in=counted_ballots(poll)).values_list(
        "ballot_id", "option_id"
    )
    for ballot_id, option_id in rows:
        if option_id in positions:
            out.setdefault(ballot_id, []).append(positions[option_id])
    return out
