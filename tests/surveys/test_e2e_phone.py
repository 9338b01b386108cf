"""In Chromium at 390 px: a resident answers the survey on a phone, the manager closes and
publishes it on the workspace page, and the results with their charts fit the screen."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.surveys.models import Response
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


def test_answer_manage_and_results_on_a_phone(
    phone_page: Any,
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_resident: Any,
    make_survey: Any,
    manager: Any,
) -> None:
    page = phone_page
    base = live_server.url
    survey = make_survey()
    make_resident(places["geumcheon"], username="survey.resident")

    page.goto(f"{base}/surveys/{places['geumcheon'].slug}/")
    _check(page)
    log_in(page, base, "survey.resident", next_path=f"/surveys/s/{survey.pk}/")
    expect(page.locator("main h1")).to_have_text(survey.title)
    _check(page)
    questions = page.locator("fieldset.survey-question")
    expect(questions).to_have_count(4)
    questions.nth(0).get_by_label("5단계 참여적 협력").check()
    questions.nth(1).get_by_label("6", exact=True).check()
    questions.nth(2).get_by_label("4", exact=True).check()
    page.locator("main textarea").fill("회의 자료를 미리 공개해 주세요")
    page.get_by_role("button", name="답 보내기").click()
    expect(page.locator(".messages")).to_contain_text("이름 없이")
    expect(page.locator("main form fieldset")).to_have_count(0)
    assert Response.objects.count() == 1
    log_out(page)

    log_in(page, base, "survey.manager", next_path=f"/surveys/manage/s/{survey.pk}/")
    expect(page.locator("main h1")).to_have_text(survey.title)
    _check(page)
    page.goto(f"{base}/surveys/manage/s/{survey.pk}/collected/")
    _check(page)
    page.locator("#id_group").select_option("participants")
    page.locator("#id_sheets").fill("5,6,4\n5,7,5\n")
    page.get_by_role("button", name="응답지 입력").click()
    expect(page.locator(".messages")).to_contain_text("2장")
    assert Response.objects.count() == 3
    page.get_by_role("button", name="설문 마감").click()
    expect(page.get_by_role("button", name="결과 공개")).to_be_visible()
    page.get_by_role("button", name="결과 공개").click()
    expect(page.locator(".messages")).to_contain_text("결과 공개")
    page.goto(f"{base}/surveys/manage/{places['geumcheon'].slug}/")
    _check(page)
    page.goto(f"{base}/surveys/manage/{places['geumcheon'].slug}/new/")
    _check(page)
    log_out(page)

    page.goto(f"{base}/surveys/s/{survey.pk}/results/")
    expect(page.locator("main h1")).to_contain_text(survey.title)
    expect(page.locator("main table.data").first).to_be_visible()
    _check(page)


def test_demo_results_with_charts_fit_a_phone(
    phone_page: Any, live_server: Any, transactional_db: Any, places: dict[str, Any]
) -> None:
    from maeul.accounts.models import User
    from maeul.surveys.demo import load_seoul_2020

    operator = User.objects.create_superuser("operator", password="correct-horse-battery-9")
    survey = load_seoul_2020(operator, places["seoul"])
    page = phone_page
    page.goto(f"{live_server.url}/surveys/s/{survey.pk}/results/")
    expect(page.locator("main svg.chart")).to_have_count(3)
    expect(page.locator("main")).to_contain_text("4.93")
    expect(page.locator("main")).to_contain_text("3.87")
    _check(page)
