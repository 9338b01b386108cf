"""Server-rendered SVG bar charts (no JavaScript, no inline styles: the CSP forbids both).

A chart is a list of labelled percentages drawn as horizontal bars; the numbers are also in
the accessible table next to it, so the SVG is marked as an image with a title.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ROW = 28
LABEL_WIDTH = 150
BAR_WIDTH = 300
WIDTH = LABEL_WIDTH + BAR_WIDTH + 60


def bar_chart(title: str, items: Sequence[tuple[str, Decimal | None]]) -> SafeString:
    """Horizontal bars, 0-100 %, one per (label, percent); a missing value draws no bar."""
    height = ROW * len(items) + 10
    bars = []
    for index, (label, value) in enumerate(items):
        y = 5 + index * ROW
        percent = Decimal(0) if value is None else max(Decimal(0), min(Decimal(100), value))
        length = int(percent * BAR_WIDTH / 100)
        shown = "–" if value is None else f"{value}%"
        bars.append(
            (
                LABEL_WIDTH - 8,
                y + 17,
                label,
                LABEL_WIDTH,
                y + 4,
                BAR_WIDTH,
                LABEL_WIDTH,
                y + 4,
                length,
                LABEL_WIDTH + BAR_WIDTH + 6,
                y + 17,
                shown,
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="16" class="chart-track"/>'
        '<rect x="{}" y="{}" width="{}" height="16" class="chart-bar"/>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        bars,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        WIDTH,
        height,
        title,
        title,
        body,
    )
