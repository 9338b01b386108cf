"""Creating, changing and announcing a poll, and the rule freeze.

A poll's rules (``RULE_FIELDS``, its options, eligible dongs and roll) may change until the
first ballot; from then on only the description may (``RulesLocked``), which a database
trigger backs up (migration 0002). Changes take the poll's row lock FOR NO KEY UPDATE, so they
queue behind a cast that is locking the rules but never block a committing one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from maeul.accounts.models import User
from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, ServiceError
from maeul.voting import clock, notices
from maeul.voting.checks import poll_row_for_change
from maeul.voting.errors import RulesLocked
from maeul.voting.models import RULE_FIELDS, ElectorateKind, Poll, PollOption, PollVoter
from maeul.voting.poll_input import (
    option_rows,
    require_electorate_for_quorum,
    validate_electorate,
    validate_poll,
)
from maeul.voting.rules import VotingPermission
from maeul.voting.selectors import poll_has_votes, poll_rules


def _options(poll: Poll, rows: Sequence[dict[str, Any]]) -> list[PollOption]:
    """Unsaved options of ``poll`` from checked rows (``option_rows``), numbered in order."""
    return [
        PollOption(
            poll=poll,
            position=i,
            label=o["label"],
            description=o["description"],
            image=o["image"],
        )
        for i, o in enumerate(rows, start=1)
    ]


def _children_changed(
    row: Poll,
    new_labels: list[dict[str, Any]] | None,
    electorate_dongs: Sequence[Any] | None,
    roll: Sequence[Any] | None,
    current_roll: Sequence[Any],
) -> list[str]:
    """Which of the poll's rows beside its columns a change would alter (options, eligible
    dongs, roll): each is a rule, frozen with the columns."""
    changed = []
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
    if roll is not None and {p.pk for p in roll} != {p.pk for p in current_roll}:
        changed.append("roll")
    return changed


def _refuse_rule_changes(changed: Sequence[str]) -> None:
    """On a poll with votes, refuse any change but the description, naming the first one."""
    rule_changes = [name for name in changed if name != "description"]
    if rule_changes:
        raise RulesLocked(
            _(
                "The rules of this vote are locked since the first ballot: %(field)s "
                "can no longer change."
            )
            % {"field": rule_changes[0]},
            field=rule_changes[0],
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
    require_permission(actor, VotingPermission.MANAGE_POLL, municipality)
    labels = option_rows(options)
    unknown = set(fields) - set(RULE_FIELDS) - {"code", "description"}
    if unknown:
        raise ServiceError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})
    poll = Poll(municipality=municipality, **fields)
    validate_poll(poll, electorate_dongs)
    voters = validate_electorate(poll, electorate_dongs, roll)
    with transaction.atomic(durable=True):
        poll.save()
        poll.electorate_dongs.set(electorate_dongs)
        PollVoter.objects.bulk_create([PollVoter(poll=poll, user=person) for person in voters])
        PollOption.objects.bulk_create(_options(poll, labels))
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
    require_permission(actor, VotingPermission.MANAGE_POLL, poll)
    changes = dict(changes or {})
    unknown = set(changes) - set(RULE_FIELDS) - {"description"}
    if unknown:
        raise ServiceError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "municipality" in changes:  # moving a vote needs the right where it goes, too
        require_permission(actor, VotingPermission.MANAGE_POLL, changes["municipality"])
    new_labels = option_rows(options) if options is not None else None
    with transaction.atomic(durable=True):
        row = poll_row_for_change(actor, poll, VotingPermission.MANAGE_POLL)
        locked = poll_has_votes(row)
        changed = [name for name, value in changes.items() if getattr(row, name) != value]
        if row.cancelled_at is not None:
            raise Conflict(_("This vote was cancelled; it can no longer change."))
        current_roll = list(User.objects.filter(pk__in=row.voters.values("user_id")))
        changed += _children_changed(row, new_labels, electorate_dongs, roll, current_roll)
        if locked:
            _refuse_rule_changes(changed)
        for name, value in changes.items():
            setattr(row, name, value)
        dongs = (
            list(electorate_dongs)
            if electorate_dongs is not None
            else list(row.electorate_dongs.all())
        )
        validate_poll(row, dongs)
        if roll is None and row.electorate_kind != ElectorateKind.ROLL:
            roll = []  # leaving the roll kind empties the roll
        voters = validate_electorate(
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
            PollOption.objects.bulk_create(_options(row, new_labels))
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
    require_permission(actor, VotingPermission.MANAGE_POLL, poll)
    with transaction.atomic(durable=True):
        row = poll_row_for_change(actor, poll, VotingPermission.MANAGE_POLL)
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
        require_electorate_for_quorum(row)
        row.announced_at = clock.now()
        row.save(update_fields=["announced_at"])
        audit_record(
            kind="voting.poll_opened",
            actor=actor,
            subject=row,
            municipality=row.municipality,
            data={"opens_at": row.opens_at, "closes_at": row.closes_at, "rules": poll_rules(row)},
        )
        notices.poll_announced(row)
    return row
