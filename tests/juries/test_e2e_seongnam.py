"""End to end in Chromium, on a desktop and on a 390 px phone: Seongnam's official — a city
with no dongs recorded in Maeul — creates a jury from the jury index, imports volunteers
without dongs, computes the quotas, draws with LEXIMIN after confirming and reads the draw
record. This is issue 13's "Seongnam cannot run its jury", the whole lottery in the browser."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.juries.models import Draw, Jury
from tests.browser import assert_fits_screen, log_in
from tests.juries.conftest import seongnam_csv

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e

SHARES = "\n".join(
    [
        "gender,female,50",
        "gender,male,50",
        "age_band,u30,20",
        "age_band,30s,20",
        "age_band,40s,20",
        "age_band,50s,20",
        "age_band,60p,20",
    ]
)


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_seongnam_runs_its_jury(
    screen: str,
    request: pytest.FixtureRequest,
    live_server: Any,
    transactional_db: Any,
    seongnam: Any,
    make_official: Any,
) -> None:
    page = request.getfixturevalue(screen)
    make_official(seongnam, "administrator", username="admin.seongnam")
    base = live_server.url

    log_in(page, base, "admin.seongnam")

    # 1. the jury index offers the create button (it had none)
    page.goto(f"{base}/juries/{seongnam.slug}/")
    assert_fits_screen(page)
    page.get_by_test_id("new-jury").click()
    page.wait_for_url(f"**/juries/{seongnam.slug}/new/")
    expect(page.locator("main")).to_contain_text("동이 등록되어 있지 않아")
    assert_fits_screen(page)
    page.fill("#id_name", "2026 성남시 주민배심원단")
    page.fill("#id_recruitment_year", "2026")
    page.fill("#id_panel_size", "8")
    page.fill("#id_reserve_count", "2")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/juries/jury/\d+/manage/$"))
    jury = Jury.objects.get(name="2026 성남시 주민배심원단")
    assert jury.municipality_id == seongnam.pk

    # 2. volunteers without dongs, by CSV
    expect(page.get_by_test_id("no-dongs")).to_be_visible()
    assert_fits_screen(page)
    page.set_input_files(
        "input[type=file][name=file]",
        files=[
            {
                "name": "seongnam.csv",
                "mimeType": "text/csv",
                "buffer": seongnam_csv(30).encode("utf-8"),
            }
        ],
    )
    page.locator("form[action$='/import/'] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("30")
    assert jury.volunteers.filter(dong__isnull=True).count() == 30

    # 3. quotas from the population shares, gender and age band only
    page.locator("main a[href$='/draw/']").first.click()
    page.wait_for_url(f"**/juries/jury/{jury.pk}/draw/")
    expect(page.locator("main")).to_contain_text("선거구가 없습니다")
    expect(page.locator("#id_shares")).to_be_visible()  # open while there are no quotas
    page.fill("#id_shares", SHARES)
    page.locator("form:has(input[name=action][value=shares]) button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("feasible")).to_contain_text("구성할 수 있습니다")
    expect(page.get_by_test_id("algorithms")).to_contain_text("LEXIMIN")
    expect(page.locator("main table")).to_contain_text("여성")
    assert_fits_screen(page)

    # 4. LEXIMIN, after the confirmation page has said what will happen
    expect(page.locator("#id_algorithm")).to_have_value("leximin")
    page.fill("#id_seed", "2026")
    page.locator("form:has(input[name=action][value=draw]) button[type=submit]").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("LEXIMIN")
    expect(page.get_by_test_id("consequences")).to_contain_text("2026")
    assert_fits_screen(page)
    assert not Draw.objects.filter(jury=jury).exists()
    page.get_by_test_id("confirm").click()
    page.wait_for_url(f"**/juries/jury/{jury.pk}/draw/record/")

    # 5. the draw record
    expect(page.get_by_test_id("seed")).to_have_text("2026")
    record = Draw.objects.get(jury=jury)
    assert record.algorithm == "leximin" and len(record.panel) == 8
    expect(page.get_by_test_id("panel")).to_have_text(", ".join(record.panel))
    expect(page.locator("main")).to_contain_text("LEXIMIN")
    assert_fits_screen(page)
    page.goto(f"{base}/juries/jury/{jury.pk}/")
    expect(page.get_by_test_id("draw-record")).to_contain_text("2026")
    assert_fits_screen(page)
