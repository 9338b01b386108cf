"""Pages: the public call with its rules and result, an organisation applying through the
forms, the permission matrix on the application page, the official's page."""

from __future__ import annotations

from typing import Any

from django.test import Client

from maeul.grants import services
from maeul.grants.models import Application


def test_public_pages_and_an_application_through_the_forms(
    seoul_call: Any, make_org: Any, places: dict[str, Any], make_resident: Any
) -> None:
    call = seoul_call()
    anonymous = Client()
    listing = anonymous.get("/grants/seoul-geumcheon-gu/")
    assert listing.status_code == 200 and call.title in listing.content.decode()
    page = anonymous.get(f"/grants/c/{call.pk}/").content.decode()
    assert "300,000,000" in page and "50%" in page
    org, person = make_org()
    client = Client()
    client.force_login(person)
    post = {
        "organisation": org.pk,
        "title": "마을 기후 학교",
        "requested_won": "20,000,000",
        "item_0": "강사비",
        "category_0": "staff",
        "amount_0": "10000000",
        "item_1": "교재",
        "category_1": "activity",
        "amount_1": "10000000",
        "tags": ["climate"],
    }
    bad = client.post(f"/grants/c/{call.pk}/apply/", {**post, "requested_won": "-3"})
    assert bad.status_code == 400 and not Application.objects.exists()
    done = client.post(f"/grants/c/{call.pk}/apply/", post)
    application = Application.objects.get()
    assert done.status_code == 302 and application.requested_won == 20_000_000
    assert client.get(f"/grants/a/{application.pk}/").status_code == 200
    # a stranger and an anonymous visitor cannot see it
    stranger = Client()
    stranger.force_login(make_resident(places["geumcheon"]))
    assert stranger.get(f"/grants/a/{application.pk}/").status_code == 404
    assert anonymous.get(f"/grants/a/{application.pk}/").status_code == 302
    # submitting with one member shows the reason and changes nothing
    response = client.post(f"/grants/a/{application.pk}/submit/", follow=True)
    assert "3" in response.content.decode()
    assert Application.objects.get().state == "draft"


def test_managers_page_is_scoped(
    seoul_call: Any, manager: Any, make_official: Any, places: dict[str, Any]
) -> None:
    call = seoul_call()
    client = Client()
    client.force_login(manager)
    assert client.get(f"/grants/manage/c/{call.pk}/").status_code == 200
    other = Client()
    other.force_login(make_official(places["namgu"], "administrator"))
    assert other.get(f"/grants/manage/c/{call.pk}/").status_code == 404
    assert other.post(f"/grants/manage/c/{call.pk}/review/").status_code == 404
    assert services.GrantCall.objects.get(pk=call.pk).state == "open"


def test_an_official_creates_a_call_and_runs_a_contest_through_pages(
    manager: Any, places: dict[str, Any]
) -> None:
    from maeul.grants.models import Contest, GrantCall

    client = Client()
    client.force_login(manager)
    form = {
        "title": "2022 민·민 협력",
        "budget_won": "300000000",
        "max_grant_won": "30000000",
        "max_grantees": "15",
        "min_members": "3",
        "member_kinds": ["nonprofit"],
        "district": "seoul-geumcheon-gu",
        "max_staff_share_percent": "50",
        "bonuses": "climate:5",
        "tie_rule_0": "qualitative",
        "grade_bands": "가:170, 나:150, 다:0",
        "opens_at": "2026-03-01T09:00",
        "closes_at": "2026-03-20T18:00",
    }
    bad = client.post("/grants/manage/seoul/new/", {**form, "budget_won": "-1"})
    assert bad.status_code == 400 and not GrantCall.objects.exists()
    assert (
        client.post("/grants/manage/seoul/new/", {**form, "grade_bands": "가 170"}).status_code
        == 400
    )
    done = client.post("/grants/manage/seoul/new/", form)
    call = GrantCall.objects.get()
    assert done.status_code == 302 and call.state == "draft" and not call.capital_allowed
    assert call.grade_bands == [["가", 170], ["나", 150], ["다", 0]] and call.bonuses == {
        "climate": 5
    }
    assert call.title in client.get("/grants/seoul/").content.decode()
    assert client.post("/grants/manage/seoul/contest/new/", {"title": "공모전"}).status_code == 302
    contest = Contest.objects.get()
    client.post(
        f"/grants/manage/contest/{contest.pk}/", {"action": "entry", "title": "가", "team": "팀"}
    )
    entry = contest.entries.get()
    client.post(
        f"/grants/manage/contest/{contest.pk}/",
        {"action": "review", "entry": entry.pk, "score": "77"},
    )
    entry.refresh_from_db()
    assert entry.review_score == 77
    resident = Client()
    assert resident.get("/grants/manage/seoul/new/").status_code == 302
