"""Public, read-only API of outreach: a municipality's reporter posts by month, courses,
autonomy programmes, lawsuit figures and records register (code: slug or administrative
code). Every list is paged."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from maeul.api.paging import Mapped, paginated
from maeul.outreach import selectors
from maeul.outreach.models import Record, RecordKind
from maeul.places.models import Municipality

router = Router()
PREFIX = "/outreach"
TAGS = ["outreach"]


class OutreachMonthPostsOut(Schema):
    year: int
    month: int
    channel: str
    posts: int


class OutreachCourseOut(Schema):
    id: int
    title: str
    year: int
    mode: str
    sessions: int
    enrolled: int
    completed: int | None
    capacity: int | None


class OutreachProgrammeOut(Schema):
    id: int
    dong: str
    title: str
    category: str
    schedule: str
    fee_won: int
    capacity: int
    signed_up: int


class OutreachLawsuitOut(Schema):
    period: str
    filed: int
    won: int
    lost: int
    pending: int
    win_rate_percent: str | None


class OutreachRecordOut(Schema):
    id: int
    kind: str
    category: str
    year: int
    title: str
    outcome: str
    count: int


def _municipality(code: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=code).first() or (
        Municipality.objects.filter(admin_code=code).first()
    )
    if municipality is None:
        raise Http404(code)
    return municipality


@router.get("/{code}/posts", response=list[OutreachMonthPostsOut], auth=None)
@paginated
def list_posts(request: HttpRequest, code: str) -> list[dict[str, object]]:
    """Reporters' posts per month and channel, oldest month first."""
    return [
        {"year": m.year, "month": m.month, "channel": channel, "posts": n}
        for m in selectors.monthly_posts(_municipality(code))
        for channel, n in m.by_channel.items()
    ]


@router.get("/{code}/courses", response=list[OutreachCourseOut], auth=None)
@paginated
def list_courses(request: HttpRequest, code: str) -> list[dict[str, object]]:
    """Courses with sessions, learners enrolled and completed (null: no attendance recorded)."""
    return [
        {
            "id": f.course.pk,
            "title": f.course.title,
            "year": f.course.year,
            "mode": f.course.mode,
            "sessions": f.sessions,
            "enrolled": f.enrolled,
            "completed": f.completed,
            "capacity": f.course.capacity,
        }
        for f in selectors.courses_of(_municipality(code))
    ]


@router.get("/{code}/programmes", response=list[OutreachProgrammeOut], auth=None)
@paginated
def list_programmes(request: HttpRequest, code: str) -> Mapped:
    """Resident autonomy programmes by dong, with the places taken."""
    rows = selectors.programmes_of(_municipality(code)).order_by("dong__sort_order", "title", "pk")
    return Mapped(
        rows,
        lambda p: {
            "id": p.pk,
            "dong": p.dong.name,
            "title": p.title,
            "category": p.category,
            "schedule": p.schedule,
            "fee_won": p.fee_won,
            "capacity": p.capacity,
            "signed_up": p.signed_up,
        },
    )


@router.get("/{code}/lawsuits", response=list[OutreachLawsuitOut], auth=None)
@paginated
def list_lawsuits(request: HttpRequest, code: str) -> list[dict[str, object]]:
    """Lawsuits per year of filing and for the whole period; the win rate is of closed
    cases, one decimal, half up."""
    return [
        {
            "period": f.period,
            "filed": f.filed,
            "won": f.won,
            "lost": f.lost,
            "pending": f.pending,
            "win_rate_percent": None if f.win_rate is None else str(f.win_rate),
        }
        for f in selectors.lawsuit_figures(_municipality(code))
    ]


@router.get("/{code}/records", response=list[OutreachRecordOut], auth=None)
@paginated
def list_records(
    request: HttpRequest, code: str, kind: str = RecordKind.LAWSUIT, year: int | None = None
) -> Mapped:
    """The records register, one kind at a time, newest year first."""
    if kind not in RecordKind.values or (year is not None and not 1900 <= year <= 2100):
        raise Http404(kind)
    rows = selectors.records_of(_municipality(code), kind, year=year).order_by("-year", "pk")

    def shape(r: Record) -> dict[str, object]:
        return {
            "id": r.pk,
            "kind": r.kind,
            "category": r.category,
            "year": r.year,
            "title": r.title,
            "outcome": r.outcome,
            "count": r.count,
        }

    return Mapped(rows, shape)
