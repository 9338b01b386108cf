"""``/pb/`` lists every city and district running participatory budgeting in a fixed number of
queries (issue 23: it made one query per place before), with the same cards as each home page."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from maeul.budgeting.models import CityProgramme, Cycle, CycleSummary, DistrictShare, Phase
from maeul.places.models import Municipality, MunicipalityKind


def _district(seoul: Municipality, index: int) -> Municipality:
    return Municipality.objects.create(
        slug=f"seoul-test-{index}-gu",
        name=f"시험{index}구",
        name_en=f"Test {index}-gu",
        kind=MunicipalityKind.DISTRICT,
        parent=seoul,
        sort_order=100 + index,
    )


def _run_pb(place: Municipality, *, reported: bool) -> None:
    for year in (2020, 2021):
        cycle = Cycle.objects.create(
            municipality=place,
            cycle_year=year,
            budget_year=year + 1,
            phase=Phase.PROPOSALS,
            total_amount_won=1_000_000_000,
            title=f"{year + 1}년도 주민참여예산",
        )
        if reported and year == 2021:
            CycleSummary.objects.create(
                cycle=cycle,
                proposals=10,
                proposed_amount_won=100,
                adopted=5,
                adopted_amount_won=50,
            )


def _queries(client: Client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/pb/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_index_costs_the_same_queries_for_3_or_12_places(
    places: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    seoul = places["seoul"]
    programme = CityProgramme.objects.create(
        city=seoul, budget_year=2021, title="서울시 시민참여예산", total_amount_won=None
    )
    first = [_district(seoul, i) for i in range(3)]
    for index, place in enumerate(first):
        _run_pb(place, reported=index == 0)
        DistrictShare.objects.create(
            programme=programme, district=place, projects=8, amount_won=350_000_000
        )
    client = Client()
    few, page = _queries(client)
    assert "시험0구" in page and "시험2구" in page
    assert "서울시 시민참여예산" in page and "350,000,000" in page
    assert "2022년도 주민참여예산" in page  # the current cycle's card of a district run on Maeul
    for index in range(3, 12):
        place = _district(seoul, index)
        _run_pb(place, reported=False)
        DistrictShare.objects.create(
            programme=programme, district=place, projects=1, amount_won=10_000_000
        )
    many, page = _queries(client)
    assert "시험11구" in page
    assert many == few, (few, many)
    with django_assert_max_num_queries(8):
        assert client.get("/pb/").status_code == 200


def test_a_reported_cycle_shows_only_the_history_card(places: dict[str, Any]) -> None:
    place = _district(places["seoul"], 0)
    _run_pb(place, reported=True)
    page = Client().get(f"/m/{place.slug}/").content.decode()
    assert "연도별 주민참여예산" in page
    assert "2022년도 주민참여예산" not in page  # the 2021 cycle is reported, not current
