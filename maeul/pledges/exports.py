"""The registered export ``pledges`` (columns fixed by issue 7)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.exports.registry import ExportTable, register
from maeul.pledges.models import Pledge
from maeul.pledges.progress import as_percent
from maeul.pledges.selectors import figures_for, pledges_with_figures


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _rows(municipality: Any) -> Iterator[list[Any]]:
    queryset = Pledge.objects.all()
    if municipality is not None:
        queryset = queryset.filter(municipality__in=municipality.subtree())
    for pledge in pledges_with_figures(queryset).order_by("municipality__path", "number"):
        figures = figures_for(pledge)
        yield [
            pledge.municipality.name,
            pledge.number,
            pledge.title,
            pledge.status,
            _text(as_percent(figures.progress)),
            figures.planned_won,
            figures.executed_won,
            _text(as_percent(figures.execution)),
        ]


register(
    ExportTable(
        name="pledges",
        title=_("Election pledges"),
        description=_("Each pledge's status, overall progress and budget execution in the term."),
        columns=(
            "municipality",
            "number",
            "title",
            "status",
            "progress_percent",
            "planned_won",
            "executed_won",
            "execution_rate_percent",
        ),
        rows=_rows,
        public=True,
    )
)
