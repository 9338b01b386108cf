"""Fixtures: a Geumcheon-gu reporter team, course and autonomy programme, and officials."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture
def manager(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["geumcheon"], "programme_manager", username="outreach.manager")


@pytest.fixture
def team(places: dict[str, Any]) -> Any:
    from maeul.outreach.models import Reporter, ReporterTeam

    team = ReporterTeam.objects.create(
        municipality=places["geumcheon"],
        name="금천 기자단",
        year=2021,
        term_starts=dt.date(2021, 1, 1),
        term_ends=dt.date(2021, 12, 31),
    )
    Reporter.objects.create(team=team, name="기자A", applied_on=dt.date(2020, 12, 1), selected=True)
    Reporter.objects.create(team=team, name="기자B", applied_on=dt.date(2020, 12, 1))
    return team


@pytest.fixture
def course(places: dict[str, Any]) -> Any:
    from maeul.outreach.models import Course, Enrolment, Session

    course = Course.objects.create(
        municipality=places["geumcheon"],
        title="자치분권 학교",
        year=2021,
        mode="offline",
        capacity=3,
        required_sessions=2,
    )
    for n in (1, 2, 3):
        Session.objects.create(
            course=course, number=n, title=f"{n}강", held_on=dt.date(2021, 10, n)
        )
    Enrolment.objects.create(course=course, name="수강생1")
    Enrolment.objects.create(course=course, name="수강생2")
    return course


@pytest.fixture
def programme(places: dict[str, Any]) -> Any:
    from maeul.outreach.models import AutonomyProgramme

    return AutonomyProgramme.objects.create(
        municipality=places["geumcheon"],
        dong=places["gasan"],
        title="요가",
        category="건강",
        capacity=2,
        year=2021,
    )
