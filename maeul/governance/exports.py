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
from maeul.exports.columns import (
    BOOLEAN,
    DECIMAL,
    INTEGER,
    MUNICIPALITY,
    PERCENT,
    TEXT,
    Column,
)
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
    ordered = list(bodies)
    reports = selectors.compositions_for(ordered)
    for body in ordered:
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
            report.ok,
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
            MUNICIPALITY,
            Column("body", TEXT, "협치 기구 이름", "Governance body"),
            Column("members", INTEGER, "현재 위원 수", "Members today", "people"),
            Column("civil", INTEGER, "민간 위원 수", "Civil-society members", "people"),
            Column("council", INTEGER, "의회 위원 수", "Council members", "people"),
            Column("government", INTEGER, "행정(공무원) 위원 수", "Government members", "people"),
            Column("female_percent", PERCENT, "여성 위원 비율", "Share of women members"),
            Column("civil_percent", PERCENT, "민간 위원 비율", "Share of civil-society members"),
            Column(
                "rules_ok",
                BOOLEAN,
                "구성 규칙(성별 균형, 민간 비율)을 지키는지",
                "Whether the body meets its composition rules (gender balance, civil share)",
            ),
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
            Column("municipality", TEXT, "시·도 이름(한글)", "Name of the city, in Korean"),
            Column(
                "district",
                TEXT,
                "자치구 이름, 또는 합계 행 TOTAL·평균 행 MEAN",
                "District name, or the TOTAL and MEAN rows",
            ),
            Column("period", TEXT, "기간(연도)", "Period (calendar year)"),
            Column("attendance_rate_all", PERCENT, "참석률(전체)", "Attendance rate, everyone"),
            Column("attendance_rate_gov", PERCENT, "참석률(행정)", "Attendance rate, government"),
            Column(
                "attendance_rate_civil", PERCENT, "참석률(민간)", "Attendance rate, civil society"
            ),
            Column(
                "attended_all",
                DECIMAL,
                "참석 인원(전체; 평균 행은 소수)",
                "Attended, everyone (decimal on MEAN rows)",
                "people",
            ),
            Column("attended_gov", DECIMAL, "참석 인원(행정)", "Attended, government", "people"),
            Column(
                "attended_civil", DECIMAL, "참석 인원(민간)", "Attended, civil society", "people"
            ),
            Column("hours", DECIMAL, "진행 시간 합계", "Hours of deliberation", "hours"),
            Column(
                "meetings",
                DECIMAL,
                "회의 수(평균 행은 소수)",
                "Meetings (decimal on MEAN rows)",
                "meetings",
            ),
            Column("hours_per_meeting", DECIMAL, "회의당 진행 시간", "Hours per meeting", "hours"),
        ),
        rows=stats_rows,
        public=True,
    )
)
