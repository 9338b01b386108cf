"""The registered export ``resident-reports`` (columns fixed by issue 19): per municipality
and year, the reports received, handled (closed that year), the median days to close and
how many were overdue."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.exports.columns import DECIMAL, INTEGER, MUNICIPALITY, Column
from maeul.exports.registry import ExportTable, register
from maeul.places.models import Municipality
from maeul.reports.models import Report
from maeul.reports.selectors import yearly


def _rows(municipality: Any) -> Iterator[list[Any]]:
    with_reports = Report.objects.values_list("municipality_id", flat=True).distinct()
    places = Municipality.objects.filter(pk__in=with_reports)
    if municipality is not None:
        places = places.filter(path__startswith=municipality.path)
    for place in places.order_by("path"):
        for figures in yearly(place, within=False):
            median = figures.median_days
            yield [
                place.name,
                figures.year,
                figures.received,
                figures.handled,
                "" if median is None else median,
                figures.overdue,
            ]


register(
    ExportTable(
        name="resident-reports",
        title=_("Residents' reports"),
        description=_(
            "Per municipality and year: reports received, handled (closed that year), the "
            "median days from receipt to closing, and how many missed their deadline."
        ),
        columns=(
            MUNICIPALITY,
            Column("year", INTEGER, "연도", "Year"),
            Column("received", INTEGER, "접수 건수", "Reports received", "items"),
            Column("handled", INTEGER, "처리(종결) 건수", "Reports handled (closed)", "items"),
            Column(
                "median_days",
                DECIMAL,
                "접수부터 종결까지 일수의 중앙값(처리 건이 없으면 빈칸)",
                "Median days from receipt to closing (empty when none was handled)",
                "days",
            ),
            Column(
                "overdue",
                INTEGER,
                "기한을 넘겨 처리됐거나 기한이 지난 미처리 건수",
                "Closed after the deadline, or open past it",
                "items",
            ),
        ),
        rows=_rows,
        public=True,
    )
)
