"""End to end in Chromium: an official runs the draw, a juror reviews a pledge, the official
writes and publishes the jury's opinion, and the public jury page and pledge sheet show it."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from maeul.juries import services
from maeul.juries.models import Volunteer, VolunteerStatus
from maeul.pledges.models import Pledge, PledgeField, PledgeGoal
from tests.browser import log_in, log_out

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def test_draw_review_publish(
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_resident: Any,
    jury_factory: Any,
    page: Any,
) -> None:
    m = places["geumcheon"]
    goal = PledgeGoal.objects.create(municipality=m, name="다시 뛰는 금천")
    field = PledgeField.objects.create(goal=goal, name="지역경제")
    Pledge.objects.create(municipality=m, field=field, number=1, title="청년창업 지원센터 설립")
    jury = jury_factory(panel=8, reserves=2, pool=40)
    base = live_server.url

    # 1. the official runs the lottery on the draw screen
    log_in(page, base, "jury.admin")
    page.goto(f"{base}/juries/jury/{jury.pk}/draw/")
    expect(page.get_by_test_id("feasible")).to_be_visible()
    page.fill("#id_seed", "2021")
    page.locator("form:has(input[name=action][value=draw]) button[type=submit]").click()
    expect(page.get_by_test_id("consequences")).to_be_visible()
    page.get_by_test_id("confirm").click()
    page.wait_for_url(f"**/juries/jury/{jury.pk}/draw/record/")
    assert page.get_by_test_id("seed").inner_text() == "2021"
    page.locator("form:has(button.secondary) button.secondary").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("replay-ok")).to_be_visible()
    log_out(page)

    # the organisers set the term and hold the first session (services: not under test here)
    today = timezone.localdate()
    services.jury_term_set(
        actor=jury.admin,
        jury=jury,
        start=today - dt.timedelta(days=1),
        end=today + dt.timedelta(days=60),
    )
    services.session_schedule(actor=jury.admin, jury=jury, held_on=today, title="평가회의")
    juror = jury.volunteers.filter(status=VolunteerStatus.JUROR).order_by("code").first()
    resident = make_resident(m, places["gasan"], username="juror.one")
    Volunteer.objects.filter(pk=juror.pk).update(user=resident)

    # 2. the juror reviews the pledge
    log_in(page, base, "juror.one")
    page.goto(f"{base}/juries/jury/{jury.pk}/review/")
    page.select_option("#id_p1-grade", "B")
    page.select_option("#id_p1-recommendation", "recommend")
    page.fill("#id_p1-comments", "창업 공간 확충을 권고합니다")
    page.locator("#pledge-1 button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#pledge-1 .badge.ok")).to_be_visible()
    log_out(page)

    # 3. the official writes the jury's opinion from the tally and publishes it
    log_in(page, base, "jury.admin")
    page.goto(f"{base}/juries/jury/{jury.pk}/opinions/")
    assert "B" in page.locator("#pledge-1").inner_text()
    page.fill("#id_o1-text", "배심원단은 창업 공간 확충을 권고합니다.")
    page.select_option("#id_o1-recommendation", "recommend")
    page.locator("#pledge-1 form:has(input[value=opinion]) button").click()
    page.wait_for_load_state()
    page.fill("#id_a1-answer", "하반기에 공간을 확충하겠습니다.")
    page.locator("#pledge-1 form:has(input[value=answer]) button").click()
    page.wait_for_load_state()
    page.locator("#pledge-1 form:has(input[value=publish]) button").click()
    expect(page.get_by_test_id("consequences")).to_be_visible()
    page.get_by_test_id("confirm").click()
    page.wait_for_load_state()
    log_out(page)

    # 4. the public pages show it
    page.goto(f"{base}/juries/jury/{jury.pk}/")
    opinion = page.get_by_test_id("opinion")
    assert "배심원단은 창업 공간 확충을 권고합니다." in opinion.inner_text()
    assert "하반기에 공간을 확충하겠습니다." in opinion.inner_text()
    expect(page.get_by_test_id("draw-record")).to_be_visible()
    page.goto(f"{base}/pledges/{m.slug}/1/")
    assert "배심원단은 창업 공간 확충을 권고합니다." in page.get_by_test_id("opinion").inner_text()
