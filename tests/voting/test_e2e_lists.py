"""End to end at 390 px: the paged lists of votes, receipts and governance bodies show their
pager, say how many there are, lead on to the next page and fit the phone's screen."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from maeul.governance.models import Body
from maeul.voting import services
from maeul.voting.models import Poll
from tests.browser import assert_fits_screen
from tests.voting.conftest import option_ids

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _open_polls(places: dict[str, Any], n: int) -> None:
    now = timezone.now()
    Poll.objects.bulk_create(
        Poll(
            municipality=places["geumcheon"],
            code=f"phone-{i}",
            title=f"우리 동네 투표 {i:02d}: 놀이터와 주차장 중 무엇을 먼저 고칠까요",
            kind="single",
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=1, minutes=i),
            announced_at=now - dt.timedelta(days=1),
        )
        for i in range(25)
    )


def test_votes_and_municipality_lists_on_a_phone(
    live_server: Any, phone_page: Any, places: dict[str, Any]
) -> None:
    _open_polls(places, 25)
    page = phone_page
    page.goto(f"{live_server.url}/m/seoul-geumcheon-gu/")
    more = page.get_by_role("link", name="25개 중 8개 표시 · 모두 보기")
    expect(more).to_be_visible()
    assert_fits_screen(page)
    more.click()
    pager = page.get_by_role("navigation", name="진행 중인 투표 페이지")
    expect(pager).to_be_visible()
    expect(pager.get_by_text("전체 25건 중 1–20")).to_be_visible()
    assert_fits_screen(page)
    pager.get_by_role("link", name="다음").click()
    expect(page.get_by_role("navigation", name="진행 중인 투표 페이지")).to_contain_text("21–25")
    expect(page.locator("#h-open + ul.card-grid > li")).to_have_count(5)
    assert "m=seoul-geumcheon-gu" in page.url
    assert_fits_screen(page)


def test_receipts_and_bodies_pages_on_a_phone(
    live_server: Any,
    phone_page: Any,
    places: dict[str, Any],
    make_poll: Callable[..., Any],
    make_resident: Callable[..., Any],
    manager: Any,
    monkeypatch: pytest.MonkeyPatch,
    time_machine: Any,
) -> None:
    from maeul.voting import views

    monkeypatch.setattr(views, "RECEIPTS_PER_PAGE", 3)
    poll = make_poll(closes_at=timezone.now() + dt.timedelta(minutes=5))
    options = option_ids(poll)
    for _ in range(5):
        voter = make_resident(places["geumcheon"], places["gasan"])
        services.ballot_cast(voter=voter, poll=poll, choices=[options[0]])
    time_machine.move_to(poll.closes_at + dt.timedelta(minutes=1), tick=True)
    services.poll_publish(actor=manager, poll=poll)
    for i in range(23):
        Body.objects.create(
            municipality=places["geumcheon"], name=f"위원회 {i:02d}", kind="working_group"
        )
    page = phone_page
    page.goto(f"{live_server.url}/votes/{poll.pk}/receipts/")
    pager = page.get_by_role("navigation", name="쪽")
    expect(pager.get_by_text("전체 5건 중 1–3")).to_be_visible()
    assert_fits_screen(page)
    pager.get_by_role("link", name="다음").click()
    expect(page.locator("table.receipts tbody tr")).to_have_count(2)
    assert_fits_screen(page)
    page.goto(f"{live_server.url}/governance/m/seoul/")
    expect(
        page.get_by_role("navigation", name="쪽").get_by_text("전체 23건 중 1–20")
    ).to_be_visible()
    assert_fits_screen(page)
    page.goto(f"{live_server.url}/governance/")
    expect(page.get_by_role("link", name="서울특별시 금천구")).to_be_visible()
    assert_fits_screen(page)
