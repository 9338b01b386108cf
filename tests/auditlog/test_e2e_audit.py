"""In a real browser, on a desktop and on a 390 px phone: Geumcheon-gu's auditor filters the
audit log by kind and date, opens an entry, downloads the filtered view as CSV, runs the
chain's verification from the page and sees the head hash."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import assert_fits_screen, log_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("browser_page", ["page", "phone_page"])
def test_auditor_filters_opens_exports_and_verifies(
    browser_page: str,
    request: pytest.FixtureRequest,
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_official: Any,
) -> None:
    from maeul.accounts import officials as accounts
    from maeul.auditlog.services import audit_head
    from maeul.budgeting import services as budgeting

    page = request.getfixturevalue(browser_page)
    admin = make_official(places["geumcheon"], "administrator", username="admin.geumcheon")
    make_official(places["geumcheon"], "auditor", username="auditor.geumcheon")
    manager = make_official(places["geumcheon"], "programme_manager")
    accounts.official_create(
        actor=admin,
        username="reviewer.geumcheon",
        password="a-long-password-2026",
        name="검토 담당",
        municipality=places["geumcheon"],
        roles=["reviewer"],
    )
    cycle = budgeting.cycle_create(
        actor=manager,
        municipality=places["geumcheon"],
        cycle_year=2026,
        budget_year=2027,
        title="2027년도 주민참여예산",
        total_amount_won=1_000_000_000,
    )
    budgeting.project_type_save(
        actor=manager, cycle=cycle, code="general", name="일반사업", cap_won=100_000_000
    )
    # Another district's entry: never shown to Geumcheon's auditor.
    budgeting.cycle_create(
        actor=make_official(places["gwanak"], "programme_manager"),
        municipality=places["gwanak"],
        cycle_year=2026,
        budget_year=2027,
        title="관악구 주민참여예산",
        total_amount_won=500_000_000,
    )
    base = live_server.url

    log_in(page, base, "auditor.geumcheon", next_path="/audit/")
    expect(page.get_by_role("heading", level=1, name="감사 기록")).to_be_visible()
    expect(page.get_by_test_id("count")).to_contain_text("전체 3건 중 1–3번째")

    # Filter by kind and by today's date (Asia/Seoul).
    page.get_by_label("종류").select_option(label="주민참여예산 연차 생성")
    today = timezone.localdate().isoformat()
    page.get_by_label("시작일").fill(today)
    page.get_by_label("종료일").fill(today)
    page.get_by_role("button", name="검색", exact=True).click()
    expect(page.get_by_test_id("count")).to_contain_text("전체 1건 중 1–1번째")
    expect(page.locator("table.audit-table tbody tr")).to_have_count(1)
    expect(page.locator("table.audit-table")).to_contain_text("서울특별시 금천구")
    expect(page.locator("table.audit-table")).not_to_contain_text("관악구")

    # The filtered view as CSV.
    with page.expect_download() as download_info:
        page.get_by_test_id("export-csv").click()
    path = Path(download_info.value.path())
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r["kind"] for r in rows] == ["budgeting.cycle_created"]
    assert rows[0]["description"] == "주민참여예산 연차 생성"

    # Open the entry: labelled data, nothing clipped.
    page.locator("table.audit-table tbody tr a").nth(1).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("주민참여예산 연차 생성")
    expect(page.locator("dl.audit-data")).to_contain_text("총액(원)")
    expect(page.locator("dl.audit-data")).to_contain_text("1,000,000,000")
    expect(page.get_by_test_id("hash-ok")).to_contain_text("예")

    # Verify the chain from the page.
    page.get_by_role("link", name="체인 검증").first.click()
    page.get_by_test_id("verify").click()
    result = page.get_by_test_id("verify-result")
    expect(result).to_contain_text("체인에 이상이 없습니다")
    _seq, head = audit_head()
    expect(page.get_by_test_id("verified-head")).to_have_text(head)
    assert_fits_screen(page)  # the verification page does not scroll sideways
