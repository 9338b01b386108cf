"""In Chromium at 390 px: a resident flags a comment from the proposal's page (a second try
says it is already flagged), the district's moderator hides it from the queue with a reason,
and a visitor reads the reason in its place."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser import assert_accessible, assert_fits_screen, log_in, log_out

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def _check(page: Any) -> None:
    assert_fits_screen(page)
    assert_accessible(page)


def _flag_comment(page: Any, comment: Any) -> None:
    box = page.get_by_test_id(f"flag-budgeting.comment-{comment.pk}")
    box.locator("summary").click()
    box.get_by_label("욕설·비방·혐오").check()
    box.get_by_role("button", name="신고하기").click()


def test_flag_a_comment_then_hide_it_from_the_queue(
    phone_page: Any,
    live_server: Any,
    transactional_db: Any,
    proposal: Any,
    comment: Any,
    flagger: Any,
    moderator: Any,
) -> None:
    page = phone_page
    base = live_server.url
    cycle = proposal.cycle
    path = reverse(
        "budgeting:proposal", args=[cycle.municipality.slug, cycle.cycle_year, proposal.number]
    )
    log_in(page, base, flagger.username, next_path=path)
    _check(page)
    _flag_comment(page, comment)
    expect(page.locator("main")).to_contain_text("신고해 주셔서 감사합니다")
    _check(page)
    _flag_comment(page, comment)
    expect(page.locator("main")).to_contain_text("이미 신고한 글입니다")
    log_out(page)

    log_in(page, base, moderator.username, next_path="/manage/")
    page.get_by_role("link", name="신고 게시물 관리").first.click()
    item = page.get_by_test_id("moderation-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("신고 1건")
    expect(item).to_contain_text("욕설·비방·혐오")
    _check(page)
    item.get_by_label("글 대신 표시할 사유").fill("다른 주민을 비방하는 글")
    item.get_by_role("button", name="숨기기").click()
    expect(page.locator("main")).to_contain_text("글을 숨기고 작성자에게 알렸습니다")
    _check(page)
    log_out(page)

    page.goto(f"{base}{path}")
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text(
        "운영 원칙에 따라 숨겨진 글입니다: 다른 주민을 비방하는 글"
    )
    expect(page.locator(f"#comment-{comment.pk}")).not_to_contain_text("벤치도")
    _check(page)
