"""Server-rendered SVG charts of the statistics page (no JavaScript, no inline styles).

Grouped horizontal bars: for each district its overall, government and civil attendance rate.
The scale runs to the largest rate (rates above 100% exist: walk-ins), with a marked 100%
line. The same numbers are in the table beside the chart, so the SVG is one labelled image.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from maeul.engine.scoring import ShownRow

ROW = 42
LABEL = 90
WIDTH = 420
BAR = 11


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    css: str
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    labels: list[tuple[int, str]]
    bars: list[Bar]
    hundred_x: int


def rate_chart(rows: Sequence[ShownRow]) -> Chart | None:
    """Bars of rate_all, rate_government and rate_civil per district row."""
    if not rows:
        return None
    top = max(
        [Decimal(100)]
        + [v for r in rows for v in (r.rate_all, r.rate_government, r.rate_civil) if v is not None]
    )
    span = WIDTH - LABEL - 50
    bars: list[Bar] = []
    labels: list[tuple[int, str]] = []
    for index, row in enumerate(rows):
        y = 6 + index * ROW
        labels.append((y + 19, row.label))
        for offset, (value, css) in enumerate(
            ((row.rate_all, "all"), (row.rate_government, "gov"), (row.rate_civil, "civil"))
        ):
            if value is None:
                continue
            length = int(value * span / top)
            bars.append(Bar(LABEL, y + offset * (BAR + 1), max(length, 1), BAR, css, f"{value}%"))
    return Chart(WIDTH, 12 + len(rows) * ROW, labels, bars, LABEL + int(Decimal(100) * span / top))
