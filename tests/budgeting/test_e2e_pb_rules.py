"""End to end in Chromium on a 390 px phone: an official keeps the coded screening reasons,
records the general assembly, runs the education/youth group with the youth council and
screens a proposal out with a coded reason; a resident reads the assembly, the group and the
count by reason on the cycle page. Every page fits the screen, passes axe and breaks no word."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.budgeting.models import Cycle, GeneralAssembly, Phase, Proposal, ScreeningReason
from tests.browser import assert_accessible, assert_fits_screen, assert_no_broken_words, log_in

from .conftest import advance_to, submit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def _check(page: Any) -> None:
    assert_fits_screen(page)
    assert_accessible(page)
    assert_no_broken_words(page)


def test_official_and_resident_on_a_phone(
    live_server: Any,
    transactional_db: Any,
    cycle: Cycle,
    manager: Any,
    resident: Any,
    phone_page: Any,
) -> None:
    from maeul.governance import services as governance

    governance.body_create(
        actor=manager,
        municipality=cycle.municipality,
        name="금천구 청소년의회",
        kind="working_group",
        min_gender_percent=None,
        min_civil_percent=None,
    )
    proposal = submit(cycle, resident, title="역사 엘리베이터 교체")
    base = live_server.url
    phone = phone_page
    log_in(phone, base, manager.username)

    # The coded list of screening reasons.
    phone.goto(f"{base}/pb/manage/reasons/seoul-geumcheon-gu/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("심사 사유 목록")
    phone.get_by_label("코드").fill("Not Ours")
    phone.get_by_label("이름(한국어)").fill("구 소관 사무가 아님")
    phone.get_by_role("button", name="추가").click()
    expect(phone.locator("main")).to_contain_text("코드는 영문 소문자")
    _check(phone)
    phone.get_by_label("코드").fill("not-competence")
    phone.get_by_label("이름(영어)").fill("Not a district competence")
    phone.get_by_role("button", name="추가").click()
    expect(phone.locator("table.data")).to_contain_text("not-competence")
    _check(phone)
    assert ScreeningReason.objects.filter(code="not-competence").exists()

    # The education/youth group run with the youth council.
    phone.goto(f"{base}/pb/manage/{cycle.pk}/groups/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("분야와 함께 운영하는 기구")
    section = phone.locator("section", has=phone.get_by_role("heading", name="교육·청소년"))
    section.get_by_label("함께 운영하는 기구").select_option(label="금천구 청소년의회")
    section.get_by_role("button", name="저장").click()
    expect(phone.get_by_role("status")).to_contain_text("교육·청소년 분야를 저장했습니다.")
    _check(phone)

    # The general assembly.
    phone.goto(f"{base}/pb/manage/{cycle.pk}/assembly/new/")
    phone.get_by_label("개최일").fill("2021-08-30")
    phone.get_by_label("온라인으로 열림").check()
    phone.get_by_label("결정 사항").fill("선정 사업 확정\n예산학교 온라인 운영")
    _check(phone)
    phone.get_by_role("button", name="저장").click()
    expect(phone.get_by_role("heading", name="총회")).to_be_visible()
    assert GeneralAssembly.objects.get().decisions == ["선정 사업 확정", "예산학교 온라인 운영"]

    # Screening with a coded reason.
    advance_to(cycle, manager, Phase.SCREENING)
    phone.goto(f"{base}/pb/manage/proposals/{proposal.pk}/screen/")
    phone.get_by_label("사업 불가").check()
    phone.get_by_label("검토 부서").fill("교통행정과")
    phone.get_by_label("목록의 사유").select_option(label="구 소관 사무가 아님")
    _check(phone)
    phone.get_by_role("button", name="심사 저장").click()
    expect(phone.get_by_role("status")).to_contain_text("심사 결과를 저장했습니다")
    assert Proposal.objects.get(pk=proposal.pk).screening_code is not None

    # What a resident reads on the cycle page.
    phone.goto(f"{base}/pb/m/seoul-geumcheon-gu/2021/")
    expect(phone.get_by_test_id("pb-assembly")).to_contain_text("선정 사업 확정")
    expect(phone.locator("main")).to_contain_text("교육·청소년 분야 운영 기구: 금천구 청소년의회")
    reasons = phone.locator(
        "section", has=phone.get_by_role("heading", name="사유별 부적격·병합 제안")
    )
    expect(reasons.locator("tbody tr")).to_have_text([re.compile(r"구 소관 사무가 아님\s*1")])
    _check(phone)
