"""The citizen auditors' record: meetings and observed audits, the demo's 9 meetings of 2020,
and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from maeul.core.errors import ServiceError
from maeul.reports import auditors
from maeul.reports.models import AuditorMeeting, ObservedAudit
from tests.conftest import PASSWORD


def test_demo_has_nine_meetings_in_2020(places: Any) -> None:
    from maeul.reports.demo import load_namgu_auditor_records

    load_namgu_auditor_records(places["namgu"])
    load_namgu_auditor_records(places["namgu"])
    assert AuditorMeeting.objects.filter(held_on__year=2020).count() == 9
    page = Client().get("/reports/gwangju-nam-gu/auditors/")
    assert page.status_code == 200
    assert 'data-testid="meetings-2020">2020: 9' in page.text


def test_recording_is_for_the_districts_handlers(
    places: Any, handler: Any, other_handler: Any
) -> None:
    from maeul.auditlog.models import AuditEntry

    meeting = {"held_on": "2026-03-04", "title": "간담회", "attendees": "20"}
    auditors.meeting_record(actor=handler, municipality=places["namgu"], data=meeting)
    with pytest.raises(PermissionDenied):
        auditors.meeting_record(actor=other_handler, municipality=places["namgu"], data=meeting)
    assert AuditorMeeting.objects.count() == 1
    assert AuditEntry.objects.filter(kind="reports.auditor_meeting_recorded").count() == 1
    client = Client()
    client.login(username=other_handler.username, password=PASSWORD)
    assert client.post("/reports/gwangju-nam-gu/auditors/", meeting).status_code == 403


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"ends_on": "2026-03-01"}, "ends_on"),
        ({"kind": "x"}, "kind"),
        ({"starts_on": "2026-02-30"}, "starts_on"),
        ({"observers": "-1"}, "observers"),
        ({"target": " "}, "target"),
    ],
)
def test_bad_audit_input_is_refused(
    places: Any, handler: Any, data: dict[str, str], field: str
) -> None:
    values = {
        "kind": "dong_audit",
        "target": "○○동",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-06",
        "observers": "2",
        **data,
    }
    with pytest.raises(ServiceError) as caught:
        auditors.observed_audit_record(actor=handler, municipality=places["namgu"], data=values)
    assert caught.value.field == field
    assert ObservedAudit.objects.count() == 0
