"""Casting a ballot online or at the desk: one transaction, or one statement, per ballot.

The transaction is short — one participation insert, (an idempotency row,) one ballot insert,
one multi-row insert of its choices, and the audit append last, because the audit chain
serialises on an advisory lock. There is no running tally counter to update: the tally is an
aggregate over the ledger. On PostgreSQL, once a poll's rules are locked and a ballot cannot
replace another, the same inserts run as one statement (``maeul.voting.fastpath``) unless
``MAEUL_FAST_CAST=0``.

One person, one ballot is the unique constraint ``one_ballot_per_resident``; a concurrent
second insert waits for the first to commit and then fails on it, which is reported as
``AlreadyVoted`` (matched by constraint name). Locks, in order, when several are taken: the
poll row (only while its rules are not yet locked), then participation rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.core import participation as participation_events
from maeul.core.errors import Conflict, ServiceError, violates
from maeul.voting import clock, fastpath
from maeul.voting.checks import (
    ACCEPTS_BALLOTS,
    already_voted_message,
    check_channel,
    check_eligible,
    check_window,
    guard_accepts_ballots,
    refusal_of_closed_poll,
    validate_choices,
)
from maeul.voting.errors import AlreadyVoted
from maeul.voting.keys import ballot_slot, idempotency_token, new_receipt, seal_receipt
from maeul.voting.models import (
    Ballot,
    BallotChoice,
    CastRequest,
    Channel,
    Participation,
    Poll,
    RevotePolicy,
    Secrecy,
)
from maeul.voting.rules import VotingPermission
from maeul.voting.selectors import frozen_options, load_resident


@dataclass(frozen=True)
class CastResult:
    receipt: str
    replayed: bool = False  # a retried request: the receipt of the ballot already cast
    replaced: bool = False  # a new ballot replaced the resident's previous one
    # the participation announced for points, for the receipt page to ask what it earned;
    # None when nothing was announced (a replay)
    event: participation_events.ParticipationEvent | None = None


def points_source_key(poll: Poll, voter: Any) -> str:
    """The participation's name in the points ledger: one award per resident and poll, also
    when a later ballot replaces the first. It names the poll, never a choice."""
    return f"voting.ballot:{poll.pk}:{voter.pk}"


ACTIVITY_OF_CHANNEL: dict[str, str] = {
    Channel.ONLINE: participation_events.ActivityCode.BALLOT_CAST,
    Channel.DESK: participation_events.ActivityCode.DESK_BALLOT,
    Channel.PAPER: participation_events.ActivityCode.PAPER_BALLOT,
    Channel.ASSEMBLY: participation_events.ActivityCode.ASSEMBLY_BALLOT,
}


def announce_ballot(
    *, poll: Poll, voter: Any, channel: str, moment: Any
) -> participation_events.ParticipationEvent | None:
    """Announce a ballot as participation, with the activity of its channel (points arrive
    after the commit, if the municipality's award table lists that activity). Every channel
    shares the one source key per resident and poll, so a paper ballot replacing an online
    one earns nothing more."""
    activity = ACTIVITY_OF_CHANNEL.get(channel)
    if activity is None:
        return None
    event = participation_events.ParticipationEvent(
        activity=activity,
        resident_id=voter.pk,
        municipality_id=poll.municipality_id,
        source_key=points_source_key(poll, voter),
        occurred_at=moment,
    )
    participation_events.announce(event)
    return event


def ballot_cast(
    *,
    voter: Any,
    poll: Poll,
    choices: Sequence[Any],
    idempotency_key: str | None = None,
) -> CastResult:
    """A resident casts their own ballot online (web or mobile)."""
    load_resident(voter)
    require_permission(voter, VotingPermission.CAST_BALLOT, poll)
    return _cast(
        voter=voter,
        poll=poll,
        choices=choices,
        channel=Channel.ONLINE,
        idempotency_key=idempotency_key,
        recorded_by=None,
    )


def ballot_record_at_desk(
    *, official: Any, poll: Poll, resident: Any, choices: Sequence[Any]
) -> CastResult:
    """An official records the ballot of a resident whose identity they checked in person."""
    require_permission(official, VotingPermission.RECORD_OFFLINE, poll)
    return _cast(
        voter=resident,
        poll=poll,
        choices=choices,
        channel=Channel.DESK,
        idempotency_key=None,
        recorded_by=official,
    )


def _cast(
    *,
    voter: Any,
    poll: Poll,
    choices: Sequence[Any],
    channel: str,
    idempotency_key: str | None,
    recorded_by: Any,
) -> CastResult:
    moment = clock.now()
    check_channel(poll, channel)
    check_window(poll, moment)
    check_eligible(poll, voter, moment)
    if idempotency_key is not None and not (1 <= len(idempotency_key) <= 200):
        raise ServiceError(_("The Idempotency-Key must have 1 to 200 characters."), field="key")
    token = idempotency_token(poll, voter, idempotency_key) if idempotency_key else None
    for attempt in range(3):
        try:
            if attempt == 0 and fastpath.applies(poll):
                receipt = new_receipt()
                fastpath.cast(
                    voter=voter,
                    poll=poll,
                    marks=validate_choices(poll, frozen_options(poll), choices),
                    channel=channel,
                    token=token,
                    recorded_by=recorded_by,
                    moment=moment,
                    receipt=receipt,
                )
                # Committed by now (or, inside a caller's transaction, sent at its commit).
                event = announce_ballot(poll=poll, voter=voter, channel=channel, moment=moment)
                return CastResult(receipt=receipt, event=event)
            with transaction.atomic(durable=True):
                return _cast_in_transaction(
                    voter=voter,
                    poll=poll,
                    choices=choices,
                    channel=channel,
                    token=token,
                    recorded_by=recorded_by,
                    moment=moment,
                )
        except IntegrityError as error:
            if token is not None:
                replay = CastRequest.objects.filter(poll=poll, token=token).first()
                if replay is not None:
                    return CastResult(receipt=replay.receipt, replayed=True)
            if violates(error, ACCEPTS_BALLOTS):
                raise refusal_of_closed_poll(poll, moment) from None
            if violates(error, "one_ballot_per_resident", "poll_id", "resident_id"):
                if poll.revote == RevotePolicy.LAST_COUNTS and attempt == 0:
                    continue  # a concurrent first ballot won the insert: replace it instead
                raise AlreadyVoted(already_voted_message(poll)) from None
            if violates(error, "ballot_receipt_unique", "poll_id", "receipt"):
                continue  # 1 in 2^60: draw another receipt
            if violates(error, "cast_idempotency_key", "poll_id", "token"):
                raise Conflict(
                    _("The same request is being processed; try again in a moment.")
                ) from None
            raise
    raise AlreadyVoted(already_voted_message(poll))


def _lock_rules(poll: Poll, moment: Any) -> Poll:
    """Set ``rules_locked_at`` with the first ballot, under the poll's row lock.

    Once set, casts never touch the poll row again, so they do not queue on it. Every poll
    row lock of the services is FOR NO KEY UPDATE: ballot rows reference the poll, and their
    deferred foreign-key checks take FOR KEY SHARE on it at COMMIT — after the audit chain's
    advisory lock — so a plain FOR UPDATE here would deadlock with a committing cast.
    """
    if poll.rules_locked_at is not None:
        return poll
    locked = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk)
    if locked.rules_locked_at is None:
        Poll.objects.filter(pk=poll.pk).update(rules_locked_at=moment)
        locked.rules_locked_at = moment
    check_window(locked, moment)
    return locked


def _cast_in_transaction(
    *,
    voter: Any,
    poll: Poll,
    choices: Sequence[Any],
    channel: str,
    token: str | None,
    recorded_by: Any,
    moment: Any,
) -> CastResult:
    poll = _lock_rules(poll, moment)
    guard_accepts_ballots(poll, moment)
    marks = validate_choices(poll, frozen_options(poll), choices)
    receipt = new_receipt()
    replaced = False
    slot = ballot_slot(poll, voter) if poll.revote == RevotePolicy.LAST_COUNTS else None
    public_receipt = receipt if poll.secrecy == Secrecy.PUBLIC else ""
    kept = seal_receipt(receipt, poll_id=poll.pk, voter_id=voter.pk)
    participation = None
    if slot is not None:
        participation = (
            Participation.objects.select_for_update().filter(poll=poll, resident=voter).first()
        )
    if participation is None:
        Participation.objects.create(
            poll=poll,
            resident=voter,
            channel=channel,
            recorded_by=recorded_by,
            created_at=moment,
            receipt=public_receipt,
            kept_receipt=kept,
        )
    else:
        if participation.channel in (Channel.PAPER, Channel.ASSEMBLY):
            raise AlreadyVoted(already_voted_message(poll))
        voided = Ballot.objects.filter(poll=poll, slot=slot, voided=False).update(voided=True)
        if voided != 1:
            raise ServiceError(
                _("Your previous ballot could not be found, so it cannot be replaced.")
            )
        participation.revotes += 1
        participation.channel = channel
        participation.recorded_by = recorded_by
        participation.receipt = public_receipt
        participation.kept_receipt = kept
        participation.save(
            update_fields=["revotes", "channel", "recorded_by", "receipt", "kept_receipt"]
        )
        replaced = True
    if token is not None:
        CastRequest.objects.create(poll=poll, token=token, receipt=receipt)
    ballot = Ballot.objects.create(
        poll=poll, receipt=receipt, cast_on=timezone.localdate(moment), slot=slot
    )
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, poll=poll, option_id=o, rank=r) for o, r in marks]
    )
    data: dict[str, Any] = {"poll": poll.pk, "channel": channel, "replaced": replaced}
    if poll.secrecy == Secrecy.PUBLIC:
        data.update(resident=voter.pk, receipt=receipt)
    audit_record(
        kind="voting.ballot_cast",
        # Secret ballots: the entry names neither the voter nor the ballot (only an official
        # who recorded a desk ballot); public ballots name both.
        actor=recorded_by if poll.secrecy == Secrecy.SECRET else (recorded_by or voter),
        subject=poll,
        municipality=poll.municipality,
        data=data,
    )
    event = announce_ballot(poll=poll, voter=voter, channel=channel, moment=moment)
    return CastResult(receipt=receipt, replaced=replaced, event=event)
