"""In Chromium at 390 px: a resident clicks the map on the report form, files the report
anonymously, the handling official sees the point on a map, and the tracking-code page shows
no point. Tiles are answered locally and any other outside request fails the test
(``tests/budgeting/test_e2e_maps.Network``)."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.reports.models import Report
from tests.browser import assert_accessible, assert_fits_screen, log_in, log_out
from tests.budgeting.test_e2e_maps import TILE_HOST, Network

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def test_resident_clicks_the_map_files_and_only_the_official_sees_the_point(
    phone_page: Any,
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    handler: Any,
    settings: Any,
) -> None:
    settings.MAP_TILE_URL = TILE_HOST + "/{z}/{x}/{y}.png"
    settings.MAP_ATTRIBUTION = "© 테스트 지도"
    page = phone_page
    base = live_server.url
    network = Network(page, base)
    page.goto(f"{base}/reports/gwangju-nam-gu/new/")
    picker = page.locator('[data-map="picker"]')
    expect(picker).to_be_visible()
    assert_fits_screen(page)
    assert_accessible(page)
    page.locator("#id_category").select_option("inconvenience")
    page.locator("#id_title").fill("보도블록 파손")
    page.locator("#id_text").fill("보도블록이 들떠 넘어질 뻔했습니다.")
    page.locator("#id_place").fill("시장 입구")
    picker.scroll_into_view_if_needed()
    picker.click(position={"x": 140, "y": 90})
    latitude = page.locator("#id_latitude")
    expect(latitude).not_to_have_value("")
    expect(page.locator("[data-picker-status]")).to_contain_text("위치를")
    chosen = (latitude.input_value(), page.locator("#id_longitude").input_value())
    page.get_by_role("button", name="제보 보내기").click()
    code_box = page.get_by_test_id("tracking-code")
    expect(code_box).to_be_visible()
    code = re.sub(r"\s", "", code_box.inner_text())
    report = Report.objects.get()
    assert (str(report.latitude), str(report.longitude)) == chosen
    assert report.place == "시장 입구" and report.reporter_id is None

    log_in(page, base, handler.username, next_path=f"/reports/manage/r/{report.pk}/")
    expect(page.get_by_test_id("report-point")).to_contain_text(f"{chosen[0]}, {chosen[1]}")
    expect(page.get_by_test_id("report-point-map")).to_be_visible()
    expect(page.locator(".pb-map-point .leaflet-marker-icon")).to_have_count(1)
    assert_fits_screen(page)
    log_out(page)

    page.goto(f"{base}/reports/track/")
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="제보 보기").click()
    expect(page.get_by_test_id("report-status")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(chosen[0])
    expect(page.locator("[data-map]")).to_have_count(0)
    network.check()
