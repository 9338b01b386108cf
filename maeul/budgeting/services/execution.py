"""After the result: executed amounts and the status of adopted projects, and the
budget-school sessions held during the cycle."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting import notices
from maeul.budgeting.models import (
    Cycle,
    Execution,
    ExecutionStatus,
    Proposal,
    ProposalEventKind,
)
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.services import history
from maeul.budgeting.services._guards import OverCap, lock_cycle, lock_proposal, require_phase, won
from maeul.core.errors import Conflict, ServiceError
from maeul.outreach import interface as outreach_interface


def execution_record(
    *, actor: Any, proposal: Proposal, executed_on: dt.date, amount_won: int, note: str = ""
) -> Execution:
    """Record an executed amount; the total executed stays within the adopted amount."""
    require_permission(actor, BudgetingPermission.MANAGE, proposal)
    if amount_won <= 0:
        raise ServiceError(_("The amount must be positive."), field="amount_won")
    with transaction.atomic(durable=True):
        cycle = lock_cycle(actor, proposal.cycle)
        require_phase(cycle, "record_execution")
        current = lock_proposal(actor, proposal, BudgetingPermission.MANAGE)
        if not current.adopted or current.adopted_amount_won is None:
            raise Conflict(_("Only adopted projects are executed."))
        done = current.executions.aggregate(total=Sum("amount_won"))["total"] or 0
        if done + amount_won > current.adopted_amount_won:
            raise OverCap(
                _(
                    "This would bring the executed amount to %(total)s won, above the adopted"
                    " %(adopted)s won."
                )
                % {"total": won(done + amount_won), "adopted": won(current.adopted_amount_won)},
                field="amount_won",
            )
        entry = Execution.objects.create(
            proposal=current, executed_on=executed_on, amount_won=amount_won, note=note
        )
        if current.execution_status == ExecutionStatus.PLANNED:
            current.execution_status = ExecutionStatus.IN_PROGRESS
            current.save(update_fields=["execution_status"])
            notices.execution_changed(current)
        audit_record(
            kind="budgeting.execution_recorded",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={"executed_on": executed_on, "amount_won": amount_won},
        )
    return entry


def execution_status_set(*, actor: Any, proposal: Proposal, status: str) -> Proposal:
    require_permission(actor, BudgetingPermission.MANAGE, proposal)
    if status not in ExecutionStatus.values:
        raise ServiceError(_("Unknown status."), field="status")
    with transaction.atomic(durable=True):
        cycle = lock_cycle(actor, proposal.cycle)
        require_phase(cycle, "record_execution")
        current = lock_proposal(actor, proposal, BudgetingPermission.MANAGE)
        if not current.adopted:
            raise Conflict(_("Only adopted projects are executed."))
        current.execution_status = status
        current.save(update_fields=["execution_status"])
        history.step_record(current, ProposalEventKind.EXECUTION, detail=status)
        notices.execution_changed(current)
        audit_record(
            kind="budgeting.execution_status",
            actor=actor,
            subject=current,
            municipality=cycle.municipality,
            data={"status": status},
        )
    return current


def school_session_record(
    *, actor: Any, cycle: Cycle, held_on: dt.date, title: str, attendance: int, online: bool
) -> Any:
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    if not title.strip():
        raise ServiceError(_("Give the session a title."), field="title")
    if attendance < 0:
        raise ServiceError(_("Attendance cannot be negative."), field="attendance")
    with transaction.atomic(durable=True):
        # The school is an outreach course (one model for every course): the session is
        # written there, through its interface, and audited here as budgeting's act.
        session = outreach_interface.budget_school_session_add(
            cycle=cycle, held_on=held_on, title=title.strip(), attendance=attendance, online=online
        )
        audit_record(
            kind="budgeting.school_session",
            actor=actor,
            subject=cycle,
            municipality=cycle.municipality,
            data={"attendance": attendance, "online": online},
        )
    return session
