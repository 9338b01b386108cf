"""API of residents' reports: a municipality's yearly figures (public) and reading a report
by its tracking code (public, rate-limited; a wrong code answers 404 like a missing one)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema

from maeul.api.paging import paginated
from maeul.api.schemas import ErrorOut
from maeul.core.ratelimit import client_ip, over_limit, rate_limit_message
from maeul.places.models import Municipality
from maeul.places.selectors import municipality_by_code
from maeul.reports import selectors, services
from maeul.reports.selectors import YearFigures
from maeul.reports.views import TRACK_LIMIT

router = Router()
PREFIX = "/reports"
TAGS = ["reports"]


class ReportYearOut(Schema):
    year: int
    received: int
    handled: int
    median_days: str | None
    p90_days: int | None
    overdue: int


class TrackIn(Schema):
    code: str


class ReportEventOut(Schema):
    status: str
    on: dt.date


class TrackedReportOut(Schema):
    municipality: str
    category: str
    title: str
    status: str
    received_on: dt.date
    due_on: dt.date
    closed_on: dt.date | None
    answer: str
    reason: str
    transferred_to: str
    events: list[ReportEventOut]


def _year(figures: YearFigures) -> dict[str, object]:
    median = figures.median_days
    return {
        "year": figures.year,
        "received": figures.received,
        "handled": figures.handled,
        "median_days": None if median is None else str(median),
        "p90_days": figures.p90_days,
        "overdue": figures.overdue,
    }


@router.get("/{code}/years", response=list[ReportYearOut], auth=None)
@paginated
def report_years(request: HttpRequest, code: str) -> list[dict[str, object]]:
    """Per year: received, handled (closed that year), median and 90th-percentile days to
    close, overdue; code: the municipality's slug or administrative code."""
    try:
        municipality = municipality_by_code(code)
    except Municipality.DoesNotExist:
        raise Http404(code) from None
    return [_year(figures) for figures in selectors.yearly(municipality)]


@router.post("/track", response={200: TrackedReportOut, 404: ErrorOut, 429: ErrorOut}, auth=None)
def track_report(request: HttpRequest, payload: TrackIn) -> dict[str, object] | HttpResponse:
    """A report's status, history and answer by its tracking code. No report and no code
    answer the same 404."""
    wait = over_limit("reports.track", [(f"ip:{client_ip(request)}", TRACK_LIMIT, 600)])
    if wait:
        response = JsonResponse(
            {"code": "rate_limited", "message": rate_limit_message(wait), "field": None},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    report = services.find_by_code(payload.code[:40])
    if report is None:
        raise Http404("report")
    return {
        "municipality": report.municipality.name,
        "category": report.category,
        "title": report.title,
        "status": report.status,
        "received_on": report.received_on,
        "due_on": report.due_on,
        "closed_on": report.closed_on,
        "answer": report.answer,
        "reason": report.reason,
        "transferred_to": report.transferred_to,
        "events": [{"status": e.status, "on": e.on} for e in report.events.all()],
    }
