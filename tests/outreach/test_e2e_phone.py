"""In Chromium at 390 px: a resident reads the outreach pages and signs up for an autonomy
programme; the manager records attendance, and the learner's certificate fits the phone."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.outreach.models import Attendance, AutonomySignup, ReporterTeam
from tests.browser import (
    assert_accessible,
    assert_descriptions_exist,
    assert_fits_screen,
    assert_no_broken_words,
    log_in,
    log_out,
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.e2e


def _check(page: Any) -> None:
    assert_fits_screen(page)
    assert_accessible(page)
    assert_no_broken_words(page)
    assert_descriptions_exist(page)


def test_outreach_on_a_phone(
    phone_page: Any,
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_resident: Any,
    manager: Any,
    team: Any,
    course: Any,
    programme: Any,
) -> None:
    from maeul.outreach.demo import load_records

    load_records(places["geumcheon"])
    learner = make_resident(places["geumcheon"], username="outreach.learner")
    enrolment = course.enrolments.get(name="수강생1")
    enrolment.user = learner
    enrolment.save()
    page = phone_page
    base = live_server.url
    slug = places["geumcheon"].slug

    page.goto(f"{base}/outreach/{slug}/")
    expect(page.locator("main h1")).to_contain_text("홍보·교육·기록")
    _check(page)
    page.goto(f"{base}/outreach/{slug}/records/")
    expect(page.locator("#lawsuits")).to_contain_text("94.6%")
    _check(page)
    page.goto(f"{base}/outreach/{slug}/records/?kind=legal_advice")
    expect(page.locator("#yearly")).to_contain_text("390")
    _check(page)
    page.goto(f"{base}/outreach/team/{team.pk}/")
    _check(page)

    log_in(page, base, "outreach.learner", next_path=f"/outreach/{slug}/programmes/")
    _check(page)
    page.get_by_role("button", name="신청").click()
    expect(page.locator(".messages")).to_contain_text("신청했습니다")
    assert AutonomySignup.objects.filter(user=learner).count() == 1
    log_out(page)

    log_in(page, base, "outreach.manager", next_path=f"/outreach/manage/{slug}/")
    expect(page.locator("main h1")).to_contain_text("관리")
    _check(page)
    # Create a reporter team at 390 px: a term ending before it starts is refused, then saved.
    page.get_by_text("기자단·지원자·취재 미션 등록").click()
    _check(page)
    page.locator("#team-name").fill("금천 새 기자단")
    page.locator("#team-year").fill("2022")
    page.locator("#team-start").fill("2022-03-01")
    page.locator("#team-end").fill("2022-02-01")
    page.get_by_role("button", name="기자단 등록").click()
    expect(page.get_by_role("alert")).to_contain_text("시작일보다 앞설 수 없습니다")
    assert not ReporterTeam.objects.filter(name="금천 새 기자단").exists()
    page.get_by_text("기자단·지원자·취재 미션 등록").click()
    page.locator("#team-name").fill("금천 새 기자단")
    page.locator("#team-year").fill("2022")
    page.locator("#team-start").fill("2022-03-01")
    page.locator("#team-end").fill("2022-12-31")
    page.get_by_role("button", name="기자단 등록").click()
    expect(page.locator(".messages")).to_contain_text("기자단을 등록했습니다")
    assert ReporterTeam.objects.filter(name="금천 새 기자단").count() == 1
    for session in course.sessions.order_by("number")[:2]:
        page.goto(f"{base}/outreach/manage/session/{session.pk}/")
        _check(page)
        page.get_by_label("수강생1").check()
        page.get_by_role("button", name="출석 기록").click()
        expect(page.locator(".messages")).to_contain_text("출석 1건")
    assert Attendance.objects.filter(enrolment=enrolment).count() == 2
    log_out(page)

    log_in(page, base, "outreach.learner", next_path=f"/outreach/course/{course.pk}/")
    page.get_by_role("link", name="내 수료증").click()
    expect(page.locator("main h1")).to_have_text("수료증")
    expect(page.get_by_test_id("certificate-pdf")).to_be_visible()
    _check(page)
