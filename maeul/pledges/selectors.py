"""Read side of pledges: figures per pledge and roll-ups by field and goal.

Every figure is computed from the raw inputs of the sheet through ``maeul.pledges.progress``
(never stored), with a fixed number of queries per page: the pledges of a municipality come
with their indicators, funding lines and executions prefetched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet
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

    # Cached: the dashboard's row reads each percent up to three times, for every pledge.
    @cached_property
    def progress_percent(self) -> Decimal | None:
        return as_percent(self.progress)

    @cached_property
    def execution_rate_percent(self) -> Decimal | None:
        return as_percent(self.execution)


def figures_for(pledge: Pledge) -> PledgeFigures:
    """Figures from prefetched (or fetched) indicators, funding and executions."""
    return figures_from(
        [(i.weight, i.achievement) for i in pledge.indicators.all()],
        [(line.in_term, line.amount_won) for line in pledge.funding.all()],
        [line.amount_won for line in pledge.executions.all()],
    )


def figures_from(
    indicators: list[tuple[Any, Any]], funding: list[tuple[bool, int]], executions: list[int]
) -> PledgeFigures:
    """Figures from the raw inputs: (weight, achievement) per indicator, (in term, amount)
    per funding line and the executed amounts."""
    progress: Fraction | None = None
    if indicators:
        try:
            progress = overall_progress(WeightedAchievement(w, a) for w, a in indicators)
        except ProgressInputError:
            progress = None
    planned = sum(amount for in_term, amount in funding if in_term)
    executed = sum(executions)
    return PledgeFigures(progress, planned, executed, execution_rate(executed, planned))


def pledges_with_figures(queryset: QuerySet[Pledge]) -> QuerySet[Pledge]:
    return queryset.select_related("field__goal", "municipality").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk")),
        Prefetch("funding", queryset=FundingPlan.objects.order_by("source", "order")),
        Prefetch("executions", queryset=Execution.objects.order_by("source", "order")),
    )


def pledges_of(municipality: Any) -> list[Pledge]:
    """The municipality's pledges in number order, each with ``.figures`` attached.

    The roll-ups need every pledge, so its inputs are read as plain rows (four queries in
    all), not as some thousand model instances through prefetching: building those was most
    of the page's server CPU (issue 23). The figures are the same (``figures_from``)."""
    return with_figures(
        list(
            Pledge.objects.filter(municipality=municipality)
            .select_related("field__goal", "municipality")
            .order_by("number")
        )
    )


def with_figures(pledges: list[Pledge]) -> list[Pledge]:
    """``pledges`` with ``.figures`` attached, from their inputs read as plain rows (three
    queries whatever the number): the dashboard's page of pledges and ``pledges_of``."""
    ids = [p.pk for p in pledges]
    indicators: dict[int, list[tuple[Any, Any]]] = defaultdict(list)
    for pledge_id, weight, numerator, denominator in (
        Indicator.objects.filter(pledge_id__in=ids)
        .order_by("order", "pk")
        .values_list("pledge_id", "weight", "achievement_numerator", "achievement_denominator")
    ):
        indicators[pledge_id].append((weight, Fraction(numerator, denominator)))
    funding: dict[int, list[tuple[bool, int]]] = defaultdict(list)
    for pledge_id, in_term, amount in FundingPlan.objects.filter(pledge_id__in=ids).values_list(
        "pledge_id", "in_term", "amount_won"
    ):
        funding[pledge_id].append((in_term, amount))
    executions: dict[int, list[int]] = defaultdict(list)
    for pledge_id, amount in Execution.objects.filter(pledge_id__in=ids).values_list(
        "pledge_id", "amount_won"
    ):
        executions[pledge_id].append(amount)
    for pledge in pledges:
        pledge.figures = figures_from(  # type: ignore[attr-defined]
            indicators[pledge.pk], funding[pledge.pk], executions[pledge.pk]
        )
    return pledges


def pledges_listed(municipality: Any) -> QuerySet[Pledge]:
    """The municipality's pledges in number order, for the dashboard's paged list."""
    return (
        Pledge.objects.filter(municipality=municipality)
        .select_related("field__goal")
        .order_by("number")
    )


def dashboard_fingerprint(municipality: Any) -> str:
    """What the dashboard's summary depends on, in one aggregate query: the number of the
    municipality's pledges and the last time any of them changed.

    Every change the summary shows moves a pledge's ``updated_at``: the pledge's own saves
    (auto_now), its sheet's tables and indicators (the services save the pledge, and
    ``maeul.pledges.signals`` touches it for any other save or delete of a row), and a
    goal's or field's rename (the signals touch that goal's or field's pledges). The
    summary is cached under this fingerprint, so a change shows at once on every server
    process, with no cache to clear."""
    row = Pledge.objects.filter(municipality=municipality).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    last = row["last"].isoformat() if row["last"] is not None else "-"
    return f"{row['n']}:{last}"


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
