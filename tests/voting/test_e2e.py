"""End to end on a phone-sized Chromium: a resident votes, gets a receipt and checks it."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import log_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_resident_votes_on_a_phone(
    live_server: Any, phone_page: Any, make_poll: Any, voter: Any
) -> None:
    poll = make_poll()
    page = phone_page
    log_in(page, live_server.url, voter.username, next_path=f"/votes/{poll.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == poll.title
    page.get_by_label("Library").check()
    page.get_by_role("button", name="투표하기").click()
    receipt = page.get_by_test_id("receipt").inner_text().strip()
    assert len(receipt) == 14
    page.goto(f"{live_server.url}/votes/{poll.pk}/check?receipt={receipt}")
    expect(page.get_by_text("이 투표는 기록되어 집계에 포함됩니다.")).to_be_visible()
    page.goto(f"{live_server.url}/votes/{poll.pk}/")
    expect(page.get_by_text("이 투표에 참여했습니다.")).to_be_visible()
