"""Reads of outreach: every figure the pages, the API and the exports show, counted from the
records. Rates follow Maeul's one rounding rule (percent, one decimal, half up)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from maeul.engine.scoring.exact import percent, round_half_up
from maeul.outreach.models import (
    CATEGORIES,
    WON_OUTCOMES,
    AgendaItem,
    AgendaResult,
    Attendance,
    AutonomyProgramme,
    Channel,
    Course,
    CourseKind,
    Outcome,
    Post,
    Record,
    RecordKind,
    Reporter,
    ReporterTeam,
)
from maeul.places.models import Municipality


def percent_half_up(numerator: int, denominator: int) -> Decimal | None:
    exact = percent(numerator, denominator)
    return None if exact is None else round_half_up(exact, 1)


# --- reporters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recruitment:
    team: ReporterTeam
    applied: int
    selected: int


def recruitment(team: ReporterTeam) -> Recruitment:
    counts = team.reporters.aggregate(applied=Count("pk"), selected=Count("pk", Q(selected=True)))
    return Recruitment(team, counts["applied"], counts["selected"])


def teams_of(municipality: Municipality) -> QuerySet[ReporterTeam]:
    return ReporterTeam.objects.filter(municipality=municipality)


def members(team: ReporterTeam) -> QuerySet[Reporter]:
    """Selected reporters with their number of posts."""
    return team.reporters.filter(selected=True).annotate(post_count=Count("posts"))


@dataclass
class MonthPosts:
    year: int
    month: int
    by_channel: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())


def monthly_posts(municipality: Municipality, year: int | None = None) -> list[MonthPosts]:
    """Posts per month and channel (every channel listed, zero included), oldest first."""
    rows = Post.objects.filter(reporter__team__municipality=municipality)
    if year is not None:
        rows = rows.filter(posted_on__year=year)
    months: dict[tuple[int, int], MonthPosts] = {}
    for row in rows.values("posted_on", "channel"):
        key = (row["posted_on"].year, row["posted_on"].month)
        month = months.setdefault(key, MonthPosts(*key, dict.fromkeys(Channel.values, 0)))
        month.by_channel[row["channel"]] += 1
    return [months[key] for key in sorted(months)]


# --- courses --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseFigures:
    course: Course
    sessions: int
    enrolled: int
    completed: int | None
    """None when no attendance is recorded: completion is then unknown, not zero."""


def course_figures(course: Course) -> CourseFigures:
    """A course's figures. A budget school has no named learners: "enrolled" is the people
    counted at its sessions, or the reported figures of a school run before Maeul."""
    if course.kind == CourseKind.PB_BUDGET_SCHOOL:
        counted = course.sessions.aggregate(n=Count("pk"), people=Sum("headcount"))
        if counted["n"]:
            return CourseFigures(course, counted["n"], counted["people"] or 0, None)
        return CourseFigures(
            course, course.reported_sessions or 0, course.reported_attendance or 0, None
        )
    attended = Attendance.objects.filter(session__course=course).exists()
    completed = course.enrolments.filter(completed_on__isnull=False).count() if attended else None
    return CourseFigures(course, course.sessions.count(), course.enrolments.count(), completed)


def courses_of(municipality: Municipality) -> list[CourseFigures]:
    courses = Course.objects.filter(municipality=municipality).order_by("year", "title")
    return [course_figures(c) for c in courses]


def attended_sessions(enrolment_id: int) -> int:
    return Attendance.objects.filter(enrolment_id=enrolment_id).count()


# --- autonomy programmes --------------------------------------------------------------------


def programmes_of(municipality: Municipality) -> QuerySet[AutonomyProgramme]:
    return (
        AutonomyProgramme.objects.filter(municipality=municipality)
        .select_related("dong")
        .annotate(
            signed_up=Count("signups", filter=Q(signups__waitlisted=False)),
            waitlisted=Count("signups", filter=Q(signups__waitlisted=True)),
        )
    )


def programmes_by_dong(municipality: Municipality) -> list[tuple[Municipality, int]]:
    """Every dong of the municipality with its number of programmes (zero included)."""
    counts = dict(
        AutonomyProgramme.objects.filter(municipality=municipality)
        .values_list("dong_id")
        .annotate(n=Count("pk"))
        .values_list("dong_id", "n")
    )
    dongs = Municipality.objects.filter(parent=municipality).order_by("sort_order", "name")
    return [(dong, counts.get(dong.pk, 0)) for dong in dongs]


# --- records register -----------------------------------------------------------------------


def records_of(
    municipality: Municipality, kind: str, *, year: int | None = None, category: str = ""
) -> QuerySet[Record]:
    rows = Record.objects.filter(municipality=municipality, kind=kind)
    if year is not None:
        rows = rows.filter(year=year)
    if category:
        rows = rows.filter(category=category)
    return rows


@dataclass(frozen=True)
class YearCounts:
    year: int
    by_category: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_category.values())


def yearly_counts(municipality: Municipality, kind: str) -> list[YearCounts]:
    """The kind's count (batches counted by their ``count``) per year and category, newest
    year first, every category of the kind listed."""
    found: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CATEGORIES[kind], 0))
    rows = (
        records_of(municipality, kind)
        .values("year", "category")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        found[row["year"]][row["category"]] = row["n"]
    return [YearCounts(year, found[year]) for year in sorted(found, reverse=True)]


@dataclass(frozen=True)
class LawsuitFigures:
    period: str
    filed: int
    won: int
    lost: int
    pending: int

    @property
    def closed(self) -> int:
        return self.won + self.lost

    @property
    def win_rate(self) -> Decimal | None:
        """Won of closed cases, percent, one decimal, half up (87/92 → 94.6)."""
        return percent_half_up(self.won, self.closed)


def _lawsuit_figures(period: str, rows: QuerySet[Record]) -> LawsuitFigures:
    counts = rows.aggregate(
        filed=Sum("count"),
        won=Sum("count", filter=Q(outcome__in=WON_OUTCOMES)),
        lost=Sum("count", filter=Q(outcome=Outcome.LOST)),
        pending=Sum("count", filter=Q(outcome=Outcome.PENDING)),
    )
    return LawsuitFigures(period, *(counts[k] or 0 for k in ("filed", "won", "lost", "pending")))


def lawsuit_figures(municipality: Municipality) -> list[LawsuitFigures]:
    """One row per year of filing, then the whole period ("2018–2020")."""
    rows = records_of(municipality, RecordKind.LAWSUIT)
    years = sorted(set(rows.values_list("year", flat=True)))
    figures = [_lawsuit_figures(str(year), rows.filter(year=year)) for year in years]
    if years:
        figures.append(_lawsuit_figures(f"{years[0]}–{years[-1]}", rows))
    return figures


@dataclass(frozen=True)
class AgendaYear:
    year: int
    by_result: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_result.values())


def agenda_yearly(municipality: Municipality) -> list[AgendaYear]:
    """Council agenda items per year of their session and result (every result listed),
    newest year first."""
    found: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(AgendaResult.values, 0))
    rows = (
        AgendaItem.objects.filter(session__municipality=municipality)
        .values("session__year", "result")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        found[row["session__year"]][row["result"]] = row["n"]
    return [AgendaYear(year, found[year]) for year in sorted(found, reverse=True)]


def record_total(municipality: Municipality, kind: str) -> int:
    return records_of(municipality, kind).aggregate(n=Sum("count"))["n"] or 0


def category_label(kind: str, category: str) -> str:
    return str(CATEGORIES.get(kind, {}).get(category, category))


def municipality_with_outreach() -> Any:
    return Municipality.objects.filter(
        Q(reporter_teams__isnull=False)
        | Q(courses__isnull=False)
        | Q(autonomy_programmes__isnull=False)
        | Q(office_records__isnull=False)
    ).distinct()
