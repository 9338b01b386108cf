"""The demo's Geumcheon-gu figures for issue 21 item 2, from the seed (002: "예산학교 운영
5회/137명, 5회/682명"; "총회 개최 '18.8.30, '19.8.29, '20.10.28. 온라인 화상총회"): the
budget school's figures, the three general assemblies, the coded reasons of the demo's
rejections and the education/youth group run with the youth council."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maeul.budgeting import cycle_facts, demo
from maeul.budgeting.models import Cycle, GeneralAssembly, ScreeningReason
from maeul.budgeting.selectors import history

GEUMCHEON = "seoul-geumcheon-gu"


@pytest.fixture
def demo_data(db: Any) -> None:
    from maeul.accounts import demo as accounts_demo
    from maeul.places import demo as places_demo

    places_demo.load()
    accounts_demo.load()
    demo.load()


def _cycle(year: int) -> Cycle:
    return Cycle.objects.get(municipality__slug=GEUMCHEON, cycle_year=year)


def test_budget_school_figures_of_the_seed(demo_data: None) -> None:
    figures = {year: cycle_facts.school_figures(_cycle(year)) for year in (2018, 2019, 2020)}
    assert (figures[2018].sessions, figures[2018].attendance) == (5, 137)
    assert (figures[2019].sessions, figures[2019].attendance) == (5, 682)
    assert figures[2018].reported and figures[2019].reported
    assert figures[2020].sessions == 0  # 2020: online education planned for December only
    rows = {r.cycle.cycle_year: r for r in history(_cycle(2018).municipality)}
    assert (rows[2018].school_sessions, rows[2018].school_attendance) == (5, 137)
    assert (rows[2019].school_sessions, rows[2019].school_attendance) == (5, 682)
    page = Client().get(reverse("budgeting:cycle", args=[GEUMCHEON, 2019])).content.decode()
    assert "5회, 682명" in page


def test_the_general_assemblies_of_the_seed(demo_data: None) -> None:
    held = [
        (a.cycle.cycle_year, a.held_on, a.online, a.attendance)
        for a in GeneralAssembly.objects.select_related("cycle")
        .filter(cycle__cycle_year__lte=2020)
        .order_by("held_on")
    ]
    assert held == [
        (2018, dt.date(2018, 8, 30), False, None),
        (2019, dt.date(2019, 8, 29), False, None),
        (2020, dt.date(2020, 10, 28), True, None),
    ]
    page = Client().get(reverse("budgeting:cycle", args=[GEUMCHEON, 2020])).content.decode()
    assert "2020년 10월 28일" in page and "온라인" in page
    assert "참석 인원은 보고되지 않았습니다." in page
    api = Client().get(f"/api/pb/cycles/{_cycle(2020).pk}/records").json()
    assert api["assemblies"][0]["held_on"] == "2020-10-28" and api["assemblies"][0]["online"]
    assert api["school"] == {
        "sessions": 0,
        "attendance": 0,
        "online_sessions": 0,
        "reported": False,
    }
    # Last year's cycle: its assembly confirms what its published result adopted.
    last = _cycle(timezone.localdate().year - 1)
    [assembly] = last.assemblies.all()
    adopted = last.proposals.filter(adopted=True)
    total = sum(p.adopted_amount_won or 0 for p in adopted)
    assert assembly.decisions[0] == (
        f"{last.budget_year}년도 주민참여예산 선정 사업 {adopted.count()}건, {total:,}원 확정"
    )
    assert assembly.held_on == last.windows.get(phase="results").starts_on
    demo.load()  # idempotent
    assert GeneralAssembly.objects.count() == 4


def test_the_demos_rejections_are_coded_and_exported(demo_data: None, tmp_path: Any) -> None:
    codes = set(
        ScreeningReason.objects.filter(municipality__slug=GEUMCHEON).values_list("code", flat=True)
    )
    assert codes == {"over-cap", "not-competence", "duplicate", "recurring-cost"}
    year = timezone.localdate().year
    counts = {
        c: [(r.code, r.proposals) for r in cycle_facts.reason_counts(_cycle(c))]
        for c in (year - 1, year)
    }
    assert counts == {year - 1: [("duplicate", 1)], year: [("not-competence", 1)]}
    path = tmp_path / "reasons.csv"
    call_command("export", "screening-reasons", "--municipality", GEUMCHEON, "--output", str(path))
    lines = path.read_text(encoding="utf-8").strip().splitlines()
    assert lines == [
        "municipality,cycle_year,reason,proposals",
        f"금천구,{year - 1},duplicate,1",
        f"금천구,{year},not-competence,1",
    ]
    page = Client().get(reverse("budgeting:cycle", args=[GEUMCHEON, year])).content.decode()
    assert "구 소관 사무가 아님" in page


def test_the_education_group_is_run_with_the_youth_council(demo_data: None) -> None:
    for cycle in (_cycle(2021), _cycle(timezone.localdate().year + 1)):
        education = cycle.groups.select_related("voting_body").get(code="education")
        assert education.voting_body is not None
        assert education.voting_body.name == "금천구 청소년의회"
        authors = {
            p.author.username
            for p in cycle.proposals.filter(group=education, offline_proposer="").select_related(
                "author"
            )
        }
        assert authors <= {"youth.geumcheon"}
    history_cycle = _cycle(2021)
    education = history_cycle.groups.get(code="education")
    adopted = sum(
        p.adopted_amount_won or 0
        for p in history_cycle.proposals.filter(group=education, adopted=True)
    )
    assert 0 < adopted <= education.cap_won
    page = Client().get(reverse("budgeting:cycle", args=[GEUMCHEON, 2021])).content.decode()
    assert "금천구 청소년의회" in page
