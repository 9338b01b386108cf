"""On a 390 px phone: a resident sees the badge, reads the inbox, opens a notice, marks the
rest read and sets preferences, in Korean and English; every page fits, is accessible and
breaks no Korean word."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.notifications.services import create_notices
from tests.browser import assert_accessible, assert_fits_screen, assert_no_broken_words, log_in
from tests.notifications.helpers import RESIDENT_KIND

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _check(page: Any) -> None:
    assert_fits_screen(page)
    assert_accessible(page)
    assert_no_broken_words(page)


def test_a_resident_reads_notices_and_sets_preferences_on_a_phone(
    live_server: Any, phone_page: Any, make_resident: Any, places: dict[str, Any]
) -> None:
    resident = make_resident(places["geumcheon"])
    for number, title in enumerate(
        ["가산디지털단지역 보행로 정비 및 횡단보도 신설", "독산동 도서관"]
    ):
        create_notices(
            RESIDENT_KIND.code,
            [resident.pk],
            f"vote:{number}",
            {"title": title, "closes": "2027-05-31"},
            "/notices/preferences/",
        )
    page = phone_page
    base = live_server.url
    log_in(page, base, resident.username, next_path="/notices/")
    expect(page.get_by_test_id("notice-badge")).to_contain_text("2")
    expect(page.get_by_role("heading", level=1)).to_have_text("알림")
    expect(page.get_by_test_id("notice")).to_have_count(2)
    _check(page)

    page.get_by_test_id("notice-open").first.click()  # marks it read, follows its link
    expect(page.get_by_role("heading", level=1)).to_have_text("알림 설정")
    expect(page.get_by_test_id("notice-badge")).to_contain_text("1")
    _check(page)
    page.get_by_label("방해 금지 시작").fill("22:00")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".form-errors")).to_contain_text("시작과 끝을 모두")
    _check(page)
    page.get_by_label("방해 금지 끝").fill("07:00")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".messages")).to_contain_text("알림 설정을 저장했습니다")

    page.goto(f"{base}/notices/")
    page.get_by_test_id("notice-read-all").click()
    expect(page.get_by_test_id("notice-badge")).to_have_count(0)
    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notices")
    expect(page.get_by_test_id("notice").first).to_contain_text("is open")
    _check(page)
