"""Golden tests: every seed figure of issue 20, counted from the demo's records, and the
exports printing them with the issue's columns."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest

from maeul.exports.registry import get_table
from maeul.exports.writers import render as render_table
from maeul.outreach import selectors
from maeul.outreach.models import Course, ReporterTeam
from maeul.places.models import Municipality


@pytest.fixture
def namgu(shared_demo: Any) -> Municipality:
    return Municipality.objects.get(slug="gwangju-nam-gu")


@pytest.fixture
def geumcheon(shared_demo: Any) -> Municipality:
    return Municipality.objects.get(slug="seoul-geumcheon-gu")


def _export(name: str, scope: Any = None) -> list[list[str]]:
    table = get_table(name)
    data = render_table("csv", name, table.columns, table.rows(scope), bom=False)
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return list(csv.reader(io.StringIO(text)))


def test_reporter_recruitment_and_members(namgu: Municipality) -> None:
    team = ReporterTeam.objects.get(municipality=namgu)
    figures = selectors.recruitment(team)
    assert (figures.applied, figures.selected) == (17, 15)
    members = list(selectors.members(team))
    assert len(members) == 15
    assert sum(m.post_count for m in members) == 49 + 62 + 69
    assert team.missions.values("dong").distinct().count() == 16


def test_posts_per_month_by_channel(namgu: Municipality) -> None:
    months = {(m.year, m.month): m for m in selectors.monthly_posts(namgu)}
    assert {k: m.total for k, m in months.items()} == {(2020, 7): 49, (2020, 8): 62, (2020, 9): 69}
    assert months[(2020, 7)].by_channel == {"blog": 27, "sns": 20, "youtube": 1, "news": 1}
    assert months[(2020, 8)].by_channel == {"blog": 25, "sns": 37, "youtube": 0, "news": 0}
    assert months[(2020, 9)].by_channel == {"blog": 25, "sns": 43, "youtube": 1, "news": 0}


def test_sns_posts_export(namgu: Municipality) -> None:
    rows = _export("sns-posts", namgu)
    assert rows[0] == ["municipality", "year", "month", "channel", "posts"]
    totals: dict[str, int] = {}
    for _place, _year, month, _channel, posts in rows[1:]:
        totals[month] = totals.get(month, 0) + int(posts)
    assert totals == {"7": 49, "8": 62, "9": 69}
    assert ["남구", "2020", "9", "sns", "43"] in rows


def test_courses_and_their_export(namgu: Municipality, geumcheon: Municipality) -> None:
    academy = selectors.course_figures(Course.objects.get(municipality=namgu))
    assert academy.sessions == 16
    assert academy.course.sessions.values("dong").distinct().count() == 16
    rows = _export("courses")
    assert rows[0] == ["municipality", "year", "course", "sessions", "enrolled", "completed"]
    assert ["금천구", "2020", "자치분권대학 금천캠퍼스", "18", "48", ""] in rows
    assert ["금천구", "2021", "자치분권 전문과정-희망경제학교", "6", "0", ""] in rows
    school = Course.objects.get(municipality=geumcheon, year=2021, kind="general")
    assert school.capacity == 30


def test_autonomy_programmes_by_dong(namgu: Municipality) -> None:
    by_dong = selectors.programmes_by_dong(namgu)
    assert len(by_dong) == 16
    assert all(n > 0 for _dong, n in by_dong)
    assert sum(n for _dong, n in by_dong) == 94
    rows = _export("autonomy-programmes", namgu)
    assert rows[0] == ["municipality", "dong", "programmes"]
    assert len(rows) == 17 and sum(int(r[2]) for r in rows[1:]) == 94
    assert namgu.council_pilots.count() == 5


def test_lawsuits_and_the_rounding_rule(geumcheon: Municipality) -> None:
    figures = {f.period: f for f in selectors.lawsuit_figures(geumcheon)}
    total = figures["2018–2020"]
    assert (total.filed, total.won, total.lost, total.pending) == (114, 87, 5, 22)
    assert total.closed == 92
    # 87 / 92 = 94.565...%: half up gives 94.6 (the seed truncates to 94.5)
    assert total.win_rate == Decimal("94.6")
    assert (figures["2020"].filed, figures["2020"].won, figures["2020"].pending) == (22, 10, 12)
    assert (figures["2019"].filed, figures["2019"].won, figures["2019"].lost) == (38, 27, 2)
    assert (figures["2018"].filed, figures["2018"].won, figures["2018"].lost) == (54, 50, 3)
    rows = _export("lawsuits", geumcheon)
    assert rows[0] == [
        "municipality", "period", "filed", "won", "lost", "pending", "win_rate_percent"
    ]  # fmt: skip
    assert ["금천구", "2018–2020", "114", "87", "5", "22", "94.6"] in rows


def test_other_records(geumcheon: Municipality) -> None:
    advice = {y.year: y for y in selectors.yearly_counts(geumcheon, "legal_advice")}
    assert sum(y.total for y in advice.values()) == 784
    assert advice[2020].by_category == {"written": 55, "phone": 17, "visit": 48, "litigation": 6}
    assert (advice[2019].total, advice[2018].total) == (268, 390)
    laws = selectors.yearly_counts(geumcheon, "local_law")[0].by_category
    assert laws["ordinance"] + laws["rule"] == 380 and laws["ordinance"] == 293
    assert laws["directive"] + laws["established_rule"] == 47
    assert selectors.record_total(geumcheon, "council_question") == 36
    assert selectors.record_total(geumcheon, "audit_document") == 1539
    sessions = {y.year: y.total for y in selectors.yearly_counts(geumcheon, "council_session")}
    assert sessions == {2020: 4, 2019: 7, 2018: 8}


def test_demo_load_is_idempotent(shared_demo: Any) -> None:
    from maeul.outreach import demo
    from maeul.outreach.models import Post, Record

    before = (Post.objects.count(), Record.objects.count(), Course.objects.count())
    demo.load()
    assert (Post.objects.count(), Record.objects.count(), Course.objects.count()) == before


def test_the_budget_school_is_a_course(geumcheon: Municipality) -> None:
    """Issue 20: the PB budget school is an outreach course (one model, not two); budgeting
    reads its figures through ``maeul.outreach.interface``, and the reported figures of the
    cycles run before Maeul stay (Geumcheon-gu: 5 sessions / 137 people in 2018, 5 / 682 in
    2019)."""
    from maeul.budgeting import cycle_facts
    from maeul.budgeting.models import Cycle
    from maeul.outreach.models import CourseKind

    schools = Course.objects.filter(municipality=geumcheon, kind=CourseKind.PB_BUDGET_SCHOOL)
    by_year = {c.year: selectors.course_figures(c) for c in schools}
    assert (by_year[2018].sessions, by_year[2018].enrolled) == (5, 137)
    assert (by_year[2019].sessions, by_year[2019].enrolled) == (5, 682)
    for year, figures in ((2018, (5, 137)), (2019, (5, 682))):
        cycle = Cycle.objects.get(municipality=geumcheon, cycle_year=year)
        assert schools.get(cycle=cycle).year == year
        found = cycle_facts.school_figures(cycle)
        assert (found.sessions, found.attendance, found.reported) == (*figures, True)
    rows = _export("courses", geumcheon)
    assert ["금천구", "2018", schools.get(year=2018).title, "5", "137", ""] in rows
