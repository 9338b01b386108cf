"""Checks every channel of a cast shares: the voting window, the channel, the electorate and
the choices, and the refusals people read when one fails.

They raise the refusals of ``maeul.voting.errors`` with a sentence that says why, and change
nothing, so the services (``maeul.voting.services``) and the one-statement fast path
(``maeul.voting.fastpath``) run the same checks before they write.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised
from maeul.core.errors import Conflict, ServiceError
from maeul.voting.errors import (
    ChannelNotOffered,
    InvalidChoices,
    NotEligible,
    PollClosed,
    PollNotOpen,
)
from maeul.voting.models import Channel, Poll, PollKind, PollOption, RevotePolicy
from maeul.voting.rules import VotingPermission
from maeul.voting.selectors import eligibility_problem

ACCEPTS_BALLOTS = "poll_accepts_ballots"


def closing_text(poll: Poll) -> str:
    return date_format(timezone.localtime(poll.closes_at), "Y-m-d H:i:s T")


def check_window(poll: Poll, moment: Any) -> None:
    """Open from ``opens_at`` to just before ``closes_at``, decided here on the server, unless
    an official cancelled the vote or closed it early (``closing.py``)."""
    if poll.cancelled_at is not None:
        raise PollClosed(_("This vote was cancelled; it takes no ballots."))
    if poll.closed_at is not None and poll.closed_at < poll.closes_at:
        raise PollClosed(
            _("Voting was closed early at %(time)s (Korea time); this ballot was not counted.")
            % {"time": date_format(timezone.localtime(poll.closed_at), "Y-m-d H:i:s T")}
        )
    if poll.announced_at is None:
        raise PollNotOpen(_("This vote has not been announced yet."))
    if moment < poll.opens_at:
        raise PollNotOpen(
            _("Voting opens at %(time)s (Korea time).")
            % {"time": date_format(timezone.localtime(poll.opens_at), "Y-m-d H:i T")}
        )
    if moment >= poll.closes_at or poll.closed_at is not None:
        raise PollClosed(
            _("Voting closed at %(time)s (Korea time); this ballot was not counted.")
            % {"time": closing_text(poll)}
        )


def guard_accepts_ballots(poll: Poll, moment: Any) -> None:
    """Inside the cast's transaction: refuse unless the poll, as stored now, takes ballots.

    The poll the caller holds may be stale — a process caches frozen polls for up to a minute
    (``fastpath.poll_for_cast``) — while an official can close or cancel a vote at any moment.
    On PostgreSQL the database function ``voting_poll_accepts_ballots`` (migration 0005) locks
    the row FOR KEY SHARE and raises ``poll_accepts_ballots``, which a close early (FOR UPDATE)
    waits for; on SQLite the transaction already holds the write lock (BEGIN IMMEDIATE), so
    reading the row is enough. The one-statement path calls the same function in its
    statement."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT voting_poll_accepts_ballots(%s, %s)", [poll.pk, moment])
        return
    check_window(Poll.objects.get(pk=poll.pk), moment)


def refusal_of_closed_poll(poll: Poll, moment: Any) -> ServiceError:
    """The refusal a person reads when the database said the poll takes no ballots."""
    fresh = Poll.objects.get(pk=poll.pk)
    try:
        check_window(fresh, moment)
    except ServiceError as error:
        return error
    return PollClosed(  # the poll reopened in between cannot happen; say closed anyway
        _("Voting closed at %(time)s (Korea time); this ballot was not counted.")
        % {"time": closing_text(fresh)}
    )


def check_channel(poll: Poll, channel: str) -> None:
    if channel not in poll.channels():
        raise ChannelNotOffered(
            _("This vote does not take ballots through the %(channel)s channel.")
            % {"channel": Channel(channel).label}
        )


def check_eligible(poll: Poll, voter: Any, moment: Any) -> None:
    problem = eligibility_problem(poll, voter, moment)
    if problem:
        raise NotEligible(problem)


def validate_choices(
    poll: Poll, options: Sequence[PollOption], choices: Sequence[Any]
) -> list[tuple[int, int]]:
    """Return ``(option_id, rank)`` pairs, or raise ``InvalidChoices`` saying what is wrong.

    ``choices`` are option ids; on ranking polls their order is the ranking.
    """
    if isinstance(choices, str | bytes) or not isinstance(choices, Sequence):
        raise InvalidChoices(_("Send the chosen options as a list."), field="choices")
    try:
        ids = [int(c) for c in choices]
    except (TypeError, ValueError):
        raise InvalidChoices(_("Options are identified by numbers."), field="choices") from None
    if not ids:
        raise InvalidChoices(_("Choose at least one option."), field="choices")
    if len(set(ids)) != len(ids):
        raise InvalidChoices(_("Each option can be chosen only once."), field="choices")
    known = {o.pk for o in options}
    if not set(ids) <= known:
        raise InvalidChoices(
            _("One of the chosen options is not part of this vote."), field="choices"
        )
    if poll.kind == PollKind.SINGLE and len(ids) != 1:
        raise InvalidChoices(_("Choose exactly one option."), field="choices")
    # Up to k choices means at most k, 1 included. A ranking poll left at the default of 1
    # ranks every option it likes (ranking one option would be a single choice).
    limit = poll.max_choices if poll.kind == PollKind.MULTIPLE else None
    if poll.kind == PollKind.RANKING and poll.max_choices > 1:
        limit = poll.max_choices
    if limit is not None and len(ids) > limit:
        raise InvalidChoices(
            _("Choose at most %(k)s options.") % {"k": poll.max_choices}, field="choices"
        )
    if poll.kind == PollKind.RANKING:
        return [(option_id, rank) for rank, option_id in enumerate(ids, start=1)]
    return [(option_id, 1) for option_id in ids]


def offline_window(poll: Poll, moment: Any) -> None:
    """Paper and assembly results may be entered from the opening until publication.

    Paper ballots cast before the close are often counted after it; publication ends entry.
    """
    if poll.cancelled_at is not None:
        raise PollClosed(_("This vote was cancelled; it takes no ballots."))
    if poll.published_at is not None:
        raise Conflict(_("The results are published; no more ballots can be entered."))
    if poll.announced_at is None or moment < poll.opens_at:
        raise PollNotOpen(_("This vote has not opened yet."))


def roll_problems(poll: Poll, roll: Sequence[Any], moment: Any) -> list[str]:
    problems = []
    seen: set[int] = set()
    for person in roll:
        if person.pk in seen:
            problems.append(_("%(name)s is on the roll twice.") % {"name": person.username})
        seen.add(person.pk)
        problem = eligibility_problem(poll, person, moment)
        if problem:
            problems.append(f"{person.username}: {problem}")
    return problems


def already_voted_message(poll: Poll) -> str:
    if poll.revote == RevotePolicy.LAST_COUNTS:
        return _("Your ballot was recorded by another channel and cannot be replaced here.")
    return _("You have already voted in this poll; each resident has one ballot.")


def poll_row_for_change(actor: Any, poll: Poll, permission: VotingPermission) -> Poll:
    """The poll's row read again under its row lock and checked for ``actor`` in the same read
    (``get_authorised``: 404 if the permission was lost in between). Call it inside the
    service's transaction.

    FOR NO KEY UPDATE, carried by the queryset rather than ``lock=True`` (FOR UPDATE): ballot
    rows reference the poll, and their deferred foreign-key checks take FOR KEY SHARE on it at
    COMMIT — after the audit chain's advisory lock — so FOR UPDATE here would deadlock with a
    committing cast. (Closing early takes FOR UPDATE on purpose; see ``closing._locked``.)
    """
    return get_authorised(Poll.objects.select_for_update(no_key=True), actor, poll.pk, permission)
