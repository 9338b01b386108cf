"""Maps in Chromium on a 390 px phone (issue 23, item 6): the cycle's map with its markers and
list, the place picker on the proposal form, and a proposal's own point.

No request leaves the machine: tiles come from a made-up host that the browser context
answers itself with a small PNG, and every other address outside the live server is aborted
and recorded, so a CDN or a stray tile server would fail the test. The page's console is
watched for Content-Security-Policy refusals (Leaflet must run under the strict policy)."""

from __future__ import annotations

import base64
import os
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.budgeting.models import Cycle, Proposal
from tests.browser import assert_fits_screen, log_in

from .conftest import submit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e

TILE_HOST = "http://tiles.maeul.test"
# A 1x1 grey PNG: enough for Leaflet to count a tile as loaded.
TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+M8AAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


class Network:
    """Routes a page's requests: the live server passes, tiles are answered locally, anything
    else is aborted and remembered; console CSP refusals are remembered too."""

    def __init__(self, page: Any, base: str) -> None:
        self.base = base
        self.tiles: list[str] = []
        self.blocked: list[str] = []
        self.csp: list[str] = []
        page.context.route("**/*", self._route)
        page.on("console", self._console)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith("data:"):
            route.continue_()
        elif url.startswith(TILE_HOST + "/"):
            self.tiles.append(url)
            route.fulfill(status=200, content_type="image/png", body=TILE_PNG)
        else:
            self.blocked.append(url)
            route.abort()

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.csp.append(message.text)

    def check(self) -> None:
        assert self.blocked == [], f"requests outside the machine: {self.blocked}"
        assert self.csp == [], f"CSP refusals: {self.csp}"


def _shot(page: Any, name: str) -> None:
    """A full-page screenshot when MAEUL_SHOTS names a folder (for looking, not asserting)."""
    folder = os.environ.get("MAEUL_SHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.fixture
def local_tiles(settings: Any) -> None:
    settings.MAP_TILE_URL = TILE_HOST + "/{z}/{x}/{y}.png"
    settings.MAP_ATTRIBUTION = "© 테스트 지도"


def test_cycle_map_markers_popups_and_list_on_a_phone(
    live_server: Any,
    transactional_db: Any,
    local_tiles: None,
    cycle: Cycle,
    resident: Any,
    phone_page: Any,
) -> None:
    base = live_server.url
    for i, (lat, lng) in enumerate([("37.4569", "126.8955"), ("37.4700", "126.9000")]):
        submit(
            cycle,
            resident,
            title=f"<b>꽃길</b> {i + 1}",
            latitude=Decimal(lat),
            longitude=Decimal(lng),
        )
    submit(cycle, resident, title="장소 없는 제안")
    page = phone_page
    network = Network(page, base)
    page.goto(f"{base}/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/")
    page.get_by_test_id("pb-map-link").click()
    the_map = page.get_by_test_id("pb-map")
    expect(the_map).to_be_visible()
    expect(the_map).to_have_attribute("data-loaded", "2")
    markers = page.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(2)
    expect(page.get_by_text("© 테스트 지도")).to_be_visible()
    # The list says the same, and what is not on the map.
    expect(page.locator(".pb-map-list li")).to_have_count(2)
    expect(page.get_by_test_id("pb-unlocated")).to_contain_text("1건")
    assert_fits_screen(page)
    _shot(page, "map")
    assert network.tiles, "no tile was requested from the configured tile server"
    # A marker's popup names the proposal as text (the markup in the title is not HTML) and
    # links to it.
    page.locator('.leaflet-marker-icon[alt="#1 <b>꽃길</b> 1"]').click()
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_have_text("#1 <b>꽃길</b> 1")
    link.click()
    page.wait_for_url("**/proposals/1/")
    point = page.get_by_test_id("pb-point-map")
    expect(point).to_be_visible()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    assert_fits_screen(page)
    network.check()


def test_place_picker_fills_the_fields_and_saves_the_point(
    live_server: Any,
    transactional_db: Any,
    local_tiles: None,
    cycle: Cycle,
    resident: Any,
    phone_page: Any,
) -> None:
    base = live_server.url
    page = phone_page
    network = Network(page, base)
    log_in(page, base, resident.username)
    page.goto(f"{base}/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/propose/")
    picker = page.locator('[data-map="picker"]')
    expect(picker).to_be_visible()
    assert_fits_screen(page)
    page.locator("#id_title").fill("놀이터 그늘막")
    page.locator("#id_description").fill("여름에 그늘이 필요합니다.")
    page.locator("#id_group").select_option(str(cycle.groups.get(code="parks").pk))
    page.locator("#id_type").select_option(str(cycle.types.get(code="general").pk))
    page.locator("#id_estimated_cost_won").fill("30000000")
    page.locator("#id_address").fill("가산동 놀이터")
    picker.scroll_into_view_if_needed()
    picker.click(position={"x": 120, "y": 90})
    latitude = page.locator("#id_latitude")
    expect(latitude).not_to_have_value("")
    expect(page.locator("[data-picker-status]")).to_contain_text("위치를")
    expect(page.locator(".pb-picker .leaflet-marker-icon")).to_have_count(1)
    lat, lng = float(latitude.input_value()), float(page.locator("#id_longitude").input_value())
    assert 37.3 < lat < 37.8 and 126.7 < lng < 127.3  # around the default centre, Seoul
    # Clearing removes the point; a second click sets it again.
    page.locator("[data-picker-clear]").click()
    expect(latitude).to_have_value("")
    expect(page.locator(".pb-picker .leaflet-marker-icon")).to_have_count(0)
    picker.click(position={"x": 150, "y": 100})
    expect(latitude).not_to_have_value("")
    chosen = (latitude.input_value(), page.locator("#id_longitude").input_value())
    _shot(page, "picker")
    page.get_by_role("button", name="제안 제출").click()
    page.wait_for_url("**/proposals/1/")
    saved = Proposal.objects.get(cycle=cycle, number=1)
    assert (str(saved.latitude), str(saved.longitude)) == chosen
    expect(page.get_by_test_id("pb-point-map")).to_be_visible()
    network.check()


def test_search_from_the_header_on_a_phone(
    live_server: Any,
    transactional_db: Any,
    cycle: Cycle,
    resident: Any,
    phone_page: Any,
) -> None:
    base = live_server.url
    submit(cycle, resident, title="가산동 어린이공원 그늘막")
    page = phone_page
    network = Network(page, base)
    page.goto(f"{base}/m/{cycle.municipality.slug}/")
    page.get_by_test_id("municipality-search").get_by_role("searchbox").fill("공원")
    page.get_by_test_id("municipality-search").get_by_role("button").click()
    expect(page.locator(".search-hit")).to_have_count(1)
    assert_fits_screen(page)
    _shot(page, "search")
    page.get_by_role("link", name="어린이공원").click()
    page.wait_for_url("**/proposals/1/")
    page.get_by_test_id("nav-search").click()
    page.locator("#id_q").fill("공")
    page.get_by_test_id("search-form").get_by_role("button").click()
    expect(page.get_by_text("검색어를 2자 이상 입력하세요.")).to_be_visible()
    assert_fits_screen(page)
    network.check()


def test_tests_default_to_maeuls_own_blank_tile(
    live_server: Any, transactional_db: Any, cycle: Cycle, resident: Any, page: Any
) -> None:
    """Without an override, the test settings point the tiles at a static image of Maeul's, so
    no browser test (this project's or another's) asks a tile server on the internet."""
    base = live_server.url
    submit(
        cycle, resident, title="꽃길", latitude=Decimal("37.4569"), longitude=Decimal("126.8955")
    )
    network = Network(page, base)
    page.goto(f"{base}/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/map/")
    expect(page.get_by_test_id("pb-map")).to_have_attribute("data-loaded", "1")
    expect(page.locator("img.leaflet-tile-loaded").first).to_be_visible()
    tile = page.locator("img.leaflet-tile-loaded").first.get_attribute("src") or ""
    assert tile.startswith(f"{base}/static/budgeting/blank-tile.png") or tile.startswith(
        "/static/budgeting/blank-tile.png"
    )
    network.check()
