"""In Chromium on a 390 px phone: the organiser records a field monitoring visit and writes
and publishes a half-yearly report; a resident then reads both on the jury's page and the
report's page. Every page fits the screen, passes the accessibility checks and breaks no
Korean word."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import (
    assert_accessible,
    assert_fits_screen,
    assert_no_broken_words,
    log_in,
    log_out,
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def check(page: Any) -> None:
    assert_fits_screen(page)
    assert_accessible(page)
    assert_no_broken_words(page)


def test_visit_and_report_on_a_phone(
    live_server: Any,
    transactional_db: Any,
    standing: Any,
    make_resident: Any,
    phone_page: Any,
) -> None:
    page = phone_page
    base = live_server.url
    make_resident(standing.municipality, username="namgu.reader")
    assert standing.term_end == dt.date(2020, 1, 17)

    log_in(page, base, "namgu.jury.admin")
    page.goto(f"{base}/juries/jury/{standing.pk}/manage/")
    expect(page.locator("#id_term_months")).to_have_value("15")
    check(page)

    page.goto(f"{base}/juries/jury/{standing.pk}/visits/")
    check(page)
    page.fill("#id_visited_on", "2019-09-16")
    page.fill("#id_place", "푸른길 공원 산책로 정비 구간")
    page.select_option("#id_subgroup", index=1)
    page.fill("#id_checked", "보행로 정비 공정과 안전시설 설치 상태")
    page.fill("#id_findings", "야간 조명이 부족한 구간이 있어 보완이 필요합니다.")
    page.get_by_test_id("visit-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("visit")).to_have_count(1)
    page.get_by_test_id("visit").locator("button[type=submit]").click()
    expect(page.get_by_test_id("visit").locator(".badge.ok")).to_be_visible()
    check(page)

    page.goto(f"{base}/juries/jury/{standing.pk}/reports/")
    check(page)
    page.fill("#id_year", "2019")
    page.select_option("#id_half", "2")
    page.fill("#id_title", "2019년 하반기 공약사업 추진 점검 결과")
    page.fill("#id_presented_on", "2019-12-18")
    page.fill("#id_summary", "상반기 권고의 반영 여부를 확인했습니다.")
    page.fill("#id_recommendations", "조정이 필요한 공약은 주민 동의 절차를 거칠 것.")
    page.get_by_test_id("report-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("report")).to_have_count(1)
    page.get_by_test_id("report").locator("form button[type=submit]").click()
    expect(page.get_by_test_id("consequences")).to_be_visible()
    check(page)
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("report").locator(".badge.ok")).to_be_visible()
    log_out(page)

    log_in(page, base, "namgu.reader")
    page.goto(f"{base}/juries/jury/{standing.pk}/")
    expect(page.get_by_test_id("term")).to_contain_text("15")
    expect(page.get_by_test_id("visit")).to_contain_text("푸른길 공원")
    expect(page.get_by_test_id("report")).to_contain_text("2019년 하반기")
    check(page)
    page.get_by_test_id("report").get_by_role("link").click()
    expect(page.get_by_test_id("report-summary")).to_contain_text("상반기 권고")
    check(page)
