"""Officials' pages and the permission matrix: Geumcheon-gu's officials work on its
register; an official of another district and a resident get 404; an anonymous visitor is
sent to log in; everyone reads the public summary, which holds no internal note."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maeul.auditlog.models import AuditEntry
from maeul.outsidegrants.models import DepartmentIncentive, DistrictApplication, OutsideProgramme
from tests.conftest import PASSWORD

SLUG = "seoul-geumcheon-gu"


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def _pages(programme: Any) -> list[str]:
    return [
        f"/outside-grants/manage/{SLUG}/",
        f"/outside-grants/manage/{SLUG}/statistics/",
        f"/outside-grants/manage/{SLUG}/incentives/",
        f"/outside-grants/manage/p/{programme.pk}/",
    ]


def test_the_managing_official_reads_every_page(manager: Any, programme: Any) -> None:
    client = _client(manager)
    for url in [
        *_pages(programme),
        f"/outside-grants/manage/{SLUG}/new/",
        f"/outside-grants/manage/{SLUG}/import/",
    ]:
        assert client.get(url).status_code == 200, url
    assert "내부 메모" in client.get(f"/outside-grants/manage/p/{programme.pk}/").content.decode()


def test_a_reviewer_reads_but_does_not_record(reviewer: Any, programme: Any) -> None:
    client = _client(reviewer)
    for url in _pages(programme):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/outside-grants/manage/{SLUG}/new/").status_code == 404
    answer = client.post(
        f"/outside-grants/manage/p/{programme.pk}/",
        {"action": "application", "department": "복지정책과"},
    )
    assert answer.status_code == 404
    assert not DistrictApplication.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "resident"])
def test_others_get_404(who: str, request: Any, programme: Any) -> None:
    client = _client(request.getfixturevalue(who))
    for url in [
        *_pages(programme),
        f"/outside-grants/manage/{SLUG}/new/",
        f"/outside-grants/manage/{SLUG}/import/",
    ]:
        assert client.get(url).status_code == 404, url
    client.post(
        f"/outside-grants/manage/{SLUG}/incentives/",
        {"department": "x", "year": "2020", "reason": "x", "amount_won": "1"},
    )
    assert not DepartmentIncentive.objects.exists()
    summary = client.get(f"/outside-grants/{SLUG}/")
    assert summary.status_code == 200
    assert "내부 메모" not in summary.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(programme: Any) -> None:
    client = Client()
    for url in _pages(programme):
        answer = client.get(url)
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"], url
    assert client.get(f"/outside-grants/{SLUG}/").status_code == 200


def test_register_filters(manager: Any, places: dict[str, Any]) -> None:
    from maeul.outsidegrants import services

    today = services.today()
    for title, field, days in (("가", "welfare", 3), ("나", "welfare", 30), ("다", "labour", 5)):
        OutsideProgramme.objects.create(
            municipality=places["geumcheon"],
            year=today.year,
            funder="서울특별시",
            funder_kind="city",
            field=field,
            title=f"{title} 공모",
            deadline=today + __import__("datetime").timedelta(days=days),
        )
    client = _client(manager)

    def titles(query: str) -> list[str]:
        body = client.get(f"/outside-grants/manage/{SLUG}/?{query}").content.decode()
        return [t for t in ("가 공모", "나 공모", "다 공모") if t in body]

    assert titles("") == ["가 공모", "나 공모", "다 공모"]
    assert titles("field=welfare") == ["가 공모", "나 공모"]
    assert titles("within=7") == ["가 공모", "다 공모"]
    assert titles("within=7&field=labour") == ["다 공모"]
    assert titles("status=declined") == []
    assert titles("within=abc&field=nope") == ["가 공모", "나 공모", "다 공모"]


def test_recording_through_the_pages_is_audited(manager: Any, programme: Any) -> None:
    client = _client(manager)
    url = f"/outside-grants/manage/p/{programme.pk}/"
    scores = {f"score_{c}": "3" for c in ("fit", "feasibility", "matching", "upkeep", "benefit")}
    answer = client.post(
        url,
        {
            "action": "application",
            "department": "복지정책과",
            **scores,
            "score_upkeep": "1",
            "estimated_cost_won": "400,000,000",
            "matching_won": "100000000",
            "decision": "apply",
            "submitted_on": "2021-05-28",
        },
    )
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="precheck-total">54.00<' in page
    assert "검토 점수 54점이 기준 60점에 못 미칩니다" in page
    answer = client.post(
        url, {"action": "outcome", "outcome": "selected", "amount_awarded_won": "150000000"}
    )
    assert answer.status_code == 302
    answer = client.post(
        f"/outside-grants/manage/{SLUG}/incentives/",
        {
            "department": "복지정책과",
            "year": "2021",
            "reason": "선정 우수",
            "amount_won": "3,000,000",
            "application": str(programme.application.pk),
        },
    )
    assert answer.status_code == 302
    kinds = list(AuditEntry.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        "outsidegrants.programme_created",
        "outsidegrants.application_recorded",
        "outsidegrants.outcome_recorded",
        "outsidegrants.incentive_recorded",
    ]


def test_bad_form_input_is_a_message_not_a_save(manager: Any, programme: Any) -> None:
    client = _client(manager)
    url = f"/outside-grants/manage/p/{programme.pk}/"
    scores = {f"score_{c}": "3" for c in ("fit", "feasibility", "matching", "upkeep", "benefit")}
    for bad in (
        {"score_fit": "9"},
        {"score_fit": "2.5"},
        {"estimated_cost_won": "-5"},
        {"estimated_cost_won": "1e999"},
        {"matching_won": "999999999999"},
        {"decision": "maybe"},
        {"submitted_on": "2021-02-30"},
        {"department": ""},
    ):
        data = {
            "action": "application",
            "department": "복지정책과",
            **scores,
            "estimated_cost_won": "400000000",
            "decision": "apply",
            **bad,
        }
        answer = client.post(url, data)
        assert answer.status_code == 400, bad
        assert 'role="alert"' in answer.content.decode()
    assert not DistrictApplication.objects.exists()
    answer = client.post(
        f"/outside-grants/manage/{SLUG}/new/",
        {"title": "", "funder": "x", "funder_kind": "city", "field": "welfare", "year": "2021"},
    )
    assert answer.status_code == 400
    assert OutsideProgramme.objects.count() == 1
