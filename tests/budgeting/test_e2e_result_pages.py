"""End to end in Chromium on a 390 px phone: a published result with more projects than one
page holds is read a page at a time (results by score, a group's ranking, the steps of the
selection, the analysis), and no page is wider than the screen."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.budgeting import services
from maeul.budgeting.models import Cycle
from tests.browser import assert_fits_screen

from .test_result_pages import _grow

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def test_result_pages_page_by_page_on_a_phone(
    live_server: Any,
    transactional_db: Any,
    voted_cycle: tuple[Cycle, list[Any]],
    manager: Any,
    resident: Any,
    phone_page: Any,
) -> None:
    cycle, _ = voted_cycle
    _grow(cycle, resident, 60)
    run = services.result_compute(actor=manager, cycle=cycle)
    run = services.result_publish(actor=manager, run=run)
    base = f"{live_server.url}/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}"
    phone = phone_page

    phone.goto(f"{base}/results/")
    expect(phone.get_by_role("heading", name="사업 (점수순)")).to_be_visible()
    top = run.outcomes.get(position=0)
    expect(phone.locator("table.pb-scores").get_by_text(f"#{top.number} ")).to_be_visible()
    assert_fits_screen(phone)
    phone.get_by_role("link", name="다음").first.click()
    phone.wait_for_url("**page=2**")
    twenty_first = run.outcomes.get(position=20)
    expect(phone.locator("table.pb-scores").get_by_text(f"#{twenty_first.number} ")).to_be_visible()
    assert_fits_screen(phone)

    phone.locator("ul.pb-result-filter").get_by_role("link", name="공원·환경").click()
    expect(phone.get_by_role("heading", name="공원·환경 분야 사업 (점수순)")).to_be_visible()
    first_park = run.outcomes.get(group__code="parks", rank=1)
    expect(phone.locator("table.pb-scores tbody tr").first).to_contain_text(
        f"#{first_park.number} "
    )
    assert_fits_screen(phone)

    phone.goto(f"{base}/results/steps/?page=2")
    expect(phone.get_by_role("heading", name="선정 과정 전체 보기")).to_be_visible()
    expect(phone.locator("ol.pb-trace")).to_have_attribute("start", "51")
    assert_fits_screen(phone)

    phone.goto(f"{base}/analysis/?page=2")
    expect(phone.locator("nav.pager")).to_contain_text("2")
    assert_fits_screen(phone)

    phone.goto(f"{base}/proposals/{top.number}/")
    expect(phone.get_by_role("heading", name="이 사업이 선정된 이유")).to_be_visible()
    assert_fits_screen(phone)
