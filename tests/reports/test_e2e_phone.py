"""In Chromium at 390 px (issue 19's "done when"): a resident files an anonymous report on a
phone, an official assigns it to a citizen auditor, the auditor answers it, and the resident
reads the answer by tracking code."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.reports.models import Report
from tests.browser import assert_accessible, assert_fits_screen, log_in, log_out

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def _check(page: Any) -> None:
    assert_fits_screen(page)
    assert_accessible(page)


def test_anonymous_report_assigned_answered_and_read_by_code(
    phone_page: Any,
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    handler: Any,
    citizen_auditor: Any,
) -> None:
    page = phone_page
    base = live_server.url
    page.goto(f"{base}/reports/gwangju-nam-gu/")
    _check(page)
    page.get_by_role("link", name="제보하기", exact=True).click()
    _check(page)
    page.locator("#id_category").select_option("inconvenience")
    page.locator("#id_title").fill("놀이터 그네 고장")
    page.locator("#id_text").fill("그네 줄이 끊어져 아이들이 다칠 수 있습니다.")
    page.get_by_role("button", name="제보 보내기").click()
    code_box = page.get_by_test_id("tracking-code")
    expect(code_box).to_be_visible()
    _check(page)
    code = re.sub(r"\s", "", code_box.inner_text())
    report = Report.objects.get()
    assert report.reporter_id is None

    log_in(page, base, handler.username, next_path=f"/reports/manage/r/{report.pk}/")
    _check(page)
    page.locator("#id_auditor").select_option(str(citizen_auditor.pk))
    page.get_by_role("button", name="배정", exact=True).click()
    expect(page.get_by_test_id("report-status")).to_have_text("배정됨")
    log_out(page)

    log_in(page, base, citizen_auditor.username, next_path="/reports/assigned/")
    page.get_by_role("link", name="놀이터 그네 고장").click()
    _check(page)
    expect(page.locator("main")).to_contain_text("제보자: 익명")
    page.locator("#id_answer").fill("그네 줄을 새로 달았습니다.")
    page.get_by_role("button", name="답변 보내기").click()
    expect(page.get_by_test_id("report-status")).to_have_text("답변 완료")
    log_out(page)

    page.goto(f"{base}/reports/track/")
    page.locator("#id_code").fill(code.lower())
    page.get_by_role("button", name="제보 보기").click()
    expect(page.get_by_test_id("answer")).to_have_text("그네 줄을 새로 달았습니다.")
    _check(page)
