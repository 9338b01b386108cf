"""The ``points-summary`` export (see selectors.summary_rows for its periods)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.exports.columns import INTEGER, MUNICIPALITY, TEXT, Column
from maeul.exports.registry import ExportTable, register
from maeul.places.models import Municipality
from maeul.points.selectors import summary_rows

register(
    ExportTable(
        name="points-summary",
        title=_("Participation points awarded"),
        description=_(
            "Residents awarded points and points awarded, per calendar year to date "
            "(e.g. 2020-01..2020-10) and per month."
        ),
        columns=(
            MUNICIPALITY,
            Column(
                "period",
                TEXT,
                "기간(연초부터 누계 2020-01..2020-10, 또는 월 2020-03)",
                "Period (year to date 2020-01..2020-10, or a month 2020-03)",
            ),
            Column(
                "residents", INTEGER, "포인트를 받은 주민 수", "Residents awarded points", "people"
            ),
            Column("points", INTEGER, "지급된 포인트", "Points awarded", "points"),
        ),
        rows=summary_rows,
    )
)


SUPPRESS_BELOW = 5
"""A period with fewer residents awarded than this shows neither count: with one or two
residents the points figure would be what those people earned."""


def _issued_rows(municipality: Municipality | None) -> Iterator[list[Any]]:
    """``summary_rows`` with small periods left empty, and their complement too: a year's
    points are the sum of its months, so when exactly one month of a shown year is hidden,
    the smallest shown month is hidden with it (else the hidden one is the year minus the
    others)."""
    group: list[list[Any]] = []
    for row in summary_rows(municipality):
        if ".." in str(row[1]) and group:
            yield from _suppressed(group)
            group = []
        group.append(list(row))
    if group:
        yield from _suppressed(group)


def _suppressed(group: list[list[Any]]) -> list[list[Any]]:
    """One municipality's year row followed by its month rows."""
    year, months = group[0], group[1:]
    small = [row for row in months if row[2] < SUPPRESS_BELOW]
    shown = [row for row in months if row[2] >= SUPPRESS_BELOW]
    hide = {id(row) for row in small}
    if year[2] >= SUPPRESS_BELOW and len(small) == 1 and shown:
        hide.add(id(min(shown, key=lambda row: (row[2], row[3], row[1]))))
    out = [[*year[:2], None, None] if year[2] < SUPPRESS_BELOW else year]
    out += [[*row[:2], None, None] if id(row) in hide else row for row in months]
    return out


register(
    ExportTable(
        name="points-issued",
        title=_("Participation points issued"),
        description=_(
            "Residents awarded participation points and points awarded, per calendar year to "
            "date and per month; a period with fewer than five residents is left empty."
        ),
        columns=(
            MUNICIPALITY,
            Column(
                "period",
                TEXT,
                "기간(연초부터 누계 2020-01..2020-10, 또는 월 2020-03)",
                "Period (year to date 2020-01..2020-10, or a month 2020-03)",
            ),
            Column(
                "residents",
                INTEGER,
                "포인트를 받은 주민 수(5명 미만은 비움)",
                "Residents awarded points (empty under 5)",
                "people",
            ),
            Column(
                "points",
                INTEGER,
                "지급된 포인트(받은 주민 5명 미만은 비움)",
                "Points awarded (empty when under 5 residents)",
                "points",
            ),
        ),
        rows=_issued_rows,
        public=True,
    )
)
