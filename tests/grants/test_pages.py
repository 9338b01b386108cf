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
