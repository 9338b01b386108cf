"""Points for outreach (issue 20): a reporter's post (``sns_post``) and each course session
attended (``course_attendance``) are paid through the points programme's award table, once
per event, however often the event is delivered or the attendance entered again. Outreach
announces participation through ``maeul.core.participation``; it never imports points."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from maeul.core.participation import deliver, participation_recorded
from maeul.outreach import services
from maeul.points.models import PointsTransaction
from maeul.points.services import award_table_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(places: dict[str, Any]) -> Any:
    return award_table_publish(
        actor=None,
        municipality=places["geumcheon"],
        effective_from=dt.date(2021, 1, 1),
        rules=[
            {"activity": "sns_post", "points": 500},
            {"activity": "course_attendance", "points": 300},
            {"activity": "education_course", "points": 3000},
        ],
    )


def _paid(resident: Any) -> list[tuple[str, int]]:
    return sorted(
        PointsTransaction.objects.filter(resident=resident, kind="earn").values_list(
            "activity", "amount"
        )
    )


def test_a_post_earns_points_once(
    table: Any,
    team: Any,
    manager: Any,
    places: Any,
    make_resident: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    resident = make_resident(places["geumcheon"])
    reporter = team.reporters.get(name="기자A")
    reporter.user = resident
    reporter.save()
    events: list[Any] = []

    def listen(sender: Any, event: Any, **kwargs: Any) -> None:
        events.append(event)

    participation_recorded.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.post_record(
                actor=manager,
                reporter_id=reporter.pk,
                data={"channel": "blog", "posted_on": "2021-03-02", "url": "https://b.example/1"},
            )
    finally:
        participation_recorded.disconnect(listen)
    assert _paid(resident) == [("sns_post", 500)]
    deliver(events[0])  # delivered again: the source key pays it once
    assert _paid(resident) == [("sns_post", 500)]


def test_attendance_earns_points_once_per_session(
    table: Any,
    course: Any,
    manager: Any,
    places: Any,
    make_resident: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    resident = make_resident(places["geumcheon"])
    learner = course.enrolments.get(name="수강생1")
    learner.user = resident
    learner.save()
    first, second = course.sessions.order_by("number")[:2]
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(actor=manager, session_id=first.pk, enrolment_ids=[learner.pk])
    with django_capture_on_commit_callbacks(execute=True):
        # entered again: no new mark, no new points
        services.attendance_record(actor=manager, session_id=first.pk, enrolment_ids=[learner.pk])
    assert _paid(resident) == [("course_attendance", 300)]
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(actor=manager, session_id=second.pk, enrolment_ids=[learner.pk])
    # two sessions attended, and the course completed (two required)
    assert _paid(resident) == [
        ("course_attendance", 300),
        ("course_attendance", 300),
        ("education_course", 3000),
    ]
