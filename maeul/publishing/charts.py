"""Server-rendered SVG bar charts for the dashboard (no JavaScript, no inline styles: the CSP
forbids both). Made for a phone first: each bar has its label on a line above it and its
value at its end, so nothing has to be read sideways or hovered, and the chart scales to
the screen's width. The same numbers are in the table under every chart.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from maeul.publishing.figures import Chart

WIDTH = 360
LABEL_LINE = 16
BAR = 14
STEP = LABEL_LINE + BAR + 8
VALUE_ROOM = 90
LABEL_CHARS = 26


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def svg(chart: Chart) -> SafeString:
    """The chart as an accessible SVG image (its title is its name for screen readers)."""
    maximum = max((bar.value for bar in chart.bars), default=Decimal(0))
    room = WIDTH - VALUE_ROOM
    parts = []
    for index, bar in enumerate(chart.bars):
        y = 4 + index * STEP
        share = Decimal(0) if maximum <= 0 else max(Decimal(0), bar.value / maximum)
        length = max(1, int(share * room)) if bar.value > 0 else 0
        parts.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" class="chart-track"/>'
                '<rect x="0" y="{}" width="{}" height="{}" class="chart-bar"/>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                y + LABEL_LINE - 4,
                _short(bar.label),
                y + LABEL_LINE,
                room,
                BAR,
                y + LABEL_LINE,
                length,
                BAR,
                length + 6,
                y + LABEL_LINE + BAR - 2,
                bar.shown,
            )
        )
    height = 8 + len(chart.bars) * STEP
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        WIDTH,
        height,
        chart.title,
        chart.title,
        format_html_join("", "{}", ((p,) for p in parts)),
    )
