"""End to end in Chromium at 390 px: a resident goes through the cycle's whole ballot on a
phone — one group per step, the cap refused, Back keeping the choices, the summary, and the
receipts of both groups on one page — then comes back and finds everything voted."""

from __future__ import annotations

import importlib
import os
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.budgeting.models import Cycle
from maeul.voting import selectors as voting_selectors
from maeul.voting.models import Participation, Poll
from tests.conftest import PASSWORD

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def test_a_whole_pb_ballot_on_a_phone(
    live_server: Any,
    transactional_db: Any,
    ballot_cycle: Cycle,
    resident: Any,
    phone_page: Any,
) -> None:
    cycle = ballot_cycle
    base = live_server.url
    phone = phone_page
    phone.goto(base + "/accounts/login/")
    phone.locator("#id_username").fill(resident.username)
    phone.locator("#id_password").fill(PASSWORD)
    phone.locator("form.form button[type=submit]").click()
    phone.wait_for_load_state()

    phone.goto(f"{base}/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/")
    phone.get_by_role("link", name="2개 분야를 차례로 투표하기").click()
    expect(phone.get_by_test_id("step-count")).to_have_text("1/2 분야")
    expect(phone.get_by_role("heading", level=1)).to_have_text("복지·여성")
    expect(phone.locator("label[for=project-4]")).to_contain_text("50,000,000원")
    expect(phone.get_by_role("link", name="제안 #4 읽기")).to_be_visible()
    phone.locator("#project-4").check()
    phone.get_by_role("button", name="다음", exact=True).click()

    expect(phone.get_by_test_id("step-count")).to_have_text("2/2 분야")
    for number in (1, 2, 3):
        phone.locator(f"#project-{number}").check()
    phone.get_by_role("button", name="다음: 요약").click()
    expect(phone.get_by_test_id("cap-error")).to_contain_text("최대 2개")
    phone.locator("#project-3").uncheck()
    phone.get_by_role("button", name="이전").click()

    expect(phone.get_by_test_id("step-count")).to_have_text("1/2 분야")
    expect(phone.locator("#project-4")).to_be_checked()
    expect(phone.get_by_test_id("running-total")).to_have_text("1개 사업, 50,000,000원")
    phone.get_by_role("button", name="다음", exact=True).click()
    expect(phone.locator("#project-1")).to_be_checked()
    expect(phone.locator("#project-3")).not_to_be_checked()
    expect(phone.get_by_test_id("running-total")).to_have_text("2개 사업, 170,000,000원")
    # Nothing on the step is wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="다음: 요약").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("내 투표 요약")
    expect(phone.get_by_text("#4 경로당 수리")).to_be_visible()
    expect(phone.get_by_text("#2 그늘막")).to_be_visible()
    phone.get_by_role("button", name="투표하기", exact=True).click()

    receipts = phone.get_by_test_id("receipt")
    expect(receipts).to_have_count(2)
    expect(phone.get_by_text("투표가 접수되었습니다", exact=False)).to_be_visible()
    codes = receipts.all_inner_texts()
    assert all(re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", c) for c in codes)
    polls = [Poll.objects.get(code=f"pb-{cycle.pk}-{g}") for g in ("welfare", "parks")]
    for poll, code in zip(polls, codes, strict=True):
        assert voting_selectors.receipt_status(poll, code) == "counted"
    assert Participation.objects.filter(resident=resident).count() == 2

    # Coming back: every group is voted, the flow opens on the summary with nothing to cast.
    phone.goto(f"{base}/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/ballot/")
    expect(phone.get_by_test_id("summary-voted")).to_have_count(2)
    expect(phone.get_by_text("보낼 투표가 없습니다.")).to_be_visible()


def test_a_group_in_pages_keeps_the_choices_on_a_phone(
    live_server: Any,
    transactional_db: Any,
    ballot_cycle: Cycle,
    resident: Any,
    phone_page: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With two projects a page (20 in use), 공원·환경's three projects make two pages: the
    pager buttons fit the phone, turning the page keeps the tick, and the choice of page 1
    is listed on page 2 and reaches the summary."""
    monkeypatch.setattr(
        importlib.import_module("maeul.budgeting.views.ballot"), "PROJECTS_PER_PAGE", 2
    )
    cycle = ballot_cycle
    base = live_server.url
    phone = phone_page
    phone.goto(base + "/accounts/login/")
    phone.locator("#id_username").fill(resident.username)
    phone.locator("#id_password").fill(PASSWORD)
    phone.locator("form.form button[type=submit]").click()
    phone.wait_for_load_state()

    step = f"{base}/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/ballot/2/"
    phone.goto(step)
    expect(phone.get_by_test_id("project-range")).to_contain_text("전체 3개 중 1–2번째 사업")
    phone.locator("#project-1").check()
    phone.get_by_role("button", name="2쪽").click()
    expect(phone.locator("#project-3")).to_be_visible()
    expect(phone.get_by_test_id("chosen-elsewhere")).to_contain_text("#1 쌈지공원")
    expect(phone.get_by_test_id("running-total")).to_have_text("1개 사업, 90,000,000원")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.locator("#project-3").check()
    phone.get_by_role("button", name="1쪽").click()
    expect(phone.locator("#project-1")).to_be_checked()
    phone.get_by_role("button", name="다음: 요약").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("내 투표 요약")
    expect(phone.get_by_text("#1 쌈지공원")).to_be_visible()
    expect(phone.get_by_text("#3 꽃길")).to_be_visible()
