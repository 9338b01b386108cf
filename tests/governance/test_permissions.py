"""The permission matrix (role x municipality x action): a district official sees and edits only
their district; the city sees every district and alone reviews the districts' reports."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maeul.accounts.permissions import has_permission
from maeul.core.errors import NotAllowed
from maeul.governance import services
from maeul.governance.models import QuarterlyReport
from maeul.governance.rules import PERMISSIONS, GovernancePermission
from tests.governance.helpers import row, sheet

# (official's municipality, role) -> actions allowed on Geumcheon's records
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("geumcheon", "administrator"): {
        GovernancePermission.VIEW_RECORDS,
        GovernancePermission.MANAGE_BODIES,
        GovernancePermission.RECORD_SESSIONS,
        GovernancePermission.SUBMIT_REPORT,
    },
    ("geumcheon", "programme_manager"): {
        GovernancePermission.VIEW_RECORDS,
        GovernancePermission.MANAGE_BODIES,
        GovernancePermission.RECORD_SESSIONS,
        GovernancePermission.SUBMIT_REPORT,
    },
    ("geumcheon", "reviewer"): {GovernancePermission.VIEW_RECORDS},
    ("geumcheon", "auditor"): {GovernancePermission.VIEW_RECORDS},
    ("gwanak", "administrator"): set(),
    ("gwanak", "programme_manager"): set(),
    ("namgu", "administrator"): set(),
    ("seoul", "administrator"): {
        GovernancePermission.VIEW_RECORDS,
        GovernancePermission.MANAGE_BODIES,
        GovernancePermission.RECORD_SESSIONS,
        GovernancePermission.SUBMIT_REPORT,
        GovernancePermission.REVIEW_REPORT,
    },
    ("seoul", "reviewer"): {GovernancePermission.VIEW_RECORDS, GovernancePermission.REVIEW_REPORT},
    ("seoul", "auditor"): {GovernancePermission.VIEW_RECORDS},
}


@pytest.mark.parametrize("action", PERMISSIONS)
@pytest.mark.parametrize(("where", "role"), sorted(EXPECTED))
def test_matrix_on_geumcheon(
    places: dict[str, Any], make_official: Any, where: str, role: str, action: str
) -> None:
    user = make_official(places[where], role)
    allowed = has_permission(user, action, places["geumcheon"])
    assert allowed is (action in EXPECTED[(where, role)])


def test_residents_and_visitors_hold_nothing(places: dict[str, Any], make_resident: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    resident = make_resident(places["geumcheon"], places["gasan"])
    for action in PERMISSIONS:
        assert not has_permission(resident, action, places["geumcheon"])
        assert not has_permission(AnonymousUser(), action, places["geumcheon"])


def test_services_and_screens_enforce_the_district(
    places: dict[str, Any], make_official: Any
) -> None:
    geumcheon = make_official(places["geumcheon"], "programme_manager")
    gwanak = make_official(places["gwanak"], "programme_manager")
    city = make_official(places["seoul"], "administrator")
    services.sessions_import(actor=geumcheon, scope=places["geumcheon"], content=sheet(row()))
    report = QuarterlyReport.objects.get()

    with pytest.raises(NotAllowed):
        services.report_submit(actor=gwanak, report=report)
    with pytest.raises(NotAllowed):
        services.sessions_import(actor=gwanak, scope=places["geumcheon"], content=sheet(row()))
    services.report_submit(actor=geumcheon, report=report)
    with pytest.raises(NotAllowed):  # a district never reviews its own report
        services.report_review(actor=geumcheon, report=report, accept=True)

    other = Client()
    other.force_login(gwanak)
    assert other.get(f"/governance/reports/{report.pk}/").status_code == 404
    session = report.sessions.get()
    assert other.get(f"/governance/sessions/{session.pk}/").status_code == 404
    assert other.get("/governance/m/seoul-geumcheon-gu/reports/").status_code == 403
    assert other.post(f"/governance/reports/{report.pk}/accept/").status_code == 404

    own = Client()
    own.force_login(geumcheon)
    assert own.get(f"/governance/reports/{report.pk}/").status_code == 200
    assert own.get("/governance/m/seoul-gwanak-gu/import/").status_code == 403

    seoul = Client()
    seoul.force_login(city)
    listing = seoul.get("/governance/m/seoul/reports/")
    assert listing.status_code == 200 and "2026-Q1" in listing.content.decode()
    response = seoul.post(f"/governance/reports/{report.pk}/return/", {"reason": "회의록 누락"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.return_reason) == ("returned", "회의록 누락")
    # Returned: the district may replace and resubmit; the city accepts.
    services.sessions_import(actor=geumcheon, scope=places["geumcheon"], content=sheet(row()))
    services.report_submit(actor=geumcheon, report=report)
    services.report_review(actor=city, report=report, accept=True)
    report.refresh_from_db()
    assert report.status == "accepted"


def test_statistics_hide_unaccepted_reports_from_the_public(
    places: dict[str, Any], make_official: Any
) -> None:
    manager = make_official(places["geumcheon"], "programme_manager")
    services.sessions_import(actor=manager, scope=places["geumcheon"], content=sheet(row()))
    public = Client().get("/governance/m/seoul/statistics/?year=2026&include_unreviewed=on")
    assert 'data-testid="stats-table"' not in public.content.decode()
    official = Client()
    official.force_login(manager)
    page = official.get(
        "/governance/m/seoul-geumcheon-gu/statistics/?year=2026&include_unreviewed=on"
    )
    assert 'data-testid="stats-table"' in page.content.decode()


def test_each_action_has_its_own_address_and_answers_404_outside_the_scope(
    places: dict[str, Any], make_official: Any
) -> None:
    """Every write of the session, report and member screens is its own view; another
    district's official gets 404 from each (ids do not leak), a reader of the district 403,
    and the minutes form saves through its own URL."""
    geumcheon = make_official(places["geumcheon"], "programme_manager")
    auditor = make_official(places["geumcheon"], "auditor")
    gwanak = make_official(places["gwanak"], "administrator")
    services.sessions_import(actor=geumcheon, scope=places["geumcheon"], content=sheet(row()))
    report = QuarterlyReport.objects.get()
    session = report.sessions.get()
    body = services.body_create(
        actor=geumcheon, municipality=places["geumcheon"], name="주민자치회", kind="subcommittee"
    )
    writes = [
        f"/governance/sessions/{session.pk}/minutes/",
        f"/governance/sessions/{session.pk}/attendance/",
        f"/governance/sessions/{session.pk}/attachments/",
        f"/governance/reports/{report.pk}/submit/",
        f"/governance/reports/{report.pk}/accept/",
        f"/governance/reports/{report.pk}/return/",
        f"/governance/bodies/{body.pk}/members/add/",
        f"/governance/bodies/{body.pk}/members/add/confirm/",
    ]
    other = Client()
    other.force_login(gwanak)
    for url in writes:
        assert other.post(url, {"confirmed": "1"}).status_code == 404, url
    reader = Client()
    reader.force_login(auditor)
    for url in writes[:2]:
        assert reader.post(url, {"minutes": "x"}).status_code == 403, url
    own = Client()
    own.force_login(geumcheon)
    assert own.get(f"/governance/sessions/{session.pk}/minutes/").status_code == 405
    saved = own.post(
        f"/governance/sessions/{session.pk}/minutes/",
        {"agenda": "예산 심의", "minutes": "회의록", "decisions": "원안 가결"},
    )
    assert saved.status_code == 302
    session.refresh_from_db()
    assert (session.agenda, session.minutes, session.decisions) == (
        "예산 심의",
        "회의록",
        "원안 가결",
    )
    assert own.post(f"/governance/reports/{report.pk}/submit/").status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
