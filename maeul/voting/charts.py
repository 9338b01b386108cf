"""Server-rendered SVG bar charts (no script, no CDN; the CSP forbids inline styles)."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 180
BAR_WIDTH = 300


def bar_chart(title: str, rows: Sequence[tuple[str, int, str]]) -> SafeString:
    """Horizontal bars: ``rows`` are (label, value, value text). Accessible by its title."""
    top = max((value for _label, value, _text in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 90
    bars = format_html_join(
        "",
        '<g><text x="0" y="{}" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text></g>',
        (
            (
                GAP + i * (BAR_HEIGHT + GAP) + BAR_HEIGHT * 0.7,
                label[:22],
                LABEL_WIDTH,
                GAP + i * (BAR_HEIGHT + GAP),
                round(BAR_WIDTH * value / top, 1),
                BAR_HEIGHT,
                LABEL_WIDTH + round(BAR_WIDTH * value / top, 1) + 6,
                GAP + i * (BAR_HEIGHT + GAP) + BAR_HEIGHT * 0.7,
                text,
            )
            for i, (label, value, text) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{id}" viewBox="0 0 {w} {h}" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{id}">{title}</title>{bars}</svg>',
        # crc32, not hash(): the id must not change between processes (hash() is salted).
        id=f"chart-{zlib.crc32(title.encode()):08x}",
        w=width,
        h=height,
        title=title,
        bars=bars,
    )
