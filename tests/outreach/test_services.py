"""Writes of outreach: posts, attendance and completion, sign-ups within capacity, records;
bad input gets a message and changes nothing; every official's act is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.outreach import selectors, services
from maeul.outreach.models import Attendance, AutonomySignup, Post, Record

pytestmark = pytest.mark.django_db

POST = {"channel": "blog", "posted_on": "2021-03-02", "url": "https://blog.example.com/1"}


def test_post_is_recorded_audited_and_counted(team: Any, manager: Any) -> None:
    reporter = team.reporters.get(name="기자A")
    post = services.post_record(actor=manager, reporter_id=reporter.pk, data=POST)
    assert post.channel == "blog"
    assert AuditEntry.objects.filter(kind="outreach.post_recorded").count() == 1
    months = selectors.monthly_posts(team.municipality)
    assert [(m.year, m.month, m.by_channel["blog"]) for m in months] == [(2021, 3, 1)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"posted_on": "2020-12-31"}, "posted_on"),  # before the term
        ({"posted_on": "2021-02-30"}, "posted_on"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": ""}, "url"),
    ],
)
def test_bad_post_is_refused(team: Any, manager: Any, change: dict[str, str], field: str) -> None:
    reporter = team.reporters.get(name="기자A")
    with pytest.raises(ServiceError) as caught:
        services.post_record(actor=manager, reporter_id=reporter.pk, data={**POST, **change})
    assert caught.value.field == field
    assert not Post.objects.exists()


def test_same_post_twice_is_a_conflict(team: Any, manager: Any) -> None:
    reporter = team.reporters.get(name="기자A")
    services.post_record(actor=manager, reporter_id=reporter.pk, data=POST)
    with pytest.raises(Conflict):
        services.post_record(actor=manager, reporter_id=reporter.pk, data=POST)


def test_applicant_not_selected_cannot_post(team: Any, manager: Any) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        services.post_record(
            actor=manager, reporter_id=team.reporters.get(name="기자B").pk, data=POST
        )


def test_posts_import_saves_nothing_when_a_row_fails(team: Any, manager: Any) -> None:
    rows = [
        {"reporter": "기자A", **POST},
        {
            "reporter": "기자A",
            "channel": "blog",
            "posted_on": "2021-13-01",
            "url": "https://x.kr/2",
        },
        {"reporter": "아무개", **POST, "url": "https://x.kr/3"},
    ]
    with pytest.raises(ServiceError) as caught:
        services.posts_import(actor=manager, team_id=team.pk, rows=rows)
    assert "3" in caught.value.message and "4" in caught.value.message  # rows 3 and 4 named
    assert not Post.objects.exists()
    assert services.posts_import(actor=manager, team_id=team.pk, rows=rows[:1]) == 1


def test_import_errors_in_english(team: Any, manager: Any) -> None:
    from django.utils import translation

    with translation.override("en"), pytest.raises(ServiceError) as caught:
        services.posts_import(
            actor=manager, team_id=team.pk, rows=[{"reporter": "기자A", **POST, "channel": "x"}]
        )
    assert caught.value.message.startswith("Row 2: Choose a channel")


def test_attendance_completes_at_the_required_sessions(course: Any, manager: Any) -> None:
    one, two = course.enrolments.order_by("name")
    first, second, _third = course.sessions.order_by("number")
    assert selectors.course_figures(course).completed is None  # nothing recorded yet
    assert (
        services.attendance_record(
            actor=manager, session_id=first.pk, enrolment_ids=[one.pk, two.pk]
        )
        == 2
    )
    assert selectors.course_figures(course).completed == 0
    # marking again adds nothing
    assert (
        services.attendance_record(actor=manager, session_id=first.pk, enrolment_ids=[one.pk]) == 0
    )
    services.attendance_record(actor=manager, session_id=second.pk, enrolment_ids=[one.pk])
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.completed_on == dt.date(2021, 10, 2)
    assert one.certificate_number
    assert two.completed_on is None
    assert selectors.course_figures(course).completed == 1
    assert Attendance.objects.count() == 3


def test_attendance_of_another_course_is_refused(course: Any, manager: Any, places: Any) -> None:
    from maeul.outreach.models import Course, Enrolment

    other = Course.objects.create(
        municipality=places["geumcheon"], title="다른 과정", year=2021, mode="online"
    )
    stranger = Enrolment.objects.create(course=other, name="외부")
    with pytest.raises(ServiceError):
        services.attendance_record(
            actor=manager, session_id=course.sessions.first().pk, enrolment_ids=[stranger.pk]
        )
    with pytest.raises(ServiceError):
        services.attendance_record(
            actor=manager, session_id=course.sessions.first().pk, enrolment_ids=["x"]
        )
    assert not Attendance.objects.exists()


def test_course_capacity_and_duplicate_enrolment(course: Any, manager: Any) -> None:
    services.enrol(actor=manager, course_id=course.pk, name="수강생3")
    with pytest.raises(Conflict):
        services.enrol(actor=manager, course_id=course.pk, name="수강생4")
    with pytest.raises(Conflict):
        services.enrol(actor=manager, course_id=course.pk, name="수강생1")


def test_completion_announces_points_participation(
    course: Any,
    manager: Any,
    places: Any,
    make_resident: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from maeul.core.participation import participation_recorded

    resident = make_resident(places["geumcheon"])
    enrolment = course.enrolments.get(name="수강생1")
    enrolment.user = resident
    enrolment.save()
    seen: list[Any] = []

    def listen(sender: Any, event: Any, **kwargs: Any) -> None:
        seen.append(event)

    participation_recorded.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for session in course.sessions.order_by("number")[:2]:
                services.attendance_record(
                    actor=manager, session_id=session.pk, enrolment_ids=[enrolment.pk]
                )
    finally:
        participation_recorded.disconnect(listen)
    assert [(e.activity, e.resident_id) for e in seen] == [
        ("course_attendance", resident.pk),
        ("course_attendance", resident.pk),
        ("education_course", resident.pk),
    ]


def test_sign_up_within_capacity(programme: Any, places: Any, make_resident: Any) -> None:
    a, b, c = (make_resident(places["geumcheon"]) for _ in range(3))
    services.sign_up(user=a, programme_id=programme.pk)
    with pytest.raises(Conflict):
        services.sign_up(user=a, programme_id=programme.pk)
    services.sign_up(user=b, programme_id=programme.pk)
    assert services.sign_up(user=c, programme_id=programme.pk).waitlisted
    assert AutonomySignup.objects.filter(waitlisted=False).count() == 2


def test_officials_are_not_residents_for_sign_up(programme: Any, manager: Any) -> None:
    with pytest.raises(NotAllowed):
        services.sign_up(user=manager, programme_id=programme.pk)


def test_record_rules(places: Any, manager: Any) -> None:
    geumcheon = places["geumcheon"]
    base = {
        "kind": "lawsuit",
        "category": "civil",
        "outcome": "won",
        "year": "2020",
        "title": "사건",
    }
    services.record_create(actor=manager, municipality=geumcheon, data=base)
    for change, field in [
        ({"kind": "nothing"}, "kind"),
        ({"category": "ordinance"}, "category"),
        ({"outcome": ""}, "outcome"),
        ({"kind": "legal_advice", "category": "phone"}, "outcome"),  # only lawsuits
        ({"year": "99999999999999999999"}, "year"),
        ({"count": "-3"}, "count"),
    ]:
        with pytest.raises(ServiceError) as caught:
            services.record_create(actor=manager, municipality=geumcheon, data={**base, **change})
        assert caught.value.field == field
    assert Record.objects.count() == 1
    with pytest.raises(ServiceError):
        services.records_import(
            actor=manager, municipality=geumcheon, rows=[base, {**base, "year": "x"}]
        )
    assert Record.objects.count() == 1
    assert services.records_import(actor=manager, municipality=geumcheon, rows=[base, base]) == 2


def test_win_rate_rounds_half_up() -> None:
    from decimal import Decimal

    assert selectors.percent_half_up(87, 92) == Decimal("94.6")
    assert selectors.percent_half_up(1, 8) == Decimal("12.5")
    assert selectors.percent_half_up(1, 0) is None
