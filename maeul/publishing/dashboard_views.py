"""The municipality dashboard: every programme's figures with charts, tables and downloads,
public like the catalogue; a city also compares its districts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maeul.exports.writers import FORMATS
from maeul.publishing import charts
from maeul.publishing.catalogue import available_years, datasets
from maeul.publishing.figures import districts, sections
from maeul.publishing.views import _resolved


@require_GET
@_resolved
def dashboard(request: HttpRequest, municipality: Any, year: int | None = None) -> HttpResponse:
    shown = [
        (section, [(chart, charts.svg(chart)) for chart in section.charts])
        for section in sections(municipality, year)
    ]
    comparison = districts(municipality, year) if municipality.level == 1 else None
    return render(
        request,
        "publishing/dashboard.html",
        {
            "municipality": municipality,
            "formats": FORMATS,
            "year": year,
            "years": available_years(datasets(municipality)),
            "sections": shown,
            "comparison": comparison,
            "comparison_svg": charts.svg(comparison.chart) if comparison else "",
        },
    )
