"""The planning office's catalogue pages (goals, fields, pledges, the sheet's tables) that
replace the Django admin: the role x municipality x action matrix, the services with their
audit entries, and bad input answered with a message and nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils.translation import override

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict, ServiceError
from maeul.pledges import catalogue
from maeul.pledges.models import FundingPlan, Indicator, Pledge, PledgeField, PledgeGoal

ACTORS = (
    "anonymous",
    "resident",
    "admin_here",
    "manager_here",
    "auditor_here",
    "admin_above",
    "admin_elsewhere",
)


@pytest.fixture
def actors(places: dict[str, Any], make_resident: Any, make_official: Any) -> dict[str, Any]:
    return {
        "anonymous": None,
        "resident": make_resident(places["geumcheon"], places["gasan"]),
        "admin_here": make_official(places["geumcheon"], "administrator", username="pl.admin"),
        "manager_here": make_official(places["geumcheon"], "programme_manager"),
        "auditor_here": make_official(places["geumcheon"], "auditor"),
        "admin_above": make_official(places["seoul"], "administrator"),
        "admin_elsewhere": make_official(places["gwanak"], "administrator"),
    }


@pytest.fixture
def sheet(places: dict[str, Any], pledge_factory: Any) -> Pledge:
    return pledge_factory(places["geumcheon"], 1, goal="다시 뛰는 금천", field="지역경제")


# GET status per page and actor: deny by default; in scope without the role 403, out of scope 404
EXPECTED = {
    "anonymous": 302,
    "resident": 404,
    "admin_here": 200,
    "manager_here": 200,
    "auditor_here": 403,
    "admin_above": 200,
    "admin_elsewhere": 404,
}
PAGES = [
    "/pledges/seoul-geumcheon-gu/catalogue/",
    "/pledges/seoul-geumcheon-gu/catalogue/new/",
    "/pledges/seoul-geumcheon-gu/1/edit/",
    *[f"/pledges/seoul-geumcheon-gu/1/edit/{t}/" for t in (*catalogue.SHEET_TABLES, "indicators")],
]


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("actor", ACTORS)
def test_page_matrix(url: str, actor: str, actors: dict[str, Any], sheet: Pledge) -> None:
    assert _client(actors[actor]).get(url).status_code == EXPECTED[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_posts_write_only_for_the_planning_office(
    actor: str, actors: dict[str, Any], sheet: Pledge
) -> None:
    client = _client(actors[actor])
    before = (PledgeGoal.objects.count(), AuditEntry.objects.count())
    response = client.post(
        "/pledges/seoul-geumcheon-gu/catalogue/goals/new/",
        {"goal-name": "새 목표", "goal-order": "2"},
    )
    if EXPECTED[actor] == 200:
        assert response.status_code == 302
        assert PledgeGoal.objects.filter(name="새 목표").exists()
    else:
        assert response.status_code == EXPECTED[actor]
        assert (PledgeGoal.objects.count(), AuditEntry.objects.count()) == before


def _action_cases(sheet: Pledge) -> list[tuple[str, dict[str, Any], Any]]:
    """Each catalogue form's own URL, a valid post and how to see that it was saved."""
    base = "/pledges/seoul-geumcheon-gu/catalogue"
    goal, field = sheet.field.goal, sheet.field
    return [
        (
            f"{base}/goals/new/",
            {"goal-name": "새 목표", "goal-order": "2"},
            lambda: PledgeGoal.objects.filter(name="새 목표").exists(),
        ),
        (
            f"{base}/fields/new/",
            {"field-goal": goal.pk, "field-name": "교통", "field-order": "1"},
            lambda: PledgeField.objects.filter(name="교통").exists(),
        ),
        (
            f"{base}/goals/{goal.pk}/",
            {f"g{goal.pk}-name": "고친 목표", f"g{goal.pk}-order": "3"},
            lambda: PledgeGoal.objects.get(pk=goal.pk).name == "고친 목표",
        ),
        (
            f"{base}/fields/{field.pk}/",
            {
                f"f{field.pk}-goal": goal.pk,
                f"f{field.pk}-name": "고친 분야",
                f"f{field.pk}-order": "4",
            },
            lambda: PledgeField.objects.get(pk=field.pk).name == "고친 분야",
        ),
    ]


@pytest.mark.parametrize("case", range(4))
@pytest.mark.parametrize("actor", ACTORS)
def test_each_catalogue_action_has_its_own_url(
    case: int, actor: str, actors: dict[str, Any], sheet: Pledge
) -> None:
    """Out of scope 404, in scope without the role 403, the planning office saves and is
    sent back to the catalogue; a GET on an action URL is refused."""
    url, data, saved = _action_cases(sheet)[case]
    client = _client(actors[actor])
    before = AuditEntry.objects.count()
    response = client.post(url, data)
    if EXPECTED[actor] == 200:
        assert response.status_code == 302
        assert response["Location"] == "/pledges/seoul-geumcheon-gu/catalogue/"
        assert saved() and AuditEntry.objects.count() == before + 1
    else:
        assert response.status_code == EXPECTED[actor]
        assert not saved() and AuditEntry.objects.count() == before
    if actor == "admin_here":
        assert client.get(url).status_code == 405


@pytest.mark.parametrize("case", range(4))
def test_catalogue_action_errors_rerender_the_page(
    case: int, actors: dict[str, Any], sheet: Pledge
) -> None:
    """An invalid post answers 200 with the catalogue and the form's errors, nothing saved."""
    url, data, saved = _action_cases(sheet)[case]
    bad = {key: ("" if key.endswith("-name") else value) for key, value in data.items()}
    client = _client(actors["admin_here"])
    before = AuditEntry.objects.count()
    response = client.post(url, bad)
    assert response.status_code == 200
    assert response.templates[0].name == "pledges/catalogue.html"
    assert 'class="field has-error"' in response.content.decode()
    assert not saved() and AuditEntry.objects.count() == before


def test_other_municipalities_ids_answer_404(
    actors: dict[str, Any], places: dict[str, Any], pledge_factory: Any, sheet: Pledge
) -> None:
    gwanak = pledge_factory(places["gwanak"], 1, goal="관악 목표", field="관악 분야")
    client = _client(actors["admin_here"])
    # a goal and a field of Gwanak posted to Geumcheon's catalogue
    for kind, pk in (("goals", gwanak.field.goal.pk), ("fields", gwanak.field.pk)):
        response = client.post(f"/pledges/seoul-geumcheon-gu/catalogue/{kind}/{pk}/", {})
        assert response.status_code == 404
    # Gwanak's field offered to a Geumcheon pledge: refused by the form's choices
    response = client.post(
        "/pledges/seoul-geumcheon-gu/catalogue/new/",
        {
            "number": 2,
            "title": "x",
            "field": gwanak.field.pk,
            "status": "on_track",
            "term_kind": "within",
            "funding_type": "budget",
        },
    )
    assert response.status_code == 200 and not Pledge.objects.filter(number=2).exists()
    assert gwanak.field.goal.name == PledgeGoal.objects.get(pk=gwanak.field.goal.pk).name


def test_services_catalogue_round_trip_with_audit(
    actors: dict[str, Any], places: dict[str, Any]
) -> None:
    admin = actors["admin_here"]
    m = places["geumcheon"]
    goal = catalogue.goal_create(actor=admin, municipality=m, name="더불어 행복한 금천", order=1)
    field = catalogue.field_create(actor=admin, municipality=m, goal=goal, name="복지")
    pledge = catalogue.pledge_create(
        actor=admin,
        municipality=m,
        data={"number": 7, "title": "어르신 일자리", "field": field, "department": "복지정책과"},
    )
    assert pledge.status_changes.count() == 1
    catalogue.pledge_update(
        actor=admin,
        pledge=pledge,
        data={"number": 7, "title": "어르신 일자리 확대", "field": field, "status": "completed"},
    )
    pledge.refresh_from_db()
    assert (pledge.title, pledge.status) == ("어르신 일자리 확대", "completed")
    assert list(pledge.status_changes.values_list("new_status", flat=True)) == [
        "on_track",
        "completed",
    ]
    count = catalogue.pledge_table_replace(
        actor=admin,
        pledge=pledge,
        table="funding",
        rows=[
            {"source": "구비", "period": "2023", "order": 0, "in_term": True, "amount_won": 100},
            {"source": "구비", "period": "2027", "order": 1, "in_term": False, "amount_won": 50},
        ],
    )
    assert count == 2 and FundingPlan.objects.filter(pledge=pledge).count() == 2
    kinds = list(AuditEntry.objects.order_by("seq").values_list("kind", flat=True))
    assert kinds[-5:] == [
        "pledges.goal_created",
        "pledges.field_created",
        "pledges.pledge_created",
        "pledges.pledge_saved",
        "pledges.sheet_rows_saved",
    ]


def test_services_refuse_outsiders(
    actors: dict[str, Any], places: dict[str, Any], sheet: Pledge
) -> None:
    for actor in ("resident", "auditor_here", "admin_elsewhere"):
        with pytest.raises(PermissionDenied):
            catalogue.goal_create(actor=actors[actor], municipality=places["geumcheon"], name="x")
        with pytest.raises(PermissionDenied):
            catalogue.pledge_table_replace(
                actor=actors[actor], pledge=sheet, table="tasks", rows=[]
            )


def test_duplicates_and_bad_input_have_clear_messages(
    actors: dict[str, Any], places: dict[str, Any], pledge_factory: Any, sheet: Pledge
) -> None:
    admin = actors["admin_here"]
    m = places["geumcheon"]
    field = sheet.field
    with override("ko"), pytest.raises(Conflict) as caught:
        catalogue.pledge_create(
            actor=admin, municipality=m, data={"number": 1, "title": "중복", "field": field}
        )
    assert caught.value.field == "number" and "1" in caught.value.message
    assert "이미" in caught.value.message  # the Korean message, matched by constraint name
    with pytest.raises(Conflict):
        catalogue.goal_create(actor=admin, municipality=m, name=field.goal.name)
    with pytest.raises(Conflict):
        catalogue.field_create(actor=admin, municipality=m, goal=field.goal, name=field.name)
    other = pledge_factory(places["gwanak"], 5, goal="관악", field="관악 분야")
    with pytest.raises(ServiceError) as caught:
        catalogue.pledge_create(
            actor=admin, municipality=m, data={"number": 9, "title": "x", "field": other.field}
        )
    assert caught.value.field == "field"
    with pytest.raises(ServiceError) as caught:
        catalogue.field_create(actor=admin, municipality=m, goal=other.field.goal, name="x")
    assert caught.value.field == "goal"
    with override("en"), pytest.raises(ServiceError) as caught:
        catalogue.pledge_table_replace(
            actor=admin,
            pledge=sheet,
            table="funding",
            rows=[
                {"source": "국비", "period": "2023", "amount_won": 10},
                {"source": "국비", "period": "2023", "amount_won": 20},
            ],
        )
    assert caught.value.message.startswith("Row 2") and "row 1" in caught.value.message
    with pytest.raises(ServiceError) as caught:
        catalogue.pledge_table_replace(
            actor=admin,
            pledge=sheet,
            table="executions",
            rows=[{"source": "국비", "period": "2023", "amount_won": -5}],
        )
    assert caught.value.field == "amount_won"
    with pytest.raises(ServiceError) as caught:
        catalogue.pledge_table_replace(
            actor=admin, pledge=sheet, table="decisions", rows=[{"stage": "someday"}]
        )
    assert caught.value.field == "stage"
    assert not FundingPlan.objects.exists() and sheet.executions.count() == 0
    with pytest.raises(ServiceError):
        catalogue.pledge_table_replace(actor=admin, pledge=sheet, table="ballots", rows=[])


def test_pages_create_edit_and_tables(
    actors: dict[str, Any], places: dict[str, Any], sheet: Pledge
) -> None:
    client = _client(actors["manager_here"])
    base = "/pledges/seoul-geumcheon-gu"
    goal = sheet.field.goal
    client.post(
        f"{base}/catalogue/fields/new/",
        {"field-goal": goal.pk, "field-name": "교통", "field-order": 1},
    )
    traffic = PledgeField.objects.get(name="교통")
    data = {
        "number": 2,
        "title": "마을버스 노선 확충",
        "field": traffic.pk,
        "status": "on_track",
        "term_kind": "within",
        "funding_type": "budget",
        "department": "교통행정과",
    }
    response = client.post(f"{base}/catalogue/new/", data)
    assert response.status_code == 302 and response["Location"].endswith("/2/edit/")
    # the same number again: the form says so, nothing half-saved
    with override("ko"):
        page = client.post(
            f"{base}/catalogue/new/", {**data, "title": "중복"}, HTTP_ACCEPT_LANGUAGE="ko"
        )
    assert page.status_code == 200 and Pledge.objects.filter(number=2).count() == 1
    assert "공약번호 2는 이미 있습니다." in page.content.decode()
    # the dashboard and the sheet link the officials to these pages
    dashboard = client.get(f"{base}/").content.decode()
    assert 'data-testid="catalogue-links"' in dashboard
    assert 'data-testid="edit-sheet"' in client.get(f"{base}/2/").content.decode()
    # a table: two funding rows, then one deleted
    rows = {
        "rows-TOTAL_FORMS": "3",
        "rows-INITIAL_FORMS": "0",
        "rows-0-source": "구비",
        "rows-0-period": "2023",
        "rows-0-order": "0",
        "rows-0-in_term": "on",
        "rows-0-amount_won": "300000000",
        "rows-1-source": "시비",
        "rows-1-period": "2024",
        "rows-1-order": "1",
        "rows-1-in_term": "on",
        "rows-1-amount_won": "140000000",
    }
    assert client.post(f"{base}/2/edit/funding/", rows).status_code == 302
    pledge = Pledge.objects.get(number=2, municipality=places["geumcheon"])
    assert sorted(pledge.funding.values_list("amount_won", flat=True)) == [140000000, 300000000]
    page = client.get(f"{base}/2/edit/funding/").content.decode()
    assert page.count('data-testid="row"') == 5  # two rows and three empty ones
    second = {
        "rows-TOTAL_FORMS": "2",
        "rows-INITIAL_FORMS": "2",
        "rows-0-source": "구비",
        "rows-0-period": "2023",
        "rows-0-order": "0",
        "rows-0-in_term": "on",
        "rows-0-amount_won": "300000000",
        "rows-1-source": "시비",
        "rows-1-period": "2024",
        "rows-1-order": "1",
        "rows-1-amount_won": "140000000",
        "rows-1-DELETE": "on",
    }
    assert client.post(f"{base}/2/edit/funding/", second).status_code == 302
    assert list(pledge.funding.values_list("amount_won", flat=True)) == [300000000]
    # a negative amount: the page names the row, nothing changes
    bad = {**second, "rows-0-amount_won": "-1"}
    bad.pop("rows-1-DELETE")
    assert client.post(f"{base}/2/edit/funding/", bad).status_code == 200
    assert list(pledge.funding.values_list("amount_won", flat=True)) == [300000000]
    # indicators with an exact fraction
    indicators = {
        "rows-TOTAL_FORMS": "2",
        "rows-INITIAL_FORMS": "0",
        "rows-0-year": "2023",
        "rows-0-name": "노선 신설",
        "rows-0-weight": "30",
        "rows-0-achievement": "1/3",
        "rows-1-year": "2023",
        "rows-1-name": "정류장",
        "rows-1-weight": "70",
        "rows-1-achievement": "50%",
    }
    assert client.post(f"{base}/2/edit/indicators/", indicators).status_code == 302
    assert [
        (i.achievement_numerator, i.achievement_denominator)
        for i in Indicator.objects.filter(pledge=pledge)
    ] == [(1, 3), (1, 2)]
    zero = {**indicators, "rows-0-weight": "0", "rows-1-weight": "0"}
    page = client.post(f"{base}/2/edit/indicators/", zero)
    assert page.status_code == 200 and 'data-testid="table-error"' in page.content.decode()
    assert Indicator.objects.filter(pledge=pledge).count() == 2
    assert client.get(f"{base}/2/edit/nonsense/").status_code == 404


JUNK_POSTS = [
    {"goal-name": "", "goal-order": "1e999"},
    {"g1-name": "", "g1-order": "abc"},
    {"f1-goal": "987654", "f1-name": "x" * 500},
    {"field-goal": "987654", "field-name": "x" * 500},
    {"number": "99999999999999999999", "title": "<script>", "field": "x", "status": "done"},
    {"rows-TOTAL_FORMS": "99999", "rows-INITIAL_FORMS": "0"},
    {"rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-0-amount_won": "1e999"},
    {"rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-0-achievement": "150%"},
    {"rows-TOTAL_FORMS": "x"},
    {},
]


def test_junk_never_answers_500(
    actors: dict[str, Any], sheet: Pledge, places: dict[str, Any]
) -> None:
    """The planning office itself posting junk to every new page: a message, never a 500."""
    from maeul.governance import services as governance

    body = governance.body_create(
        actor=actors["admin_here"],
        municipality=places["geumcheon"],
        name="협치회의",
        kind="district_governance_council",
    )
    client = Client(raise_request_exception=False)
    client.force_login(actors["admin_here"])
    governance_urls = [
        "/governance/m/seoul-geumcheon-gu/bodies/new/",
        f"/governance/bodies/{body.pk}/edit/",
        "/governance/m/seoul-geumcheon-gu/surveys/",
    ]
    governance_junk = [
        {"name": "", "kind": "x", "min_gender_percent": "1e999", "parent": "abc"},
        {"name": "x", "kind": "working_group", "term_years": "0", "max_consecutive_terms": "-1"},
        {"year": "99999", "group": "x", "level": "9", "level_share": "1e999", "id": "abc"},
        {"trust_district": "99.999", "trust_city": "NaN", "id": "987654"},
    ]
    goal = sheet.field.goal
    actions = [
        "/pledges/seoul-geumcheon-gu/catalogue/goals/new/",
        "/pledges/seoul-geumcheon-gu/catalogue/fields/new/",
        f"/pledges/seoul-geumcheon-gu/catalogue/goals/{goal.pk}/",
        f"/pledges/seoul-geumcheon-gu/catalogue/fields/{sheet.field.pk}/",
        "/pledges/seoul-geumcheon-gu/catalogue/goals/987654/",
    ]
    pairs = [(url, data) for url in (*PAGES, *actions) for data in JUNK_POSTS]
    pairs += [(url, data) for url in governance_urls for data in governance_junk]
    for url, data in pairs:
        status = client.post(url, data).status_code
        assert status < 500, (url, data, status)
