"""The daily reminder before a deadline (issue 19's "reminders"): the assigned department's
officials and the assigned citizen auditor hear once when a report is due within two working
days; nobody for a report not yet assigned, already closed or further off; another
department's officials never."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.accounts.models import Official
from maeul.notifications.models import Notice
from maeul.reports import services
from maeul.reports.holidays import add_working_days

pytestmark = pytest.mark.django_db


def _told() -> list[int]:
    return sorted(
        Notice.objects.filter(kind="reports.due_soon").values_list("recipient_id", flat=True)
    )


def test_the_department_and_auditor_are_reminded_once(
    file_report: Any,
    handler: Any,
    citizen_auditor: Any,
    places: dict[str, Any],
    make_official: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    roads = make_official(places["namgu"], "auditor", username="namgu.roads")
    parks = make_official(places["namgu"], "auditor", username="namgu.parks")
    Official.objects.filter(user=roads).update(department="건설과")
    Official.objects.filter(user=parks).update(department="공원녹지과")
    report, _ = file_report()
    waiting, _ = file_report(title="아직 배정 안 됨")
    services.report_assign(
        actor=handler, report_id=report.pk, department="건설과", auditor_id=citizen_auditor.pk
    )
    received = report.received_on
    with django_capture_on_commit_callbacks(execute=True):
        # far from the deadline: nothing
        assert services.due_soon_remind(on=received) == 0
        # two working days before, then the day before and the day itself: one notice each
        for day in (
            _before(report.due_on, 2),
            _before(report.due_on, 1),
            report.due_on,
        ):
            assert services.due_soon_remind(on=day) == 1
    assert _told() == sorted([roads.pk, citizen_auditor.pk])
    assert not Notice.objects.filter(recipient=parks).exists()
    assert waiting.status == "received"


def _before(due: Any, days: int) -> Any:
    """The day that lies ``days`` working days before ``due``."""
    import datetime as dt

    day = due
    while add_working_days(day, days) > due:
        day -= dt.timedelta(days=1)
    while add_working_days(day, days) < due:
        day += dt.timedelta(days=1)
    return day


def test_the_handlers_are_told_when_nobody_has_that_department(
    file_report: Any, handler: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report, _ = file_report()
    services.report_assign(actor=handler, report_id=report.pk, department="없는 부서")
    with django_capture_on_commit_callbacks(execute=True):
        services.due_soon_remind(on=report.due_on)
    assert _told() == [handler.pk]


def test_closed_reports_are_not_reminded(
    file_report: Any, handler: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report, _ = file_report()
    services.report_assign(actor=handler, report_id=report.pk, department="건설과")
    services.report_answer(actor=handler, report_id=report.pk, answer="고쳤습니다.")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.due_soon_remind(on=report.due_on) == 0
    assert _told() == []


def test_the_beat_schedule_runs_it_daily() -> None:
    from django.conf import settings

    from maeul.reports import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["reports-due-soon"]
    assert entry["task"] == "reports.due_soon" == tasks.due_soon.name
