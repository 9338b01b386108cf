"""Screening and deliberation: a department's decision on each proposal (feasible with an
optional adjusted cost, infeasible with a reason, merged) and the dong meetings' rankings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting import notices
from maeul.budgeting.models import (
    Cycle,
    DongMeeting,
    Proposal,
    ProposalStatus,
    Recommendation,
    ScreeningReason,
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
from maeul.core import textlimits
from maeul.core.errors import Conflict, ServiceError
from maeul.places.models import Municipality


def proposal_screen(
    *,
    actor: Any,
    proposal: Proposal,
    decision: str,
    department: str,
    reason: str = "",
    adjusted_cost_won: int | None = None,
    merged_into: Proposal | None = None,
    reason_code: ScreeningReason | None = None,
) -> Proposal:
    """Record a department's screening: feasible (optionally with an adjusted cost, within
    the type's cap), infeasible with a reason, or merged into another proposal.

    The reason of an infeasible or merged proposal is picked from the municipality's coded
    list (``reason_code``) with free text beside it; where the municipality keeps a list, an
    infeasible proposal needs a code from it, so every rejection is counted by reason. Where
    it keeps none, the free text alone is the reason, as before the lists existed."""
    require_permission(actor, BudgetingPermission.SCREEN, proposal)
    if decision not in (ProposalStatus.FEASIBLE, ProposalStatus.INFEASIBLE, ProposalStatus.MERGED):
        raise ServiceError(_("Choose feasible, infeasible or merged."), field="decision")
    if not department.strip():
        raise ServiceError(_("Name the reviewing department."), field="department")
    reason = reason.strip()
    _check_reason(proposal, decision, reason, reason_code)
    with transaction.atomic(durable=True):
        cycle = lock_cycle(actor, proposal.cycle)
        require_phase(cycle, "screen")
        current = lock_proposal(actor, proposal, BudgetingPermission.SCREEN)
        if current.status in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN):
            raise Conflict(_("Only submitted proposals are screened."))
        if current.track == Track.GENERAL:
            raise Conflict(_("General-participation projects are not screened again."))
        if decision == ProposalStatus.MERGED:
            if merged_into is None:
                raise ServiceError(_("Choose the proposal it is merged into."), field="merged_into")
            if merged_into.pk == current.pk or merged_into.cycle_id != cycle.pk:
                raise ServiceError(
                    _("Choose another proposal of the same cycle."), field="merged_into"
                )
            if merged_into.status in (
                ProposalStatus.MERGED,
                ProposalStatus.DRAFT,
                ProposalStatus.WITHDRAWN,
            ):
                raise ServiceError(
                    _("A proposal can be merged only into a submitted or feasible one."),
                    field="merged_into",
                )
        if adjusted_cost_won is not None:
            if adjusted_cost_won <= 0:
                raise ServiceError(_("The adjusted cost must be positive."), field="adjusted_cost")
            cap = current.type.cap_won if current.type is not None else None  # resident track
            if cap is not None and adjusted_cost_won > cap:
                raise OverCap(
                    _("The adjusted cost of %(cost)s won is above the type's cap of %(cap)s won.")
                    % {"cost": won(adjusted_cost_won), "cap": won(cap)},
                    field="adjusted_cost",
                )
        current.status = decision
        current.department = department.strip()
        current.screening_reason = reason
        current.screening_code = reason_code
        current.adjusted_cost_won = adjusted_cost_won
        current.merged_into = merged_into if decision == ProposalStatus.MERGED else None
        current.screened_at = timezone.now()
        current.save()
        reason_text = _reason_text(reason_code, reason)
        history.step_record(
            current,
            decision,
            detail=str(merged_into.number)
            if decision == ProposalStatus.MERGED and merged_into
            else "",
            reason=reason_text,
            at=current.screened_at,
        )
        notices.proposal_screened(current, reason=reason_text)
        audit_record(
            kind="budgeting.proposal_screened",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={
                "decision": decision,
                "adjusted_cost_won": adjusted_cost_won,
                "merged_into": merged_into.number if merged_into else None,
                "reason_code": reason_code.code if reason_code else None,
            },
        )
    return current


def _check_reason(
    proposal: Proposal, decision: str, reason: str, reason_code: ScreeningReason | None
) -> None:
    """The coded reason belongs to the cycle's municipality, is still offered and goes with
    an infeasible or merged proposal; an infeasible one has a code where the municipality
    keeps a list, and some reason (code or words) always."""
    coded = ScreeningReason.objects.filter(
        municipality_id=proposal.cycle.municipality_id, active=True
    )
    if reason_code is not None:
        if reason_code.municipality_id != proposal.cycle.municipality_id:
            raise ServiceError(
                _("Choose a reason from the list of %(place)s.")
                % {"place": proposal.cycle.municipality.name},
                field="reason_code",
            )
        if not reason_code.active:
            raise ServiceError(
                _("The reason %(code)s is no longer offered; choose another.")
                % {"code": reason_code.code},
                field="reason_code",
            )
        if decision == ProposalStatus.FEASIBLE:
            raise ServiceError(
                _("A feasible proposal takes no reason from the list; leave it empty."),
                field="reason_code",
            )
    elif decision == ProposalStatus.INFEASIBLE and coded.exists():
        raise ServiceError(
            _("Choose the reason why the proposal is infeasible from the list."),
            field="reason_code",
        )
    if decision == ProposalStatus.INFEASIBLE and not reason and reason_code is None:
        raise ServiceError(_("Give the reason why the proposal is infeasible."), field="reason")


def _reason_text(code: ScreeningReason | None, text: str) -> str:
    """The reason as the author reads it in their history: the list's label (Korean, as the
    list is kept), then the official's words."""
    if code is None:
        return text
    return (f"{code.label}: {text}" if text else code.label)[: textlimits.REASON]


def meeting_record(
    *,
    actor: Any,
    cycle: Cycle,
    dong: Municipality,
    held_on: dt.date,
    attendance: int,
    minutes: str,
    ranking: list[Proposal],
) -> DongMeeting:
    """Record a dong meeting with its attendance, minutes and ranking (first = rank 1)."""
    require_permission(actor, BudgetingPermission.SCREEN, cycle)
    if not dong.is_within(cycle.municipality) or dong.pk == cycle.municipality_id:
        raise ServiceError(_("Choose a neighbourhood of this district."), field="dong")
    if attendance < 0:
        raise ServiceError(_("Attendance cannot be negative."), field="attendance")
    if len({p.pk for p in ranking}) != len(ranking):
        raise ServiceError(_("A proposal appears twice in the ranking."), field="ranking")
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.SCREEN)
        require_phase(locked, "deliberate")
        fresh = Proposal.objects.in_bulk([p.pk for p in ranking])
        ranking = [fresh[p.pk] for p in ranking]
        for p in ranking:
            if p.cycle_id != locked.pk or p.status != ProposalStatus.FEASIBLE:
                raise ServiceError(
                    _("Only feasible proposals of this cycle can be ranked (%(p)s).") % {"p": p},
                    field="ranking",
                )
        meeting = DongMeeting.objects.create(
            cycle=locked, dong=dong, held_on=held_on, attendance=attendance, minutes=minutes
        )
        Recommendation.objects.bulk_create(
            [Recommendation(meeting=meeting, proposal=p, rank=i) for i, p in enumerate(ranking, 1)]
        )
        audit_record(
            kind="budgeting.meeting_recorded",
            actor=actor,
            subject=meeting,
            municipality=locked.municipality,
            data={"attendance": attendance, "ranking": [p.number for p in ranking]},
        )
    return meeting
