"""State changes of polls and ballots: one entry point per change, one transaction each.

Casting (``ballot_cast``, ``ballot_record_at_desk``) keeps its transaction short — one
participation insert, (an idempotency row,) one ballot insert, one multi-row insert of its
choices, and the audit append last, because the audit chain serialises on an advisory lock.
There is no running tally counter to update: the tally is an aggregate over the ledger.

One person, one ballot is the unique constraint ``one_ballot_per_resident``; a concurrent
second insert waits for the first to commit and then fails on it, which is reported as
``AlreadyVoted`` (matched by constraint name). Locks, in order, when several are taken:
the poll row (only while its rules are not yet locked, or by paper/assembly entry and
publication), then participation rows.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maeul.accounts.models import User
from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record, canonical_json
from maeul.core.errors import Conflict, ServiceError, violates
from maeul.voting import clock, fastpath
from maeul.voting.errors import (
    AlreadyVoted,
    ChannelNotOffered,
    InvalidChoices,
    NotEligible,
    PollClosed,
    PollNotOpen,
    RulesLocked,
)
from maeul.voting.models import (
    RULE_FIELDS,
    AssemblyCount,
    AssemblyResult,
    Ballot,
    BallotChoice,
    CastRequest,
    Channel,
    ElectorateKind,
    PaperBatch,
    Participation,
    Poll,
    PollKind,
    PollOption,
    PollVoter,
    RevotePolicy,
    Secrecy,
)
from maeul.voting.selectors import eligibility_problem, frozen_options, load_resident, poll_tally

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


# ---- keys, receipts -------------------------------------------------------------------------


def _voting_key() -> bytes:
    """Key of the ballot-slot and idempotency hashes; never stored in the database.

    ``MAEUL_VOTING_KEY`` if set, else derived from SECRET_KEY. Rotating it while a
    last-ballot-counts poll is open makes replacement fail loudly (never double-count).
    """
    explicit: str = settings.VOTING_KEY
    if explicit:
        return explicit.encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"maeul.voting.ballot-slot", hashlib.sha256
    ).digest()


def ballot_slot(poll: Poll, voter: Any) -> str:
    message = f"slot:{poll.pk}:{voter.pk}".encode()
    return hmac.new(_voting_key(), message, hashlib.sha256).hexdigest()


def _idempotency_token(poll: Poll, voter: Any, key: str) -> str:
    message = f"cast:{poll.pk}:{voter.pk}:{key}".encode()
    return hmac.new(_voting_key(), message, hashlib.sha256).hexdigest()


def new_receipt() -> str:
    letters = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


def _closing_text(poll: Poll) -> str:
    return date_format(timezone.localtime(poll.closes_at), "Y-m-d H:i:s T")


# ---- checks shared by all channels ------------------------------------------------------------


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
            % {"time": _closing_text(poll)}
        )


ACCEPTS_BALLOTS = "poll_accepts_ballots"


def guard_accepts_ballots(poll: Poll, moment: Any) -> None:
    """Inside the cast's transaction: refuse unless the poll, as stored now, takes ballots.

    The poll the caller holds may be stale — a process caches frozen polls for up to a minute
    (``fastpath.poll_for_cast``) — while an official can close or cancel a vote at any moment.
    On PostgreSQL the database function ``voting_poll_accepts_ballots`` (migration 0005) locks
    the row FOR KEY SHARE and raises ``poll_accepts_ballots``, which a close early (FOR UPDATE)
    waits for; on SQLite the transaction already holds the write lock (BEGIN IMMEDIATE), so
    reading the row is enough. The one-statement path calls the same function in its
    statement."""
    from django.db import connection

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
        % {"time": _closing_text(fresh)}
    )


def _check_channel(poll: Poll, channel: str) -> None:
    if channel not in poll.channels():
        raise ChannelNotOffered(
            _("This vote does not take ballots through the %(channel)s channel.")
            % {"channel": Channel(channel).label}
        )


def _check_eligible(poll: Poll, voter: Any, moment: Any) -> None:
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


# ---- casting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CastResult:
    receipt: str
    replayed: bool = False  # a retried request: the receipt of the ballot already cast
    replaced: bool = False  # a new ballot replaced the resident's previous one


def ballot_cast(
    *,
    voter: Any,
    poll: Poll,
    choices: Sequence[Any],
    idempotency_key: str | None = None,
) -> CastResult:
    """A resident casts their own ballot online (web or mobile)."""
    load_resident(voter)
    require_permission(voter, "voting.cast_ballot", poll)
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
    require_permission(official, "voting.record_offline", poll)
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
    _check_channel(poll, channel)
    check_window(poll, moment)
    _check_eligible(poll, voter, moment)
    if idempotency_key is not None and not (1 <= len(idempotency_key) <= 200):
        raise ServiceError(_("The Idempotency-Key must have 1 to 200 characters."), field="key")
    token = _idempotency_token(poll, voter, idempotency_key) if idempotency_key else None
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
                return CastResult(receipt=receipt)
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
                raise AlreadyVoted(_already_voted_message(poll)) from None
            if violates(error, "ballot_receipt_unique", "poll_id", "receipt"):
                continue  # 1 in 2^60: draw another receipt
            if violates(error, "cast_idempotency_key", "poll_id", "token"):
                raise Conflict(
                    _("The same request is being processed; try again in a moment.")
                ) from None
            raise
    raise AlreadyVoted(_already_voted_message(poll))


def _already_voted_message(poll: Poll) -> str:
    if poll.revote == RevotePolicy.LAST_COUNTS:
        return _("Your ballot was recorded by another channel and cannot be replaced here.")
    return _("You have already voted in this poll; each resident has one ballot.")


def _lock_rules(poll: Poll, moment: Any) -> Poll:
    """Set ``rules_locked_at`` with the first ballot, under the poll's row lock.

    Once set, casts never touch the poll row again, so they do not queue on it. Every poll
    row lock in this module is FOR NO KEY UPDATE: ballot rows reference the poll, and their
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
        )
    else:
        if participation.channel in (Channel.PAPER, Channel.ASSEMBLY):
            raise AlreadyVoted(_already_voted_message(poll))
        voided = Ballot.objects.filter(poll=poll, slot=slot, voided=False).update(voided=True)
        if voided != 1:
            raise ServiceError(
                _("Your previous ballot could not be found, so it cannot be replaced.")
            )
        participation.revotes += 1
        participation.channel = channel
        participation.recorded_by = recorded_by
        participation.receipt = public_receipt
        participation.save(update_fields=["revotes", "channel", "recorded_by", "receipt"])
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
    return CastResult(receipt=receipt, replaced=replaced)


# ---- offline channels --------------------------------------------------------------------------


def _offline_window(poll: Poll, moment: Any) -> None:
    """Paper and assembly results may be entered from the opening until publication.

    Paper ballots cast before the close are often counted after it; publication ends entry.
    """
    if poll.cancelled_at is not None:
        raise PollClosed(_("This vote was cancelled; it takes no ballots."))
    if poll.published_at is not None:
        raise Conflict(_("The results are published; no more ballots can be entered."))
    if poll.announced_at is None or moment < poll.opens_at:
        raise PollNotOpen(_("This vote has not opened yet."))


def _roll_problems(poll: Poll, roll: Sequence[Any], moment: Any) -> list[str]:
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


def paper_batch_enter(
    *,
    official: Any,
    poll: Poll,
    label: str,
    roll: Sequence[Any],
    ballots: Sequence[Sequence[Any]],
) -> PaperBatch:
    """Enter a batch of paper ballots: the roll of who voted and, apart, the ballots.

    The roll and the ballots are entered separately, as they are kept on paper (names ticked
    on the register, ballots in the box), so nothing links a paper ballot to a person; the
    counts must match. A resident on the roll who already has a ballot is refused — unless the
    poll lets a new ballot replace the previous one, in which case the paper ballot takes
    precedence (RELIABILITY P6). The whole batch is refused or accepted together.
    """
    require_permission(official, "voting.record_offline", poll)
    _check_channel(poll, Channel.PAPER)
    moment = clock.now()
    _offline_window(poll, moment)
    label = (label or "").strip()
    if not label:
        raise ServiceError(_("Name the batch (for example the ballot box)."), field="label")
    if len(roll) != len(ballots):
        raise ServiceError(
            _("The roll has %(roll)s names but there are %(ballots)s ballots.")
            % {"roll": len(roll), "ballots": len(ballots)},
            field="ballots",
        )
    if not ballots:
        raise ServiceError(_("The batch is empty."), field="ballots")
    problems = _roll_problems(poll, roll, moment)
    if problems:
        raise NotEligible(" ".join(problems), field="roll")
    try:
        with transaction.atomic(durable=True):
            locked = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk)
            _offline_window(locked, moment)
            if locked.rules_locked_at is None:
                Poll.objects.filter(pk=poll.pk).update(rules_locked_at=moment)
            options = list(PollOption.objects.filter(poll=locked))
            all_marks = []
            for number, marks in enumerate(ballots, start=1):
                try:
                    all_marks.append(validate_choices(locked, options, marks))
                except InvalidChoices as error:
                    raise InvalidChoices(
                        _("Ballot %(n)s: %(problem)s") % {"n": number, "problem": error.message},
                        field="ballots",
                    ) from None
            existing = {
                p.resident_id: p
                for p in Participation.objects.select_for_update().filter(
                    poll=locked, resident__in=[r.pk for r in roll]
                )
            }
            refused = []
            for person in roll:
                previous = existing.get(person.pk)
                if previous is None:
                    continue
                if locked.revote != RevotePolicy.LAST_COUNTS or previous.channel in (
                    Channel.PAPER,
                    Channel.ASSEMBLY,
                ):
                    refused.append(person.username)
            if refused:
                raise AlreadyVoted(
                    _(
                        "Already voted, so these paper ballots cannot be counted: %(names)s. "
                        "Set their ballots aside and enter the rest of the batch."
                    )
                    % {"names": ", ".join(refused)},
                    field="roll",
                )
            batch = PaperBatch.objects.create(
                poll=locked,
                label=label,
                ballots=len(ballots),
                entered_by=official,
                entered_at=moment,
            )
            replaced = 0
            for person in roll:
                previous = existing.get(person.pk)
                if previous is not None:
                    slot = ballot_slot(locked, person)
                    replaced += Ballot.objects.filter(poll=locked, slot=slot, voided=False).update(
                        voided=True
                    )
                    previous.channel = Channel.PAPER
                    previous.paper_batch = batch
                    previous.recorded_by = official
                    previous.revotes += 1
                    previous.receipt = ""
                    previous.save(
                        update_fields=[
                            "channel",
                            "paper_batch",
                            "recorded_by",
                            "revotes",
                            "receipt",
                        ]
                    )
            Participation.objects.bulk_create(
                [
                    Participation(
                        poll=locked,
                        resident=person,
                        channel=Channel.PAPER,
                        recorded_by=official,
                        paper_batch=batch,
                        created_at=moment,
                    )
                    for person in roll
                    if person.pk not in existing
                ]
            )
            day = timezone.localdate(moment)
            rows = [Ballot(poll=locked, receipt=new_receipt(), cast_on=day) for _marks in all_marks]
            Ballot.objects.bulk_create(rows)
            BallotChoice.objects.bulk_create(
                [
                    BallotChoice(ballot=b, poll=locked, option_id=o, rank=r)
                    for b, marks in zip(rows, all_marks, strict=True)
                    for o, r in marks
                ]
            )
            audit_record(
                kind="voting.paper_batch_entered",
                actor=official,
                subject=locked,
                municipality=locked.municipality,
                data={"batch": label, "ballots": len(rows), "replaced": replaced},
            )
            return batch
    except IntegrityError as error:
        if violates(error, "one_ballot_per_resident", "poll_id", "resident_id"):
            raise AlreadyVoted(
                _("Someone on the roll voted while the batch was entered; enter it again.")
            ) from None
        if violates(error, "paper_batch_label_unique", "poll_id", "label"):
            raise Conflict(
                _("A batch with this name was already entered."), field="label"
            ) from None
        raise


def assembly_result_enter(
    *,
    chair: Any,
    poll: Poll,
    name: str,
    held_on: Any,
    counts: dict[int, int],
    ballots: int,
    roll: Sequence[Any] = (),
) -> AssemblyResult:
    """The chair of a resident assembly (주민총회) enters its totals.

    Totals name nobody; they are stored as a labelled aggregate and added to the tally.
    Registered residents on the ``roll`` become participations, so they cannot also vote
    online (and a resident who already voted cannot be on the roll: totals cannot void a
    ballot). Attendees not registered on Maeul are counted as ``unregistered_ballots``.
    """
    require_permission(chair, "voting.record_offline", poll)
    _check_channel(poll, Channel.ASSEMBLY)
    moment = clock.now()
    _offline_window(poll, moment)
    if poll.kind == PollKind.RANKING:
        raise ServiceError(_("Ranking votes cannot be entered as assembly totals."))
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Name the assembly."), field="name")
    opens = timezone.localdate(poll.opens_at)
    closes = timezone.localdate(poll.closes_at)
    if not (opens <= held_on <= closes):
        raise ServiceError(
            _("The assembly must be held between %(start)s and %(end)s.")
            % {"start": opens.isoformat(), "end": closes.isoformat()},
            field="held_on",
        )
    if ballots < len(roll):
        raise ServiceError(_("There are more names on the roll than ballots."), field="ballots")
    if any(v < 0 for v in counts.values()):
        raise InvalidChoices(_("Vote counts cannot be negative."), field="counts")
    total = sum(counts.values())
    cap = (
        ballots
        if poll.kind == PollKind.SINGLE
        else ballots * (poll.max_choices if poll.kind == PollKind.MULTIPLE else max(len(counts), 1))
    )
    if poll.kind == PollKind.SINGLE and total != ballots:
        raise InvalidChoices(
            _("The votes (%(votes)s) must add up to the ballots (%(ballots)s).")
            % {"votes": total, "ballots": ballots},
            field="counts",
        )
    if total > cap or any(v > ballots for v in counts.values()):
        raise InvalidChoices(_("More votes than the ballots allow."), field="counts")
    problems = _roll_problems(poll, roll, moment)
    if problems:
        raise NotEligible(" ".join(problems), field="roll")
    try:
        with transaction.atomic(durable=True):
            locked = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk)
            _offline_window(locked, moment)
            if locked.rules_locked_at is None:
                Poll.objects.filter(pk=poll.pk).update(rules_locked_at=moment)
            option_ids = set(PollOption.objects.filter(poll=locked).values_list("pk", flat=True))
            if not set(counts) <= option_ids:
                raise InvalidChoices(
                    _("One of the options is not part of this vote."), field="counts"
                )
            result = AssemblyResult.objects.create(
                poll=locked,
                name=name,
                held_on=held_on,
                ballots=ballots,
                unregistered_ballots=ballots - len(roll),
                entered_by=chair,
                entered_at=moment,
            )
            AssemblyCount.objects.bulk_create(
                [AssemblyCount(assembly=result, option_id=o, votes=v) for o, v in counts.items()]
            )
            Participation.objects.bulk_create(
                [
                    Participation(
                        poll=locked,
                        resident=person,
                        channel=Channel.ASSEMBLY,
                        recorded_by=chair,
                        assembly=result,
                        created_at=moment,
                    )
                    for person in roll
                ]
            )
            audit_record(
                kind="voting.assembly_entered",
                actor=chair,
                subject=locked,
                municipality=locked.municipality,
                data={
                    "assembly": name,
                    "ballots": ballots,
                    "counts": {str(k): v for k, v in counts.items()},
                },
            )
            return result
    except IntegrityError as error:
        if violates(error, "one_ballot_per_resident", "poll_id", "resident_id"):
            raise AlreadyVoted(
                _("Someone on the assembly roll has already voted; remove them from the roll.")
            ) from None
        if violates(error, "assembly_name_unique", "poll_id", "name"):
            raise Conflict(_("This assembly was already entered."), field="name") from None
        raise


# ---- poll life cycle -------------------------------------------------------------------------


OPTION_IMAGE_MAX_BYTES = 2 * 1024 * 1024
OPTION_IMAGE_TYPES = {
    # extension -> leading bytes of a genuine image of that type
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".webp": b"RIFF",
}


def _option_image(upload: Any, label: str) -> Any:
    """An uploaded option image, checked: a JPEG, PNG or WebP file (by its bytes, not only its
    name) of at most 2 MB. A stored file (a string or a file already saved) passes as it is."""
    if not upload or isinstance(upload, str) or getattr(upload, "_committed", False):
        return upload or ""
    name = str(getattr(upload, "name", "")).lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    size = getattr(upload, "size", 0) or 0
    problem = None
    if extension not in OPTION_IMAGE_TYPES:
        problem = _("%(option)s: the image must be a JPEG, PNG or WebP file.")
    elif size > OPTION_IMAGE_MAX_BYTES:
        problem = _("%(option)s: the image is larger than 2 MB.")
    else:
        upload.seek(0)
        head = upload.read(12)
        upload.seek(0)
        if not head.startswith(OPTION_IMAGE_TYPES[extension]) or (
            extension == ".webp" and head[8:12] != b"WEBP"
        ):
            problem = _("%(option)s: the file is not the image its name says.")
    if problem:
        raise ServiceError(problem % {"option": label}, field="options")
    return upload


def _option_rows(options: Sequence[str | dict[str, Any]]) -> list[dict[str, Any]]:
    """Options as dicts of label, description and image (a new upload, a stored name, or "")."""
    rows = []
    for option in options:
        data = {"label": option} if isinstance(option, str) else dict(option)
        label = str(data.get("label", "")).strip()
        if not label:
            raise ServiceError(_("Every option needs a name."), field="options")
        rows.append(
            {
                "label": label,
                "description": str(data.get("description", "")),
                "image": _option_image(data.get("image", ""), label),
            }
        )
    if len(rows) < 2:
        raise ServiceError(_("A vote needs at least two options."), field="options")
    return rows


def _validate_poll(poll: Poll, dongs: Iterable[Any]) -> None:
    if poll.opens_at and poll.closes_at and poll.closes_at <= poll.opens_at:
        raise ServiceError(_("The vote must close after it opens."), field="closes_at")
    try:
        poll.full_clean(exclude=["municipality", "electorate_dongs"], validate_unique=True)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ServiceError(
            " ".join(messages), field=None if field == "__all__" else field
        ) from None
    if poll.closes_at <= poll.opens_at:
        raise ServiceError(_("The vote must close after it opens."), field="closes_at")
    if poll.kind == PollKind.SINGLE and poll.max_choices != 1:
        poll.max_choices = 1
    if poll.municipality.level < 2:
        raise ServiceError(
            _("A vote belongs to a city, county, district or dong."), field="municipality"
        )
    for dong in dongs:
        if not dong.is_within(poll.municipality) or dong.pk == poll.municipality.pk:
            raise ServiceError(
                _("%(dong)s is not a dong of %(place)s.")
                % {"dong": dong.display_name, "place": poll.municipality.display_name},
                field="electorate_dongs",
            )


def _validate_electorate(
    poll: Poll, dongs: Sequence[Any], roll: Sequence[Any], *, require_roll: bool = True
) -> list[Any]:
    """Check the electorate settings together and return the roll without duplicates.

    A roll poll's electorate is exactly its roll: eligible dongs or a minimum age would be a
    second, contradictory electorate and are refused; identity verification is the roll's
    author's business, so ``verified_only`` is cleared (as ``max_choices`` is for single).
    An empty roll is refused when the caller gives the roll, and always at announcement (the
    back office fills the roll in its own inline after switching the kind)."""
    unique = list({person.pk: person for person in roll}.values())
    if poll.electorate_kind != ElectorateKind.ROLL:
        if unique:
            raise ServiceError(
                _("Only a vote whose electorate is a roll has a roll."), field="electorate_kind"
            )
        return []
    if not unique and require_roll:
        raise ServiceError(
            _("A vote by roll needs at least one account on its roll."), field="roll"
        )
    if dongs:
        raise ServiceError(
            _("A vote by roll cannot also be limited to some dongs."), field="electorate_dongs"
        )
    if poll.min_age:
        raise ServiceError(
            _("A vote by roll cannot also have a minimum age; leave it at 0."), field="min_age"
        )
    poll.verified_only = False
    return unique


def _has_votes(poll: Poll) -> bool:
    return (
        poll.rules_locked_at is not None
        or Participation.objects.filter(poll=poll).exists()
        or Ballot.objects.filter(poll=poll).exists()
        or AssemblyResult.objects.filter(poll=poll).exists()
    )


def poll_create(
    *,
    actor: Any,
    municipality: Any,
    options: Sequence[str | dict[str, Any]],
    electorate_dongs: Sequence[Any] = (),
    roll: Sequence[Any] = (),
    **fields: Any,
) -> Poll:
    """Create a draft poll with its options (at least two); ``roll`` lists the accounts of a
    poll whose ``electorate_kind`` is ``roll``."""
    require_permission(actor, "voting.manage_poll", municipality)
    labels = _option_rows(options)
    unknown = set(fields) - set(RULE_FIELDS) - {"code", "description"}
    if unknown:
        raise ServiceError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})
    poll = Poll(municipality=municipality, **fields)
    _validate_poll(poll, electorate_dongs)
    voters = _validate_electorate(poll, electorate_dongs, roll)
    with transaction.atomic(durable=True):
        poll.save()
        poll.electorate_dongs.set(electorate_dongs)
        PollVoter.objects.bulk_create([PollVoter(poll=poll, user=person) for person in voters])
        PollOption.objects.bulk_create(
            [
                PollOption(
                    poll=poll,
                    position=i,
                    label=o["label"],
                    description=o["description"],
                    image=o["image"],
                )
                for i, o in enumerate(labels, start=1)
            ]
        )
        audit_record(
            kind="voting.poll_created",
            actor=actor,
            subject=poll,
            municipality=municipality,
            data={"code": poll.code, "title": poll.title, "roll": len(voters)},
        )
    return poll


def poll_update(
    *,
    actor: Any,
    poll: Poll,
    changes: dict[str, Any] | None = None,
    options: Sequence[str | dict[str, Any]] | None = None,
    electorate_dongs: Sequence[Any] | None = None,
    roll: Sequence[Any] | None = None,
) -> Poll:
    """Change a poll. Once a ballot exists, only the description may change (``RulesLocked``);
    the roll is an electorate setting and freezes with the rest."""
    require_permission(actor, "voting.manage_poll", poll)
    changes = dict(changes or {})
    unknown = set(changes) - set(RULE_FIELDS) - {"description"}
    if unknown:
        raise ServiceError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "municipality" in changes:  # moving a vote needs the right where it goes, too
        require_permission(actor, "voting.manage_poll", changes["municipality"])
    new_labels = _option_rows(options) if options is not None else None
    with transaction.atomic(durable=True):
        row = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk)
        locked = _has_votes(row)
        changed = [name for name, value in changes.items() if getattr(row, name) != value]
        if row.cancelled_at is not None:
            raise Conflict(_("This vote was cancelled; it can no longer change."))
        current_labels = [
            {"label": o.label, "description": o.description, "image": o.image.name or ""}
            for o in PollOption.objects.filter(poll=row).order_by("position")
        ]
        if new_labels is not None and new_labels != current_labels:
            changed.append("options")
        if electorate_dongs is not None:
            now_ids = set(row.electorate_dongs.values_list("pk", flat=True))
            if {d.pk for d in electorate_dongs} != now_ids:
                changed.append("electorate_dongs")
        current_roll = list(User.objects.filter(pk__in=row.voters.values("user_id")))
        if roll is not None and {p.pk for p in roll} != {p.pk for p in current_roll}:
            changed.append("roll")
        rule_changes = [name for name in changed if name != "description"]
        if locked and rule_changes:
            raise RulesLocked(
                _(
                    "The rules of this vote are locked since the first ballot: %(field)s "
                    "can no longer change."
                )
                % {"field": rule_changes[0]},
                field=rule_changes[0],
            )
        for name, value in changes.items():
            setattr(row, name, value)
        dongs = (
            list(electorate_dongs)
            if electorate_dongs is not None
            else list(row.electorate_dongs.all())
        )
        _validate_poll(row, dongs)
        if roll is None and row.electorate_kind != ElectorateKind.ROLL:
            roll = []  # leaving the roll kind empties the roll
        voters = _validate_electorate(
            row, dongs, current_roll if roll is None else roll, require_roll=roll is not None
        )
        row.save()
        if electorate_dongs is not None:
            row.electorate_dongs.set(electorate_dongs)
        if {p.pk for p in voters} != {p.pk for p in current_roll}:
            PollVoter.objects.filter(poll=row).delete()
            PollVoter.objects.bulk_create([PollVoter(poll=row, user=p) for p in voters])
        if new_labels is not None and "options" in changed:
            PollOption.objects.filter(poll=row).delete()
            PollOption.objects.bulk_create(
                [
                    PollOption(
                        poll=row,
                        position=i,
                        label=o["label"],
                        description=o["description"],
                        image=o["image"],
                    )
                    for i, o in enumerate(new_labels, start=1)
                ]
            )
        if changed:
            audit_record(
                kind="voting.poll_updated",
                actor=actor,
                subject=row,
                municipality=row.municipality,
                data={"fields": sorted(changed)},
            )
    return row


def poll_announce(*, actor: Any, poll: Poll) -> Poll:
    """Make the poll public; ballots are accepted from ``opens_at`` (audit: voting.poll_opened)."""
    require_permission(actor, "voting.manage_poll", poll)
    with transaction.atomic(durable=True):
        row = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk)
        if row.cancelled_at is not None:
            raise Conflict(_("This vote was cancelled; it cannot be announced."))
        if row.announced_at is not None:
            return row
        if PollOption.objects.filter(poll=row).count() < 2:
            raise ServiceError(_("A vote needs at least two options."), field="options")
        if row.by_roll and not PollVoter.objects.filter(poll=row).exists():
            raise ServiceError(
                _("A vote by roll needs at least one account on its roll."), field="roll"
            )
        row.announced_at = clock.now()
        row.save(update_fields=["announced_at"])
        audit_record(
            kind="voting.poll_opened",
            actor=actor,
            subject=row,
            municipality=row.municipality,
            data={"opens_at": row.opens_at, "closes_at": row.closes_at, "rules": _rules_of(row)},
        )
    return row


def _rules_of(poll: Poll) -> dict[str, Any]:
    rules = {name: getattr(poll, name) for name in RULE_FIELDS if name != "municipality"}
    rules["municipality"] = poll.municipality.code
    rules["electorate_dongs"] = sorted(poll.electorate_dongs.values_list("slug", flat=True))
    if poll.by_roll:  # the accounts on the roll, as announced (a committee's members are public)
        rules["roll"] = sorted(poll.voters.values_list("user_id", flat=True))
    rules["options"] = list(
        PollOption.objects.filter(poll=poll).order_by("position").values_list("label", flat=True)
    )
    return rules


def _record_close(row: Poll, actor: Any, moment: Any) -> None:
    """Record the close by the clock; a vote closed early (``closing.py``) is closed already."""
    if row.cancelled_at is not None:
        raise Conflict(_("This vote was cancelled; it takes no ballots."))
    if row.closed_at is not None:
        return
    if moment < row.closes_at:
        raise Conflict(
            _("The vote is open until %(time)s (Korea time).") % {"time": _closing_text(row)}
        )
    row.closed_at = moment
    row.save(update_fields=["closed_at"])
    audit_record(
        kind="voting.poll_closed",
        actor=actor,
        subject=row,
        municipality=row.municipality,
        data={
            "ballots": Ballot.objects.filter(poll=row, voided=False).count(),
            "participations": Participation.objects.filter(poll=row).count(),
        },
    )


def poll_close(*, actor: Any, poll: Poll) -> Poll:
    """Record that the poll closed (it closes by the clock; this writes the audit entry)."""
    require_permission(actor, "voting.publish_results", poll)
    with transaction.atomic(durable=True):
        row = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk)
        _record_close(row, actor, clock.now())
    return row


def result_hash(result: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(result).encode("utf-8")).hexdigest()


def poll_publish(*, actor: Any, poll: Poll) -> Poll:
    """Publish the result and the receipts list; deletes the idempotency rows of the poll."""
    require_permission(actor, "voting.publish_results", poll)
    with transaction.atomic(durable=True):
        row = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk)
        if row.published_at is not None:
            raise Conflict(_("The results of this vote are already published."))
        moment = clock.now()
        _record_close(row, actor, moment)
        row.result = poll_tally(row).as_dict()
        row.published_at = moment
        row.save(update_fields=["result", "published_at"])
        CastRequest.objects.filter(poll=row).delete()
        audit_record(
            kind="voting.poll_published",
            actor=actor,
            subject=row,
            municipality=row.municipality,
            data={
                "result_sha256": result_hash(row.result),
                "total_ballots": row.result["total_ballots"],
                "receipts_digest": row.result["receipts_digest"],
            },
        )
    return row


# ---- verification ------------------------------------------------------------------------------

COMPARED = (
    "ballots",
    "assembly_ballots",
    "total_ballots",
    "participants",
    "outcome",
    "winners",
    "receipts_digest",
)


def poll_verify(poll: Poll) -> list[str]:
    """Recompute the tally and list every difference from the published result."""
    if poll.result is None:
        return [_("The results of this vote are not published yet.")]
    published = poll.result
    fresh = poll_tally(poll, electorate=published.get("electorate")).as_dict()
    problems = []
    for key in COMPARED:
        if fresh.get(key) != published.get(key):
            problems.append(
                _("%(key)s: published %(published)s, recomputed %(fresh)s")
                % {"key": key, "published": published.get(key), "fresh": fresh.get(key)}
            )
    old = {o["id"]: o["votes"] for o in published.get("options", [])}
    new = {o["id"]: o["votes"] for o in fresh["options"]}
    for option_id in sorted(set(old) | set(new)):
        if old.get(option_id) != new.get(option_id):
            problems.append(
                _("option %(id)s: published %(published)s votes, recomputed %(fresh)s")
                % {"id": option_id, "published": old.get(option_id), "fresh": new.get(option_id)}
            )
    return problems


def resident_by_username(username: str) -> User:
    user = User.objects.filter(username=username.strip()).first()
    if user is None:
        raise ServiceError(
            _("No account is called %(name)s.") % {"name": username.strip()}, field="resident"
        )
    return user
