"""Public, read-only API of governance bodies, composition and deliberation statistics.

Everything here is public data (members of councils, statistics of accepted quarterly
reports), so no authentication; the officials' workflow (imports, reviews) stays on the
screens. Unknown municipalities and bodies answer 404 ``{"code","message","field"}``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from maeul.api.paging import Mapped, paginated
from maeul.engine.scoring import percent_text
from maeul.governance import selectors
from maeul.governance.models import Body
from maeul.places.models import Municipality
from maeul.places.selectors import municipality_by_code

router = Router()
PREFIX = "/governance"
TAGS = ["governance"]


class CompositionRuleOut(Schema):
    code: str
    ok: bool
    value_percent: str
    threshold_percent: str
    explanation: str


class CompositionOut(Schema):
    on: dt.date
    members: int
    civil: int
    council: int
    government: int
    female: int
    male: int
    female_percent: str
    civil_percent: str
    rules_ok: bool
    rules: list[CompositionRuleOut]


class BodyOut(Schema):
    id: int
    name: str
    kind: str
    municipality: str
    parent_id: int | None
    composition: CompositionOut


class MemberOut(Schema):
    name: str
    affiliation: str
    sector: str
    gender: str
    appointment: str
    role: str
    term_start: dt.date
    term_end: dt.date


class BodyDetailOut(BodyOut):
    mandate: str
    meetings_required: int
    meetings_period: str
    term_years: int
    max_consecutive_terms: int
    members: list[MemberOut]


class StatsRowOut(Schema):
    district: str
    attendance_rate_all: str | None
    attendance_rate_gov: str | None
    attendance_rate_civil: str | None
    attended_all: str
    attended_gov: str
    attended_civil: str
    hours: str
    meetings: str
    hours_per_meeting: str | None


class StatsOut(Schema):
    municipality: str
    period: str
    rows: list[StatsRowOut]


def _municipality(code: str) -> Municipality:
    try:
        return municipality_by_code(code)
    except Municipality.DoesNotExist:
        raise Http404(code) from None


def _composition(body: Body, found: tuple[dt.date, Any] | None = None) -> CompositionOut:
    day, report = found or selectors.compositions_for([body])[body.pk]
    c = report.counts
    return CompositionOut(
        on=day,
        members=c.members,
        civil=c.civil,
        council=c.council,
        government=c.government,
        female=c.female,
        male=c.male,
        female_percent=percent_text(report.female_percent),
        civil_percent=percent_text(report.civil_percent),
        rules_ok=report.ok,
        rules=[
            CompositionRuleOut(
                code=r.code,
                ok=r.ok,
                value_percent=percent_text(r.value),
                threshold_percent=percent_text(r.threshold),
                explanation=r.explanation,
            )
            for r in report.results
        ],
    )


def _body(body: Body, found: tuple[dt.date, Any] | None = None) -> BodyOut:
    return BodyOut(
        id=body.pk,
        name=body.name,
        kind=body.kind,
        municipality=body.municipality.code,
        parent_id=body.parent_id,
        composition=_composition(body, found),
    )


@router.get("/bodies", response=list[BodyOut], auth=None)
@paginated
def list_bodies(request: HttpRequest, municipality: str, kind: str | None = None) -> Mapped:
    """Bodies of a municipality (code, identifier or Korean name) and everything below it, in
    pages; the compositions of a page's bodies come from one query."""
    root = _municipality(municipality)
    bodies = Body.objects.filter(municipality__in=root.subtree()).select_related("municipality")
    if kind:
        bodies = bodies.filter(kind=kind)

    def convert(page: list[Body]) -> list[BodyOut]:
        reports = selectors.compositions_for(page)
        return [_body(b, reports[b.pk]) for b in page]

    return Mapped(bodies.order_by("municipality__path", "name", "pk"), convert_rows=convert)


@router.get("/bodies/{body_id}", response=BodyDetailOut, auth=None)
def get_body(request: HttpRequest, body_id: int) -> BodyDetailOut:
    body = Body.objects.select_related("municipality").filter(pk=body_id).first()
    if body is None:
        raise Http404("body")
    base = _body(body)
    members = selectors.active_memberships(body, base.composition.on)
    return BodyDetailOut(
        **base.dict(),
        mandate=body.mandate,
        meetings_required=body.meetings_required,
        meetings_period=body.meetings_period,
        term_years=body.term_years,
        max_consecutive_terms=body.max_consecutive_terms,
        members=[
            MemberOut(
                name=m.person_name,
                affiliation=m.affiliation,
                sector=m.sector,
                gender=m.gender,
                appointment=m.appointment,
                role=m.role,
                term_start=m.term_start,
                term_end=m.effective_end,
            )
            for m in members
        ],
    )


class StatsQuery(Schema):
    municipality: str = Field(max_length=80)
    year: int = Field(ge=2000, le=2100)
    quarter: int | None = Field(default=None, ge=1, le=4)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


@router.get("/statistics", response=StatsOut, auth=None)
def get_statistics(request: HttpRequest, query: Query[StatsQuery]) -> StatsOut:
    """The deliberation table (accepted reports) of the districts below a municipality, with
    the ``TOTAL`` and ``MEAN`` rows; figures rounded as the city publishes them."""
    root = _municipality(query.municipality)
    period = selectors.Period(query.year, query.quarter)
    table, _districts = selectors.statistics(root, period)
    rows = []
    for row in table.shown():
        hours = row.hours
        rows.append(
            StatsRowOut(
                district=row.label,
                attendance_rate_all=_text(row.rate_all),
                attendance_rate_gov=_text(row.rate_government),
                attendance_rate_civil=_text(row.rate_civil),
                attended_all=str(row.attended_total),
                attended_gov=str(row.attended_government),
                attended_civil=str(row.attended_civil),
                hours=str(hours.quantize(Decimal(1)))
                if hours == hours.to_integral_value()
                else str(hours),
                meetings=str(row.meetings),
                hours_per_meeting=_text(row.hours_per_meeting),
            )
        )
    return StatsOut(municipality=root.code, period=period.label, rows=rows)
