"""End to end in Chromium on a 390 px phone: a Gwangju PB manager records Nam-gu's share of
the city's citizen PB (8 projects, 350 million won); a resident reads it on Nam-gu's PB page
and on the city's, and no page is wider than the screen."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.budgeting.models import DistrictShare
from maeul.budgeting.services.city import city_programme_create
from tests.browser import assert_accessible, assert_fits_screen, log_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def test_city_manager_records_a_district_share_on_a_phone(
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_official: Any,
    phone_page: Any,
) -> None:
    manager = make_official(places["gwangju"], "programme_manager", username="gwangju.pb")
    city_programme_create(
        actor=manager,
        city=places["gwangju"],
        budget_year=2021,
        title="2021년 광주광역시 시민참여예산",
    )
    phone = phone_page
    base = live_server.url
    log_in(phone, base, "gwangju.pb", next_path="/pb/manage/citizen-pb/gwangju/")
    phone.goto(f"{base}/pb/manage/citizen-pb/gwangju/")
    expect(phone.get_by_role("heading", name="시 시민참여예산 관리")).to_be_visible()
    assert_fits_screen(phone)
    form = phone.get_by_test_id("share-form")
    form.get_by_label("자치구").select_option(label="남구")
    form.get_by_label("선정 사업 수").fill("8")
    form.get_by_label("선정 금액(원)").fill("350000000")
    form.get_by_role("button", name="몫 기록").click()
    expect(phone.get_by_text("남구: 사업 8건, 350.0백만원")).to_be_visible()
    assert DistrictShare.objects.get().projects == 8
    assert_fits_screen(phone)

    phone.goto(f"{base}/pb/m/gwangju-nam-gu/citizen-pb/")
    expect(phone.get_by_test_id("district-share")).to_contain_text(
        "이곳에서 제안한 사업 8건, 350.0백만원이 광주광역시에서 선정되었습니다."
    )
    assert_fits_screen(phone)
    assert_accessible(phone)
    phone.goto(f"{base}/pb/m/gwangju/citizen-pb/")
    expect(phone.get_by_role("row", name="남구")).to_contain_text("350.0백만원")
    assert_fits_screen(phone)
    assert_accessible(phone)
