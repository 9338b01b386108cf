"""The data migration that made the budget school an outreach course (issue 20: one model,
not two): recorded sessions become course sessions with their head count, and a pre-Maeul
cycle's reported figures stay with its school course."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("outreach", "0002_budget_school_course"), ("budgeting", "0014_city_citizen_pb")]
AFTER = [
    ("outreach", "0003_copy_budget_school"),
    ("budgeting", "0015_budget_school_moved_to_outreach"),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_sessions_and_reported_figures_are_copied(places: dict[str, Any]) -> None:
    old = _migrate(BEFORE)
    Cycle = old.get_model("budgeting", "Cycle")
    geumcheon = places["geumcheon"].pk
    reported = Cycle.objects.create(
        municipality_id=geumcheon,
        cycle_year=2018,
        budget_year=2019,
        title="2019년 주민참여예산",
        total_amount_won=1_000_000_000,
        phase="closed",
        rules_locked_at=dt.datetime(2018, 3, 1, tzinfo=dt.UTC),
    )
    old.get_model("budgeting", "CycleSummary").objects.create(
        cycle=reported,
        proposals=116,
        proposed_amount_won=1,
        adopted=35,
        adopted_amount_won=1,
        school_sessions=5,
        school_attendance=137,
    )
    recorded = Cycle.objects.create(
        municipality_id=geumcheon,
        cycle_year=2021,
        budget_year=2022,
        title="2022년 주민참여예산",
        total_amount_won=1_000_000_000,
    )
    School = old.get_model("budgeting", "SchoolSession")
    School.objects.create(
        cycle=recorded, held_on=dt.date(2021, 4, 8), title="2강", online=True, attendance=25
    )
    School.objects.create(
        cycle=recorded, held_on=dt.date(2021, 4, 1), title="1강", online=False, attendance=30
    )
    new = _migrate(AFTER)
    Course = new.get_model("outreach", "Course")
    school = Course.objects.get(cycle_id=reported.pk, kind="pb_budget_school")
    assert (school.reported_sessions, school.reported_attendance) == (5, 137)
    assert school.sessions.count() == 0
    school = Course.objects.get(cycle_id=recorded.pk, kind="pb_budget_school")
    rows = list(school.sessions.order_by("number").values_list("title", "online", "headcount"))
    assert rows == [("1강", False, 30), ("2강", True, 25)]
    assert (school.starts_on, school.ends_on) == (dt.date(2021, 4, 1), dt.date(2021, 4, 8))
    _migrate([("outreach", "0004_council_agenda_items_and_waitlist")])
