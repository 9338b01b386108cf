"""Public pages: Korean by default, English on request, empty states that explain, error
pages that never leak a traceback, and the demo loader's idempotence."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import audit_verify


def test_home_lists_municipalities_in_korean(client: Client, places: dict[str, Any]) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in body and "서울특별시" in body and "광주광역시" in body
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


def test_language_switch_to_english(client: Client, places: dict[str, Any]) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/m/seoul/"})
    assert response.status_code == 302
    body = client.get("/m/seoul/").content.decode()
    assert '<html lang="en">' in body and "Seoul" in body


def test_municipality_page_explains_empty_state(client: Client, places: dict[str, Any]) -> None:
    body = client.get(reverse("core:municipality", args=["seoul-geumcheon-gu"])).content.decode()
    assert "서울특별시 금천구" in body
    assert "가산동" in body  # its neighbourhoods are listed


def test_unknown_page_is_a_friendly_404(client: Client, places: dict[str, Any]) -> None:
    response = client.get("/m/no-such-place/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_csrf_failure_is_a_friendly_403(places: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "form" in response.content.decode().lower()


def test_api_lists_municipalities(client: Client, places: dict[str, Any]) -> None:
    data = client.get("/api/municipalities?parent=1100000000").json()
    assert {m["name"] for m in data["items"]} == {"금천구", "관악구"} and data["count"] == 2
    missing = client.get("/api/municipalities/0000000000")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert client.get("/api/openapi.json").status_code == 200


def test_health_endpoint(client: Client, db: Any) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "checks": {"database": "ok"}}
    assert client.get("/livez").json() == {"status": "ok"}


def test_demo_load_is_idempotent(shared_demo: None) -> None:
    """Loading the demo again over the loaded demo (the shared one) changes nothing."""
    from django.apps import apps

    from maeul.core.demodata import load_demo

    models = [m for m in apps.get_models() if m._meta.app_label not in {"sessions", "admin"}]
    first = {m._meta.label: m.objects.count() for m in models}
    head = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    load_demo()
    assert {m._meta.label: m.objects.count() for m in models} == first
    assert AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() == head
    assert audit_verify().ok


def test_demo_home_pages_show_korean_content(client: Client, shared_demo: None) -> None:
    for slug, name in [
        ("seoul", "서울특별시"),
        ("seoul-geumcheon-gu", "금천구"),
        ("gwangju", "광주광역시"),
        ("gwangju-nam-gu", "남구"),
        ("gyeonggi-seongnam-si", "성남시"),
    ]:
        body = client.get(reverse("core:municipality", args=[slug])).content.decode()
        assert name in body, slug
    assert "주민참여예산" in client.get("/m/seoul-geumcheon-gu/").content.decode()
    # The bare programme addresses list who runs the programme, with links to its pages.
    for path, slug in [("/pb/", "seoul-geumcheon-gu"), ("/pledges/", "seoul-geumcheon-gu")]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'href="/m/{slug}/"' in response.content.decode(), path


def test_programme_index_explains_when_nobody_runs_it(
    client: Client, places: dict[str, Any]
) -> None:
    for path in ("/pb/", "/governance/", "/pledges/", "/juries/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "아직 마을에서 이 사업을 운영하는 시·군·구가 없습니다." in response.content.decode()


def test_municipality_home_queries_are_pinned(client: Client, places: dict[str, Any]) -> None:
    """Every programme asks for its cards (one or two queries each); the page itself reads the
    place with its parent and its neighbourhoods, and no ancestor again (issue 23: <= 20)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("core:municipality", args=["seoul-geumcheon-gu"])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    places_read = [q for q in queries if q["sql"].startswith('SELECT "places_municipality"."id"')]
    assert len(places_read) == 2, places_read  # the place with its parent; its children
    assert len(queries) <= 17, [q["sql"] for q in queries]


def test_municipality_home_query_budget(
    client: Client, shared_demo: None, django_assert_max_num_queries: Any
) -> None:
    """Issue 23: the home page collects every programme's cards in a fixed number of queries
    (one or two per programme, none on a place the programme cannot concern: a district's
    page makes no city-programme query, a city's no district-share query; a full voting
    card counts its polls in the same query; a grants card full of calls skips contests).
    The demo runs points in Geumcheon-gu, whose card adds its aggregate: 18 there."""
    for slug in ("seoul-geumcheon-gu", "gwangju", "gwangju-nam-gu"):
        with django_assert_max_num_queries(18):
            assert client.get(reverse("core:municipality", args=[slug])).status_code == 200
