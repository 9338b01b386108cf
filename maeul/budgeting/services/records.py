"""The adopted projects of a cycle run before Maeul, with their execution records.

A cycle a municipality ran before it used Maeul is recorded with the totals it reported
(``cycle_record_reported``: 35 projects, 906 million won adopted, 766 million executed). Those
totals cannot be checked, broken down or corrected project by project, so a municipality that
still has its project list enters it here: each adopted project with its amount and its
execution records. From then on the cycle's adopted and executed figures, and its execution
rate, are computed from these records like those of any cycle run in Maeul
(``selectors.rows_of_cycles``); the stored summary keeps only what the records cannot give
(all the proposals received, the mobile voters).

The list is taken whole or not at all: it must add up to the reported totals (the number of
projects, the adopted amount and, where reported, the executed amount), so a figure computed
from records never silently differs from the one the municipality published. A list that does
not add up is refused with the difference, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting.models import (
    PHASE_ORDER,
    CategoryGroup,
    Cycle,
    CycleSummary,
    Execution,
    ExecutionStatus,
    Phase,
    ProjectType,
    Proposal,
    ProposalStatus,
)
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.services._guards import lock_cycle, won
from maeul.core.errors import Conflict, ServiceError

REPORTED_GROUP_CODE = "reported"
REPORTED_SOURCE = "보고 자료"  # shown as the proposer: the project came from the report


@dataclass(frozen=True)
class ReportedProject:
    """One adopted project of a reported cycle and what was executed of it, when."""

    title: str
    adopted_amount_won: int
    executions: Sequence[tuple[dt.date, int]] = field(default_factory=tuple)
    status: str = ExecutionStatus.COMPLETED
    note: str = ""


def _check(project: ReportedProject, index: int) -> None:
    where = _("Project %(n)s") % {"n": index}
    if not project.title.strip():
        raise ServiceError(_("%(where)s has no title.") % {"where": where}, field="title")
    if project.adopted_amount_won <= 0:
        raise ServiceError(
            _("%(where)s: the adopted amount must be positive.") % {"where": where},
            field="adopted_amount_won",
        )
    if project.status not in ExecutionStatus.values:
        raise ServiceError(_("%(where)s: unknown status.") % {"where": where}, field="status")
    if any(amount <= 0 for _day, amount in project.executions):
        raise ServiceError(
            _("%(where)s: every executed amount must be positive.") % {"where": where},
            field="executions",
        )
    done = sum(amount for _day, amount in project.executions)
    if done > project.adopted_amount_won:
        raise ServiceError(
            _("%(where)s: %(done)s won executed is above its adopted %(adopted)s won.")
            % {"where": where, "done": won(done), "adopted": won(project.adopted_amount_won)},
            field="executions",
        )


def _check_totals(summary: CycleSummary, projects: Sequence[ReportedProject]) -> None:
    """The records must give the reported totals back (see the module docstring)."""
    adopted = sum(p.adopted_amount_won for p in projects)
    if len(projects) != summary.adopted or adopted != summary.adopted_amount_won:
        raise ServiceError(
            _(
                "The list has %(n)s projects for %(amount)s won; the cycle reported %(rn)s"
                " projects for %(ramount)s won."
            )
            % {
                "n": len(projects),
                "amount": won(adopted),
                "rn": summary.adopted,
                "ramount": won(summary.adopted_amount_won),
            },
            field="projects",
        )
    executed = sum(amount for p in projects for _day, amount in p.executions)
    if summary.executed_amount_won is not None and executed != summary.executed_amount_won:
        raise ServiceError(
            _(
                "The execution records add up to %(done)s won; the cycle reported %(reported)s"
                " won executed."
            )
            % {"done": won(executed), "reported": won(summary.executed_amount_won)},
            field="executions",
        )


def reported_projects_record(
    *, actor: Any, cycle: Cycle, projects: Sequence[ReportedProject]
) -> list[Proposal]:
    """Record the adopted projects of ``cycle`` (a cycle run before Maeul) and their
    execution records, all at once (see the module docstring)."""
    require_permission(actor, BudgetingPermission.MANAGE, cycle)
    for index, project in enumerate(projects, start=1):
        _check(project, index)
    with transaction.atomic(durable=True):
        locked = lock_cycle(actor, cycle, BudgetingPermission.MANAGE)
        summary = CycleSummary.objects.filter(cycle=locked).first()
        if summary is None:
            raise Conflict(
                _(
                    "Only a cycle run before Maeul takes a reported project list; the projects"
                    " of this cycle are adopted by its result."
                )
            )
        if PHASE_ORDER.index(locked.phase) < PHASE_ORDER.index(Phase.RESULTS):
            raise Conflict(_("A reported cycle is at least in its results phase."))
        if locked.proposals.exists():
            raise Conflict(_("This cycle's projects are already recorded."))
        _check_totals(summary, projects)
        group = CategoryGroup.objects.create(
            cycle=locked,
            code=REPORTED_GROUP_CODE,
            name="보고된 사업(분야 미상)",
            name_en="Reported projects (field not reported)",
            cap_won=summary.adopted_amount_won,
            max_picks=1,
        )
        kind = ProjectType.objects.create(
            cycle=locked,
            code=REPORTED_GROUP_CODE,
            name="보고된 사업(유형 미상)",
            name_en="Reported project (type not reported)",
            cap_won=max(p.adopted_amount_won for p in projects),
        )
        now = timezone.now()
        created = []
        for number, project in enumerate(projects, start=1):
            proposal = Proposal.objects.create(
                cycle=locked,
                number=number,
                author=actor,
                offline_proposer=REPORTED_SOURCE,
                title=project.title.strip(),
                description=project.note.strip(),
                address="",
                group=group,
                type=kind,
                estimated_cost_won=project.adopted_amount_won,
                status=ProposalStatus.FEASIBLE,
                adopted=True,
                adopted_amount_won=project.adopted_amount_won,
                execution_status=project.status,
                screened_at=now,
                submitted_at=now,
            )
            Execution.objects.bulk_create(
                Execution(proposal=proposal, executed_on=day, amount_won=amount, note=project.note)
                for day, amount in project.executions
            )
            created.append(proposal)
        audit_record(
            kind="budgeting.reported_projects",
            actor=actor,
            subject=locked,
            municipality=locked.municipality,
            data={
                "projects": len(created),
                "adopted_amount_won": sum(p.adopted_amount_won for p in projects),
                "executed_amount_won": sum(a for p in projects for _d, a in p.executions),
            },
        )
    return created
