"""The evaluation: bulk scores checked row by row, district visibility before publication,
the what-if, publication freezing the scores."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from maeul.core.errors import Conflict, ServiceError
from maeul.innovation import services
from maeul.innovation.models import IndicatorScore
from maeul.innovation.selectors import grading_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(places: dict[str, Any], people: dict[str, Any]) -> Any:
    return services.evaluation_create(
        actor=people["city"],
        city=places["seoul"],
        year=2020,
        funding_year=2022,
        tiers=[("가", 1, 1_100_000_000), ("나", 1, 1_000_000_000)],
        indicators=[
            ("basic", "B01", "조례", Decimal(35)),
            ("process", "P01", "공론장", Decimal(35)),
            ("impact", "I01", "변화", Decimal(35)),
        ],
        districts=[(places["geumcheon"], True), (places["gwanak"], False)],
    )


ROWS = [
    {"district": "금천구", "code": "B01", "points": "30"},
    {"district": "금천구", "code": "P01", "points": "30"},
    {"district": "금천구", "code": "I01", "points": "24", "evidence": "보고서 12쪽"},
    {"district": "금천구", "code": "pb", "points": "30"},  # 48 + 30 = 78
    {"district": "관악구", "code": "pb", "points": "32"},  # 32 × 100/40 = 80
]


def test_scores_grade_by_the_60_40_rule(evaluation: Any, people: dict[str, Any]) -> None:
    assert services.scores_record(actor=people["city"], evaluation_id=evaluation.pk, rows=ROWS) == 5
    grading = grading_of(evaluation)
    assert [(g.district, g.total_text, g.grade) for g in grading.districts] == [
        ("관악구", "80.000", "가"),
        ("금천구", "78.000", "나"),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"district": "강남구", "code": "B01", "points": "1"}, "row 2, column district"),
        ({"district": "금천구", "code": "B01", "points": "36"}, "row 2, column points"),
        ({"district": "금천구", "code": "X99", "points": "1"}, "row 2, column code"),
        ({"district": "관악구", "code": "B01", "points": "1"}, "row 2"),
        ({"district": "금천구", "code": "pb", "points": "41"}, "row 2, column points"),
        ({"district": "금천구", "code": "B01", "points": "abc"}, "number"),
    ],
)
def test_a_bad_row_saves_nothing_and_is_named(
    evaluation: Any, people: dict[str, Any], row: dict[str, str], message: str
) -> None:
    with translation.override("en"), pytest.raises(ServiceError, match=message):
        services.scores_record(
            actor=people["city"], evaluation_id=evaluation.pk, rows=[ROWS[0], row]
        )
    assert IndicatorScore.objects.count() == 0


def test_districts_see_only_their_own_result_before_publication(
    evaluation: Any, people: dict[str, Any]
) -> None:
    services.scores_record(actor=people["city"], evaluation_id=evaluation.pk, rows=ROWS)
    own = evaluation.results.get(municipality__name="금천구")
    other = evaluation.results.get(municipality__name="관악구")
    client = Client()
    client.force_login(people["geumcheon"])
    assert client.get(f"/innovation/e/{evaluation.pk}/d/{own.pk}/").status_code == 200
    assert client.get(f"/innovation/e/{evaluation.pk}/d/{other.pk}/").status_code == 404
    assert client.get(f"/innovation/e/{evaluation.pk}/").status_code == 404
    assert Client().get(f"/innovation/e/{evaluation.pk}/").status_code == 404
    client.force_login(people["city_auditor"])
    assert client.get(f"/innovation/e/{evaluation.pk}/").status_code == 200
    client.force_login(people["city"])
    whatif = client.get(
        f"/innovation/e/{evaluation.pk}/", {"result": own.pk, "part": "impact", "points": "30"}
    )
    assert b'data-testid="whatif"' in whatif.content
    assert IndicatorScore.objects.get(indicator__code="I01").points == 24  # nothing saved
    services.evaluation_publish(actor=people["city"], evaluation_id=evaluation.pk)
    assert Client().get(f"/innovation/e/{evaluation.pk}/").status_code == 200
    assert Client().get(f"/innovation/e/{evaluation.pk}/d/{other.pk}/").status_code == 200
    with pytest.raises(Conflict):
        services.scores_record(actor=people["city"], evaluation_id=evaluation.pk, rows=ROWS)
    with pytest.raises(Conflict):
        services.score_set(
            actor=people["city"],
            result_id=own.pk,
            indicator_id=evaluation.indicators.get(code="B01").pk,
            points="1",
        )


def test_tier_counts_must_match_the_districts(
    places: dict[str, Any], people: dict[str, Any]
) -> None:
    with translation.override("en"), pytest.raises(ServiceError, match="count 3 districts but 2"):
        services.evaluation_create(
            actor=people["city"],
            city=places["seoul"],
            year=2019,
            funding_year=2021,
            tiers=[("가", 3, 1)],
            indicators=[],
            districts=[(places["geumcheon"], True), (places["gwanak"], True)],
        )


def test_api_serves_published_gradings_only(evaluation: Any, people: dict[str, Any]) -> None:
    services.scores_record(actor=people["city"], evaluation_id=evaluation.pk, rows=ROWS)
    client = Client()
    assert client.get(f"/api/innovation/evaluation/{evaluation.pk}").status_code == 404
    services.evaluation_publish(actor=people["city"], evaluation_id=evaluation.pk)
    body = client.get(f"/api/innovation/evaluation/{evaluation.pk}").json()
    assert [(d["district"], d["total"], d["grade"]) for d in body["districts"]] == [
        ("관악구", "80.000", "가"),
        ("금천구", "78.000", "나"),
    ]
    assert body["funding_total_won"] == 2_100_000_000
