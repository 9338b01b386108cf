"""A new resident's first visit to the demo, on a 390 px phone (issue 23): sign up in
Geumcheon-gu, verify with the demo's adapter, propose in the cycle taking proposals, vote
through the whole PB ballot of the cycle in its mobile vote (every group open to residents —
the education/youth group is the youth council's and is left out with one note saying so —,
the summary, the receipts together), then, logged out, find a receipt again and see that it counts.

The demo's present (``maeul.budgeting.demo``) is loaded as ``maeul demo`` loads it, dated from
today, so this walks what a visitor of the demo finds whatever the day."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import assert_fits_screen, log_out
from tests.conftest import PASSWORD

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e

GEUMCHEON = "seoul-geumcheon-gu"


def _load_demo() -> None:
    """Places, accounts and Geumcheon's PB (with its committee bodies): all the journey uses."""
    from maeul.accounts import demo as accounts_demo
    from maeul.budgeting import demo as budgeting_demo
    from maeul.places import demo as places_demo

    places_demo.load()
    accounts_demo.load()
    budgeting_demo.load()


def test_a_new_resident_signs_up_proposes_votes_and_finds_the_receipt(
    live_server: Any, transactional_db: Any, phone_page: Any, settings: Any
) -> None:
    from maeul.budgeting.models import Cycle, Phase, Proposal
    from maeul.places.models import Municipality

    settings.IDENTITY_ADAPTERS = ["demo"]
    _load_demo()
    year = timezone.localdate().year
    proposing = Cycle.objects.get(municipality__slug=GEUMCHEON, phase=Phase.PROPOSALS)
    voting = Cycle.objects.get(municipality__slug=GEUMCHEON, phase=Phase.VOTING)
    assert (proposing.cycle_year, voting.cycle_year) == (year + 1, year)
    page, base = phone_page, live_server.url

    # Sign up in Geumcheon-gu, 가산동.
    page.goto(f"{base}/accounts/signup/")
    district = Municipality.objects.get(slug=GEUMCHEON)
    page.locator("#id_district").select_option(str(district.pk))
    page.locator("#id_dong").select_option(label="가산동")
    page.locator("#id_username").fill("newcomer.geumcheon")
    page.locator("#id_name").fill("한새봄")
    page.locator("#id_birth_year").fill("1990")
    page.locator("#id_gender").select_option("female")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    assert_fits_screen(page)
    page.get_by_role("button", name="계정 만들기").click()
    page.wait_for_url("**/accounts/profile/")

    # Verify with the demo's adapter: the number says what was declared (1990, female).
    page.locator("main a[href$='/accounts/verify/']").first.click()
    page.wait_for_url("**/accounts/verify/")
    page.locator("#id_name").fill("한새봄")
    page.locator("#id_identity_number").fill("900101-2345678")
    assert_fits_screen(page)
    page.get_by_role("button", name="인증하기").click()
    page.wait_for_url("**/accounts/profile/")

    # Propose in the cycle taking proposals, found from the district's PB page.
    page.goto(f"{base}/pb/m/{GEUMCHEON}/")
    assert_fits_screen(page)
    page.get_by_role("link", name=proposing.title).click()
    page.locator("a.button", has_text="사업 제안하기").click()
    page.locator("#id_title").fill("가산동 골목 벤치 놓기")
    page.locator("#id_description").fill(
        "버스를 기다리는 어르신이 앉아 쉴 벤치를 골목 입구에 놓아 주세요."
    )
    page.locator("#id_group").select_option(label="공원·환경")
    page.locator("#id_type").select_option(index=1)
    page.locator("#id_estimated_cost_won").fill("8000000")
    page.locator("#id_address").fill("가산동 주민센터 앞 골목")
    assert_fits_screen(page)
    page.get_by_role("button", name="제안 제출").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("가산동 골목 벤치 놓기")
    assert re.search(rf"/pb/m/{GEUMCHEON}/{proposing.cycle_year}/proposals/\d+/$", page.url)
    assert Proposal.objects.get(title="가산동 골목 벤치 놓기").status == "submitted"
    assert_fits_screen(page)

    # Vote through the whole ballot of the cycle in its mobile vote: one project per group.
    # The education/youth group is voted by the youth council only: four steps, and one note.
    page.goto(f"{base}/pb/m/{GEUMCHEON}/{voting.cycle_year}/")
    expect(page.get_by_test_id("vote-off-roll")).to_contain_text("금천구 청소년의회")
    page.locator("a.button", has_text="4개 분야를 차례로 투표하기").click()
    expect(page.get_by_test_id("ballot-skipped")).to_contain_text("금천구 청소년의회")
    for index in range(1, 5):
        expect(page.get_by_test_id("step-count")).to_have_text(f"{index}/4 분야")
        expect(page.get_by_role("heading", level=1)).not_to_have_text("교육·청소년")
        expect(page.locator("main p.notice[role=status]")).to_have_count(0)  # no refusal
        page.locator("input[name=project]").first.check()
        assert_fits_screen(page)
        page.locator("button[name=go][value=next]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("내 투표 요약")
    expect(page.locator("section.pb-summary")).to_have_count(4)
    expect(page.locator("section.pb-summary input[type=hidden]")).to_have_count(4)
    assert_fits_screen(page)
    page.get_by_role("button", name="투표하기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("접수증")
    receipts = page.get_by_test_id("receipt")
    expect(receipts).to_have_count(4)
    code = receipts.first.inner_text().strip()
    check_href = page.get_by_role("link", name="이 접수 번호 확인하기").first.get_attribute("href")
    assert check_href is not None
    assert_fits_screen(page)

    # Back at the ballot, every group says it is voted; logged out, the code still checks.
    page.goto(f"{base}/pb/m/{GEUMCHEON}/{voting.cycle_year}/ballot/")
    expect(page.get_by_test_id("summary-voted")).to_have_count(4)
    log_out(page)
    page.goto(base + check_href)
    page.locator("main form input[type=text], main form input:not([type])").first.fill(code)
    page.get_by_role("button", name="확인").click()
    expect(page.get_by_role("status")).to_contain_text("이 투표는 기록되어 집계에 포함됩니다.")
    assert_fits_screen(page)
