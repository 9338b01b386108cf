"""End to end in Debian's Chromium, on a desktop and a 390 px phone: Nam-gu's administrator
opens 업무공간, sees the needs-me list, is refused (readably) when giving an official Seoul
scope, and creates a Nam-gu programme manager."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.accounts.models import Official
from tests.browser import assert_fits_screen, log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_administrator_manages_officials_in_the_workspace(
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_official: Any,
    request: pytest.FixtureRequest,
    device: str,
) -> None:
    make_official(places["namgu"], "administrator", username="admin.namgu")
    page = request.getfixturevalue(device)
    log_in(page, live_server.url, "admin.namgu")
    page.wait_for_url("**/accounts/profile/")

    page.get_by_test_id("nav-workspace").click()
    page.wait_for_url("**/manage/")
    expect(page.get_by_role("heading", level=1, name="업무공간")).to_be_visible()
    expect(page.get_by_role("heading", name="지금 처리할 일")).to_be_visible()
    expect(page.get_by_test_id("needs-me")).to_be_visible()
    assert_fits_screen(page)

    page.get_by_role("link", name="공무원과 역할").first.click()
    page.wait_for_url("**/manage/officials/")
    expect(page.get_by_role("cell", name="admin.namgu")).to_be_visible()
    page.get_by_role("link", name="공무원 추가").click()
    page.wait_for_url("**/manage/officials/new/")

    seoul = places["seoul"].pk
    page.locator("#id_username").fill("manager2.namgu")
    page.locator("#id_name").fill("남구 사업담당")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[name=roles][value=programme_manager]").check()
    # The list offers Nam-gu and its places only; a tampered value is refused readably.
    options = page.locator("#id_municipality option").all_inner_texts()
    assert not any("서울" in text for text in options)
    page.evaluate(
        f"""() => {{
            const select = document.querySelector('#id_municipality');
            select.add(new Option('서울특별시', '{seoul}'));
            select.value = '{seoul}';
        }}"""
    )
    page.get_by_role("button", name="저장").click()
    expect(page.get_by_text("권한 범위 밖입니다")).to_be_visible()
    assert not Official.objects.filter(user__username="manager2.namgu").exists()

    page.locator("#id_municipality").select_option(str(places["namgu"].pk))
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="저장").click()
    page.wait_for_url("**/manage/officials/")
    expect(page.get_by_text("manager2.namgu 계정을 만들었습니다")).to_be_visible()
    expect(page.get_by_role("cell", name="manager2.namgu")).to_be_visible()
    assert_fits_screen(page)
    official = Official.objects.get(user__username="manager2.namgu")
    assert official.municipality == places["namgu"]
    assert official.role_set() == {"programme_manager"}
