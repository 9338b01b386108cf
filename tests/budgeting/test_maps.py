"""Maps of participatory budgeting (issue 23, item 6), without a browser: the proposal form's
latitude and longitude fields (the picker's no-JavaScript path) and their messages, the
database constraint, the map page's list fallback and points, the tile settings and the
Content-Security-Policy that lets the tile server's images in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from maeul.budgeting.models import Cycle, Proposal
from maeul.core.middleware import content_security_policy, tile_source
from tests.conftest import PASSWORD

from .conftest import proposal_data, submit

pytestmark = pytest.mark.django_db


def _propose_url(cycle: Cycle) -> str:
    return f"/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/propose/"


def _post(cycle: Cycle, client: Client, **coordinates: str) -> Any:
    data = proposal_data(cycle)
    form = {
        "title": data["title"],
        "description": data["description"],
        "address": data["address"],
        "group": data["group"].pk,
        "type": data["type"].pk,
        "estimated_cost_won": "50000000",
        "latitude": "",
        "longitude": "",
        "submit": "1",
    }
    form.update(coordinates)
    return client.post(_propose_url(cycle), form)


@pytest.fixture
def resident_client(resident: Any) -> Client:
    client = Client()
    assert client.login(username=resident.username, password=PASSWORD)
    return client


def test_typed_coordinates_are_saved_rounded_without_javascript(
    cycle: Cycle, resident_client: Client
) -> None:
    response = _post(cycle, resident_client, latitude="37.45691234567", longitude="126.8955")
    assert response.status_code == 302, response.content.decode()[-2000:]
    proposal = Proposal.objects.get(cycle=cycle)
    assert proposal.latitude == Decimal("37.456912")
    assert proposal.longitude == Decimal("126.895500")


@pytest.mark.parametrize(
    ("coordinates", "message"),
    [
        ({"latitude": "95", "longitude": "126.9"}, "위도는 -90에서 90 사이입니다"),
        ({"latitude": "37.5", "longitude": "-200"}, "경도는 -180에서 180 사이입니다"),
        ({"latitude": "1e30", "longitude": "126.9"}, "위도는 -90에서 90 사이입니다"),
        ({"latitude": "37.5", "longitude": ""}, "경도도 입력하거나 위도를 지우세요"),
        ({"latitude": "", "longitude": "126.9"}, "위도도 입력하거나 경도를 지우세요"),
        ({"latitude": "북위 37도", "longitude": "126.9"}, "숫자"),
        ({"latitude": "NaN", "longitude": "126.9"}, "숫자"),
    ],
)
def test_bad_coordinates_get_a_clear_message(
    cycle: Cycle, resident_client: Client, coordinates: dict[str, str], message: str
) -> None:
    response = _post(cycle, resident_client, **coordinates)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Proposal.objects.filter(cycle=cycle).exists()


def test_the_database_refuses_a_half_or_impossible_point(cycle: Cycle, resident: Any) -> None:
    proposal = submit(cycle, resident)
    for values in ({"latitude": Decimal("91")}, {"longitude": Decimal("181")}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Proposal.objects.filter(pk=proposal.pk).update(
                **{"latitude": Decimal("37.5"), "longitude": Decimal("127"), **values}
            )
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(latitude=Decimal("37.5"), longitude=None)
    Proposal.objects.filter(pk=proposal.pk).update(
        latitude=Decimal("-90"), longitude=Decimal("180")
    )


def test_the_form_page_carries_the_picker_and_no_inline_script(
    cycle: Cycle, resident_client: Client
) -> None:
    response = resident_client.get(_propose_url(cycle))
    body = response.content.decode()
    assert 'data-map="picker"' in body and 'data-lat-input="id_latitude"' in body
    assert "/static/js_lib_leaflet/leaflet.js" in body and "/static/places/map.js" in body
    assert "<script>" not in body and " style=" not in body
    assert 'type="number"' in body and 'step="any"' in body  # plain fields work without JS


@pytest.fixture
def mapped(cycle: Cycle, resident: Any) -> dict[str, Any]:
    located = [
        submit(
            cycle,
            resident,
            title=f"꽃길 {i}",
            latitude=Decimal("37.45") + i,
            longitude=Decimal("126.89"),
        )
        for i in range(2)
    ]
    elsewhere = submit(cycle, resident, title="주차장", group="welfare")
    return {"located": located, "unlocated": elsewhere}


def test_map_page_lists_what_the_map_shows(
    cycle: Cycle, mapped: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    url = f"/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/map/"
    with django_assert_max_num_queries(12):
        response = Client().get(url)
    body = response.content.decode()
    for p in mapped["located"]:
        assert f'href="/pb/m/seoul-geumcheon-gu/2021/proposals/{p.number}/"' in body
    assert "주차장" not in body
    assert "제안 1건은 지도에 장소가 없습니다" in body  # nothing hidden without saying so
    assert 'data-map="points"' in body and 'role="region"' in body
    welfare = Client().get(url, {"group": "welfare"}).content.decode()
    assert "지도에 장소가 있는 제안이 없습니다" in welfare
    assert Client().get(url, {"group": "nonsense", "page": "x"}).status_code == 200


def test_map_points_json(cycle: Cycle, mapped: dict[str, Any]) -> None:
    url = f"/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/map.json"
    points = Client().get(url).json()["points"]
    first = mapped["located"][0]
    assert points[0] == {
        "number": first.number,
        "title": "꽃길 0",
        "place": first.address,
        "lat": 37.45,
        "lng": 126.89,
        "adopted": False,
        "url": f"/pb/m/seoul-geumcheon-gu/2021/proposals/{first.number}/",
    }
    assert len(points) == 2
    assert Client().get(url, {"group": "welfare"}).json() == {"points": []}


def test_setup_cycle_has_no_map(setup_cycle: Cycle) -> None:
    url = f"/pb/m/{setup_cycle.municipality.slug}/{setup_cycle.cycle_year}/map/"
    assert Client().get(url).status_code == 404
    assert Client().get(url.replace("map/", "map.json")).status_code == 404


def test_proposal_page_shows_its_point(cycle: Cycle, mapped: dict[str, Any]) -> None:
    p = mapped["located"][1]
    body = Client().get(f"/pb/m/seoul-geumcheon-gu/2021/proposals/{p.number}/").content.decode()
    assert "위도 38.450000, 경도 126.890000" in body
    assert 'data-map="point"' in body and 'data-lat="38.450000"' in body
    assert "openstreetmap.org/?mlat" not in body  # no link out of Maeul for the map


def test_tiles_switched_off_keep_the_lists(
    cycle: Cycle, mapped: dict[str, Any], settings: Any, resident_client: Client
) -> None:
    settings.MAP_TILE_URL = ""
    body = Client().get("/pb/m/seoul-geumcheon-gu/2021/map/").content.decode()
    assert "data-map" not in body and "leaflet.js" not in body and "꽃길 0" in body
    assert "data-map" not in resident_client.get(_propose_url(cycle)).content.decode()


def test_csp_allows_the_configured_tile_host_only(settings: Any) -> None:
    assert tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert tile_source("https://{s}.tiles.example.kr:8443/{z}/{x}/{y}.png") == (
        "https://*.tiles.example.kr:8443"
    )
    assert tile_source("") == "" and tile_source("/tiles/{z}/{x}/{y}.png") == ""
    assert tile_source("javascript:alert(1)") == ""
    policy = content_security_policy("http://tiles.maeul.test/{z}/{x}/{y}.png")
    assert "img-src 'self' data: http://tiles.maeul.test;" in policy
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    settings.MAP_TILE_URL = "https://tiles.example.kr/{z}/{x}/{y}.png"
    header = Client().get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tiles.example.kr;" in header
    assert "unsafe-inline" not in header


def test_offline_intake_form_has_the_picker_too(cycle: Cycle, manager: Any) -> None:
    client = Client()
    client.force_login(manager)
    offline = client.get(f"/pb/manage/{cycle.pk}/offline/new/").content.decode()
    assert 'data-map="picker"' in offline and "leaflet.js" in offline
    meeting = client.get(f"/pb/manage/{cycle.pk}/meetings/new/").content.decode()
    assert "data-map" not in meeting and "leaflet.js" not in meeting


def test_a_large_map_shows_the_list_page(
    cycle: Cycle, mapped: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from maeul.budgeting import maps

    monkeypatch.setattr(maps, "MAP_ALL_LIMIT", 1)
    body = Client().get("/pb/m/seoul-geumcheon-gu/2021/map/", {"page": "1"}).content.decode()
    assert "장소가 있는 제안 2건 중 지도에는 1–2번" in body
    assert "map.json?page=1" in body
    points = Client().get("/pb/m/seoul-geumcheon-gu/2021/map.json", {"page": "1"}).json()
    assert len(points["points"]) == 2
