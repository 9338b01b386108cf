"""End to end on a 390 px phone: a resident votes, reads on the receipt what the vote earned,
finds the ballot and its receipt again under 내 활동 from the header, and their points; every
page fits the screen, in Korean and in English."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import assert_fits_screen, log_in
from tests.budgeting.conftest import submit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_resident_finds_receipt_and_points_on_a_phone(
    live_server: Any,
    phone_page: Any,
    make_poll: Any,
    voter: Any,
    award_table: Any,
    cycle: Any,
) -> None:
    poll = make_poll(title="금천구 보행환경 개선 사업 우선순위")
    submit(cycle, voter, title="가산디지털단지역 보행로 정비 및 횡단보도 신설")
    page = phone_page
    base = live_server.url
    log_in(page, base, voter.username, next_path=f"/votes/{poll.pk}/")
    page.get_by_label("Library").check()
    page.get_by_role("button", name="투표하기").click()
    receipt = page.get_by_test_id("receipt").inner_text().strip()
    expect(page.get_by_test_id("receipt-points")).to_contain_text("500포인트")
    assert_fits_screen(page)

    page.get_by_test_id("nav-my-activity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("내 활동")
    expect(page.get_by_test_id("kept-receipt")).to_have_text(receipt)
    expect(page.get_by_test_id("my-proposal")).to_contain_text("가산디지털단지역")
    expect(page.get_by_test_id("history-step").first).to_contain_text("제출")
    # 500 for the vote and 1,000 for the proposal submitted
    expect(page.get_by_test_id("my-balance")).to_contain_text("1,500포인트")
    assert_fits_screen(page)

    for tab, testid in (
        ("내 투표", "my-ballot"),
        ("내 제안", "my-proposal"),
        ("내 참여 포인트", "my-points-line"),
    ):
        page.get_by_role("navigation", name="내 활동").get_by_role("link", name=tab).click()
        expect(page.get_by_test_id(testid).first).to_be_visible()
        assert_fits_screen(page)
    page.get_by_role("navigation", name="내 활동").get_by_role(
        "link", name="내 시민배심원 신청"
    ).click()
    expect(page.locator("p.empty")).to_be_visible()
    assert_fits_screen(page)

    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    page.goto(f"{base}/me/ballots/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My ballots")
    expect(page.get_by_test_id("kept-receipt")).to_have_text(receipt)
    assert_fits_screen(page)
    page.get_by_role("link", name="Check that it was counted").click()
    page.get_by_label("Receipt", exact=False).first.fill(receipt)
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".check-result .badge.ok")).to_be_visible()
