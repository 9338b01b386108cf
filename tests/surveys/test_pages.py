"""The survey pages and API: the permission matrix, the answer form, the officials' pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maeul.surveys import services
from maeul.surveys.models import Response, Survey

pytestmark = pytest.mark.django_db


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people(places: Any, make_resident: Any, make_official: Any, manager: Any) -> dict[str, Any]:
    return {
        "visitor": None,
        "resident": make_resident(places["geumcheon"]),
        "manager": manager,
        "auditor": make_official(places["geumcheon"], "auditor"),
        "other_official": make_official(places["gwanak"], "administrator"),
        "seoul_admin": make_official(places["seoul"], "administrator"),
    }


# who → expected status of (survey page, results page, management page) per survey state
MATRIX = {
    "draft": {
        "visitor": (404, 404, 302),
        "resident": (404, 404, 404),
        "manager": (200, 404, 200),
        "auditor": (200, 404, 200),
        "other_official": (404, 404, 404),
        "seoul_admin": (200, 404, 200),
    },
    # nobody sees results while answers come in (differencing a known person's answer)
    "open": {
        "visitor": (200, 404, 302),
        "resident": (200, 404, 404),
        "manager": (200, 404, 200),
        "auditor": (200, 404, 200),
        "other_official": (200, 404, 404),
        "seoul_admin": (200, 404, 200),
    },
    "closed": {
        "visitor": (200, 404, 302),
        "resident": (200, 404, 404),
        "manager": (200, 200, 200),
        "auditor": (200, 200, 200),
        "other_official": (200, 404, 404),
        "seoul_admin": (200, 200, 200),
    },
    "published": {
        "visitor": (200, 200, 302),
        "resident": (200, 200, 404),
        "manager": (200, 200, 200),
        "auditor": (200, 200, 200),
        "other_official": (200, 200, 404),
        "seoul_admin": (200, 200, 200),
    },
}


@pytest.mark.parametrize("state", list(MATRIX))
def test_permission_matrix(state: str, people: dict[str, Any], make_survey: Any) -> None:
    survey = make_survey(state=state)
    for who, expected in MATRIX[state].items():
        client = _client(people[who])
        got = (
            client.get(f"/surveys/s/{survey.pk}/").status_code,
            client.get(f"/surveys/s/{survey.pk}/results/").status_code,
            client.get(f"/surveys/manage/s/{survey.pk}/").status_code,
        )
        assert got == expected, who
        api = client.get(f"/api/surveys/results/{survey.pk}")
        assert api.status_code == expected[1], who


def test_manage_list_and_new_are_scoped(people: dict[str, Any], places: Any) -> None:
    slug = places["geumcheon"].slug
    assert _client(people["manager"]).get(f"/surveys/manage/{slug}/").status_code == 200
    assert _client(people["other_official"]).get(f"/surveys/manage/{slug}/").status_code == 403
    assert _client(people["resident"]).get(f"/surveys/manage/{slug}/").status_code == 403
    assert _client(people["auditor"]).get(f"/surveys/manage/{slug}/new/").status_code == 403
    response = _client(people["other_official"]).post(
        f"/surveys/manage/{slug}/new/", {"title": "남의 설문", "audience": "public"}
    )
    assert response.status_code == 403 and not Survey.objects.exists()


def test_other_official_cannot_move_or_edit(people: dict[str, Any], make_survey: Any) -> None:
    survey = make_survey(state="draft")
    client = _client(people["other_official"])
    assert client.post(f"/surveys/manage/s/{survey.pk}/move/", {"to": "open"}).status_code == 404
    question = survey.questions.first()
    remove = f"/surveys/manage/s/{survey.pk}/questions/{question.pk}/remove/"
    assert client.post(remove).status_code == 404
    auditor = _client(people["auditor"])
    assert (
        auditor.post(f"/surveys/manage/s/{survey.pk}/", {"kind": "text", "text": "x"}).status_code
        == 403
    )
    survey.refresh_from_db()
    assert survey.state == "draft" and survey.questions.count() == 4


def test_official_builds_opens_closes_and_publishes(people: dict[str, Any], places: Any) -> None:
    client = _client(people["manager"])
    slug = places["geumcheon"].slug
    response = client.post(
        f"/surveys/manage/{slug}/new/",
        {"title": "교통 설문", "audience": "public", "programme": "", "template": ""},
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/surveys/manage/s/{survey.pk}/"
    bad = client.post(
        f"/surveys/manage/s/{survey.pk}/", {"kind": "single", "text": "하나만?", "options": "예"}
    )
    assert bad.status_code == 400 and "두 개" in bad.content.decode()
    scale = client.post(
        f"/surveys/manage/s/{survey.pk}/", {"kind": "scale", "text": "만족도", "scale_max": "6"}
    )
    assert scale.status_code == 400
    ok = client.post(
        f"/surveys/manage/s/{survey.pk}/",
        {
            "kind": "single",
            "text": "버스 노선에 만족하나요?",
            "options": "예\n아니요",
            "required": "on",
        },
    )
    assert ok.status_code == 302 and survey.questions.count() == 1
    for step in ("open", "closed", "published"):
        client.post(f"/surveys/manage/s/{survey.pk}/move/", {"to": step})
        survey.refresh_from_db()
        assert survey.state == step
    again = client.post(f"/surveys/manage/s/{survey.pk}/move/", {"to": "open"}, follow=True)
    assert again.status_code == 200
    survey.refresh_from_db()
    assert survey.state == "published"


def test_resident_answers_through_the_page_once(
    people: dict[str, Any], make_survey: Any, answers_for: Any
) -> None:
    survey = make_survey()
    client = _client(people["resident"])
    page = client.get(f"/surveys/s/{survey.pk}/")
    assert page.status_code == 200 and 'type="radio"' in page.content.decode()
    answers = {f"q{k}": v for k, v in answers_for(survey, 5, 6, 4).items()}
    missing = dict(answers)
    missing.pop(
        next(k for k in missing if k.endswith(str(survey.questions.get(code="trust_city").pk)))
    )
    refused = client.post(f"/surveys/s/{survey.pk}/", missing)
    assert refused.status_code == 400 and not Response.objects.exists()
    done = client.post(f"/surveys/s/{survey.pk}/", answers)
    assert done.status_code == 302 and Response.objects.count() == 1
    after = client.get(f"/surveys/s/{survey.pk}/")
    assert 'type="radio"' not in after.content.decode()
    twice = client.post(f"/surveys/s/{survey.pk}/", answers)
    assert twice.status_code == 400 and Response.objects.count() == 1


def test_visitor_posting_goes_to_login(make_survey: Any) -> None:
    survey = make_survey()
    response = Client().post(f"/surveys/s/{survey.pk}/", {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_public_list_hides_drafts_and_shows_in_english(make_survey: Any, places: Any) -> None:
    draft = make_survey(state="draft")
    draft.title = "초안 설문"
    draft.save()
    make_survey(state="published")
    client = Client()
    page = client.get(f"/surveys/{places['geumcheon'].slug}/").content.decode()
    assert "초안 설문" not in page and "주민참여 수준과 신뢰" in page
    client.cookies["maeul_language"] = "en"
    english = client.get(f"/surveys/{places['geumcheon'].slug}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Surveys of" in english.content.decode()


def test_results_page_and_api(
    make_survey: Any, answers_for: Any, make_resident: Any, places: Any, manager: Any
) -> None:
    survey = make_survey()
    for _ in range(5):
        services.response_submit(
            user=make_resident(places["geumcheon"]),
            survey_id=survey.pk,
            answers=answers_for(survey, 3, 4, 5),
        )
    services.survey_move(actor=manager, survey_id=survey.pk, to="closed")
    services.survey_move(actor=manager, survey_id=survey.pk, to="published")
    page = Client().get(f"/surveys/s/{survey.pk}/results/").content.decode()
    assert "<svg" in page and "4.00" in page
    api = Client().get(f"/api/surveys/results/{survey.pk}").json()
    district = next(q for q in api["questions"] if q["position"] == 2)
    assert {g["group"]: g["mean"] for g in district["groups"]}["general_public"] == "4.00"
    listed = Client().get(f"/api/surveys/{places['geumcheon'].slug}").json()
    assert listed["count"] == 1 and listed["items"][0]["state"] == "published"


def test_home_page_and_programme_index_list_open_and_published_surveys(
    make_survey: Any, places: Any
) -> None:
    draft = make_survey(state="draft")
    draft.title = "초안 설문"
    draft.save()
    opened = make_survey()
    home = Client().get(f"/m/{places['geumcheon'].slug}/").content.decode()
    assert opened.title in home and f"/surveys/s/{opened.pk}/" in home and "초안 설문" not in home
    index = Client().get("/surveys/").content.decode()
    assert f"/surveys/s/{opened.pk}/" in index and "초안 설문" not in index


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "audience": "public"},
        {"title": "설문", "audience": "everyone"},
        {"title": "설문", "audience": "public", "programme": "lottery"},
        {"title": "설문", "audience": "public", "template": "nope"},
        {"title": "가" * 201, "audience": "public"},
    ],
)
def test_bad_new_survey_is_refused_with_a_message(
    data: dict[str, str], people: dict[str, Any], places: Any
) -> None:
    response = _client(people["manager"]).post(
        f"/surveys/manage/{places['geumcheon'].slug}/new/", data
    )
    assert response.status_code == 400 and 'class="error"' in response.content.decode()
    assert not Survey.objects.exists()


def test_removing_a_question_renumbers_the_rest(people: dict[str, Any], make_survey: Any) -> None:
    survey = make_survey(state="draft")
    first = survey.questions.get(position=1)
    response = _client(people["manager"]).post(
        f"/surveys/manage/s/{survey.pk}/questions/{first.pk}/remove/"
    )
    assert response.status_code == 302
    assert list(survey.questions.values_list("position", "code")) == [
        (1, "trust_district"),
        (2, "trust_city"),
        (3, "comments"),
    ]
    services.survey_move(actor=people["manager"], survey_id=survey.pk, to="open")
    refused = _client(people["manager"]).post(
        f"/surveys/manage/s/{survey.pk}/questions/{survey.questions.first().pk}/remove/",
        follow=True,
    )
    assert "작성하는 동안에만" in refused.content.decode() and survey.questions.count() == 3


def test_results_in_english(make_survey: Any, places: Any) -> None:
    survey = make_survey(state="published")
    client = Client()
    client.cookies["maeul_language"] = "en"
    page = client.get(
        f"/surveys/s/{survey.pk}/results/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Results:" in page and "General public" in page and "Respondents" in page


def test_collected_sheets_pasted_as_csv(people: dict[str, Any], make_survey: Any) -> None:
    survey = make_survey()
    url = f"/surveys/manage/s/{survey.pk}/collected/"
    manager = _client(people["manager"])
    assert manager.get(url).status_code == 200
    assert _client(people["auditor"]).get(url).status_code == 403
    assert _client(people["other_official"]).get(url).status_code == 404
    bad = manager.post(url, {"group": "participants", "sheets": "5,6,4\n9,6,4\n"})
    assert bad.status_code == 400 and "2" in bad.content.decode()
    assert not Response.objects.exists()
    too_wide = manager.post(url, {"group": "participants", "sheets": "5,6,4,좋아요,x\n"})
    assert too_wide.status_code == 400 and not Response.objects.exists()
    out_of_scale = manager.post(url, {"group": "participants", "sheets": "5,6,4\n5,8,4\n"})
    assert out_of_scale.status_code == 400 and not Response.objects.exists()
    ok = manager.post(
        url,
        {"group": "general_public", "sheets": '5,6,4\n3,2,1,"좋아요, 계속"\n\n7,7,7,\n'},
    )
    assert ok.status_code == 302
    assert Response.objects.filter(group="general_public", source="collected").count() == 3
    texts = list(
        Response.objects.filter(answers__text__gt="").values_list("answers__text", flat=True)
    )
    assert texts == ["좋아요, 계속"]


def test_participants_survey_page_says_who_may_answer(
    people: dict[str, Any], make_survey: Any, places: Any
) -> None:
    from maeul.surveys.models import Participant

    survey = make_survey(audience="participants", programme="budgeting")
    client = _client(people["resident"])
    page = client.get(f"/surveys/s/{survey.pk}/").content.decode()
    assert "해당 사업의 참여자만" in page and 'type="radio"' not in page
    Participant.objects.create(
        municipality=places["gasan"], programme="budgeting", user=people["resident"]
    )
    assert 'type="radio"' in client.get(f"/surveys/s/{survey.pk}/").content.decode()


def test_workspace_links_to_the_survey_pages_of_the_scope(
    people: dict[str, Any], places: Any
) -> None:
    geumcheon = f"/surveys/manage/{places['geumcheon'].slug}/"
    gwanak = f"/surveys/manage/{places['gwanak'].slug}/"
    mine = _client(people["manager"]).get("/manage/").content.decode()
    assert geumcheon in mine and gwanak not in mine
    city = _client(people["seoul_admin"]).get("/manage/").content.decode()
    assert geumcheon in city and gwanak in city


def test_huge_ids_are_missing_not_errors(people: dict[str, Any], places: Any) -> None:
    huge = "99999999999999999999999"
    client = _client(people["manager"])
    for url in (
        f"/surveys/s/{huge}/",
        f"/surveys/s/{huge}/results/",
        f"/surveys/manage/s/{huge}/",
        f"/surveys/manage/s/{huge}/collected/",
        f"/api/surveys/results/{huge}",
    ):
        assert client.get(url).status_code in (404, 422), url
    assert client.post(f"/surveys/manage/s/{huge}/move/", {"to": "open"}).status_code == 404
    resident = _client(people["resident"])
    assert resident.post(f"/surveys/s/{huge}/", {}).status_code == 404
