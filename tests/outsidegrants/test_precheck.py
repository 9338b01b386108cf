"""The pre-check score (pure engine): exact boundaries, indicators and weights as data, and
refused input."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from maeul.engine.scoring.precheck import (
    GEUMCHEON_POLICY,
    Indicator,
    InvalidPrecheck,
    PrecheckPolicy,
    score,
)

ALL_THREE = {"fit": 3, "feasibility": 3, "matching": 3, "upkeep": 3, "benefit": 3}


def test_exactly_on_the_threshold_is_recommended() -> None:
    result = score(GEUMCHEON_POLICY, ALL_THREE)
    assert result.total == 60
    assert result.recommended
    assert result.reasons == ()


def test_one_point_below_is_not_recommended_with_the_reason() -> None:
    result = score(GEUMCHEON_POLICY, {**ALL_THREE, "upkeep": 2})
    assert result.total == 57  # 15 + 12 + 12 + 6 + 12
    assert not result.recommended
    (reason,) = result.reasons
    assert reason.code == "below_threshold"
    assert "57" in reason.ko and "60" in reason.ko and "사후 관리 부담" in reason.ko
    assert "below the threshold of 60" in reason.en and "Upkeep" in reason.en


def test_full_and_empty_scores() -> None:
    assert score(GEUMCHEON_POLICY, dict.fromkeys(ALL_THREE, 5)).total == 100
    assert score(GEUMCHEON_POLICY, dict.fromkeys(ALL_THREE, 0)).total == 0


def test_the_sum_is_exact_where_floats_are_not() -> None:
    # Five indicators on a 0–3 scale, weights 15/15/20/25/25: these scores make exactly 60,
    # which floats compute as 59.99999999999999 (and would wrongly refuse).
    weights = (15, 15, 20, 25, 25)
    policy = PrecheckPolicy(
        indicators=tuple(
            Indicator(f"i{n}", "지표", "Indicator", 3, Fraction(w)) for n, w in enumerate(weights)
        ),
        threshold=Fraction(60),
    )
    given = (0, 1, 2, 3, 2)
    assert sum(s / 3 * w for s, w in zip(given, weights, strict=True)) < 60
    result = score(policy, {f"i{n}": s for n, s in enumerate(given)})
    assert result.total == 60 and result.recommended


def test_thirds_are_shown_half_up() -> None:
    third = Fraction(100, 3)
    policy = PrecheckPolicy(
        indicators=(
            Indicator("a", "가", "A", 3, third),
            Indicator("b", "나", "B", 3, third),
            Indicator("c", "다", "C", 3, third),
        ),
        threshold=Fraction(60),
    )
    result = score(policy, {"a": 2, "b": 2, "c": 1})
    assert result.total == Fraction(500, 9)
    assert result.total_shown == Decimal("55.56")
    assert not result.recommended


@pytest.mark.parametrize(
    ("scores", "code"),
    [
        ({**ALL_THREE, "fit": 6}, "range"),
        ({**ALL_THREE, "fit": -1}, "range"),
        ({**ALL_THREE, "fit": "2.5"}, "score"),
        ({**ALL_THREE, "fit": True}, "score"),
        ({k: v for k, v in ALL_THREE.items() if k != "fit"}, "missing"),
        ({**ALL_THREE, "fit": ""}, "missing"),
        ({**ALL_THREE, "extra": 1}, "unknown"),
    ],
)
def test_bad_scores_are_refused(scores: dict[str, object], code: str) -> None:
    with pytest.raises(InvalidPrecheck) as caught:
        score(GEUMCHEON_POLICY, scores)
    assert caught.value.code == code


def test_weights_must_add_up_to_100() -> None:
    with pytest.raises(InvalidPrecheck):
        PrecheckPolicy(
            indicators=(Indicator("a", "가", "A", 5, Fraction(50)),), threshold=Fraction(60)
        )


def test_the_policy_round_trips_as_data() -> None:
    assert PrecheckPolicy.from_data(GEUMCHEON_POLICY.as_data()) == GEUMCHEON_POLICY
