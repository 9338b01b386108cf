"""Reading residents' reports: the officials' queue, a citizen auditor's assignments and
the statistics (counts by category, dong, month and status; days to close as median and 90th
percentile; received, handled and overdue per year).

Days to close are calendar days from receipt to the answer, transfer or dismissal. "Handled"
in a year means closed in that year. "Overdue" counts the reports received in the year that
were closed after their deadline or are still open past it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from maeul.reports.models import CLOSED_STATES, OPEN_STATES, Report


def queue(municipality: Any) -> QuerySet[Report]:
    """The reports of ``municipality`` and the places below it, newest first."""
    return (
        Report.objects.filter(municipality__path__startswith=municipality.path)
        .select_related("municipality", "dong", "auditor")
        .order_by("-received_on", "-pk")
    )


def assigned_to(user: Any) -> QuerySet[Report]:
    return (
        Report.objects.filter(auditor_id=user.pk)
        .select_related("municipality", "dong")
        .order_by("-received_on", "-pk")
    )


def median(values: list[int]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return Decimal(ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: list[int], share: int) -> int | None:
    """The nearest-rank percentile: the smallest value with at least ``share``% of the values
    at or below it (no interpolation, so it is always a number of days that occurred)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered) / 100))
    return ordered[rank - 1]


@dataclass
class YearFigures:
    year: int
    received: int = 0
    handled: int = 0
    overdue: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def median_days(self) -> Decimal | None:
        return median(self.days)

    @property
    def p90_days(self) -> int | None:
        return percentile(self.days, 90)


@dataclass
class Statistics:
    years: list[YearFigures]
    by_category: dict[str, int]
    by_dong: dict[str, int]
    by_month: dict[str, int]
    by_status: dict[str, int]
    median_days: Decimal | None
    p90_days: int | None
    total: int


def _rows(municipality: Any, year: int | None = None, *, within: bool = True) -> list[Report]:
    if within:
        rows = Report.objects.filter(municipality__path__startswith=municipality.path)
    else:
        rows = Report.objects.filter(municipality=municipality)
    if year is not None:
        rows = rows.filter(received_on__year=year)
    return list(rows.select_related("dong").order_by("received_on", "pk"))


def yearly(
    municipality: Any, *, on: dt.date | None = None, within: bool = True
) -> list[YearFigures]:
    """Figures per year of the reports of ``municipality`` (and, ``within``, below it)."""
    from maeul.reports.services import today

    day = on or today()
    found: dict[int, YearFigures] = {}
    for report in _rows(municipality, within=within):
        received = found.setdefault(report.received_on.year, YearFigures(report.received_on.year))
        received.received += 1
        if report.is_overdue(day):
            received.overdue += 1
        if report.status in CLOSED_STATES and report.closed_on is not None:
            closed = found.setdefault(report.closed_on.year, YearFigures(report.closed_on.year))
            closed.handled += 1
            closed.days.append(report.days_to_close() or 0)
    return [found[year] for year in sorted(found)]


def statistics(
    municipality: Any, *, year: int | None = None, on: dt.date | None = None
) -> Statistics:
    rows = _rows(municipality, year)
    days = [r.days_to_close() or 0 for r in rows if r.status in CLOSED_STATES and r.closed_on]
    return Statistics(
        years=yearly(municipality, on=on),
        by_category=dict(Counter(str(r.get_category_display()) for r in rows)),
        by_dong=dict(sorted(Counter(r.dong.name if r.dong else "—" for r in rows).items())),
        by_month=dict(sorted(Counter(r.received_on.strftime("%Y-%m") for r in rows).items())),
        by_status=dict(Counter(str(r.get_status_display()) for r in rows)),
        median_days=median(days),
        p90_days=percentile(days, 90),
        total=len(rows),
    )


def open_count(municipality: Any) -> int:
    return queue(municipality).filter(status__in=OPEN_STATES).count()
