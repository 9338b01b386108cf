"""End to end in Chromium: a resident proposes on a phone (and meets the type's cap), an
official screens, moves the phases, enters the vote tallies, computes and publishes; the
resident reads on the phone why the project was not selected."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.budgeting.models import Cycle, Proposal
from tests.browser import log_in

from .conftest import submit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def _advance(page: Any, base: str, cycle: Cycle) -> None:
    page.goto(f"{base}/pb/manage/{cycle.pk}/")
    page.locator("main form button.primary").click()
    page.get_by_test_id("confirm").click()  # the confirmation page lists what changes
    page.wait_for_load_state()


def test_propose_screen_vote_publish_explain(
    live_server: Any,
    transactional_db: Any,
    cycle: Cycle,
    manager: Any,
    make_resident: Any,
    places: dict[str, Any],
    page: Any,
    phone_page: Any,
) -> None:
    base = live_server.url
    resident = make_resident(places["geumcheon"], places["gasan"], username="e2e.resident")
    manager.username = "e2e.official"
    manager.save()
    first = submit(cycle, resident, cost=100_000_000, title="쌈지공원")
    second = submit(cycle, resident, cost=90_000_000, title="산책로 그늘막")

    phone = phone_page
    log_in(phone, base, "e2e.resident")
    phone.goto(f"{base}/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/")
    phone.get_by_role("link", name="사업 제안하기").first.click()
    phone.locator("#id_title").fill("우리 동네 꽃길 가꾸기")
    phone.locator("#id_description").fill("골목에 화분과 꽃길을 만듭니다.")
    phone.locator("#id_group").select_option(str(cycle.groups.get(code="parks").pk))
    phone.locator("#id_type").select_option(str(cycle.types.get(code="program").pk))
    phone.locator("#id_estimated_cost_won").fill("25000000")
    phone.locator("#id_address").fill("가산동 골목")
    phone.get_by_role("button", name="제안 제출").click()
    expect(phone.get_by_text("20,000,000원을 초과합니다")).to_be_visible()
    phone.locator("#id_estimated_cost_won").fill("20000000")
    phone.get_by_role("button", name="제안 제출").click()
    phone.wait_for_url("**/proposals/3/")
    expect(phone.get_by_text("제안 #3이 제출되었습니다")).to_be_visible()
    log_in(page, base, "e2e.official")
    _advance(page, base, cycle)  # screening
    for proposal in Proposal.objects.order_by("number"):
        page.goto(f"{base}/pb/manage/proposals/{proposal.pk}/screen/")
        page.locator("input[name=decision][value=feasible]").check()
        page.locator("#id_department").fill("공원녹지과")
        page.get_by_role("button", name="심사 저장").click()
        page.wait_for_url("**/screening/")
    assert Proposal.objects.filter(status="feasible").count() == 3
    _advance(page, base, cycle)  # deliberation
    _advance(page, base, cycle)  # voting
    page.goto(f"{base}/pb/manage/{cycle.pk}/votes/")
    page.locator("#id_committee_voters").fill("40")
    page.locator("#id_mobile_voters").fill("1256")
    for number, (c, m) in {1: (30, 600), 2: (25, 700), 3: (10, 300)}.items():
        page.locator(f"#id_c_{number}").fill(str(c))
        page.locator(f"#id_m_{number}").fill(str(m))
    page.get_by_role("button", name="집계 저장").click()
    expect(page.get_by_text("투표 집계를 저장했습니다")).to_be_visible()
    _advance(page, base, cycle)  # results
    page.goto(f"{base}/pb/manage/{cycle.pk}/results/")
    page.get_by_role("button", name="계산").click()
    page.get_by_role("button", name="이 결과 공개").click()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_text("선정 결과를 공개했습니다")).to_be_visible()
    assert [p.number for p in Proposal.objects.filter(adopted=True)] == [
        first.number,
        second.number,
    ]

    phone.goto(f"{base}/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/proposals/3/")
    expect(phone.get_by_role("heading", name="이 사업이 선정되지 않은 이유")).to_be_visible()
    expect(phone.get_by_text("잔액 10,000,000원을 초과")).to_be_visible()
