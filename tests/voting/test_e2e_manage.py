"""End to end in Debian's Chromium (issue 13): Nam-gu's programme manager creates a vote with
three options on Maeul's own pages, previews and announces it, a resident votes on a phone,
the manager closes the vote early with a reason and publishes the result — every irreversible
step through the confirmation page. The officials' pages are checked at 390 px too."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from maeul.voting.models import Poll
from tests.browser import assert_fits_screen, log_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FMT = "%Y-%m-%dT%H:%M"


@pytest.fixture
def namgu_people(places: dict[str, Any], make_official: Any, make_resident: Any) -> Any:
    manager = make_official(places["namgu"], "programme_manager", username="manager.namgu")
    resident = make_resident(places["namgu"], username="resident.namgu")
    return manager, resident


def _create_vote(page: Any, base: str) -> Poll:
    page.goto(f"{base}/votes/manage/")
    page.get_by_role("link", name="새 투표").click()
    page.wait_for_url("**/votes/manage/new/")
    page.get_by_label("질문").fill("남구 어린이공원 이름 정하기")
    page.get_by_label("주민에게 보이는 설명").fill("세 후보 가운데 하나를 고릅니다.")
    now = timezone.localtime()
    page.get_by_label("투표 시작(한국 시간)").fill((now - dt.timedelta(minutes=5)).strftime(FMT))
    page.get_by_label("투표 마감(한국 시간)").fill((now + dt.timedelta(days=3)).strftime(FMT))
    rows = page.get_by_test_id("option-row")
    for index, name in enumerate(["햇살공원", "무지개공원", "푸른숲공원"]):
        rows.nth(index).get_by_label("선택지").fill(name)
    page.get_by_role("button", name="초안 저장").click()
    expect(page.get_by_test_id("poll-state")).to_have_text("작성 중")
    return Poll.objects.get(title="남구 어린이공원 이름 정하기")


def test_manager_runs_a_vote_from_draft_to_published_result(
    live_server: Any, page: Any, phone_page: Any, namgu_people: Any
) -> None:
    manager, resident = namgu_people
    base = live_server.url
    log_in(page, base, manager.username, next_path="/votes/manage/")
    poll = _create_vote(page, base)
    assert poll.options.count() == 3 and poll.announced_at is None

    page.get_by_role("link", name="주민 화면 미리보기").click()
    expect(page.get_by_test_id("preview-note")).to_be_visible()
    expect(page.get_by_text("무지개공원").first).to_be_visible()
    expect(page.get_by_role("button", name="투표하기")).to_be_disabled()
    page.get_by_test_id("preview-note").get_by_role("link").click()

    page.get_by_role("button", name="공고").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("초안으로 되돌릴 수 없습니다")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("poll-state")).to_have_text("투표 중")

    log_in(phone_page, base, resident.username, next_path=f"/votes/{poll.pk}/")
    phone_page.get_by_label("무지개공원").check()
    phone_page.get_by_role("button", name="투표하기").click()
    expect(phone_page.get_by_test_id("receipt")).to_have_text(re.compile(r"\w{4}-\w{4}-\w{4}"))

    page.get_by_role("link", name="조기 마감").click()
    page.get_by_label("사유").fill("공원 부지 변경으로 투표를 다시 합니다.")
    page.get_by_role("button", name="지금 투표 마감").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("1표를 집계")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("poll-state")).to_have_text("마감, 집계 중")

    page.get_by_role("button", name="결과 공개").click()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("poll-state")).to_have_text("결과 공개")
    poll.refresh_from_db()
    assert poll.closed_early and poll.result["total_ballots"] == 1

    phone_page.goto(f"{base}/votes/{poll.pk}/")
    expect(phone_page.get_by_test_id("closed-early")).to_contain_text("공원 부지 변경")
    phone_page.goto(f"{base}/votes/{poll.pk}/results/")
    expect(phone_page.get_by_text("결정: 무지개공원")).to_be_visible()
    assert_fits_screen(phone_page)


def test_officials_vote_pages_fit_a_phone(
    live_server: Any, phone_page: Any, namgu_people: Any
) -> None:
    manager, _resident = namgu_people
    base = live_server.url
    page = phone_page
    log_in(page, base, manager.username, next_path="/votes/manage/")
    assert_fits_screen(page)
    poll = _create_vote(page, base)
    assert_fits_screen(page)
    for path in ("edit/", "preview/", "cancel/"):
        page.goto(f"{base}/votes/manage/{poll.pk}/{path}")
        assert_fits_screen(page)
    page.goto(f"{base}/votes/{poll.pk}/manage/")
    page.get_by_role("button", name="공고").click()
    assert_fits_screen(page)  # the confirmation page
    page.get_by_test_id("confirm").click()
    Poll.objects.filter(pk=poll.pk).update(allow_desk=True)
    for path in (f"/votes/manage/{poll.pk}/close/", f"/votes/{poll.pk}/desk/"):
        page.goto(base + path)
        assert_fits_screen(page)
    page.goto(f"{base}/votes/{poll.pk}/desk/")
    expect(page.get_by_role("button", name="주민 확인")).to_be_visible()
