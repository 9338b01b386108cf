"""The registered exports ``council-composition`` and ``deliberation-stats``.

Both list public figures (member counts; statistics of accepted quarterly reports), so they
are downloadable by anyone. ``deliberation-stats`` writes one row per district and period
(calendar year) followed by the ``TOTAL`` and ``MEAN`` rows of that period, with the figures
rounded as the city's table rounds them (see maeul.engine.scoring.statistics).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.engine.scoring import percent_text
from maeul.exports.registry import ExportTable, register
from maeul.governance import selectors
from maeul.governance.models import Body
from maeul.places.models import Municipality


def _roots(municipality: Any) -> list[Municipality]:
    if municipality is not None:
        return [municipality]
    return list(Municipality.objects.filter(level=1).order_by("sort_order", "name"))


def composition_rows(municipality: Any) -> Iterator[list[Any]]:
    bodies = Body.objects.select_related("municipality").order_by("municipality__path", "name")
    if municipality is not None:
        bodies = bodies.filter(municipality__in=municipality.subtree())
    bodies = list(bodies)
    reports = selectors.compositions_for(bodies)
    for body in bodies:
        report = reports[body.pk][1]
        counts = report.counts
        yield [
            body.municipality.name,
            body.name,
            counts.members,
            counts.civil,
            counts.council,
            counts.government,
            percent_text(report.female_percent),
            percent_text(report.civil_percent),
            "true" if report.ok else "false",
        ]


def _num(value: Decimal | None) -> str:
    """As published: "" for "–", one decimal kept for rates and hours per meeting."""
    return "" if value is None else str(value)


def _hours(value: Decimal) -> str:
    """Hours without a trailing ".0" ("285", "210.5"), as the city's table writes them."""
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)


def period_rows(
    root: Municipality, period: selectors.Period, *, accepted_only: bool = True
) -> Iterator[list[Any]]:
    """The export's rows of one period: the districts, then TOTAL and MEAN."""
    city = root if root.level == 1 else (root.ancestors() or [root])[0]
    table, _districts = selectors.statistics(root, period, accepted_only=accepted_only)
    for row in table.shown():
        yield [
            city.name,
            row.label,
            period.label,
            _num(row.rate_all),
            _num(row.rate_government),
            _num(row.rate_civil),
            _num(row.attended_total),
            _num(row.attended_government),
            _num(row.attended_civil),
            _hours(row.hours),
            _num(row.meetings),
            _num(row.hours_per_meeting),
        ]


def stats_rows(municipality: Any) -> Iterator[list[Any]]:
    for root in _roots(municipality):
        for year in sorted(selectors.periods_with_sessions(root)):
            yield from period_rows(root, selectors.Period(year))


COMPOSITION = register(
    ExportTable(
        name="council-composition",
        title=_("Council composition"),
        description=_(
            "Members of every governance body today by sector, the female and civil shares, "
            "and whether the body meets its composition rules."
        ),
        columns=(
            "municipality",
            "body",
            "members",
            "civil",
            "council",
            "government",
            "female_percent",
            "civil_percent",
            "rules_ok",
        ),
        rows=composition_rows,
        public=True,
    )
)

STATISTICS = register(
    ExportTable(
        name="deliberation-stats",
        title=_("Deliberation statistics"),
        description=_(
            "Attendance rates, attended counts, hours and meetings of deliberation sessions "
            "per district and year (accepted quarterly reports), with TOTAL and MEAN rows."
        ),
        columns=(
            "municipality",
            "district",
            "period",
            "attendance_rate_all",
            "attendance_rate_gov",
            "attendance_rate_civil",
            "attended_all",
            "attended_gov",
            "attended_civil",
            "hours",
            "meetings",
            "hours_per_meeting",
        ),
        rows=stats_rows,
        public=True,
    )
)
