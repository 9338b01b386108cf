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


def _audit(**extra: Any) -> dict[str, Any]:
    return {
        "kind": "special_audit",
        "target": "위탁 체육시설",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-06",
        "observers": "2",
        **extra,
    }


def test_an_audit_names_the_auditors_who_took_part_and_their_page_lists_it(
    places: Any, handler: Any, citizen_auditor: Any, past_auditor: Any, make_resident: Any
) -> None:
    import datetime as dt
    import json

    from django.http import QueryDict
    from django.utils import timezone

    from maeul.auditlog.models import AuditEntry

    today = timezone.localdate()
    start = (today - dt.timedelta(days=10)).isoformat()
    end = (today - dt.timedelta(days=5)).isoformat()
    data = QueryDict(mutable=True)
    data.update(_audit(starts_on=start, ends_on=end))
    data.setlist("auditors", [str(citizen_auditor.pk)])
    audit = auditors.observed_audit_record(actor=handler, municipality=places["namgu"], data=data)
    assert list(audit.auditors.all()) == [citizen_auditor]
    entry = AuditEntry.objects.get(kind="reports.observed_audit_recorded")
    assert json.loads(entry.payload)["auditors"] == [citizen_auditor.pk]

    client = Client()
    client.login(username=citizen_auditor.username, password=PASSWORD)
    page = client.get("/reports/assigned/")
    assert page.status_code == 200 and "위탁 체육시설" in page.text
    other = make_resident(places["namgu"], username="not.an.auditor")
    client.login(username=other.username, password=PASSWORD)
    assert "위탁 체육시설" not in client.get("/reports/assigned/").text


@pytest.mark.parametrize("who", ["past_auditor", "stranger", "junk", "too_many"])
def test_only_serving_auditors_can_be_ticked(
    request: Any, places: Any, handler: Any, citizen_auditor: Any, make_resident: Any, who: str
) -> None:
    ids = {
        "past_auditor": [str(request.getfixturevalue("past_auditor").pk)],
        "stranger": [str(make_resident(places["namgu"]).pk)],
        "junk": ["abc"],
        "too_many": [str(citizen_auditor.pk)],
    }[who]
    values = _audit(starts_on="2026-03-02", observers="0" if who == "too_many" else "2")
    values["auditors"] = ids
    if who != "too_many":
        from django.utils import timezone

        values["starts_on"] = values["ends_on"] = timezone.localdate().isoformat()
    with pytest.raises(ServiceError) as caught:
        auditors.observed_audit_record(actor=handler, municipality=places["namgu"], data=values)
    assert caught.value.field in ("auditors", "observers")
    assert ObservedAudit.objects.count() == 0
