"""In Chromium at 390 px: a district manager adds projects, sees the failing base-share rule
with its fix, repairs the plan and submits it; the city's manager writes an opinion and the
evaluation board fits the screen."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from maeul.innovation import services
from maeul.innovation.models import Plan, PlanState
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


def _add(page: Any, title: str, kind: str, amount: str, *, pb: bool = False) -> None:
    form = page.locator("form[data-testid=add-project]")
    form.locator("#p-title").fill(title)
    form.locator("#p-kind").select_option(kind)
    if pb:
        form.locator("input[name=pb_support]").check()
    form.locator("#p-city").fill(amount)
    form.locator("button[type=submit]").click()
    expect(page.locator("table[data-testid=projects]")).to_contain_text(title)


def test_district_plan_and_city_review_on_a_phone(
    phone_page: Any,
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_official: Any,
    seoul_round: Any,
) -> None:
    page = phone_page
    base = live_server.url
    make_official(places["geumcheon"], "programme_manager", username="plan.district")
    page.goto(f"{base}/innovation/r/{seoul_round.pk}/")
    _check(page)
    log_in(page, base, "plan.district", next_path=f"/innovation/r/{seoul_round.pk}/")
    page.locator("main form button.primary").click()
    page.wait_for_url("**/innovation/p/**")
    _add(page, "협치기반 구축", "base", "200000000", pb=True)
    _add(page, "마을 돌봄", "sector", "700000000")
    checks = page.locator("ul[data-testid=checks]")
    expect(checks.locator("li.fail")).to_have_count(1)
    expect(checks).to_contain_text("70,000,000")  # 270,000,000 needed, 200,000,000 found
    _check(page)
    page.get_by_test_id("submit-plan").click()
    expect(page.locator(".messages")).to_contain_text("70,000,000")
    plan = Plan.objects.get()
    assert plan.state == PlanState.DRAFT
    page.locator("table[data-testid=projects] tr", has_text="마을 돌봄").locator("button").click()
    _add(page, "마을 돌봄", "sector", "630000000")
    _add(page, "기반 보강", "base", "70000000")
    expect(checks.locator("li.fail")).to_have_count(0)
    page.get_by_test_id("submit-plan").click()
    expect(page.locator(".messages")).to_contain_text("제출")
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    log_out(page)

    log_in(page, base, "seoul.manager", next_path=f"/innovation/p/{plan.pk}/")
    page.locator("#n-text").fill("기반사업의 주민참여예산 지원 내용을 구체화해 주세요.")
    page.get_by_role("button", name="작성").click()
    expect(page.locator("ol[data-testid=notes]")).to_contain_text("1판")
    _check(page)

    city = seoul_round.municipality
    evaluation = services.evaluation_create(
        actor=plan.round.municipality.officials.first().user,
        city=city,
        year=2020,
        funding_year=2022,
        tiers=[("가", 1, 1_100_000_000), ("나", 1, 1_000_000_000)],
        indicators=[("impact", "I01", "변화", Decimal(105))],
        districts=[(places["geumcheon"], True), (places["gwanak"], False)],
    )
    page.goto(f"{base}/innovation/e/{evaluation.pk}/")
    expect(page.get_by_test_id("tie-rule")).to_be_visible()
    _check(page)


def test_city_creates_an_evaluation_and_uploads_scores_on_a_phone(
    phone_page: Any,
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_official: Any,
) -> None:
    """The city's manager creates the round on its page (grades, catalogue, districts),
    uploads a CSV with a bad row (named, nothing saved), fixes it and sees the grading."""
    from maeul.innovation.models import EvaluationRound, IndicatorScore

    page = phone_page
    base = live_server.url
    make_official(places["seoul"], "programme_manager", username="eval.city")
    log_in(page, base, "eval.city", next_path="/innovation/seoul/")
    page.get_by_test_id("new-evaluation").click()
    page.wait_for_url("**/evaluations/new/")
    _check(page)
    form = page.locator("form[data-testid=new-evaluation-form]")
    form.locator("#e-year").fill("2020")
    form.locator("#e-funding").fill("2022")
    form.locator("#e-tiers").fill("가:1:1100000000, 나:1:1000000000")
    form.locator("#e-indicators").fill(
        "part,code,title,max_points\nbasic,B01,조례,35\nprocess,P01,공론장,35\nimpact,I01,변화,35\n"
    )
    for box in form.locator("input[name=evaluated]").all():
        box.uncheck()
    form.locator(f"#ev-{places['geumcheon'].pk}").check()
    form.locator(f"#ev-{places['gwanak'].pk}").check()
    form.locator(f"#np-{places['gwanak'].pk}").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/upload/")
    evaluation = EvaluationRound.objects.get()
    _check(page)
    upload = page.locator("form[data-testid=upload-scores]")

    def send(text: str) -> None:
        upload.locator("#u-file").set_input_files(
            {"name": "scores.csv", "mimeType": "text/csv", "buffer": text.encode()}
        )
        upload.locator("button[type=submit]").click()

    send("district,code,points\n금천구,B01,30\n금천구,P01,36\n")
    expect(page.locator(".messages")).to_contain_text("3행")
    assert IndicatorScore.objects.count() == 0
    _check(page)
    upload = page.locator("form[data-testid=upload-scores]")
    send(
        "district,code,points\n금천구,B01,30\n금천구,P01,30\n금천구,I01,24\n금천구,pb,30\n관악구,pb,32\n"
    )
    page.wait_for_url(f"**/innovation/e/{evaluation.pk}/")
    board = page.locator("table[data-testid=board]")
    expect(board).to_contain_text("80.000")
    expect(board).to_contain_text("78.000")
    _check(page)


def test_district_links_sessions_and_reads_the_diff_on_a_phone(
    phone_page: Any,
    live_server: Any,
    transactional_db: Any,
    places: dict[str, Any],
    make_official: Any,
    seoul_round: Any,
) -> None:
    """The district ticks its council's session for the plan; the plan page lists it and
    shows what the city's second opinion changed, escaped."""
    import datetime as dt

    from maeul.accounts.models import User
    from maeul.governance.models import Body, DeliberationSession, QuarterlyReport
    from tests.innovation.conftest import GOOD

    page = phone_page
    base = live_server.url
    district = make_official(places["geumcheon"], "programme_manager", username="link.district")
    city = User.objects.get(username="seoul.manager")
    council = Body.objects.create(
        municipality=places["geumcheon"], name="금천구 협치회의", kind="district_governance_council"
    )
    report = QuarterlyReport.objects.create(municipality=places["geumcheon"], year=2020, quarter=2)
    start = dt.datetime(2020, 5, 2, 10, tzinfo=dt.UTC)
    DeliberationSession.objects.create(
        municipality=places["geumcheon"],
        report=report,
        body=council,
        reference="1",
        name="협치회의 의제 선정 회의",
        kind="meeting",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        invited_total=10,
        attended_government=3,
        attended_civil=5,
    )
    plan = services.plan_start(actor=district, round_=seoul_round, district=places["geumcheon"])
    for row in GOOD:
        services.project_add(actor=district, plan_id=plan.pk, data=row)
    services.plan_submit(actor=district, plan_id=plan.pk)
    services.note_write(actor=city, plan_id=plan.pk, text="기반사업 예산을 보완하세요.")
    services.note_write(actor=city, plan_id=plan.pk, text="기반사업 예산과 <일정>을 보완하세요.")
    log_in(page, base, "link.district", next_path=f"/innovation/p/{plan.pk}/")
    diff = page.get_by_test_id("diff")
    expect(diff.locator("ins")).to_contain_text("<일정>을")
    expect(diff.locator("del")).to_contain_text("예산을")
    _check(page)
    page.locator("a[data-testid=link-sessions]").click()
    page.wait_for_url("**/sessions/")
    _check(page)
    form = page.locator("form[data-testid=link-sessions]")
    form.get_by_label("협치회의 의제 선정 회의", exact=False).check()
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/innovation/p/{plan.pk}/")
    expect(page.get_by_test_id("sessions")).to_contain_text("협치회의 의제 선정 회의")
    assert list(plan.sessions.values_list("name", flat=True)) == ["협치회의 의제 선정 회의"]
