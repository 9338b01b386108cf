"""The registered export ``pledges`` (columns fixed by issue 7)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.exports.columns import INTEGER, MUNICIPALITY, PERCENT, TEXT, WON, Column
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
            MUNICIPALITY,
            Column("number", INTEGER, "공약 번호", "Pledge number"),
            Column("title", TEXT, "공약명", "Pledge title"),
            Column(
                "status",
                TEXT,
                "추진 상태 코드(on_track 정상추진, partial 일부추진, on_hold 보류, "
                "completed 완료, adjusted 조정)",
                "Status code (on_track, partial, on_hold, completed, adjusted)",
            ),
            Column("progress_percent", PERCENT, "공약 추진율", "Overall progress"),
            Column("planned_won", WON, "임기 내 계획 금액", "Amount planned in the term"),
            Column("executed_won", WON, "집행 금액", "Amount executed"),
            Column(
                "execution_rate_percent",
                PERCENT,
                "집행률(집행 ÷ 계획)",
                "Execution rate (executed ÷ planned)",
            ),
        ),
        rows=_rows,
        public=True,
    )
)
