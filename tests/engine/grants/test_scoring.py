"""Totals, selection within budget and cap, tie rules, grades and the contest's formula."""

from __future__ import annotations

from fractions import Fraction

import pytest

from maeul.engine.grants import (
    ContestFormula,
    InvalidGrantInput,
    bonus_points,
    candidate,
    grade_bands,
    grade_for,
    round_one,
    round_two,
    select,
    tie_rule_text,
)


def test_total_is_quantitative_plus_mean_of_reviewers_plus_bonus() -> None:
    c = candidate("A", 10, 80, [70, 71, 90], bonus=bonus_points(["climate"], {"climate": 5}))
    assert c.qualitative == Fraction(231, 3)
    assert c.total == 80 + Fraction(231, 3) + 5


def test_a_panel_has_at_most_seven_reviewers_and_scores_stay_in_range() -> None:
    with pytest.raises(InvalidGrantInput):
        candidate("A", 10, 80, [70] * 8)
    with pytest.raises(InvalidGrantInput):
        candidate("A", 10, 101, [70])
    with pytest.raises(InvalidGrantInput):
        candidate("A", 10, 50, [-1])


def seoul_candidates(n: int) -> list:
    # 20 eligible applications of 30 M each, totals descending by id
    return [candidate(f"{i:02d}", 30_000_000, 100 - i, [100 - i]) for i in range(n)]


def test_selection_stops_at_the_grantee_cap() -> None:
    result = select(seoul_candidates(20), budget_won=10**12, max_grantees=15)
    assert len(result.selected_ids) == 15
    assert result.selected_ids == [f"{i:02d}" for i in range(15)]
    assert {d.note for d in result.decisions if not d.selected} == {"grantee_cap"}


def test_selection_stops_at_the_budget() -> None:
    # 300 M buys ten 30 M grants; the 11th does not fit
    result = select(seoul_candidates(20), budget_won=300_000_000, max_grantees=15)
    assert len(result.selected_ids) == 10
    assert result.spent_won == 300_000_000
    assert result.decisions[10].note == "over_budget"


def test_stop_versus_skip_when_an_application_does_not_fit() -> None:
    cands = [
        candidate("big", 25_000_000, 90, [90]),
        candidate("huge", 20_000_000, 80, [80]),
        candidate("small", 5_000_000, 70, [70]),
    ]
    stop = select(cands, budget_won=30_000_000, max_grantees=15, on_misfit="stop")
    skip = select(cands, budget_won=30_000_000, max_grantees=15, on_misfit="skip")
    assert stop.selected_ids == ["big"]
    assert [d.note for d in stop.decisions] == ["selected", "over_budget", "after_stop"]
    assert skip.selected_ids == ["big", "small"]


def test_written_tie_rule_decides_level_totals() -> None:
    a = candidate("1", 20_000_000, 90, [80])
    b = candidate("2", 10_000_000, 80, [90])
    assert a.total == b.total
    by_quality = select([a, b], budget_won=20_000_000, max_grantees=1, tie_rule=["qualitative"])
    by_request = select([a, b], budget_won=20_000_000, max_grantees=1, tie_rule=["lower_request"])
    by_id = select([a, b], budget_won=20_000_000, max_grantees=1)
    assert by_quality.selected_ids == ["2"]
    assert by_request.selected_ids == ["2"]
    assert by_id.selected_ids == ["1"]
    assert "정성평가" in tie_rule_text(["qualitative"], "ko")
    with pytest.raises(InvalidGrantInput):
        select([a, b], budget_won=1, max_grantees=1, tie_rule=["coin"])


def test_grades_from_bands_on_their_boundaries() -> None:
    bands = grade_bands([("가", 170), ("나", 150), ("다", 0)])
    assert grade_for(170, bands) == "가"
    assert grade_for(Fraction(16999, 100), bands) == "나"
    assert grade_for(150, bands) == "나"
    assert grade_for(0, bands) == "다"
    assert grade_for(10, grade_bands([("A", 50)])) == ""


def test_contest_round_one_formula_and_top_ten() -> None:
    formula = ContestFormula(Fraction(1, 2), Fraction(1, 2), advance=10)
    entries = [(f"e{i:02d}", 90 - i, 100 - 5 * i) for i in range(14)]
    rows = round_one(entries, formula)
    first = rows[0]
    assert first.id == "e00" and first.vote_score == 100 and first.score == Fraction(95)
    assert rows[1].score == Fraction(89, 2) + Fraction(95, 2)
    assert [r.id for r in rows if r.advances] == [f"e{i:02d}" for i in range(10)]


def test_contest_ties_at_the_tenth_place_all_advance() -> None:
    formula = ContestFormula(advance=10)
    entries = [(f"e{i:02d}", 90 - i, 100) for i in range(9)]
    # two entries level on score, review and votes at the 10th place
    entries += [("x", 50, 100), ("y", 50, 100), ("z", 40, 100)]
    rows = round_one(entries, formula)
    advancing = [r.id for r in rows if r.advances]
    assert len(advancing) == 11 and {"x", "y"} <= set(advancing) and "z" not in advancing
    assert {r.rank for r in rows if r.id in ("x", "y")} == {10}


def test_contest_tie_on_score_broken_by_review() -> None:
    formula = ContestFormula(advance=1)
    # same round-1 score (75), one has the better written review
    rows = round_one([("a", 50, 100), ("b", 100, 50)], formula)
    assert rows[0].score == rows[1].score
    assert [r.id for r in rows if r.advances] == ["b"]


def test_contest_weights_must_add_up() -> None:
    with pytest.raises(InvalidGrantInput):
        ContestFormula(Fraction(1, 2), Fraction(1, 3))
    assert "40%" in ContestFormula(Fraction(3, 5), Fraction(2, 5)).text("ko")


def test_round_two_ranks_by_judges_and_shares_rewards_on_full_ties() -> None:
    rows = round_two(
        [("a", [90, 80]), ("b", [85, 85]), ("c", [70, 70])],
        rewards=["대상", "최우수상", "우수상"],
        round_one_scores={"a": Fraction(80), "b": Fraction(80)},
    )
    assert [(r.id, r.rank, r.reward) for r in rows] == [
        ("a", 1, "대상"),
        ("b", 1, "대상"),
        ("c", 3, "우수상"),
    ]
