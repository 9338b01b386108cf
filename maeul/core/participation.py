"""Participation events: how a programme says "this resident took part" without knowing who
rewards it.

Programmes may not import each other (the "layers" contract), yet a ballot cast in the voting
programme must earn points in the points programme. So the foundation carries the message: a
programme calls ``announce(...)`` inside the transaction that records the participation, and
the event is sent only once that transaction commits (``transaction.on_commit``) — a cast
that rolls back announces nothing. Whoever rewards participation (today the points app)
connects to ``participation_recorded``; a delivery that fails is logged and never undoes the
participation (it can be delivered again: receivers must be idempotent on ``source_key``).

``reward_of`` asks the same receivers what an event earned, for the page that confirms it
(the ballot receipt): "awarded N points", "on their way" or nothing at all.

An event names the resident, the municipality, an activity code and a source key; it never
carries what was chosen in a ballot.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)


class ActivityCode:
    """The activities programmes announce (the codes of the points award table)."""

    BALLOT_CAST = "mobile_vote"
    # Ballots cast in person: a municipality's award table lists these when it pays for them
    # too (policy as data); the codes are apart from the mobile vote's so a table can pay one
    # and not the others, and a table that names none pays nothing for them (the default).
    DESK_BALLOT = "desk_ballot"
    PAPER_BALLOT = "paper_ballot"
    ASSEMBLY_BALLOT = "assembly_ballot"
    PROPOSAL_SUBMITTED = "pb_proposal_submitted"
    PROPOSAL_ADOPTED = "pb_proposal_adopted"
    COMMITTEE_ATTENDANCE = "committee_attendance"
    COUNCIL_ATTENDANCE = "council_attendance"
    JURY_SERVICE = "jury_service"
    EDUCATION_COURSE = "education_course"
    SNS_POST = "sns_post"
    COURSE_ATTENDANCE = "course_attendance"


@dataclass(frozen=True)
class ParticipationEvent:
    """One committed act of participation.

    ``source_key`` names the event uniquely and stably ("voting.ballot:<poll>:<user>"), so a
    second delivery of the same event, even concurrent, is recognised as the same one.
    """

    activity: str
    resident_id: int
    municipality_id: int
    source_key: str
    occurred_at: dt.datetime


@dataclass(frozen=True)
class Reward:
    """What an event earned: ``state`` is "awarded" (``points`` > 0), "pending" (the event
    earns points but they are not recorded yet) or "none"."""

    state: str
    points: int = 0


participation_recorded = Signal()
"""Sent with ``event=ParticipationEvent`` after the recording transaction commits."""

reward_requested = Signal()
"""Sent with ``event=ParticipationEvent``; receivers answer a ``Reward`` or None."""


def deliver(event: ParticipationEvent) -> None:
    """Send ``event`` to its receivers now; errors are logged, never raised, because the
    participation itself is already committed and must stay so."""
    for receiver, response in participation_recorded.send_robust(
        sender=ParticipationEvent, event=event
    ):
        if isinstance(response, Exception):
            logger.error(
                "participation event %s not delivered to %s: %r",
                event.source_key,
                getattr(receiver, "__qualname__", receiver),
                response,
                exc_info=(type(response), response, response.__traceback__),
            )


def announce(event: ParticipationEvent) -> None:
    """Send ``event`` once the current transaction commits (at once when there is none, e.g.
    after a one-statement cast that committed by itself); nothing if it rolls back."""
    transaction.on_commit(lambda: deliver(event))


def reward_of(event: ParticipationEvent) -> Reward | None:
    """What ``event`` earned, or None when no programme rewards participation."""
    for _receiver, response in reward_requested.send_robust(sender=ParticipationEvent, event=event):
        if isinstance(response, Reward):
            return response
        if isinstance(response, Exception):
            logger.error("reward of %s unknown: %r", event.source_key, response)
    return None
