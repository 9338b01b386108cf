"""The demo holds Seoul's 2021 plans as the seed gives them and a published 7/11/7 grading."""

from __future__ import annotations

from typing import Any

from django.test import Client

from maeul.innovation.checks import failing
from maeul.innovation.models import EvaluationRound, Plan, PlanRound, Project
from maeul.innovation.selectors import grading_of


def test_2021_plans_match_the_seed(shared_demo: Any) -> None:
    round_ = PlanRound.objects.get(municipality__slug="seoul", year=2021)
    plans = Plan.objects.filter(round=round_)
    assert plans.count() == 24
    agenda = Project.objects.filter(plan__round=round_).exclude(kind="strategy")
    assert agenda.count() == 241
    assert sum(p.projects_reported for p in plans) == 241
    assert sum(p.city_subsidy_won for p in agenda) == 21_145_000_000
    amounts = {p.municipality.name: 0 for p in plans}
    for project in agenda:
        amounts[project.plan.municipality.name] += project.city_subsidy_won
    assert min(amounts.values()) == 470_000_000 and max(amounts.values()) == 945_000_000
    assert all(failing(p) == [] for p in plans)
    gangseo = Project.objects.get(
        plan__round=round_, kind="strategy", plan__municipality__name="강서구"
    )
    assert gangseo.total_won == 522_000_000
    assert gangseo.city_subsidy_won == 435_000_000 and gangseo.district_matching_won == 87_000_000
    page = Client().get(f"/innovation/r/{round_.pk}/")
    assert "238" in page.content.decode() and "241" in page.content.decode()


def test_evaluation_is_published_and_graded_7_11_7(shared_demo: Any) -> None:
    evaluation = EvaluationRound.objects.get(municipality__slug="seoul", year=2020)
    assert evaluation.state == "published"
    assert evaluation.indicators.count() == 53
    assert sum(i.max_points for i in evaluation.indicators.all()) == 105
    grading = grading_of(evaluation)
    sizes = dict(grading.tier_sizes)
    assert sum(sizes.values()) == 25
    if grading.extra_funding_won == 0:
        assert sizes == {"가": 7, "나": 11, "다": 7}
        assert grading.funding_total_won == 25_000_000_000
    assert evaluation.results.filter(had_plan=False).count() == 6
    page = Client().get(f"/innovation/e/{evaluation.pk}/")
    assert page.status_code == 200
    assert b'data-testid="tie-rule"' in page.content
