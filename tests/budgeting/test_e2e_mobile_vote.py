"""End to end in Chromium: an official opens the committee vote and the mobile vote on the
voting core, a committee member (from the governance register) and a resident vote on phones
from the cycle page, the closed votes' tallies come back into the cycle, the official publishes
and the resident reads on the phone why the project lost."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from maeul.budgeting import services
from maeul.budgeting.models import Cycle, Phase, Proposal
from maeul.voting import clock
from maeul.voting import services as voting
from maeul.voting.models import Poll, PollOption
from tests.browser import log_in, new_page

from .conftest import advance_to, enrol, link_bodies, submit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e
KST = ZoneInfo("Asia/Seoul")


def test_resident_votes_on_a_phone(
    live_server: Any,
    transactional_db: Any,
    cycle: Cycle,
    manager: Any,
    make_resident: Any,
    places: dict[str, Any],
    page: Any,
    phone_page: Any,
    chromium_browser: Any,
) -> None:
    base = live_server.url
    resident = make_resident(places["geumcheon"], places["gasan"], username="e2e.voter")
    manager.username = "e2e.manager"
    manager.save()
    for cost, title in [(100_000_000, "쌈지공원"), (90_000_000, "그늘막"), (20_000_000, "꽃길")]:
        submit(
            cycle,
            resident,
            cost=cost,
            title=title,
            type="general" if cost > 20_000_000 else "program",
        )
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    for p in Proposal.objects.all():
        services.proposal_screen(actor=manager, proposal=p, decision="feasible", department="x")
    committee, _subcommittee, _support = link_bodies(cycle, manager)
    members = [
        make_resident(places["geumcheon"], places["gasan"], username=f"e2e.member{i}")
        for i in range(3)
    ]
    for member in members:
        enrol(manager, committee, member)
    cycle = advance_to(Cycle.objects.get(pk=cycle.pk), manager, Phase.VOTING)

    log_in(page, base, "e2e.manager")
    page.goto(f"{base}/pb/manage/{cycle.pk}/votes/")
    now = timezone.now().astimezone(KST)
    closes = now + dt.timedelta(days=1)
    page.locator("#id_committee-opens_at").fill(
        (now - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    )
    page.locator("#id_committee-closes_at").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="위원회 투표 시작").click()
    page.wait_for_load_state()
    committee_poll = Poll.objects.get(code=f"pbc-{cycle.pk}-parks")
    by_number = {o.label.split()[0]: o.pk for o in PollOption.objects.filter(poll=committee_poll)}

    # A committee member votes on a phone from the cycle page.
    context, member_phone = new_page(chromium_browser, phone=True)
    log_in(member_phone, base, "e2e.member0")
    member_phone.goto(f"{base}/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/")
    member_phone.get_by_role("link", name="공원·환경 분야 위원회 투표하기").click()
    expect(member_phone.get_by_text("회원님은 명부에 있습니다")).to_be_visible()
    for number in ("#1", "#3"):
        member_phone.locator(f"form.ballot input[value='{by_number[number]}']").check()
    member_phone.locator("form.ballot button[type=submit]").click()
    member_phone.wait_for_load_state()
    context.close()
    for member in members[1:]:
        voting.ballot_cast(
            voter=member, poll=committee_poll, choices=[by_number["#1"], by_number["#2"]]
        )
    assert committee_poll.participations.count() == 3

    page.goto(f"{base}/pb/manage/{cycle.pk}/votes/")
    page.locator("#id_opens_at").fill((now - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_closes_at").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="모바일투표 시작").click()
    poll = Poll.objects.get(code=f"pb-{cycle.pk}-parks")
    options = {o.label.split()[0]: o.pk for o in PollOption.objects.filter(poll=poll)}

    phone = phone_page
    log_in(phone, base, "e2e.voter")
    phone.goto(f"{base}/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/")
    phone.get_by_role("link", name="공원·환경 분야 투표하기(최대 3개)").click()
    phone.locator(f"form.ballot input[value='{options['#3']}']").check()
    phone.locator("form.ballot button[type=submit]").click()
    phone.wait_for_load_state()
    for _ in range(3):
        voter = make_resident(places["geumcheon"], places["doksan"])
        voting.ballot_cast(voter=voter, poll=poll, choices=[options["#1"], options["#2"]])

    page.goto(f"{base}/pb/manage/{cycle.pk}/votes/")
    expect(page.get_by_role("button", name="마감된 위원회 투표 집계 가져오기")).to_be_visible()
    # The replayed clock is the test thread's, not the live server's: import from here.
    with clock.replaying(poll.closes_at + dt.timedelta(seconds=1)):  # the votes have closed
        services.mobile_vote_import(actor=manager, cycle=cycle)
        services.committee_vote_import(actor=manager, cycle=cycle)
    assert dict(Proposal.objects.values_list("number", "mobile_approvals")) == {1: 3, 2: 3, 3: 1}
    assert dict(Proposal.objects.values_list("number", "committee_approvals")) == {
        1: 3,
        2: 2,
        3: 1,
    }
    assert Cycle.objects.get(pk=cycle.pk).committee_voters == 3
    services.cycle_advance(actor=manager, cycle=Cycle.objects.get(pk=cycle.pk))
    page.goto(f"{base}/pb/manage/{cycle.pk}/results/")
    page.get_by_role("button", name="계산").click()
    page.get_by_role("button", name="이 결과 공개").click()
    page.get_by_test_id("confirm").click()
    page.wait_for_load_state()
    assert sorted(Proposal.objects.filter(adopted=True).values_list("number", flat=True)) == [1, 2]

    phone.goto(f"{base}/pb/m/{cycle.municipality.slug}/{cycle.cycle_year}/proposals/3/")
    expect(phone.get_by_role("heading", name="이 사업이 선정되지 않은 이유")).to_be_visible()
    expect(phone.locator("dd").filter(has_text="4명 중 1명 (25.0%)")).to_be_visible()
