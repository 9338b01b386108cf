"""In a real browser on a phone (390 px), with and without JavaScript: a new resident signs
up choosing the district first and then one of its dongs, picks a gender (none is chosen for
them), verifies, and is asked before the register's birth year and gender replace theirs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


@pytest.fixture(params=[True, False], ids=["script", "no-script"])
def phone(chromium_browser: Any, request: Any) -> Iterator[tuple[Any, bool]]:
    context = chromium_browser.new_context(
        locale="ko-KR",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=request.param,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page, request.param
    context.close()


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px screen"


def test_sign_up_and_verify_on_a_phone(
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    phone: tuple[Any, bool],
    settings: Any,
) -> None:
    from maeul.accounts.models import ResidentProfile

    settings.IDENTITY_ADAPTERS = ["demo"]
    page, script = phone
    page.goto(live_server.url + "/accounts/signup/")
    dongs = page.locator("#id_dong option")
    expect(dongs).to_have_count(1)  # no district chosen yet: only the empty choice
    district_options = page.locator("#id_district option")
    # 가나다 of the label: 광주 before 서울, then 관악구 before 금천구 (not by database id).
    expect(district_options.nth(1)).to_have_text("광주광역시 남구")
    expect(district_options.nth(2)).to_have_text("서울특별시 관악구")
    expect(district_options.nth(3)).to_have_text("서울특별시 금천구")
    page.locator("#id_district").select_option(str(places["geumcheon"].pk))
    if script:
        expect(page.get_by_test_id("choose-district")).to_be_hidden()
    else:
        page.get_by_test_id("choose-district").click()
        expect(page.locator("#id_district")).to_have_value(str(places["geumcheon"].pk))
    expect(dongs).to_have_count(3)
    expect(dongs.nth(1)).to_have_text("가산동")
    page.locator("#id_dong").select_option(str(places["gasan"].pk))
    _fits(page)

    expect(page.locator("#id_gender")).to_have_value("")
    username = "phone.script" if script else "phone.plain"
    page.locator("#id_username").fill(username)
    page.locator("#id_name").fill("김하나")
    page.locator("#id_birth_year").fill("1980")
    page.locator("#id_gender").select_option("male")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="계정 만들기").click()
    page.wait_for_url("**/accounts/profile/")

    page.goto(live_server.url + "/accounts/verify/")
    page.locator("#id_name").fill("김하나")
    page.locator("#id_identity_number").fill("900101-2000001")
    page.get_by_role("button", name="인증하기").click()
    page.wait_for_url("**/accounts/verify/confirm/")
    table = page.get_by_test_id("verify-differences")
    expect(table).to_contain_text("1980")
    expect(table).to_contain_text("1990")
    expect(table).to_contain_text("남성")
    expect(table).to_contain_text("여성")
    _fits(page)

    if script:
        page.get_by_role("button", name="주민등록 정보로 인증하기").click()
        page.wait_for_url("**/accounts/profile/")
        profile = ResidentProfile.objects.get(user__username=username)
        assert (profile.birth_year, profile.gender, profile.is_verified) == (1990, "female", True)
        assert profile.dong == places["gasan"]
    else:
        page.get_by_role("button", name="취소(아무것도 바꾸지 않기)").click()
        page.wait_for_url("**/accounts/profile/")
        expect(page.locator("body")).to_contain_text("아무것도 바뀌지 않았습니다")
        profile = ResidentProfile.objects.get(user__username=username)
        assert (profile.birth_year, profile.gender, profile.is_verified) == (1980, "male", False)
    _fits(page)
