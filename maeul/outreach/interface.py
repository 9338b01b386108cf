"""What other programmes may ask of outreach (DESIGN: programmes meet through interface
modules).

Participatory budgeting's budget school (예산학교) is an outreach course of kind
``pb_budget_school`` linked to its cycle (issue 20: one model, not two). Budgeting records a
session and reads the school's figures only through these functions; it never reads the
course tables, so they can change without budgeting noticing. The caller checks its own
permission (budgeting's ``manage`` on the cycle) and audits the act in its own kind, as the
person acting is working in budgeting's pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet, Sum

from maeul.core import sqlplan
from maeul.outreach.models import Course, CourseKind, CourseMode, Session

__all__ = [
    "SchoolFigures",
    "SchoolSessionRow",
    "budget_school_figures",
    "budget_school_report",
    "budget_school_session_add",
    "budget_school_sessions",
]


@dataclass(frozen=True)
class SchoolFigures:
    """The budget school of a cycle: sessions and attendance counted from the recorded
    sessions, or as the municipality reported them for a cycle run before Maeul
    (``reported``; Geumcheon-gu: 5 sessions / 137 people in 2018, 5 / 682 in 2019)."""

    sessions: int
    attendance: int
    online: int
    reported: bool


NO_SCHOOL = SchoolFigures(0, 0, 0, False)


@dataclass(frozen=True)
class SchoolSessionRow:
    held_on: dt.date | None
    title: str
    online: bool
    attendance: int


def _school(cycle_id: int) -> Course | None:
    return Course.objects.filter(kind=CourseKind.PB_BUDGET_SCHOOL, cycle_id=cycle_id).first()


def _schools(ids: Any) -> QuerySet[Course]:
    return Course.objects.filter(kind=CourseKind.PB_BUDGET_SCHOOL, cycle_id__in=ids).annotate(
        n=Count("sessions"),
        people=Sum("sessions__headcount"),
        online_n=Count("sessions", filter=Q(sessions__online=True)),
    )


_ONE_SCHOOL = sqlplan.Plan(lambda pk: _schools([pk]), int)


def budget_school_figures(cycle_ids: Iterable[int]) -> dict[int, SchoolFigures]:
    """Figures per cycle id (every id given is in the answer, ``NO_SCHOOL`` when none):
    recorded sessions when there are any, else the reported figures."""
    ids = list(cycle_ids)
    out = dict.fromkeys(ids, NO_SCHOOL)
    # One cycle (its public page): the same query, compiled once per process (issue 23).
    courses: Iterable[Any] = _ONE_SCHOOL.objects(ids[0]) if len(ids) == 1 else _schools(ids)
    for course in courses:
        assert course.cycle_id is not None
        if course.n:
            out[course.cycle_id] = SchoolFigures(
                course.n, course.people or 0, course.online_n, False
            )
        elif course.reported_sessions or course.reported_attendance:
            out[course.cycle_id] = SchoolFigures(
                course.reported_sessions or 0, course.reported_attendance or 0, 0, True
            )
    return out


def budget_school_sessions(cycle_id: int) -> list[SchoolSessionRow]:
    """The recorded sessions of the cycle's school, in the order held."""
    rows = Session.objects.filter(
        course__kind=CourseKind.PB_BUDGET_SCHOOL, course__cycle_id=cycle_id
    ).order_by("held_on", "number")
    return [SchoolSessionRow(s.held_on, s.title, s.online, s.headcount or 0) for s in rows]


def _school_for(cycle: Any) -> Course:
    """The cycle's school course, created the first time (locked, so two sessions recorded at
    once number themselves one after the other)."""
    course, _created = Course.objects.get_or_create(
        kind=CourseKind.PB_BUDGET_SCHOOL,
        cycle_id=cycle.pk,
        defaults={
            "municipality_id": cycle.municipality_id,
            "title": f"{cycle.cycle_year} 주민참여예산학교 ({cycle.title})"[:200],
            "year": cycle.cycle_year,
            "mode": CourseMode.OFFLINE,
            "required_sessions": 1,
        },
    )
    return Course.objects.select_for_update().get(pk=course.pk)


def budget_school_session_add(
    *, cycle: Any, held_on: dt.date, title: str, attendance: int, online: bool
) -> Session:
    """Record one session of the cycle's budget school with its head count. Runs inside the
    caller's transaction; the caller has checked permission and audits."""
    with transaction.atomic():
        course = _school_for(cycle)
        number = (course.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
        session = Session.objects.create(
            course=course,
            number=number,
            title=title,
            held_on=held_on,
            online=online,
            headcount=attendance,
        )
        dates = [d for d in course.sessions.values_list("held_on", flat=True) if d is not None]
        course.starts_on, course.ends_on = min(dates), max(dates)
        all_online = not course.sessions.filter(online=False).exists()
        course.mode = CourseMode.ONLINE if all_online else CourseMode.OFFLINE
        course.save(update_fields=["starts_on", "ends_on", "mode"])
    return session


def budget_school_report(*, cycle: Any, sessions: int, attendance: int) -> None:
    """Keep the school figures a municipality reported for a cycle run before Maeul."""
    if not sessions and not attendance:
        return
    with transaction.atomic():
        course = _school_for(cycle)
        course.reported_sessions = sessions or None
        course.reported_attendance = attendance or None
        course.save(update_fields=["reported_sessions", "reported_attendance"])
