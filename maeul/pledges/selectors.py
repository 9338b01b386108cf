"""Read side of pledges: figures per pledge and roll-ups by field and goal.

Every figure is computed from the raw inputs of the sheet through ``maeul.pledges.progress``
(never stored), with a fixed number of queries per page: the pledges of a municipality come
with their indicators, funding lines and executions prefetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from maeul.pledges.models import (
    Execution,
    FundingPlan,
    Indicator,
    Pledge,
    PledgeField,
    PledgeGoal,
)
from maeul.pledges.progress import (
    ProgressInputError,
    WeightedAchievement,
    as_percent,
    execution_rate,
    mean,
    overall_progress,
)


@dataclass(frozen=True)
class PledgeFigures:
    """The figures of one pledge, exact and as shown (percent with one decimal)."""

    progress: Fraction | None
    planned_won: int
    executed_won: int
    execution: Fraction | None

    @property
    def progress_percent(self) -> Decimal | None:
        return as_percent(self.progress)

    @property
    def execution_rate_percent(self) -> Decimal | None:
        return as_percent(self.execution)


def figures_for(pledge: Pledge) -> PledgeFigures:
    """Figures from prefetched (or fetched) indicators, funding and executions."""
    indicators = list(pledge.indicators.all())
    progress: Fraction | None = None
    if indicators:
        try:
            progress = overall_progress(
                WeightedAchievement(i.weight, i.achievement) for i in indicators
            )
        except ProgressInputError:
            progress = None
    planned = sum(line.amount_won for line in pledge.funding.all() if line.in_term)
    executed = sum(line.amount_won for line in pledge.executions.all())
    return PledgeFigures(progress, planned, executed, execution_rate(executed, planned))


def pledges_with_figures(queryset: QuerySet[Pledge]) -> QuerySet[Pledge]:
    return queryset.select_related("field__goal", "municipality").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk")),
        Prefetch("funding", queryset=FundingPlan.objects.order_by("source", "order")),
        Prefetch("executions", queryset=Execution.objects.order_by("source", "order")),
    )


def pledges_of(municipality: Any) -> list[Pledge]:
    """The municipality's pledges in number order, each with ``.figures`` attached."""
    pledges = list(
        pledges_with_figures(Pledge.objects.filter(municipality=municipality)).order_by("number")
    )
    for pledge in pledges:
        pledge.figures = figures_for(pledge)  # type: ignore[attr-defined]
    return pledges


def pledge_by_number(municipality: Any, number: int) -> Pledge:
    """One pledge with its whole sheet, or 404."""
    pledge = (
        pledges_with_figures(Pledge.objects.filter(municipality=municipality, number=number))
        .prefetch_related(
            "decisions", "tasks", "year_plans", "milestones", "status_changes__changed_by"
        )
        .first()
    )
    if pledge is None:
        raise Http404("pledge")
    pledge.figures = figures_for(pledge)  # type: ignore[attr-defined]
    return pledge


@dataclass
class Rollup:
    """Figures of a group of pledges: average progress, money and status counts."""

    name: str
    count: int = 0
    progress: Fraction | None = None
    planned_won: int = 0
    executed_won: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    children: list[Rollup] = field(default_factory=list)

    @property
    def execution(self) -> Fraction | None:
        return execution_rate(self.executed_won, self.planned_won)

    @property
    def progress_percent(self) -> Decimal | None:
        return as_percent(self.progress)

    @property
    def execution_rate_percent(self) -> Decimal | None:
        return as_percent(self.execution)


def _rollup(name: str, pledges: Iterable[Pledge]) -> Rollup:
    items = list(pledges)
    result = Rollup(name=name, count=len(items))
    result.progress = mean(
        p.figures.progress  # type: ignore[attr-defined]
        for p in items
        if p.figures.progress is not None  # type: ignore[attr-defined]
    )
    result.planned_won = sum(p.figures.planned_won for p in items)  # type: ignore[attr-defined]
    result.executed_won = sum(p.figures.executed_won for p in items)  # type: ignore[attr-defined]
    for p in items:
        result.statuses[p.status] = result.statuses.get(p.status, 0) + 1
    return result


def rollups(municipality: Any, pledges: list[Pledge] | None = None) -> list[Rollup]:
    """One roll-up per goal, each with one child per field, in the sheet's order.

    A goal's progress is the mean over its pledges (not over its fields), so that a field of
    eleven pledges weighs more than a field of two, as in the municipality's own report.
    """
    if pledges is None:
        pledges = pledges_of(municipality)
    by_field: dict[int, list[Pledge]] = {}
    for pledge in pledges:
        by_field.setdefault(pledge.field_id, []).append(pledge)
    goals = PledgeGoal.objects.filter(municipality=municipality).order_by("order", "name")
    fields = PledgeField.objects.filter(goal__municipality=municipality).order_by("order", "name")
    fields_of: dict[int, list[PledgeField]] = {}
    for f in fields:
        fields_of.setdefault(f.goal_id, []).append(f)
    out = []
    for goal in goals:
        members = [p for f in fields_of.get(goal.pk, []) for p in by_field.get(f.pk, [])]
        roll = _rollup(goal.name, members)
        roll.children = [
            _rollup(f.name, by_field.get(f.pk, [])) for f in fields_of.get(goal.pk, [])
        ]
        out.append(roll)
    return out


def total_rollup(pledges: list[Pledge]) -> Rollup:
    return _rollup("", pledges)
