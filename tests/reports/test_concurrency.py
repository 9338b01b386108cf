"""On PostgreSQL: the workflow holds when people act on one report at once (the report row
is locked by every step): one answer or dismissal wins, and the reporter responds once."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.core.errors import ServiceError
from maeul.reports import services
from maeul.reports.models import Report, ReportEvent, Status
from tests.concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_answer_and_dismissal_at_once_close_the_report_once(file_report: Any, handler: Any) -> None:
    report, _ = file_report()
    services.report_assign(actor=handler, report_id=report.pk, department="건설과")

    def work(i: int) -> Any:
        if i % 2:
            return services.report_dismiss(actor=handler, report_id=report.pk, reason="중복")
        return services.report_answer(actor=handler, report_id=report.pk, answer=f"답변 {i}")

    results = race(6, work)
    winners = [r for r in results if isinstance(r, Report)]
    assert len(winners) == 1, results
    assert all(isinstance(r, ServiceError) for r in results if not isinstance(r, Report))
    closing = ReportEvent.objects.filter(
        report=report, status__in=[Status.ANSWERED, Status.DISMISSED]
    )
    assert closing.count() == 1


def test_reporter_responds_once_from_many_tabs(file_report: Any, handler: Any) -> None:
    report, code = file_report()
    services.report_assign(actor=handler, report_id=report.pk, department="건설과")
    services.report_answer(actor=handler, report_id=report.pk, answer="조치했습니다.")
    found = services.find_by_code(code)
    assert found is not None
    results = race(6, lambda i: services.report_respond(report=found, text=f"의견 {i}"))
    assert sum(1 for r in results if isinstance(r, Report)) == 1, results
    assert Report.objects.get(pk=report.pk).responded_on is not None
