"""In Chromium at 390 px: the open-data catalogue and the dashboard fit a phone, the charts
show, and the pages pass the accessibility checks."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, assert_fits_screen, assert_no_broken_words

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def test_catalogue_and_dashboard_on_a_phone(
    phone_page: Any, live_server: Any, transactional_db: Any, places: dict[str, Any]
) -> None:
    from maeul.pledges.models import Pledge, PledgeField, PledgeGoal

    geumcheon = places["geumcheon"]
    goal = PledgeGoal.objects.create(municipality=geumcheon, name="소통하는 구정")
    field = PledgeField.objects.create(goal=goal, name="주민참여")
    for number, status in enumerate(["on_track", "on_track", "completed", "on_hold"], start=1):
        Pledge.objects.create(
            municipality=geumcheon,
            field=field,
            number=number,
            title=f"주민참여 공약 {number}",
            status=status,
        )
    page = phone_page
    base = live_server.url
    page.goto(f"{base}/data/{geumcheon.code}/")
    expect(page.locator('[data-testid="dataset-pledges"]')).to_be_visible()
    assert_fits_screen(page)
    assert_accessible(page)
    assert_no_broken_words(page)
    page.goto(f"{base}/data/{geumcheon.code}/dashboard/")
    chart = page.locator('[data-testid="section-pledges"] svg.chart')
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and 300 <= box["width"] <= 390
    expect(page.locator('[data-testid="section-pledges"] table')).to_contain_text("정상추진")
    assert_fits_screen(page)
    assert_accessible(page)
    assert_no_broken_words(page)
