"""Server-rendered SVG charts of survey results (no JavaScript, no inline styles: the CSP
forbids both). Each bar is labelled and the same numbers are in the table beside the chart,
so the SVG is an image with a title for screen readers.

A chart compares the groups: for a scale, one bar per group with its mean; for a choice,
one row per option with a bar per group (participants, then the general public).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from maeul.surveys.selectors import QuestionResult

BAR = 14
GAP = 6
LABEL_WIDTH = 180
BAR_WIDTH = 220
LABEL_CHARS = 12
WIDTH = LABEL_WIDTH + BAR_WIDTH + 60
GROUP_CLASSES = {"participants": "chart-bar", "general_public": "chart-bar-alt"}


def _svg(title: str, height: int, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        WIDTH,
        height,
        title,
        title,
        body,
    )


def _rows(rows: Sequence[tuple[str, Sequence[tuple[str, Decimal, Decimal, str]]]]) -> SafeString:
    """``rows``: (label, [(css class, value, maximum, shown text)...]) drawn as a labelled
    block of bars, one per group."""
    parts = []
    y = 4
    for label, bars in rows:
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
                LABEL_WIDTH - 8,
                y + BAR,
                label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…",
            )
        )
        for css, value, maximum, shown in bars:
            share = Decimal(0) if not maximum else max(Decimal(0), min(value / maximum, Decimal(1)))
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="chart-track"/>'
                    '<rect x="{}" y="{}" width="{}" height="{}" class="{}"/>'
                    '<text x="{}" y="{}" class="chart-value">{}</text>',
                    LABEL_WIDTH,
                    y,
                    BAR_WIDTH,
                    BAR,
                    LABEL_WIDTH,
                    y,
                    int(share * BAR_WIDTH),
                    BAR,
                    css,
                    LABEL_WIDTH + BAR_WIDTH + 6,
                    y + BAR - 2,
                    shown,
                )
            )
            y += BAR + 2
        y += GAP
    return format_html_join("", "{}", ((p,) for p in parts))


def _height(rows: Sequence[tuple[str, Sequence[object]]]) -> int:
    return 8 + sum(len(bars) * (BAR + 2) + GAP for _, bars in rows)


def question_chart(result: QuestionResult, title: str) -> SafeString | None:
    """The comparison chart of one question, or None (open text, or nothing to show)."""
    groups = [
        g for g in result.groups if g.group in GROUP_CLASSES and g.respondents and not g.hidden
    ]
    if not groups or result.question.kind == "text":
        return None
    rows: list[tuple[str, list[tuple[str, Decimal, Decimal, str]]]] = []
    if result.question.kind == "scale":
        maximum = Decimal(result.question.scale_max or 1)
        rows = [
            (g.label, [(GROUP_CLASSES[g.group], g.mean or Decimal(0), maximum, f"{g.mean}")])
            for g in groups
        ]
    else:
        for index, option in enumerate(result.question.options.all()):
            bars = []
            for g in groups:
                share = g.shares[index]
                bars.append(
                    (
                        GROUP_CLASSES[g.group],
                        share.percent or Decimal(0),
                        Decimal(100),
                        f"{share.percent}%",
                    )
                )
            rows.append((option.label, bars))
    return _svg(title, _height(rows), _rows(rows))
