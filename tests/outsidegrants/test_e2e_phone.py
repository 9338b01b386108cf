"""In Chromium at 390 px: Geumcheon-gu's official filters the register to the deadlines of
the coming week and opens a programme; a resident reads the public summary of the yearly
figures (75 programmes in 2020, 15,000,000 won of incentives)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, assert_fits_screen, log_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def _check(page: Any) -> None:
    assert_fits_screen(page)
    assert_accessible(page)


def test_register_and_public_summary_on_a_phone(
    phone_page: Any, live_server: Any, transactional_db: Any, demo_register: Any, manager: Any
) -> None:
    page = phone_page
    base = live_server.url
    page.goto(f"{base}/outside-grants/seoul-geumcheon-gu/")
    expect(page.get_by_test_id("programmes-2020")).to_have_text("75")
    expect(page.get_by_test_id("field-2020-welfare")).to_have_text("25")
    expect(page.get_by_test_id("incentives-2020")).to_have_text("15,000,000")
    _check(page)

    log_in(page, base, manager.username, next_path="/outside-grants/manage/seoul-geumcheon-gu/")
    expect(page.get_by_test_id("register-count")).to_contain_text("79")
    _check(page)
    page.locator("#id_within").fill("7")
    page.locator("form.filters button[type=submit]").click()
    expect(page.get_by_test_id("register-count")).to_contain_text("2")
    _check(page)
    page.get_by_role("link", name="통합돌봄 선도사업 공모 (가상)").click()
    expect(page.get_by_test_id("programme-status")).to_have_text("검토 중(미결정)")
    _check(page)
