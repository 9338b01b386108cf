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
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maeul.core.errors import ServiceError
from maeul.voting import clock, limits
from maeul.voting.checks import check_window
from maeul.voting.closing import end_in_transaction, polls_still_running
from maeul.voting.models import BallotChoice, Participation, Poll, PollOption, PollVoter
from maeul.voting.selectors import (
    counted_ballots,
    eligibility_problem,
    eligibility_problems,
    poll_state,
    poll_tally,
    state_label,
)
from maeul.voting.services import ballot_cast, poll_announce, poll_create

__all__ = [
    "CastOutcome",
    "Poll",
    "approvals_by_position",
    "ballots_cast",
    "cast_wait",
    "choices_by_ballot",
    "describe",
    "end_polls",
    "participant_count",
    "poll_open",
    "polls_off_roll",
    "polls_taken_part",
    "running_polls",
    "voting_problem",
    "voting_problems",
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


def replaying(at: Any) -> Any:
    """Run the voting core's clock at ``at`` for a block (demo history only: a programme's
    demo records a past vote with its real dates, and nobody is notified of it)."""
    return clock.replaying(at)


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
    """The tally of ``poll``: votes per option, keyed by the option's position (1, 2, ...).

    A published poll's result is read as publication stored it (it can no longer change);
    only a poll not yet published is counted from its ballots."""
    if poll.result is not None:
        return {int(o["position"]): int(o["votes"]) for o in poll.result["options"]}
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


def voting_problem(poll: Poll, user: Any) -> str | None:
    """Why ``user`` cannot vote online in ``poll`` now (a translated sentence), or None: the
    poll does not take ballots now, or the voting core's eligibility rule refuses them (the
    same checks and wording as casting)."""
    moment = clock.now()
    try:
        check_window(poll, moment)
    except ServiceError as error:
        return str(error.message)
    return eligibility_problem(poll, user, moment)


def voting_problems(polls: Iterable[Poll], user: Any) -> dict[int, str | None]:
    """``voting_problem`` for each of ``polls``, keyed by poll id, with the same checks and
    wording, in a fixed number of queries (the profile, the rolls, the eligible dongs) however
    many polls there are: a page listing one poll per group asks once, not twice a group."""
    polls = list(polls)
    moment = clock.now()
    out: dict[int, str | None] = {}
    for poll in polls:
        try:
            check_window(poll, moment)
        except ServiceError as error:
            out[poll.pk] = str(error.message)
    out.update(eligibility_problems([p for p in polls if p.pk not in out], user))
    return out


def polls_taken_part(user: Any, polls: Iterable[Poll]) -> set[int]:
    """The ids of the polls among ``polls`` in which ``user`` already took part (by any
    channel). Only that they took part: a secret ballot's receipt is never linked to them."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Participation.objects.filter(poll__in=list(polls), resident=user).values_list(
            "poll_id", flat=True
        )
    )


def polls_off_roll(user: Any, polls: Iterable[Poll]) -> set[int]:
    """The ids of the polls among ``polls`` whose electorate is a roll that ``user`` is not
    on (one query): a programme's ballot leaves those out for this visitor instead of showing a
    refusal on each of them. Polls open to residents are never in it, whatever their other
    rules say: those refusals (not verified, not living there) are the visitor's to fix."""
    rolled = [poll for poll in polls if poll.by_roll]
    if not rolled:
        return set()
    ids = {poll.pk for poll in rolled}
    if not getattr(user, "is_authenticated", False):
        return ids
    on = set(
        PollVoter.objects.filter(poll_id__in=ids, user_id=user.pk).values_list("poll_id", flat=True)
    )
    return ids - on


def cast_wait(request: HttpRequest) -> int:
    """Count one cast attempt against the voting core's per-account and per-address limits;
    the seconds to wait when over them, else 0 (a programme's casting screen answers 429 like
    the poll page does)."""
    return limits.cast_wait(request)


@dataclass(frozen=True)
class CastOutcome:
    """One poll's part of ``ballots_cast``: the receipt, or why the ballot was refused."""

    poll: Poll
    receipt: str = ""
    replayed: bool = False
    problem: str = ""


def ballots_cast(
    *, voter: Any, casts: Sequence[tuple[Poll, Sequence[int], str]]
) -> list[CastOutcome]:
    """Cast ``voter``'s ballots in several polls at once, each ``(poll, positions, key)`` by
    the voting core's own ``ballot_cast`` (its eligibility, one person one ballot and
    idempotency key; each ballot its own transaction and audit entry). The options are given
    by position (1, 2, ...). A refusal in one poll does not stop the others: each outcome says
    what happened, so the caller can show every receipt and every refusal together."""
    outcomes = []
    for poll, positions, key in casts:
        ids = dict(PollOption.objects.filter(poll=poll).values_list("position", "pk"))
        try:
            result = ballot_cast(
                voter=voter,
                poll=poll,
                choices=[ids[p] for p in positions if p in ids],
                idempotency_key=key,
            )
        except ServiceError as error:
            outcomes.append(CastOutcome(poll=poll, problem=str(error.message)))
        except PermissionDenied:
            outcomes.append(
                CastOutcome(
                    poll=poll, problem=_("Only residents can vote; official accounts cannot.")
                )
            )
        else:
            outcomes.append(
                CastOutcome(poll=poll, receipt=result.receipt, replayed=result.replayed)
            )
    return outcomes
