"""Ballots that arrive off line: paper batches counted after the box is opened, and the totals
of a resident assembly (주민총회).

Both are entered by an official of the poll's scope from the opening until publication, under
the poll's row lock (FOR NO KEY UPDATE, so committing online casts are not blocked), and both
are accepted or refused whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, ServiceError, violates
from maeul.voting import clock
from maeul.voting.checks import (
    check_channel,
    offline_window,
    poll_row_for_change,
    roll_problems,
    validate_choices,
)
from maeul.voting.errors import AlreadyVoted, InvalidChoices, NotEligible
from maeul.voting.keys import ballot_slot, new_receipt
from maeul.voting.models import (
    AssemblyCount,
    AssemblyResult,
    Ballot,
    BallotChoice,
    Channel,
    PaperBatch,
    Participation,
    Poll,
    PollKind,
    PollOption,
    RevotePolicy,
)
from maeul.voting.rules import VotingPermission
from maeul.voting.services.casting import announce_ballot


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
    require_permission(official, VotingPermission.RECORD_OFFLINE, poll)
    check_channel(poll, Channel.PAPER)
    moment = clock.now()
    offline_window(poll, moment)
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
    problems = roll_problems(poll, roll, moment)
    if problems:
        raise NotEligible(" ".join(problems), field="roll")
    try:
        with transaction.atomic(durable=True):
            locked = poll_row_for_change(official, poll, VotingPermission.RECORD_OFFLINE)
            offline_window(locked, moment)
            if locked.rules_locked_at is None:
                Poll.objects.filter(pk=poll.pk).update(rules_locked_at=moment)
            all_marks = _paper_marks(locked, ballots)
            existing = {
                p.resident_id: p
                for p in Participation.objects.select_for_update().filter(
                    poll=locked, resident__in=[r.pk for r in roll]
                )
            }
            refused = _not_replaceable(locked, roll, existing)
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
            replaced = _replace_previous(locked, official, batch, roll, existing)
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
            # Everyone on the roll took part (a replaced ballot's resident too: the one
            # source key per poll pays them at most once); sent after the batch commits.
            for person in roll:
                announce_ballot(poll=locked, voter=person, channel=Channel.PAPER, moment=moment)
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


def _paper_marks(poll: Poll, ballots: Sequence[Sequence[Any]]) -> list[list[tuple[int, int]]]:
    """The marks of every ballot of a batch, or the refusal of the first wrong one by number."""
    options = list(PollOption.objects.filter(poll=poll))
    all_marks = []
    for number, marks in enumerate(ballots, start=1):
        try:
            all_marks.append(validate_choices(poll, options, marks))
        except InvalidChoices as error:
            raise InvalidChoices(
                _("Ballot %(n)s: %(problem)s") % {"n": number, "problem": error.message},
                field="ballots",
            ) from None
    return all_marks


def _not_replaceable(
    poll: Poll, roll: Sequence[Any], existing: dict[int, Participation]
) -> list[str]:
    """Names on the roll whose earlier ballot a paper ballot may not replace: any earlier
    ballot unless the last ballot counts, and always one cast on paper or at an assembly."""
    refused = []
    for person in roll:
        previous = existing.get(person.pk)
        if previous is None:
            continue
        if poll.revote != RevotePolicy.LAST_COUNTS or previous.channel in (
            Channel.PAPER,
            Channel.ASSEMBLY,
        ):
            refused.append(person.username)
    return refused


def _replace_previous(
    poll: Poll,
    official: Any,
    batch: PaperBatch,
    roll: Sequence[Any],
    existing: dict[int, Participation],
) -> int:
    """Void the earlier ballots of the people on the roll who had one (the paper ballot takes
    precedence) and move their participation to the batch; the number of ballots voided."""
    replaced = 0
    for person in roll:
        previous = existing.get(person.pk)
        if previous is None:
            continue
        slot = ballot_slot(poll, person)
        replaced += Ballot.objects.filter(poll=poll, slot=slot, voided=False).update(voided=True)
        previous.channel = Channel.PAPER
        previous.paper_batch = batch
        previous.recorded_by = official
        previous.revotes += 1
        previous.receipt = ""
        previous.save(update_fields=["channel", "paper_batch", "recorded_by", "revotes", "receipt"])
    return replaced


def _check_totals(poll: Poll, counts: dict[int, int], ballots: int) -> None:
    """An assembly's votes fit its ballots: a single choice per ballot adds up to them; more
    choices per ballot allow up to the poll's limit (approval: one per option) each."""
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
    require_permission(chair, VotingPermission.RECORD_OFFLINE, poll)
    check_channel(poll, Channel.ASSEMBLY)
    moment = clock.now()
    offline_window(poll, moment)
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
    _check_totals(poll, counts, ballots)
    problems = roll_problems(poll, roll, moment)
    if problems:
        raise NotEligible(" ".join(problems), field="roll")
    try:
        with transaction.atomic(durable=True):
            locked = poll_row_for_change(chair, poll, VotingPermission.RECORD_OFFLINE)
            offline_window(locked, moment)
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
            # Registered attendees took part; unregistered ones have no account to pay.
            for person in roll:
                announce_ballot(poll=locked, voter=person, channel=Channel.ASSEMBLY, moment=moment)
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
