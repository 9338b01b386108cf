"""The public read-only API: bodies with their composition, statistics, 404/422 errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from maeul.governance import services
from maeul.governance.models import Membership, QuarterlyReport
from tests.governance.helpers import row, sheet


def test_bodies_statistics_and_errors(places: dict[str, Any], make_official: Any) -> None:
    city = make_official(places["seoul"], "administrator")
    manager = make_official(places["geumcheon"], "programme_manager")
    body = services.body_create(
        actor=manager,
        municipality=places["geumcheon"],
        name="금천구 협치회의",
        kind="district_governance_council",
    )
    today = timezone.localdate()
    for i in range(10):
        Membership.objects.create(
            body=body,
            person_name=f"위원 {i}",
            sector="civil" if i < 7 else "government",
            gender="female" if i % 2 else "male",
            appointment="commissioned",
            term_start=today - dt.timedelta(days=10),
            term_end=today + dt.timedelta(days=300),
        )
    services.sessions_import(actor=manager, scope=places["geumcheon"], content=sheet(row()))
    report = QuarterlyReport.objects.get()
    services.report_submit(actor=manager, report=report)
    services.report_review(actor=city, report=report, accept=True)

    client = Client()
    listing = client.get("/api/governance/bodies", {"municipality": "seoul"}).json()
    assert listing["count"] == 1
    assert listing["items"][0]["composition"]["civil_percent"] == "70.0"
    assert listing["items"][0]["composition"]["rules_ok"] is True
    detail = client.get(f"/api/governance/bodies/{body.pk}").json()
    assert len(detail["members"]) == 10
    stats = client.get("/api/governance/statistics", {"municipality": "seoul", "year": 2026}).json()
    assert [r["district"] for r in stats["rows"]] == ["금천구", "TOTAL", "MEAN"]
    assert stats["rows"][0]["attendance_rate_all"] == "86.7"
    assert stats["rows"][0]["hours"] == "2"

    missing = client.get("/api/governance/bodies", {"municipality": "nowhere"})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    bad = client.get("/api/governance/statistics", {"municipality": "seoul", "year": 20260})
    assert bad.status_code == 422 and bad.json()["field"] == "year"
    assert client.get("/api/governance/bodies/987654").status_code == 404
