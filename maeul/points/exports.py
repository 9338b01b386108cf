"""The ``points-summary`` export (see selectors.summary_rows for its periods)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maeul.exports.columns import INTEGER, MUNICIPALITY, TEXT, Column
from maeul.exports.registry import ExportTable, register
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
