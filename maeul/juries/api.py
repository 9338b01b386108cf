"""Public, read-only API of juries: each jury, its draw record (pseudonymous codes only), its
published opinions, half-yearly reports and field monitoring visits. Unpublished opinions,
reports and visits and volunteers' details are never served."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from maeul.api.paging import Mapped, paginated
from maeul.juries.models import Draw, Jury
from maeul.juries.selectors import (
    jury_for,
    published_opinions,
    published_reports,
    published_visits,
)
from maeul.places.models import Municipality

router = Router()
PREFIX = "/juries"
TAGS = ["juries"]


class JuryOut(Schema):
    id: int
    municipality: str
    name: str
    phase: str
    panel_size: int
    reserve_count: int
    term_months: int
    term_start: date | None
    term_end: date | None
    grade_scale: list[str]


class DrawOut(Schema):
    algorithm: str
    engine_version: str
    inputs_sha256: str
    seed: int
    panel: list[str]
    reserves: list[str]
    min_probability: float
    drawn_at: datetime


class OpinionOut(Schema):
    pledge_number: int
    pledge_title: str
    grade: str
    recommendation: str
    text: str
    reviews: int
    mayor_answer: str
    published_at: datetime


class ReportOut(Schema):
    id: int
    year: int
    half: int
    title: str
    summary: str
    recommendations: str
    presented_on: date | None
    published_at: datetime


class VisitOut(Schema):
    visited_on: date
    place: str
    subgroup: int | None
    checked: str
    findings: str
    published_at: datetime


def _jury(j: Jury) -> dict[str, object]:
    return {
        "id": j.pk,
        "municipality": j.municipality.name,
        "name": j.name,
        "phase": j.phase,
        "panel_size": j.panel_size,
        "reserve_count": j.reserve_count,
        "term_months": j.term_months,
        "term_start": j.term_start,
        "term_end": j.term_end,
        "grade_scale": j.grades(),
    }


@router.get("/of/{code}", response=list[JuryOut], auth=None)
@paginated
def list_juries(request: HttpRequest, code: str) -> Mapped:
    """The juries of a municipality (slug or administrative code), newest first, in pages."""
    municipality = (
        Municipality.objects.filter(slug=code).first()
        or Municipality.objects.filter(admin_code=code).first()
    )
    if municipality is None:
        raise Http404(code)
    juries = Jury.objects.filter(municipality=municipality).select_related("municipality")
    return Mapped(juries.order_by("-recruitment_year", "name", "pk"), _jury)


@router.get("/{jury_id}", response=JuryOut, auth=None)
def get_jury(request: HttpRequest, jury_id: int) -> dict[str, object]:
    return _jury(jury_for(request.user, jury_id))


@router.get("/{jury_id}/draw", response=DrawOut, auth=None)
def get_draw(request: HttpRequest, jury_id: int) -> Draw:
    """The lottery's public record: enough to check a replay of the published inputs."""
    record = Draw.objects.filter(jury=jury_for(request.user, jury_id)).first()
    if record is None:
        raise Http404("draw")
    return record


@router.get("/{jury_id}/opinions", response=list[OpinionOut], auth=None)
@paginated
def list_opinions(request: HttpRequest, jury_id: int) -> Mapped:
    """The jury's published opinions with the mayor's office's answers, in pages."""
    return Mapped(
        published_opinions(jury_for(request.user, jury_id)).order_by("pledge__number", "pk"),
        lambda o: {
            "pledge_number": o.pledge.number,
            "pledge_title": o.pledge.title,
            "grade": o.grade,
            "recommendation": o.recommendation,
            "text": o.text,
            "reviews": o.reviews_count,
            "mayor_answer": o.mayor_answer,
            "published_at": o.published_at,
        },
    )


@router.get("/{jury_id}/reports", response=list[ReportOut], auth=None)
@paginated
def list_reports(request: HttpRequest, jury_id: int) -> Mapped:
    """The jury's published half-yearly reports, oldest period first, in pages."""
    return Mapped(
        published_reports(jury_for(request.user, jury_id)).order_by("year", "half", "pk"),
        lambda r: {
            "id": r.pk,
            "year": r.year,
            "half": r.half,
            "title": r.title,
            "summary": r.summary,
            "recommendations": r.recommendations,
            "presented_on": r.presented_on,
            "published_at": r.published_at,
        },
    )


@router.get("/{jury_id}/visits", response=list[VisitOut], auth=None)
@paginated
def list_visits(request: HttpRequest, jury_id: int) -> Mapped:
    """The jury's published field monitoring visits, in date order, in pages."""
    return Mapped(
        published_visits(jury_for(request.user, jury_id)).order_by("visited_on", "pk"),
        lambda v: {
            "visited_on": v.visited_on,
            "place": v.place,
            "subgroup": v.subgroup.number if v.subgroup else None,
            "checked": v.checked,
            "findings": v.findings,
            "published_at": v.published_at,
        },
    )
