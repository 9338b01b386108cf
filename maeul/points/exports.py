"""The ``points-summary`` export (see selectors.summary_rows for its periods)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
        columns=("municipality", "period", "residents", "points"),
        rows=summary_rows,
    )
)
