"""Golden figures of seed 002, counted from records: Geumcheon-gu monitored 75 outside grant
programmes in 2020 by field, and paid 15,000,000 won of incentives for that year — on the
statistics, the public summary and the ``outside-programmes`` export."""

from __future__ import annotations

from typing import Any

from django.test import Client

from maeul.exports.registry import get_table
from maeul.outsidegrants.models import Field, OutsideProgramme
from maeul.outsidegrants.selectors import yearly

SEED_2020 = {
    Field.SCIENCE_ICT: 5,  # 과학통신
    Field.EDUCATION: 6,  # 교육
    Field.LAND: 2,  # 국토개발
    Field.LABOUR: 1,  # 노동
    Field.CULTURE_SPORTS: 15,  # 문화체육
    Field.WELFARE: 25,  # 복지
    Field.WOMEN: 2,  # 여성
    Field.ADMINISTRATION: 5,  # 일반행정
    Field.INDUSTRY: 8,  # 산업·중소기업
    Field.ENVIRONMENT: 6,  # 환경
}


def test_seventy_five_programmes_by_field_and_fifteen_million_of_incentives(
    demo_register: Any,
) -> None:
    (figures,) = [y for y in yearly(demo_register) if y.year == 2020]
    assert figures.programmes == 75
    assert figures.by_field == SEED_2020
    assert figures.incentives_won == 15_000_000
    # The illustrative part, as the demo documents it.
    assert (figures.applied, figures.selected) == (30, 18)
    assert figures.awarded_won > 0


def test_the_demo_loads_once(demo_register: Any) -> None:
    from maeul.outsidegrants import demo

    before = OutsideProgramme.objects.count()
    demo.load()
    assert OutsideProgramme.objects.count() == before


def test_the_export_adds_up_to_the_seed(demo_register: Any) -> None:
    table = get_table("outside-programmes")
    assert table.names == (
        "municipality",
        "year",
        "field",
        "programmes",
        "applied",
        "selected",
        "awarded_won",
        "incentives_won",
    )
    rows = [r for r in table.rows(None) if r[1] == 2020]
    assert {r[0] for r in rows} == {"금천구"}
    assert {r[2]: r[3] for r in rows} == SEED_2020
    assert sum(r[3] for r in rows) == 75
    assert sum(r[4] for r in rows) == 30
    assert sum(r[5] for r in rows) == 18
    assert sum(r[7] for r in rows) == 15_000_000
    assert table.public


def test_the_public_summary_shows_the_figures(demo_register: Any) -> None:
    page = Client().get("/outside-grants/seoul-geumcheon-gu/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="programmes-2020">75<' in body
    assert 'data-testid="field-2020-welfare">25<' in body
    assert 'data-testid="field-2020-culture_sports">15<' in body
    assert 'data-testid="incentives-2020">15,000,000<' in body
    assert "복지정책과" not in body  # departments and notes stay internal


def test_the_home_page_and_the_index_link_the_summary(demo_register: Any) -> None:
    client = Client()
    home = client.get("/m/seoul-geumcheon-gu/").content.decode()
    assert "/outside-grants/seoul-geumcheon-gu/" in home
    index = client.get("/outside-grants/")
    assert index.status_code == 200
    assert "/outside-grants/seoul-geumcheon-gu/" in index.content.decode()
