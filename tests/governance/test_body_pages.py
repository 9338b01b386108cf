"""Officials' pages for bodies and survey results (what the Django admin used to do): the
role x municipality x action matrix, the services with audit, bad input with messages, and
the confirmation before a report is accepted (a publication)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils.translation import override

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.governance import services
from maeul.governance.models import Body, QuarterlyReport, SurveyResult

ACTORS = (
    "anonymous",
    "resident",
    "admin_here",
    "manager_here",
    "reviewer_here",
    "auditor_here",
    "admin_above",
    "admin_elsewhere",
)
# GET: deny by default; in scope without the role 403 (slug pages) / 404 (ids); elsewhere 404
SLUG_EXPECTED = {
    "anonymous": 302,
    "resident": 404,
    "admin_here": 200,
    "manager_here": 200,
    "reviewer_here": 403,
    "auditor_here": 403,
    "admin_above": 200,
    "admin_elsewhere": 404,
}
ID_EXPECTED = {**SLUG_EXPECTED, "reviewer_here": 404, "auditor_here": 404}


@pytest.fixture
def actors(places: dict[str, Any], make_resident: Any, make_official: Any) -> dict[str, Any]:
    return {
        "anonymous": None,
        "resident": make_resident(places["geumcheon"], places["gasan"]),
        "admin_here": make_official(places["geumcheon"], "administrator", username="gov.admin"),
        "manager_here": make_official(places["geumcheon"], "programme_manager"),
        "reviewer_here": make_official(places["geumcheon"], "reviewer"),
        "auditor_here": make_official(places["geumcheon"], "auditor"),
        "admin_above": make_official(places["seoul"], "administrator", username="gov.seoul"),
        "admin_elsewhere": make_official(places["gwanak"], "administrator"),
    }


@pytest.fixture
def body(actors: dict[str, Any], places: dict[str, Any]) -> Body:
    return services.body_create(
        actor=actors["admin_here"],
        municipality=places["geumcheon"],
        name="금천구 협치회의",
        kind="district_governance_council",
    )


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    "url,expected",
    [
        ("/governance/m/seoul-geumcheon-gu/bodies/new/", SLUG_EXPECTED),
        ("/governance/m/seoul-geumcheon-gu/surveys/", SLUG_EXPECTED),
        ("/governance/bodies/{id}/edit/", ID_EXPECTED),
    ],
)
def test_page_matrix(
    url: str, expected: dict[str, int], actor: str, actors: dict[str, Any], body: Body
) -> None:
    response = _client(actors[actor]).get(url.format(id=body.pk))
    assert response.status_code == expected[actor]


BODY_POST = {
    "name": "금천구 마을자치위원회",
    "kind": "autonomy_council",
    "meetings_required": "4",
    "meetings_period": "year",
    "min_gender_percent": "40",
    "min_civil_percent": "70",
    "term_years": "2",
    "max_consecutive_terms": "2",
}


@pytest.mark.parametrize("actor", ACTORS)
def test_create_posts_write_only_for_managers(
    actor: str, actors: dict[str, Any], body: Body
) -> None:
    before = (Body.objects.count(), AuditEntry.objects.count())
    response = _client(actors[actor]).post(
        "/governance/m/seoul-geumcheon-gu/bodies/new/", BODY_POST
    )
    if SLUG_EXPECTED[actor] == 200:
        assert response.status_code == 302
        created = Body.objects.get(name=BODY_POST["name"])
        assert (created.meetings_required, created.min_gender_percent) == (4, 40)
    else:
        assert response.status_code == SLUG_EXPECTED[actor]
        assert (Body.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_edit_posts_write_only_for_managers(actor: str, actors: dict[str, Any], body: Body) -> None:
    response = _client(actors[actor]).post(
        f"/governance/bodies/{body.pk}/edit/", {**BODY_POST, "name": "새 이름"}
    )
    body.refresh_from_db()
    if ID_EXPECTED[actor] == 200:
        assert response.status_code == 302 and body.name == "새 이름"
    else:
        assert response.status_code == ID_EXPECTED[actor] and body.name == "금천구 협치회의"


def test_body_pages_link_and_bad_input(actors: dict[str, Any], body: Body) -> None:
    client = _client(actors["manager_here"])
    listing = client.get("/governance/m/seoul-geumcheon-gu/").content.decode()
    assert 'data-testid="body-new"' in listing
    assert (
        'data-testid="body-edit"' in client.get(f"/governance/bodies/{body.pk}/").content.decode()
    )
    assert "governance/m/seoul-geumcheon-gu/surveys/" in listing
    # the database's check constraint (≤ 50) was a 500 through the admin; now a form error
    page = client.post(
        "/governance/m/seoul-geumcheon-gu/bodies/new/", {**BODY_POST, "min_gender_percent": "60"}
    )
    assert page.status_code == 200 and not Body.objects.filter(name=BODY_POST["name"]).exists()
    with override("ko"):
        taken = client.post(
            "/governance/m/seoul-geumcheon-gu/bodies/new/",
            {**BODY_POST, "name": "금천구 협치회의"},
            HTTP_ACCEPT_LANGUAGE="ko",
        )
    assert taken.status_code == 200 and Body.objects.filter(name="금천구 협치회의").count() == 1
    assert "이미" in taken.content.decode()


def test_body_services(actors: dict[str, Any], places: dict[str, Any], body: Body) -> None:
    admin = actors["admin_here"]
    with pytest.raises(ServiceError) as caught:
        services.body_create(
            actor=admin,
            municipality=places["geumcheon"],
            name="x",
            kind="working_group",
            min_gender_percent=60,
        )
    assert caught.value.field == "min_gender_percent"
    with pytest.raises(ServiceError) as caught:
        services.body_create(
            actor=admin, municipality=places["geumcheon"], name="x", kind="nonsense"
        )
    assert caught.value.field == "kind"
    with override("en"), pytest.raises(Conflict) as caught:
        services.body_create(
            actor=admin, municipality=places["geumcheon"], name=body.name, kind="working_group"
        )
    assert caught.value.field == "name" and body.name in caught.value.message
    child = services.body_create(
        actor=admin,
        municipality=places["geumcheon"],
        name="분과",
        kind="subcommittee",
        parent=body,
    )
    with pytest.raises(ServiceError) as caught:  # a cycle: the parent under its own child
        services.body_update(actor=admin, body=body, data={"parent": child})
    assert caught.value.field == "parent"
    gwanak = services.body_create(
        actor=actors["admin_elsewhere"],
        municipality=places["gwanak"],
        name="관악구 협치회의",
        kind="district_governance_council",
    )
    with pytest.raises(ServiceError) as caught:
        services.body_update(actor=admin, body=child, data={"parent": gwanak})
    assert caught.value.field == "parent"
    with pytest.raises(NotAllowed):
        services.body_update(actor=admin, body=gwanak, data={"name": "x"})
    services.body_update(
        actor=admin, body=body, data={"term_years": 3, "mandate": "구정 협치 의제 논의"}
    )
    body.refresh_from_db()
    assert (body.term_years, body.mandate) == (3, "구정 협치 의제 논의")
    entry = AuditEntry.objects.filter(kind="governance.body_updated").latest("seq")
    assert entry.data["changed"] == ["mandate", "term_years"]


SURVEY = {
    "year": "2020",
    "group": "participants",
    "respondents": "400",
    "level": "5",
    "level_share": "44.3",
    "trust_district": "4.93",
    "trust_city": "4.52",
}


def test_survey_entry_and_correction(actors: dict[str, Any], places: dict[str, Any]) -> None:
    client = _client(actors["admin_here"])
    url = "/governance/m/seoul-geumcheon-gu/surveys/"
    assert client.post(url, SURVEY).status_code == 302
    result = SurveyResult.objects.get()
    assert (result.level, result.level_share) == (5, Decimal("44.3"))
    assert AuditEntry.objects.filter(kind="governance.survey_saved").count() == 1
    # the same year and group again: a message, not a 500 (the admin raised IntegrityError)
    again = client.post(url, SURVEY)
    assert again.status_code == 200 and SurveyResult.objects.count() == 1
    # correcting it
    page = client.get(f"{url}?edit={result.pk}").content.decode()
    assert 'value="44.3"' in page
    assert client.post(url, {**SURVEY, "id": result.pk, "level_share": "45.0"}).status_code == 302
    result.refresh_from_db()
    assert result.level_share == Decimal("45.0")
    # out of range
    bad = client.post(url, {**SURVEY, "group": "general_public", "level_share": "140"})
    assert bad.status_code == 200 and SurveyResult.objects.count() == 1
    # another municipality's result cannot be reached through this page
    other = services.survey_result_save(
        actor=actors["admin_elsewhere"],
        municipality=places["gwanak"],
        data={**SURVEY, "year": 2020},
    )
    assert client.get(f"{url}?edit={other.pk}").status_code == 404
    assert client.post(url, {**SURVEY, "id": other.pk}).status_code == 404
    with pytest.raises(NotAllowed):
        services.survey_result_save(
            actor=actors["admin_here"], result=other, data={"level_share": "1"}
        )
    # the public statistics page shows the results
    stats = Client().get("/governance/m/seoul-geumcheon-gu/statistics/").content.decode()
    assert "45.0%" in stats


def test_accepting_a_report_asks_for_confirmation(
    actors: dict[str, Any], places: dict[str, Any]
) -> None:
    report = QuarterlyReport.objects.create(
        municipality=places["geumcheon"], year=2026, quarter=1, status="submitted"
    )
    city = _client(actors["admin_above"])
    asked = city.post(f"/governance/reports/{report.pk}/accept/")
    assert asked.status_code == 200 and 'data-testid="consequences"' in asked.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"
    done = city.post(f"/governance/reports/{report.pk}/accept/", {"confirmed": "1"})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == "accepted" and report.reviewed_at is not None
    assert AuditEntry.objects.filter(kind__startswith="governance.report_").exists()
