"""Deliberation statistics: exact arithmetic, rates over 100%, total and mean rows."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maeul.engine.scoring import (
    MEAN,
    TOTAL,
    Aggregate,
    InvalidCounts,
    SessionFigures,
    aggregate,
    round_half_up,
    session_problems,
    summarise,
)


def test_walk_ins_push_the_rate_over_100_percent() -> None:
    agg = aggregate([SessionFigures(90, 601, 0, 423, 423, 0)])
    assert agg.rate_government is not None
    assert round_half_up(agg.rate_government, 1) == Decimal("142.1")


def test_sector_rates_pool_only_split_sessions() -> None:
    agg = aggregate([SessionFigures(60, 9, 0, 10, 10, 0), SessionFigures(60, 0, 50, 100)])
    assert agg.rate_government == 90
    assert agg.rate_civil is None
    assert agg.rate_all == Fraction(59 * 100, 110)


@pytest.mark.parametrize(
    ("figures", "field", "code"),
    [
        (SessionFigures(60, 1, 2, 0), "invited_total", "attended_without_invited"),
        (SessionFigures(60, -1, 2, 5), "attended_government", "negative"),
        (SessionFigures(0, 1, 2, 5), "minutes", "no_duration"),
        (SessionFigures(60, 1, 2, 5, 3, None), "invited_civil", "half_split"),
        (SessionFigures(60, 1, 2, 5, 0, 5), "invited_government", "attended_without_invited"),
        (SessionFigures(60, 1, 2, 5, 3, 3), "invited_total", "split_exceeds_total"),
    ],
)
def test_problems_name_the_field(figures: SessionFigures, field: str, code: str) -> None:
    problems = session_problems(figures)
    assert (problems[0].field, problems[0].code) == (field, code)
    with pytest.raises(InvalidCounts):
        Aggregate().add(figures)


def test_total_and_mean_rows() -> None:
    table = summarise(
        {
            "A": aggregate([SessionFigures(90, 10, 30, 50, 10, 40)]),
            "B": aggregate([SessionFigures(60, 5, 5, 10, 5, 5), SessionFigures(30, 0, 1, 1, 0, 1)]),
        }
    )
    shown = table.shown()
    assert [r.label for r in shown] == ["A", "B", TOTAL, MEAN]
    total, mean = shown[2], shown[3]
    assert total.rate_all is None and total.hours_per_meeting is None
    assert total.attended_total == 51 and total.meetings == 3 and total.hours == Decimal("3.0")
    assert mean.rate_all == Decimal("90.0")  # the mean of 40/50 = 80% and 11/11 = 100%
    assert mean.hours == Decimal("2")


percents = st.integers(min_value=0, max_value=10**6)


@given(st.fractions(min_value=-(10**6), max_value=10**6), st.integers(0, 3))
def test_round_half_up_is_exact(value: Fraction, places: int) -> None:
    shown = round_half_up(value, places)
    step = Fraction(1, 10**places)
    assert abs(Fraction(shown) - value) <= step / 2
    if abs(Fraction(shown) - value) == step / 2:
        assert abs(Fraction(shown)) > abs(value)


@given(
    st.lists(
        st.tuples(
            st.integers(1, 600), st.integers(0, 500), st.integers(0, 500), st.integers(1, 900)
        ),
        min_size=1,
        max_size=20,
    )
)
def test_aggregate_sums_sessions(rows: list[tuple[int, int, int, int]]) -> None:
    sessions = [SessionFigures(m, g, c, i) for m, g, c, i in rows]
    agg = aggregate(sessions)
    assert agg.meetings == len(rows)
    assert agg.attended_total == sum(g + c for _, g, c, _ in rows)
    assert agg.hours == Fraction(sum(m for m, *_ in rows), 60)
    assert agg.rate_all == Fraction(100 * agg.attended_total, sum(i for *_, i in rows))
