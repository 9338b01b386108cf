"""Proposals from residents: drafts, submission with its number and cap check, proposals
entered offline on a resident's behalf, withdrawal, comments, and the general-participation
projects that come out of public deliberation instead of the vote."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting import notices
from maeul.budgeting.models import (
    CategoryGroup,
    Comment,
    Cycle,
    Proposal,
    ProposalEventKind,
    ProposalStatus,
    Track,
)
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.services import history
from maeul.budgeting.services._guards import (
    OverCap,
    lock_cycle,
    lock_proposal,
    require_phase,
    won,
)
from maeul.budgeting.services.body_groups import require_group_member
from maeul.core.errors import Conflict, NotAllowed, ServiceError

PROPOSAL_FIELDS = (
    "title",
    "description",
    "address",
    "dong",
    "latitude",
    "longitude",
    "group",
    "type",
    "estimated_cost_won",
)


def _apply_fields(cycle: Cycle, proposal: Proposal, data: dict[str, Any]) -> None:
    for name in PROPOSAL_FIELDS:
        if name in data:
            setattr(proposal, name, data[name])
    if proposal.group_id is None or proposal.group.cycle_id != cycle.pk:
        raise ServiceError(_("Choose a group of this cycle."), field="group")
    kind = proposal.type
    if kind is None or kind.cycle_id != cycle.pk:
        raise ServiceError(_("Choose a project type of this cycle."), field="type")
    if not proposal.estimated_cost_won or proposal.estimated_cost_won <= 0:
        raise ServiceError(_("The estimated cost must be positive."), field="estimated_cost_won")
    if proposal.dong is not None and not proposal.dong.is_within(cycle.municipality):
        raise ServiceError(_("Choose a neighbourhood of this district."), field="dong")
    latitude, longitude = proposal.latitude, proposal.longitude
    if latitude is None or longitude is None:
        if latitude is not None or longitude is not None:
            raise ServiceError(_("Give both latitude and longitude, or neither."), field="latitude")
    elif not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ServiceError(_("The map point is outside the valid range."), field="latitude")


def _check_type_cap(proposal: Proposal) -> None:
    """The estimate within the project type's cap (``_apply_fields`` made sure of a type)."""
    kind = proposal.type
    if kind is None:
        return
    cap = kind.cap_won
    if proposal.estimated_cost_won > cap:
        raise OverCap(
            _(
                "The estimated cost of %(cost)s won is above the cap of %(cap)s won for"
                " %(type)s projects."
            )
            % {
                "cost": won(proposal.estimated_cost_won),
                "cap": won(cap),
                "type": kind.display_name,
            },
            field="estimated_cost_won",
        )


def _submit(cycle: Cycle, proposal: Proposal) -> None:
    """Number and submit a draft; the caller holds the cycle lock (numbers stay unique)."""
    _check_type_cap(proposal)
    last = Proposal.objects.filter(cycle=cycle).aggregate(n=Max("number"))["n"] or 0
    proposal.number = last + 1
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = timezone.now()


def proposal_save(
    *,
    actor: Any,
    cycle: Cycle,
    data: dict[str, Any],
    proposal: Proposal | None = None,
    submit: bool = False,
) -> Proposal:
    """Create or edit a draft (only its author), and submit it if ``submit``. A cost above
    the type's cap is refused at submission, naming the cap."""
    if proposal is None:
        require_permission(actor, BudgetingPermission.PROPOSE, cycle)
    else:
        require_permission(actor, BudgetingPermission.EDIT_PROPOSAL, proposal)
    with transaction.atomic(durable=True):
        locked_cycle = lock_cycle(actor, cycle)
        require_phase(locked_cycle, "propose")
        if proposal is None:
            current = Proposal(cycle=locked_cycle, author=actor)
        else:
            current = lock_proposal(actor, proposal, BudgetingPermission.EDIT_PROPOSAL)
            if current.cycle_id != locked_cycle.pk:
                raise NotAllowed(_("This proposal belongs to another cycle."))
            if current.status != ProposalStatus.DRAFT:
                raise Conflict(_("Only drafts can be edited; this proposal was submitted."))
        _apply_fields(locked_cycle, current, data)
        require_group_member(current.group, actor)  # a group run with the youth council
        if submit:
            _submit(locked_cycle, current)
        current.save()
        if submit:
            history.step_record(current, ProposalEventKind.SUBMITTED, at=current.submitted_at)
            history.announce_submitted(current)
            notices.proposal_received(current)
        audit_record(
            kind="budgeting.proposal_submitted" if submit else "budgeting.proposal_drafted",
            actor=actor,
            subject=current,
            municipality=locked_cycle.municipality,
            data={"number": current.number, "cost_won": current.estimated_cost_won},
        )
    return current


def proposal_record_offline(
    *, actor: Any, cycle: Cycle, data: dict[str, Any], proposer_name: str
) -> Proposal:
    """Enter a proposal received on paper or at a desk (오프라인 접수), on the resident's
    behalf. It is submitted at once, numbered and cap-checked like an online one; the
    official is the recorded author, the proposer's name stays internal."""
    require_permission(actor, BudgetingPermission.SCREEN, cycle)
    if not proposer_name.strip():
        raise ServiceError(_("Give the proposer's name."), field="proposer_name")
    with transaction.atomic(durable=True):
        locked_cycle = lock_cycle(actor, cycle, BudgetingPermission.SCREEN)
        require_phase(locked_cycle, "propose")
        proposal = Proposal(
            cycle=locked_cycle, author=actor, offline_proposer=proposer_name.strip()[:60]
        )
        _apply_fields(locked_cycle, proposal, data)
        _submit(locked_cycle, proposal)
        proposal.save()
        history.step_record(proposal, ProposalEventKind.SUBMITTED, at=proposal.submitted_at)
        audit_record(
            kind="budgeting.proposal_recorded_offline",
            actor=actor,
            subject=proposal,
            municipality=locked_cycle.municipality,
            data={"number": proposal.number, "cost_won": proposal.estimated_cost_won},
        )
    return proposal


def proposal_withdraw(*, actor: Any, proposal: Proposal) -> Proposal:
    require_permission(actor, BudgetingPermission.EDIT_PROPOSAL, proposal)
    with transaction.atomic(durable=True):
        cycle = lock_cycle(actor, proposal.cycle)
        require_phase(cycle, "propose")
        current = lock_proposal(actor, proposal, BudgetingPermission.EDIT_PROPOSAL)
        if current.status != ProposalStatus.SUBMITTED:
            raise Conflict(
                _("Only submitted proposals that are not screened yet can be withdrawn.")
            )
        current.status = ProposalStatus.WITHDRAWN
        current.save(update_fields=["status"])
        history.step_record(current, ProposalEventKind.WITHDRAWN)
        audit_record(
            kind="budgeting.proposal_withdrawn",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={"number": current.number},
        )
    return current


def comment_add(
    *, actor: Any, proposal: Proposal, body: str, is_suggestion: bool = False
) -> Comment:
    """Comments and suggested edits while proposals are collected and screened."""
    require_permission(actor, BudgetingPermission.COMMENT, proposal)
    body = body.strip()
    if not body:
        raise ServiceError(_("Write a comment."), field="body")
    if len(body) > 4000:
        raise ServiceError(_("A comment has at most 4,000 characters."), field="body")
    with transaction.atomic(durable=True):
        cycle = lock_cycle(actor, proposal.cycle)
        require_phase(cycle, "comment")
        if proposal.status in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN) and (
            proposal.author_id != actor.pk
        ):
            raise NotAllowed(_("This proposal is not open for comments."))
        comment = Comment.objects.create(
            proposal=proposal, author=actor, body=body, is_suggestion=is_suggestion
        )
        audit_record(
            kind="budgeting.comment_added",
            actor=actor,
            subject=proposal,
            municipality=cycle.municipality,
            data={"suggestion": is_suggestion},
        )
    return comment


def general_project_add(
    *,
    actor: Any,
    cycle: Cycle,
    title: str,
    description: str,
    origin: str,
    group: CategoryGroup,
    cost_won: int,
    address: str = "",
) -> Proposal:
    """Register a general-participation project (일반참여형): one that came out of public
    deliberation (the village democracy platform, a resident autonomy council). It skips the
    vote and is adopted when the result is published, within the cycle's fixed amount."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    if not title.strip() or not origin.strip():
        raise ServiceError(_("Give the title and where it was deliberated."), field="origin")
    if cost_won <= 0:
        raise ServiceError(_("The amount must be positive."), field="cost_won")
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
        require_phase(locked, "general_track")
        if group.cycle_id != locked.pk:
            raise ServiceError(_("Choose a group of this cycle."), field="group")
        if locked.results.filter(published_at__isnull=False).exists():
            raise Conflict(_("The result is already published."))
        used = (
            locked.proposals.filter(track=Track.GENERAL, status=ProposalStatus.FEASIBLE).aggregate(
                total=Sum("estimated_cost_won")
            )["total"]
            or 0
        )
        if used + cost_won > locked.general_track_amount_won:
            raise OverCap(
                _(
                    "General-participation projects would need %(total)s won; the fixed amount"
                    " is %(amount)s won."
                )
                % {"total": won(used + cost_won), "amount": won(locked.general_track_amount_won)},
                field="cost_won",
            )
        last = Proposal.objects.filter(cycle=locked).aggregate(n=Max("number"))["n"] or 0
        proposal = Proposal.objects.create(
            cycle=locked,
            number=last + 1,
            author=actor,
            title=title.strip(),
            description=description.strip(),
            address=address.strip(),
            group=group,
            type=None,
            track=Track.GENERAL,
            origin=origin.strip(),
            estimated_cost_won=cost_won,
            status=ProposalStatus.FEASIBLE,
            department=getattr(actor.official_or_none, "department", "") or "",
            screened_at=timezone.now(),
            submitted_at=timezone.now(),
        )
        audit_record(
            kind="budgeting.general_project_added",
            actor=actor,
            subject=proposal,
            municipality=locked.municipality,
            data={"number": proposal.number, "cost_won": cost_won, "origin": origin.strip()},
        )
    return proposal
