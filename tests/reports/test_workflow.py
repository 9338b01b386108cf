"""Handling: allowed transitions, deadlines in working days, overdue, the permission matrix,
internal notes vs the public answer, the reporter's one response."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from maeul.core.errors import NotAllowed, ServiceError
from maeul.reports import services
from maeul.reports.holidays import add_working_days, is_working_day
from maeul.reports.models import Report, Status
from maeul.reports.rules import ReportPermission


def test_working_days_skip_weekends_and_holidays() -> None:
    # Friday 2026-09-18 + 7 working days: 21, 22, 23, 28, 29, 30 Sep and 1 Oct (Chuseok
    # on 24-26 Sep and two weekends do not count).
    assert add_working_days(dt.date(2026, 9, 18), 7) == dt.date(2026, 10, 1)
    # Friday 2026-10-02 + 1: Saturday 3 Oct, Sunday, then Monday 5 Oct is a substitute holiday.
    assert add_working_days(dt.date(2026, 10, 2), 1) == dt.date(2026, 10, 6)
    assert not is_working_day(dt.date(2026, 6, 3))  # local elections
    assert add_working_days(dt.date(2026, 12, 1), 0) == dt.date(2026, 12, 1)
    # a plain week: Monday + 5 is the next Monday
    assert add_working_days(dt.date(2026, 11, 9), 5) == dt.date(2026, 11, 16)


def test_due_date_follows_the_category(file_report: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "today", lambda: dt.date(2026, 9, 18))
    report, _ = file_report(category="inconvenience")
    assert report.due_on == dt.date(2026, 10, 1)
    waste, _ = file_report(category="budget_waste")
    assert waste.due_on == add_working_days(dt.date(2026, 9, 18), 14)


def test_full_path_official_assigns_auditor_answers_reporter_reads(
    file_report: Any, handler: Any, citizen_auditor: Any
) -> None:
    from maeul.auditlog.models import AuditEntry

    report, code = file_report()
    services.report_assign(actor=handler, report_id=report.pk, auditor_id=citizen_auditor.pk)
    services.report_investigate(actor=citizen_auditor, report_id=report.pk)
    services.note_add(actor=citizen_auditor, report_id=report.pk, text="현장 확인 예정")
    services.report_answer(actor=citizen_auditor, report_id=report.pk, answer="교체했습니다.")
    found = services.find_by_code(code)
    assert found is not None and found.status == Status.ANSWERED
    assert found.answer == "교체했습니다."
    assert [e.status for e in found.events.all()] == [
        "received",
        "assigned",
        "investigating",
        "answered",
    ]
    kinds = list(AuditEntry.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        "reports.filed",
        "reports.moved",
        "reports.moved",
        "reports.note_added",
        "reports.moved",
    ]
    assert found.closed_on is not None


@pytest.mark.parametrize(
    ("path", "then", "allowed"),
    [
        ((), "investigate", False),  # received → investigating: must be assigned first
        ((), "answer", False),
        ((), "dismiss", True),
        (("assign",), "answer", True),
        (("assign", "dismiss"), "assign", False),  # closed reports stay closed
        (("assign", "answer"), "transfer", False),
        (("assign", "investigate"), "assign", True),  # reassign
    ],
)
def test_transitions(
    file_report: Any, handler: Any, path: tuple[str, ...], then: str, allowed: bool
) -> None:
    report, _ = file_report()

    def step(name: str) -> None:
        if name == "assign":
            services.report_assign(actor=handler, report_id=report.pk, department="건설과")
        elif name == "investigate":
            services.report_investigate(actor=handler, report_id=report.pk)
        elif name == "answer":
            services.report_answer(actor=handler, report_id=report.pk, answer="조치함")
        elif name == "dismiss":
            services.report_dismiss(actor=handler, report_id=report.pk, reason="중복")
        else:
            services.report_transfer(actor=handler, report_id=report.pk, to="시청", reason="소관")

    for name in path:
        step(name)
    before = Report.objects.get(pk=report.pk).status
    if allowed:
        step(then)
    else:
        with pytest.raises(ServiceError):
            step(then)
        assert Report.objects.get(pk=report.pk).status == before


def test_dismissal_needs_a_reason(file_report: Any, handler: Any) -> None:
    report, _ = file_report()
    with pytest.raises(ServiceError) as caught:
        services.report_dismiss(actor=handler, report_id=report.pk, reason="  ")
    assert caught.value.field == "reason"
    assert Report.objects.get(pk=report.pk).status == Status.RECEIVED


def test_assignment_needs_a_running_auditor_term(
    file_report: Any, handler: Any, past_auditor: Any, make_resident: Any, places: Any
) -> None:
    report, _ = file_report()
    stranger = make_resident(places["namgu"])
    for candidate in (past_auditor, stranger):
        with pytest.raises(ServiceError) as caught:
            services.report_assign(actor=handler, report_id=report.pk, auditor_id=candidate.pk)
        assert caught.value.field == "auditor"
    with pytest.raises(ServiceError):
        services.report_assign(actor=handler, report_id=report.pk)


def test_permission_matrix(
    file_report: Any,
    handler: Any,
    other_handler: Any,
    citizen_auditor: Any,
    make_resident: Any,
    make_official: Any,
    places: Any,
    auditor_body: Any,
) -> None:
    from maeul.accounts.permissions import has_permission

    report, _ = file_report()
    unassigned, _ = file_report(title="다른 제보")
    services.report_assign(actor=handler, report_id=report.pk, auditor_id=citizen_auditor.pk)
    report.refresh_from_db()
    resident = make_resident(places["namgu"])
    internal_auditor = make_official(places["namgu"], "auditor")
    parent_admin = make_official(places["gwangju"], "administrator")

    def perms(user: Any, row: Any) -> set[str]:
        return {p.value for p in ReportPermission if has_permission(user, p, row)} - {
            "reports.file"
        }

    full = {
        "reports.handle",
        "reports.see_reporter",
        "reports.work",
        "reports.view",
        "reports.view_queue",
    }
    assert perms(handler, report) == full
    assert perms(parent_admin, report) == full
    assert perms(other_handler, report) == set()
    assert perms(citizen_auditor, report) == {"reports.work", "reports.view"}
    assert perms(citizen_auditor, unassigned) == set()
    assert perms(resident, report) == set()
    assert perms(internal_auditor, report) == {"reports.view", "reports.view_queue"}
    with pytest.raises(Http404):
        services.report_answer(actor=other_handler, report_id=report.pk, answer="x")
    with pytest.raises(Http404):
        services.report_dismiss(actor=citizen_auditor, report_id=report.pk, reason="x")


def test_auditor_loses_access_when_the_term_ends(
    file_report: Any, handler: Any, citizen_auditor: Any, monkeypatch: Any
) -> None:
    from maeul.accounts.permissions import has_permission

    report, _ = file_report()
    services.report_assign(actor=handler, report_id=report.pk, auditor_id=citizen_auditor.pk)
    report.refresh_from_db()
    assert has_permission(citizen_auditor, ReportPermission.WORK, report)
    later = timezone.localdate() + dt.timedelta(days=900)
    monkeypatch.setattr("maeul.reports.rules.timezone.localdate", lambda: later)
    assert not has_permission(citizen_auditor, ReportPermission.WORK, report)


def test_reporter_responds_once_after_closing(
    file_report: Any, handler: Any, make_resident: Any, places: Any
) -> None:
    resident = make_resident(places["namgu"])
    other = make_resident(places["namgu"])
    report, _ = file_report(user=resident, anonymous=False)
    with pytest.raises(ServiceError):
        services.report_respond(report=report, text="아직", user=resident)
    services.report_assign(actor=handler, report_id=report.pk, department="건설과")
    services.report_answer(actor=handler, report_id=report.pk, answer="조치했습니다.")
    with pytest.raises(NotAllowed):
        services.report_respond(report=report, text="남의 제보", user=other)
    services.report_respond(report=report, text="아직 어둡습니다.", user=resident)
    with pytest.raises(ServiceError):
        services.report_respond(report=report, text="한 번 더", user=resident)
    assert Report.objects.get(pk=report.pk).response == "아직 어둡습니다."


def test_overdue_marking_and_reminder_once(
    file_report: Any, handler: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from maeul.notifications.models import Notice

    report, _ = file_report()
    assert not report.is_overdue(report.due_on)
    assert report.is_overdue(report.due_on + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_remind(on=report.due_on) == 0
        assert services.overdue_remind(on=report.due_on + dt.timedelta(days=1)) == 1
        assert services.overdue_remind(on=report.due_on + dt.timedelta(days=2)) == 0
    assert Notice.objects.filter(kind="reports.overdue", recipient=handler).count() == 1


def test_notices_new_report_and_answer_to_account_reporter(
    file_report: Any,
    handler: Any,
    make_resident: Any,
    places: Any,
    other_handler: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from maeul.notifications.models import Notice

    resident = make_resident(places["namgu"])
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = file_report(user=resident, anonymous=False)
    assert Notice.objects.filter(kind="reports.new", recipient=handler).count() == 1
    assert not Notice.objects.filter(kind="reports.new", recipient=other_handler).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_assign(actor=handler, report_id=report.pk, department="건설과")
        services.report_answer(actor=handler, report_id=report.pk, answer="조치했습니다.")
    assert Notice.objects.filter(kind="reports.answered", recipient=resident).count() == 1
