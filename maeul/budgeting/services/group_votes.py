"""The group votes on the voting core — the public mobile vote (모바일투표) and the PB
committee's vote (위원회 투표): per category group one secret poll among its feasible
proposals, opened through ``maeul.voting.interface`` and linked by a foreign key, and their
closed tallies taken back as one channel's approvals and voters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting import results
from maeul.budgeting.models import (
    CategoryGroup,
    CommitteeVote,
    Cycle,
    MobileVote,
    Phase,
    Proposal,
    ProposalEvent,
    ProposalEventKind,
)
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.selectors import committee_accounts, phase_dates
from maeul.budgeting.services import history
from maeul.budgeting.services._guards import PhaseClosed, lock_cycle, require_phase
from maeul.budgeting.services.body_groups import group_roll
from maeul.core.errors import Conflict, ServiceError
from maeul.voting import interface as voting_interface


def _check_vote_window(cycle: Cycle, opens_at: dt.datetime, closes_at: dt.datetime) -> None:
    if cycle.phase != Phase.VOTING:
        raise PhaseClosed(
            _("The vote opens in the %(phase)s phase.")
            % {"phase": phase_dates(cycle, Phase.VOTING)}
        )
    for moment, field in ((opens_at, "opens_at"), (closes_at, "closes_at")):
        if timezone.is_naive(moment):
            raise ServiceError(_("The time must include a time zone."), field=field)


def _open_group_polls(
    *,
    actor: Any,
    cycle: Cycle,
    link_model: type[MobileVote] | type[CommitteeVote],
    prefix: str,
    label: str,
    picks_of: Callable[[CategoryGroup, int], int | None],
    audit_kind: str,
    poll_fields: dict[str, Any],
    group_fields: Callable[[CategoryGroup], dict[str, Any]] | None = None,
) -> list[Any]:
    """Per category group one secret poll of the voting core among the group's feasible
    proposals (a group with a single one offers no choice and gets no poll; its tally is
    entered). Each poll is created and announced by the voting core's own services (each its
    own transaction); the link is written after, so running this again completes what a
    failure left undone and never opens a group twice."""
    feasible = results.feasible(cycle)
    opened = []
    for group in cycle.groups.all():
        if link_model.objects.filter(cycle=cycle, group=group).exists():
            continue
        members = [p for p in feasible if p.group_id == group.pk]
        if len(members) < 2:
            continue
        code = f"{prefix}-{cycle.pk}-{group.code}"[:60]
        picks = picks_of(group, len(members))
        poll = voting_interface.poll_open(
            actor=actor,
            municipality=cycle.municipality,
            code=code,
            options=[
                {"label": f"#{p.number} {p.title}"[:200], "description": f"{p.cost_won:,}"}
                for p in members
            ],
            title=f"{cycle.title} · {label}{group.name}"[:200],
            kind="approval" if picks is None else ("single" if picks == 1 else "multiple"),
            max_choices=picks or 1,
            **{**poll_fields, **(group_fields(group) if group_fields else {})},
        )
        with transaction.atomic(durable=True):
            link = link_model.objects.create(
                cycle=cycle, group=group, poll=poll, numbers=[p.number for p in members]
            )
            history.steps_record(
                ProposalEvent(
                    proposal=p,
                    kind=ProposalEventKind.IN_VOTE,
                    detail="mobile" if link_model is MobileVote else "committee",
                    at=timezone.now(),
                )
                for p in members
            )
            audit_record(
                kind=audit_kind,
                actor=actor,
                subject=cycle,
                municipality=cycle.municipality,
                data={"group": group.code, "poll": code, "numbers": link.numbers},
            )
        opened.append(link)
    return opened


def _closed_group_tallies(
    links: list[MobileVote] | list[CommitteeVote], *, still_open: str
) -> tuple[dict[int, int], int]:
    """Approvals per proposal number from the closed polls of ``links``, and the number of
    distinct people who took part in at least one of them (someone voting in three groups
    counts once)."""
    polls = [link.poll for link in links]
    for poll in voting_interface.running_polls(polls):  # a poll closed early counts
        raise Conflict(
            still_open
            % {"time": date_format(timezone.localtime(poll.closes_at), "SHORT_DATETIME_FORMAT")}
        )
    approvals: dict[int, int] = {}
    for link in links:
        by_position = voting_interface.approvals_by_position(link.poll)
        for position, number in enumerate(link.numbers, start=1):
            approvals[number] = by_position.get(position, 0)
    return approvals, voting_interface.participant_count(polls)


def _store_channel(
    *, actor: Any, cycle: Cycle, channel: str, approvals: dict[int, int], voters: int
) -> Cycle:
    """Write one channel's approvals and voters (``committee`` or ``mobile``), leaving the
    other channel as it is."""
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
        require_phase(locked, "record_votes")
        if locked.results.filter(published_at__isnull=False).exists():
            raise Conflict(_("The result is published; the votes can no longer change."))
        rows = list(locked.proposals.select_for_update().filter(number__in=list(approvals)))
        by_number = {p.number: p for p in rows}
        for number, value in approvals.items():
            if number in by_number:
                setattr(by_number[number], f"{channel}_approvals", value)
        Proposal.objects.bulk_update(rows, [f"{channel}_approvals"])
        setattr(locked, f"{channel}_voters", voters)
        locked.save(update_fields=[f"{channel}_voters"])
        audit_record(
            kind=f"budgeting.{channel}_vote_imported",
            actor=actor,
            subject=locked,
            municipality=locked.municipality,
            data={
                f"{channel}_voters": voters,
                "approvals": {str(k): v for k, v in sorted(approvals.items())},
            },
        )
    return locked


def mobile_vote_open(
    *, actor: Any, cycle: Cycle, opens_at: dt.datetime, closes_at: dt.datetime
) -> list[MobileVote]:
    """Open the public mobile vote (모바일투표) on the voting core: per category group one
    secret poll of up to ``max_picks`` choices among the group's feasible proposals, open to
    the district's residents — or, in a group run with a body (the youth council), to the
    roll of the body's members in term on the opening day."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    _check_vote_window(cycle, opens_at, closes_at)
    # Every body's roll is checked before any poll opens, so a missing roll opens nothing.
    rolls = {
        group.pk: _body_roll_fields(group, timezone.localdate(opens_at))
        for group in cycle.groups.exclude(voting_body=None).select_related("voting_body")
    }
    return _open_group_polls(
        actor=actor,
        cycle=cycle,
        link_model=MobileVote,
        prefix="pb",
        label="",
        picks_of=lambda group, n: min(group.max_picks, n),
        audit_kind="budgeting.mobile_vote_opened",
        poll_fields={"opens_at": opens_at, "closes_at": closes_at},
        group_fields=lambda group: rolls.get(group.pk, {}),
    )


def _body_roll_fields(group: CategoryGroup, day: dt.date) -> dict[str, Any]:
    """A group run with a body (the youth council) votes among the body's members in term
    on the opening day, not the district's residents."""
    if group.voting_body_id is None:
        return {}
    roll = group_roll(group, on=day)
    if not roll:
        raise Conflict(
            _("No member of %(body)s with an account holds a term on %(day)s.")
            % {
                "body": group.voting_body.name,  # type: ignore[union-attr]
                "day": date_format(day, "SHORT_DATE_FORMAT"),
            },
            field="voting_body",
        )
    return {
        "electorate_kind": "roll",
        "roll": roll,
        "description": _("Only the members of %(body)s vote in this group.")
        % {"body": group.voting_body.name},  # type: ignore[union-attr]
    }


def mobile_vote_import(*, actor: Any, cycle: Cycle) -> Cycle:
    """Take the closed mobile vote's tallies from the voting core: approvals per proposal
    from each group's poll, and as the channel's voters the residents who took part in at
    least one of the cycle's polls."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    require_phase(cycle, "record_votes")  # with the phase's dates; checked again under the lock
    links = list(MobileVote.objects.filter(cycle=cycle).select_related("poll"))
    if not links:
        raise Conflict(_("No mobile vote was opened on the voting core for this cycle."))
    approvals, voters = _closed_group_tallies(
        links, still_open=_("The mobile vote is open until %(time)s.")
    )
    return _store_channel(
        actor=actor, cycle=cycle, channel="mobile", approvals=approvals, voters=voters
    )


def committee_vote_open(
    *,
    actor: Any,
    cycle: Cycle,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    any_number: bool = False,
) -> list[CommitteeVote]:
    """Open the PB committee's vote (위원회 투표) on the voting core: per category group one
    secret poll among the group's feasible proposals, approval of up to the group's maximum
    picks (or of any number with ``any_number``), whose electorate is the roll of the
    committee's members — of the linked body and its subcommittees — whose term runs on the
    opening day and who have an account. Members vote online, or at the committee's meeting:
    the polls also take desk and paper ballots, entered by an official on the poll's screens
    and checked against the same roll. A member recorded without an account is not on the
    roll (the officials' screen counts them, so an account can be linked before opening)."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    _check_vote_window(cycle, opens_at, closes_at)
    if cycle.committee_body_id is None:
        raise Conflict(
            _("Link the cycle to its PB committee in the governance register first."),
            field="committee_body",
        )
    roll = committee_accounts(cycle, on=timezone.localdate(opens_at))
    if not roll:
        raise Conflict(
            _("No member of %(body)s with an account holds a term on %(day)s.")
            % {
                "body": cycle.committee_body.name,  # type: ignore[union-attr]
                "day": date_format(timezone.localdate(opens_at), "SHORT_DATE_FORMAT"),
            },
            field="committee_body",
        )
    return _open_group_polls(
        actor=actor,
        cycle=cycle,
        link_model=CommitteeVote,
        prefix="pbc",
        label=_("committee") + " · ",
        picks_of=lambda group, n: None if any_number else min(group.max_picks, n),
        audit_kind="budgeting.committee_vote_opened",
        poll_fields={
            "opens_at": opens_at,
            "closes_at": closes_at,
            "electorate_kind": "roll",
            "roll": roll,
            "allow_desk": True,
            "allow_paper": True,
            "description": _(
                "The vote of the members of %(body)s on the feasible proposals of this group."
            )
            % {"body": cycle.committee_body.name},  # type: ignore[union-attr]
        },
    )


def committee_vote_import(*, actor: Any, cycle: Cycle) -> Cycle:
    """Take the closed committee vote's tallies from the voting core as the committee
    approvals, and as the committee's voters the members who took part in at least one of
    its group polls. The mobile channel is left as it is."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    require_phase(cycle, "record_votes")  # with the phase's dates; checked again under the lock
    links = list(CommitteeVote.objects.filter(cycle=cycle).select_related("poll"))
    if not links:
        raise Conflict(_("No committee vote was opened on the voting core for this cycle."))
    approvals, voters = _closed_group_tallies(
        links, still_open=_("The committee vote is open until %(time)s.")
    )
    return _store_channel(
        actor=actor, cycle=cycle, channel="committee", approvals=approvals, voters=voters
    )
