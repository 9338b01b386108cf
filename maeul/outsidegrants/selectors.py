"""Reading the register: the filtered list and the yearly statistics, counted from records.

A year's figures count the programmes of that monitoring year (by field), the applications
the district decided to send for them, those selected and the amount awarded, and the
incentives paid for that year's work (Geumcheon-gu paid its 2020 incentives in February 2021:
they count in 2020, the year rewarded).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from maeul.outsidegrants.models import (
    Decision,
    DepartmentIncentive,
    DistrictApplication,
    Field,
    Outcome,
    OutsideProgramme,
)


@dataclass
class YearFigures:
    year: int
    by_field: dict[str, int] = field(default_factory=dict)
    programmes: int = 0
    applied: int = 0
    selected: int = 0
    awarded_won: int = 0
    incentives_won: int = 0

    @property
    def fields_shown(self) -> list[tuple[str, str, int]]:
        """(code, label, count) for every field, in the seed's order, zeros included."""
        return [(code, str(label), self.by_field.get(code, 0)) for code, label in Field.choices]


def register(
    municipality: Any,
    *,
    field_code: str = "",
    status: str = "",
    within_days: int | None = None,
    year: int | None = None,
    on: dt.date | None = None,
) -> QuerySet[OutsideProgramme]:
    rows = OutsideProgramme.objects.filter(municipality=municipality).select_related("application")
    if field_code:
        rows = rows.filter(field=field_code)
    if status:
        rows = rows.filter(status=status)
    if year is not None:
        rows = rows.filter(year=year)
    if within_days is not None and on is not None:
        rows = rows.filter(deadline__gte=on, deadline__lte=on + dt.timedelta(days=within_days))
    return rows.order_by("deadline", "pk")


def yearly(municipality: Any) -> list[YearFigures]:
    """One ``YearFigures`` per year with a programme or an incentive, newest first."""
    years: dict[int, YearFigures] = {}

    def of(year: int) -> YearFigures:
        return years.setdefault(year, YearFigures(year))

    programmes = (
        OutsideProgramme.objects.filter(municipality=municipality)
        .values("year", "field")
        .annotate(n=Count("pk"))
    )
    for prow in programmes:
        figures = of(prow["year"])
        figures.by_field[prow["field"]] = prow["n"]
        figures.programmes += prow["n"]
    applications = (
        DistrictApplication.objects.filter(
            programme__municipality=municipality, decision=Decision.APPLY
        )
        .values("programme__year")
        .annotate(
            applied=Count("pk"),
            selected=Count("pk", filter=Q(outcome=Outcome.SELECTED)),
            awarded=Sum("amount_awarded_won"),
        )
    )
    for arow in applications:
        figures = of(arow["programme__year"])
        figures.applied = arow["applied"]
        figures.selected = arow["selected"]
        figures.awarded_won = int(arow["awarded"] or 0)
    incentives = (
        DepartmentIncentive.objects.filter(municipality=municipality)
        .values("year")
        .annotate(total=Sum("amount_won"))
    )
    for irow in incentives:
        of(irow["year"]).incentives_won = int(irow["total"] or 0)
    return [years[y] for y in sorted(years, reverse=True)]


def incentives_by_department(municipality: Any, year: int) -> list[tuple[str, int]]:
    rows = (
        DepartmentIncentive.objects.filter(municipality=municipality, year=year)
        .values("department")
        .annotate(total=Sum("amount_won"))
        .order_by("-total", "department")
    )
    return [(r["department"], int(r["total"])) for r in rows]


UNLINKED = "unlinked"
"""The ``field`` of the export irow carrying a year's incentives not tied to an application
(an incentive for a department's work as a whole has no programme, so no field)."""


def field_rows(municipality: Any) -> list[tuple[int, str, int, int, int, int, int]]:
    """(year, field, programmes, applied, selected, awarded_won, incentives_won) per year and
    field, oldest year first and fields in the seed's order. Every column adds up over the
    rows of a year to that year's figure: incentives count in the field of the programme
    they reward, and those tied to no application in one ``UNLINKED`` irow."""
    cells: dict[tuple[int, str], list[int]] = {}

    def of(year: int, code: str) -> list[int]:
        return cells.setdefault((year, code), [0, 0, 0, 0, 0])

    for prow in (
        OutsideProgramme.objects.filter(municipality=municipality)
        .values("year", "field")
        .annotate(n=Count("pk"))
    ):
        of(prow["year"], prow["field"])[0] = prow["n"]
    for arow in (
        DistrictApplication.objects.filter(
            programme__municipality=municipality, decision=Decision.APPLY
        )
        .values("programme__year", "programme__field")
        .annotate(
            applied=Count("pk"),
            selected=Count("pk", filter=Q(outcome=Outcome.SELECTED)),
            awarded=Sum("amount_awarded_won"),
        )
    ):
        cell = of(arow["programme__year"], arow["programme__field"])
        cell[1], cell[2], cell[3] = arow["applied"], arow["selected"], int(arow["awarded"] or 0)
    for irow in (
        DepartmentIncentive.objects.filter(municipality=municipality)
        .values("year", "application__programme__field")
        .annotate(total=Sum("amount_won"))
    ):
        code = irow["application__programme__field"] or UNLINKED
        of(irow["year"], code)[4] += int(irow["total"] or 0)
    order = {code: n for n, code in enumerate([*Field.values, UNLINKED])}
    keys = sorted(cells, key=lambda k: (k[0], order[k[1]]))
    return [(year, code, *cells[(year, code)]) for year, code in keys]  # type: ignore[misc]
