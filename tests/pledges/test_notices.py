"""Progress reports due (issue 15): after each half year the daily job tells the planning
office of each municipality how many pledges still lack a report for the half just ended —
a returned report counts as missing, a completed pledge owes none — once per municipality
and half; another municipality's officials hear nothing of it. Notices are stored after the
commit, hence transactional tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from maeul.notifications.models import Notice
from maeul.pledges import notices, services, tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_last_ended_half() -> None:
    assert notices.last_ended_half(dt.date(2026, 1, 5)) == (2025, 2)
    assert notices.last_ended_half(dt.date(2026, 6, 30)) == (2025, 2)
    assert notices.last_ended_half(dt.date(2026, 7, 1)) == (2026, 1)
    assert notices.last_ended_half(dt.date(2026, 12, 31)) == (2026, 1)


def test_the_planning_office_hears_of_missing_reports_once_per_half(
    places: dict[str, Any], make_official: Any, pledge_factory: Any
) -> None:
    geumcheon, namgu = places["geumcheon"], places["namgu"]
    planner = make_official(geumcheon, "programme_manager")
    department = make_official(geumcheon, "reviewer")  # reports, but does not chase reports
    namgu_planner = make_official(namgu, "administrator")
    reported, returned, missing = (pledge_factory(geumcheon, n) for n in (1, 2, 3))
    pledge_factory(geumcheon, 4, status="completed")
    services.report_submit(actor=department, pledge=reported, year=2026, half=1, text="추진 중")
    back = services.report_submit(actor=department, pledge=returned, year=2026, half=1, text="x")
    services.report_return(actor=planner, report=back, reason="실적 수치를 적어 주세요.")
    assert missing.pk

    assert tasks.reports_due("2026-07-02") == 1
    assert tasks.reports_due("2026-07-03") == 1  # the next day: nobody told again
    notice = Notice.objects.get(kind="pledges.reports_due")
    assert notice.recipient_id == planner.pk
    assert notice.data == {"count": 2, "year": 2026, "half": 1}
    assert notice.event_key == f"pledges.reports_due:{geumcheon.pk}:2026H1"
    assert not Notice.objects.filter(recipient__in=[department, namgu_planner]).exists()

    tasks.reports_due("2027-01-04")  # the second half ended: due again
    assert Notice.objects.filter(kind="pledges.reports_due").count() == 2
