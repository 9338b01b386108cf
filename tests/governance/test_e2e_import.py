"""End to end in a real browser: a district official imports a quarter's sheet, sees the errors
of a bad sheet listed, imports the corrected sheet and reads the statistics table."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import log_in
from tests.governance.helpers import row, sheet

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def test_official_imports_a_quarter_and_reads_the_table(
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_official: Any,
    page: Any,
    tmp_path: Path,
) -> None:
    make_official(places["geumcheon"], "programme_manager", username="e2e.geumcheon")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(sheet(row("1"), row("2", attended=(None, -4, 10))))
    good = tmp_path / "good.xlsx"
    good.write_bytes(
        sheet(
            row("1"),
            row(
                "2",
                day=dt.date(2026, 3, 3),
                start="10:00",
                end="11:00",
                hours=1,
                invited=(20, 8, 12),
                attended=(22, 10, 12),
            ),
        )
    )

    log_in(page, live_server.url, "e2e.geumcheon")

    page.goto(live_server.url + "/governance/m/seoul-geumcheon-gu/import/")
    page.locator("#id_file").set_input_files(str(bad))
    page.locator("main form button[type=submit]").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    assert "5" in errors.inner_text() and "N" in errors.inner_text()  # row 5, column N

    page.locator("#id_file").set_input_files(str(good))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/governance/m/seoul-geumcheon-gu/reports/")
    assert "2026-Q1" in page.get_by_test_id("reports").inner_text()

    page.goto(live_server.url + "/governance/m/seoul-geumcheon-gu/statistics/?year=2026")
    page.locator("#id_include_unreviewed").check()
    page.locator("main form.gov-filter button[type=submit]").click()
    page.wait_for_load_state()
    table = page.get_by_test_id("stats-table")
    first = table.locator("tbody tr").first.inner_text()
    # 26 + 22 attended of 30 + 20 invited = 96.0%; government 18 / 18 = 100.0%.
    assert "금천구" in first and "96.0%" in first and "100.0%" in first and "48" in first
    assert page.locator("svg.gov-chart rect").count() == 3
