"""The demo holds Seoul's 2021 plans as the seed gives them and a published 7/11/7 grading."""

from __future__ import annotations

from typing import Any

from django.test import Client

from maeul.exports.registry import all_tables
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


def test_consulting_totals_come_from_the_session_records(shared_demo: Any) -> None:
    """Seed 004: 17 districts, 30 sessions, 320 people (147 officials, 173 civil); by cohort
    10 sessions/102 people, 9/114, 6/51, 5/53. Every figure is summed from the records."""
    from django.db.models import Sum

    from maeul.innovation.demo import CONSULTING_2020
    from maeul.innovation.models import Consultation

    sessions = Consultation.objects.filter(municipality__parent__slug="seoul", year=2020)
    assert sessions.count() == 30
    assert sessions.values("municipality").distinct().count() == 17
    totals = sessions.aggregate(o=Sum("officials"), c=Sum("civil"))
    assert (totals["o"], totals["c"]) == (147, 173)
    for _topic, slugs, count, people in CONSULTING_2020:
        cohort = sessions.filter(municipality__slug__in=[f"seoul-{s}" for s in slugs])
        assert cohort.count() == count
        summed = cohort.aggregate(o=Sum("officials"), c=Sum("civil"))
        assert summed["o"] + summed["c"] == people
    assert all("(예시)" in s.topic for s in sessions)
    table = {t.name: t for t in all_tables()}["innovation-consulting"]
    rows = list(table.rows(None))
    assert table.names == (
        "municipality",
        "year",
        "kind",
        "sessions",
        "officials",
        "civil_participants",
    )
    assert sum(r[3] for r in rows) == 30
    assert (sum(r[4] for r in rows), sum(r[5] for r in rows)) == (147, 173)


def test_yearly_project_records_are_104_176_217(shared_demo: Any) -> None:
    from django.db.models import Count

    from maeul.innovation.models import ProjectRecord

    counts = dict(
        ProjectRecord.objects.values_list("year").annotate(n=Count("pk")).order_by("year")
    )
    assert counts == {2018: 104, 2019: 176, 2020: 217}
    assert not ProjectRecord.objects.filter(illustrative=False).exists()
    table = {t.name: t for t in all_tables()}["innovation-project-records"]
    by_year: dict[int, int] = {}
    for _name, year, projects in table.rows(None):
        by_year[year] = by_year.get(year, 0) + projects
    assert by_year == {2018: 104, 2019: 176, 2020: 217}
    page = Client().get("/innovation/seoul/").content.decode()
    for figure in ("104", "176", "217", "147", "173"):
        assert figure in page
