"""In a real browser: a resident requests a market voucher from their statement, an official
approves and issues it, and the resident sees the voucher number; the same in English."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import log_in

from .conftest import kst

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def test_voucher_walkthrough(
    live_server: Any,
    transactional_db: Any,
    namgu: dict[str, Any],
    make_resident: Any,
    make_official: Any,
    award: Any,
    page: Any,
) -> None:
    resident = make_resident(namgu["district"], namgu["yangnim"], username="e2e.namgu")
    make_official(namgu["district"], "programme_manager", username="e2e.manager")
    for day in range(1, 7):
        award(resident, when=kst(2020, 4, day))
    base = live_server.url

    log_in(page, base, "e2e.namgu")
    page.goto(base + "/points/")
    assert page.get_by_test_id("balance").inner_text().startswith("12,000")
    page.get_by_label("1만원권 상품권 매수").fill("2")
    page.get_by_role("button", name="상품권 신청").click()
    expect(page.get_by_text("상품권 2매에는 20,000포인트가 필요합니다")).to_be_visible()
    page.get_by_label("1만원권 상품권 매수").fill("1")
    page.get_by_role("button", name="상품권 신청").click()
    assert page.get_by_test_id("balance").inner_text().startswith("2,000")
    page.get_by_role("button", name="로그아웃").click()
    page.wait_for_load_state()

    log_in(page, base, "e2e.manager")
    page.goto(base + "/points/m/gwangju-nam-gu/vouchers/")
    page.get_by_role("button", name="승인").click()
    page.get_by_role("button", name="상품권 발급").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("다시 발급할 수 없습니다")
    page.get_by_test_id("confirm").click()
    number = page.locator("table.data code").first.inner_text()
    assert number.startswith("29155-")
    page.get_by_role("button", name="로그아웃").click()
    page.wait_for_load_state()

    log_in(page, base, "e2e.namgu")
    page.goto(base + "/points/")
    expect(page.get_by_text(number)).to_be_visible()
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="My points")).to_be_visible()
    expect(page.get_by_text("Earned: Committee meeting attended").first).to_be_visible()
