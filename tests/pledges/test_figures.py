"""The golden figures of Seongnam's pledge no. 5 (66.4 % and 13.4 %) from the raw inputs of
its sheet, through the services, the selectors, the page, the export and the API; roll-ups by
field and goal; bad input named by field."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from maeul.core.errors import ServiceError
from maeul.pledges import demo, demo_seongnam
from maeul.pledges.models import Execution, FundingPlan, Pledge
from maeul.pledges.progress import (
    ProgressInputError,
    WeightedAchievement,
    as_percent,
    execution_rate,
    overall_progress,
    parse_achievement,
)
from maeul.pledges.selectors import figures_for, pledge_by_number, rollups
from maeul.pledges.services import IndicatorInput, pledge_indicators_replace


def test_pure_arithmetic_is_exact() -> None:
    progress = overall_progress(
        [
            WeightedAchievement(30, parse_achievement("1/3")),
            WeightedAchievement(30, parse_achievement("100%")),
            WeightedAchievement(40, parse_achievement("66")),
        ]
    )
    assert progress == Fraction(83, 125)  # exactly 0.664
    assert as_percent(progress) == Decimal("66.4")
    # 33% typed as a percentage would give 66.3: the exact 1/3 is what the sheet means.
    assert as_percent(
        overall_progress(
            [
                WeightedAchievement(30, parse_achievement("33%")),
                WeightedAchievement(30, Fraction(1)),
                WeightedAchievement(40, Fraction(66, 100)),
            ]
        )
    ) == Decimal("66.3")
    assert as_percent(execution_rate(59_000_000, 440_000_000)) == Decimal("13.4")
    assert execution_rate(5, 0) is None


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([WeightedAchievement(0, Fraction(1)), WeightedAchievement(0, Fraction(0))], "weight"),
        ([], "weight"),
        ([WeightedAchievement(10, Fraction(101, 100))], "achievement"),
        ([WeightedAchievement(-1, Fraction(1))], "weight"),
    ],
)
def test_pure_arithmetic_rejects_bad_input(items: list[Any], field: str) -> None:
    with pytest.raises(ProgressInputError) as caught:
        overall_progress(items)
    assert caught.value.field == field


def _seongnam_pledge(seongnam: Any, admin: Any, pledge_factory: Any) -> Pledge:
    pledge = pledge_factory(seongnam, 5, title=demo_seongnam.HEADER["title"])
    rows = [
        IndicatorInput(year=y, name=n, weight=w, target=t, result=r, achievement=a)
        for (y, n, w, t, r, _exact), a in zip(
            demo_seongnam.INDICATORS, ["1/3", "100%", "66%"], strict=True
        )
    ]
    pledge_indicators_replace(actor=admin, pledge=pledge, rows=rows)
    for order, (source, period, in_term, amount) in enumerate(demo_seongnam.FUNDING):
        FundingPlan.objects.create(
            pledge=pledge,
            source=source,
            period=period,
            order=order,
            in_term=in_term,
            amount_won=amount,
        )
    for order, (source, period, amount) in enumerate(demo_seongnam.EXECUTION):
        Execution.objects.create(
            pledge=pledge, source=source, period=period, order=order, amount_won=amount
        )
    return pledge


def test_golden_figures_through_the_app(
    seongnam: Any, make_official: Any, pledge_factory: Any
) -> None:
    admin = make_official(seongnam, "administrator")
    _seongnam_pledge(seongnam, admin, pledge_factory)
    figures = figures_for(pledge_by_number(seongnam, 5))
    assert figures.progress == Fraction(83, 125)
    assert figures.progress_percent == Decimal("66.4")
    assert (figures.planned_won, figures.executed_won) == (440_000_000, 59_000_000)
    assert figures.execution_rate_percent == Decimal("13.4")

    page = Client().get(f"/pledges/{seongnam.slug}/5/").content.decode()
    assert "66.4%" in page and "13.4%" in page

    from maeul.exports.registry import get_table

    table = get_table("pledges")
    assert table.names == (
        "municipality",
        "number",
        "title",
        "status",
        "progress_percent",
        "planned_won",
        "executed_won",
        "execution_rate_percent",
    )
    assert list(table.rows(seongnam)) == [
        [
            "성남시",
            5,
            demo_seongnam.HEADER["title"],
            "on_track",
            "66.4",
            440_000_000,
            59_000_000,
            "13.4",
        ]
    ]

    api = Client().get(f"/api/pledges/{seongnam.slug}/5").json()
    assert api["progress_percent"] == "66.4"
    assert api["execution_rate_percent"] == "13.4"


def test_demo_reproduces_the_whole_sheet(seongnam: Any) -> None:
    demo.load()
    demo.load()  # idempotent
    pledge = Pledge.objects.get(municipality=seongnam, number=5)
    assert pledge.milestones.count() == len(demo_seongnam.MILESTONES) == 18
    assert pledge.tasks.count() == 3 and pledge.decisions.count() == 3
    assert pledge.funding.count() == 8 and pledge.executions.count() == 4
    assert pledge.year_plans.count() == 3 and pledge.indicators.count() == 3
    assert sum(f.amount_won for f in pledge.funding.all()) == 1_340_000_000
    figures = figures_for(pledge)
    assert (figures.progress_percent, figures.execution_rate_percent) == (
        Decimal("66.4"),
        Decimal("13.4"),
    )
    html = Client().get(f"/pledges/{seongnam.slug}/5/").content.decode()
    for text in (
        "자치행정과-3041",
        "2019-01-31",
        "시민소통협력팀",
        "협치조례 제정",
        "900.0백만원",
        "카드뉴스",
        "2,074개",
        "33.3% (1/3)",
    ):
        assert text in html, text
    assert "style=" not in html


def test_geumcheon_demo_counts(places: dict[str, Any]) -> None:
    demo.load()
    geumcheon = places["geumcheon"]
    assert Pledge.objects.filter(municipality=geumcheon).count() == 69
    goals = rollups(geumcheon)
    assert [g.name for g in goals] == [
        "더불어 행복한 금천",
        "다시 뛰는 금천",
        "안전한 금천",
        "따뜻한 금천",
        "돌아오는 금천",
    ]
    assert [[(f.name, f.count) for f in g.children] for g in goals] == [
        [("소통행정", 3), ("주민참여", 2)],
        [("도시계획", 5), ("도시재생", 6), ("지역경제", 11)],
        [("교통", 5), ("안전", 2), ("환경", 8)],
        [("복지", 6), ("건강", 7)],
        [("교육", 4), ("문화", 10)],
    ]
    response = Client().get(f"/pledges/{geumcheon.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "style=" not in html
    assert "<dt>공약</dt><dd>69</dd>" in html  # the summary counts every pledge
    # The list is paged (20 a page) and its pages hold all 69, each once.
    assert html.count("<progress") == 20 and "전체 69건 중 1–20" in html
    shown = []
    for page in (1, 2, 3, 4):
        html = Client().get(f"/pledges/{geumcheon.slug}/?page={page}").content.decode()
        shown += re.findall(rf'href="/pledges/{geumcheon.slug}/(\d+)/"', html)
    assert sorted(map(int, shown)) == sorted(
        Pledge.objects.filter(municipality=geumcheon).values_list("number", flat=True)
    )


def test_the_cached_summary_follows_every_change(
    places: dict[str, Any], make_official: Any, pledge_factory: Any
) -> None:
    """The dashboard's summary is cached, under a fingerprint of the pledges: an indicator
    replaced through the service, a funding line added straight in the database (as the
    admin would), a field renamed and a new pledge each show on the next view."""
    m = places["geumcheon"]
    admin = make_official(m, "administrator")
    pledge = pledge_factory(m, 1, goal="G1", field="F1")
    url = f"/pledges/{m.slug}/"

    def summary() -> str:
        html = Client().get(url).content.decode()
        return html[html.index('<dl class="facts">') : html.index("<h2>전체 공약</h2>")]

    assert "0.0%" not in summary()  # no indicator: no progress yet
    pledge_indicators_replace(
        actor=admin,
        pledge=pledge,
        rows=[IndicatorInput(year="2020", name="x", weight=1, achievement="40")],
    )
    assert "40.0%" in summary()
    FundingPlan.objects.create(pledge=pledge, source="구비", period="2020", amount_won=5_000)
    assert "5,000원" in summary()
    field = pledge.field
    field.name = "새 분야"
    field.save()
    assert "새 분야" in summary()
    pledge_factory(m, 2, goal="G1", field="F1")
    assert "<dt>공약</dt><dd>2</dd>" in summary()


def test_the_cached_list_of_pledges_follows_every_change(
    places: dict[str, Any], make_official: Any, pledge_factory: Any
) -> None:
    """The dashboard's page of pledges is cached too, under the same fingerprint, the
    language and the query string: progress, a renamed field, a new title and a page
    turned each show on the next view, in the language of the visitor."""
    m = places["geumcheon"]
    admin = make_official(m, "administrator")
    pledge = pledge_factory(m, 1, goal="G1", field="F1")
    url = f"/pledges/{m.slug}/"

    def listed(client: Client | None = None, query: str = "") -> str:
        html = (client or Client()).get(url + query).content.decode()
        return html[html.index('<table class="data pledge-table stack">') :]

    assert "<progress" not in listed()
    pledge_indicators_replace(
        actor=admin,
        pledge=pledge,
        rows=[IndicatorInput(year="2020", name="x", weight=1, achievement="40")],
    )
    assert "40.0%" in listed()
    field = pledge.field
    field.name = "새 분야"
    field.save()
    assert "새 분야" in listed()
    Pledge.objects.filter(pk=pledge.pk).update(title="새 제목", updated_at=timezone.now())
    assert "새 제목" in listed()
    for number in range(2, 23):
        pledge_factory(m, number, goal="G1", field="F1")
    assert "전체 22건 중 1–20" in listed()
    assert "전체 22건 중 21–22" in listed(query="?page=2")
    english = Client()
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "21–22 of 22" in listed(english, "?page=2")
    assert "전체 22건 중 21–22" in listed(query="?page=2")


def test_rollups_by_field_and_goal(
    places: dict[str, Any], make_official: Any, pledge_factory: Any
) -> None:
    m = places["geumcheon"]
    admin = make_official(m, "administrator")
    plan = [("G1", "F1", "100"), ("G1", "F1", "50"), ("G1", "F2", "20"), ("G2", "F3", "1/3")]
    for number, (goal, field, achievement) in enumerate(plan, start=1):
        pledge = pledge_factory(m, number, goal=goal, field=field)
        pledge_indicators_replace(
            actor=admin,
            pledge=pledge,
            rows=[IndicatorInput(year="2020", name="x", weight=1, achievement=achievement)],
        )
        FundingPlan.objects.create(pledge=pledge, source="구비", period="2020", amount_won=100)
        Execution.objects.create(pledge=pledge, source="구비", period="2020", amount_won=number)
    g1, g2 = rollups(m)
    assert g1.count == 3 and g1.progress == Fraction(170, 300)  # mean over pledges
    assert [(f.name, f.progress) for f in g1.children] == [
        ("F1", Fraction(3, 4)),
        ("F2", Fraction(1, 5)),
    ]
    assert (g1.planned_won, g1.executed_won) == (300, 6)
    assert g1.execution_rate_percent == Decimal("2.0")
    assert g2.progress == Fraction(1, 3) and g2.progress_percent == Decimal("33.3")


@pytest.mark.parametrize(
    ("rows", "field", "words"),
    [
        ([("a", 0, "100"), ("b", 0, "50")], "weight", "add up to 0"),
        ([("a", 10, "120")], "achievement", "Indicator 1"),
        ([("a", 10, "50"), ("b", 10, "-3")], "achievement", "Indicator 2"),
        ([("a", 10, "abc")], "achievement", "between 0 and 100"),
    ],
)
def test_bad_indicator_input_names_the_field(
    places: dict[str, Any],
    make_official: Any,
    pledge_factory: Any,
    rows: list[tuple[str, int, str]],
    field: str,
    words: str,
) -> None:
    m = places["geumcheon"]
    pledge = pledge_factory(m, 1)
    with override("en"), pytest.raises(ServiceError) as caught:
        pledge_indicators_replace(
            actor=make_official(m, "administrator"),
            pledge=pledge,
            rows=[IndicatorInput(year="2020", name=n, weight=w, achievement=a) for n, w, a in rows],
        )
    assert caught.value.field == field
    assert words in caught.value.message
    assert pledge.indicators.count() == 0


def test_dashboard_queries_do_not_grow_with_pledges(
    places: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    demo.load()
    connection.queries_log.clear()  # full after the load (9,000 at most): a capture saw 0
    with django_assert_max_num_queries(15) as captured:
        response = Client().get(f"/pledges/{places['geumcheon'].slug}/")
    assert response.status_code == 200
    assert len(captured) > 0  # the capture really counted (7 when checked): never a vacuous pass


def test_home_page_card_and_api_not_found(places: dict[str, Any], pledge_factory: Any) -> None:
    pledge_factory(places["geumcheon"], 1)
    home = Client().get(f"/m/{places['geumcheon'].slug}/").content.decode()
    assert f"/pledges/{places['geumcheon'].slug}/" in home
    assert Client().get("/api/pledges/no-such-place").status_code == 404
    assert Client().get(f"/api/pledges/{places['geumcheon'].slug}/99").status_code == 404
    listing = Client().get(f"/api/pledges/{places['geumcheon'].admin_code}").json()
    assert [p["number"] for p in listing["items"]] == [1] and listing["count"] == 1
