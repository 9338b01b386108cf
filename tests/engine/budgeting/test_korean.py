"""Golden tests of the Korean mixed rule, computed by hand from SPEC section 1.

The election (fixtures/korean_golden.json): 10 committee members, 100 mobile voters, shares
over each channel's voters, weights 0.5/0.5; groups T (cap 150M) and W (cap 65M).

=====  =====  =========  =====  =========  ==========  ======================
id     group  type       cost   committee  public      score
=====  =====  =========  =====  =========  ==========  ======================
T1     T      general    80M    8 (0.8)    60 (0.6)    0.70
T2     T      general    50M    6 (0.6)    70 (0.7)    0.65
T3     T      general    40M    7 (0.7)    50 (0.5)    0.60
T4     T      programme  25M    --         --          ineligible: > 20M cap
T5     T      general    15M    4 (0.4)    40 (0.4)    0.40
W1     W      general    30M    5 (0.5)    50 (0.5)    0.50 (ties W2; public 0.5 wins)
W2     W      programme  20M    6 (0.6)    40 (0.4)    0.50
W3     W      general    10M    3 (0.3)    30 (0.3)    0.30 (ties W5: same public
W4     W      general    120M   --         --          share and cost; id W3 wins)
W5     W      programme  10M    3 (0.3)    30 (0.3)    0.30; W4 ineligible: > 100M cap
=====  =====  =========  =====  =========  ==========  ======================

skip, no pool: T: T1 (70M left), T2 (20M), T3 skipped, T5 (5M). W: W1 (35M), W2 (15M),
W3 (5M), W5 skipped. Selected T1 T2 T5 W1 W2 W3 = 205M.
skip, pool: the 10M left fund one pass: T3 (40M) skipped, W5 (10M) selected = 215M.
stop, no pool: T stops at T3 (T5 not reached, 20M left); W stops at W5 (5M left):
T1 T2 W1 W2 W3 = 190M. stop, pool: the 25M pass stops at once at T3: same 190M.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

import pytest

from maeul.engine.budgeting import (
    BudgetingError,
    InvalidInstance,
    ParseError,
    explain,
    korean_mixed_rule,
    load_mixed_csv,
    load_mixed_json,
)
from maeul.engine.budgeting.korean import KoreanSettings

GOLDEN = Path(__file__).with_name("fixtures") / "korean_golden.json"
M = 1_000_000


def _run(**changes: object) -> tuple[list[str], Fraction]:
    projects, settings = load_mixed_json(GOLDEN)
    outcome = korean_mixed_rule(projects, dataclasses.replace(settings, **changes))
    return list(outcome.selected), outcome.total_cost


def test_skip_without_pool() -> None:
    assert _run() == (["T1", "T2", "T5", "W1", "W2", "W3"], 205 * M)


def test_skip_with_pooled_leftovers() -> None:
    assert _run(pool_leftovers=True) == (["T1", "T2", "T5", "W1", "W2", "W3", "W5"], 215 * M)


def test_stop_without_pool() -> None:
    assert _run(on_misfit="stop") == (["T1", "T2", "W1", "W2", "W3"], 190 * M)


def test_stop_with_pool_stops_at_the_first_misfit() -> None:
    assert _run(on_misfit="stop", pool_leftovers=True) == (
        ["T1", "T2", "W1", "W2", "W3"],
        190 * M,
    )


def test_ineligible_projects_are_reported_with_reasons() -> None:
    projects, settings = load_mixed_json(GOLDEN)
    outcome = korean_mixed_rule(projects, settings)
    reasons = {i.project: (i.reason, i.reason_ko) for i in outcome.ineligible}
    assert set(reasons) == {"T4", "W4"}
    assert reasons["T4"][0] == "cost 25,000,000 exceeds the programme cap 20,000,000"
    assert "120,000,000" in reasons["W4"][0] and "general" in reasons["W4"][0]
    assert "초과" in reasons["W4"][1]


def test_scores_and_ties_are_exact() -> None:
    projects, settings = load_mixed_json(GOLDEN)
    outcome = korean_mixed_rule(projects, settings)
    scores = {s.project: s.score for s in outcome.scores}
    assert scores["T1"] == Fraction(7, 10)
    assert scores["T2"] == Fraction(13, 20)
    assert scores["W1"] == scores["W2"] == Fraction(1, 2)
    ties = [(s.project, s.value("after"), s.value("by")) for s in outcome.trace if s.event == "tie"]
    assert ("W2", "W1", "public_share") in ties
    assert ("W5", "W3", "id") in ties
    assert [s.project for s in outcome.scores][:3] == ["T1", "T2", "T3"]


def test_share_over_top_project_and_over_total_votes() -> None:
    projects, settings = load_mixed_json(GOLDEN)
    top = korean_mixed_rule(projects, dataclasses.replace(settings, share="top"))
    # committee top is T1 (8), public top is T2 (70): T1 = 0.5 * 8/8 + 0.5 * 60/70
    assert {s.project: s.score for s in top.scores}["T1"] == Fraction(13, 14)
    total = korean_mixed_rule(projects, dataclasses.replace(settings, share="total"))
    # eligible totals: committee 42, public 370: T1 = 0.5 * 8/42 + 0.5 * 60/370
    assert {s.project: s.score for s in total.scores}["T1"] == Fraction(137, 777)


def test_weights_change_the_order() -> None:
    selected, _ = _run(committee_weight=Fraction(7, 10), public_weight=Fraction(3, 10))
    # T3 = 0.7*0.7 + 0.3*0.5 = 0.64 now beats T2 = 0.63: T1 (70M left), T3 (30M), T2 skipped
    assert selected[:3] == ["T1", "T3", "T5"]


def test_trace_explains_in_korean_and_english() -> None:
    projects, settings = load_mixed_json(GOLDEN)
    outcome = korean_mixed_rule(projects, settings)
    korean = explain(outcome, "ko")
    english = explain(outcome, "en")
    assert "T3 제외: 사업비 40,000,000원이 잔액 20,000,000원을 초과" in korean
    assert "skipped T3: costs 40,000,000, only 20,000,000 left" in english
    assert "선정 제외(자격 미달)" in korean


def test_csv_with_settings_gives_the_same_outcome(tmp_path: Path) -> None:
    projects, settings = load_mixed_json(GOLDEN)
    rows = ["id,name,group,type,cost,committee_votes,public_votes"]
    for p in projects:
        rows.append(
            f'{p.id},{p.name},{p.group},{p.type},"{int(p.cost):,}",{p.committee_votes},{p.public_votes}'
        )
    csv_path = tmp_path / "projects.csv"
    csv_path.write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")
    settings_path = tmp_path / "settings.json"
    settings_path.write_text(
        '{"committee_voters": 10, "public_voters": 100,'
        ' "type_caps": {"general": 100000000, "programme": 20000000},'
        ' "groups": [{"id": "T", "cap": 150000000}, {"id": "W", "cap": 65000000}]}',
        encoding="utf-8",
    )
    csv_projects, csv_settings = load_mixed_csv(csv_path, settings_path)
    assert korean_mixed_rule(csv_projects, csv_settings).selected == (
        korean_mixed_rule(projects, settings).selected
    )


def _broken(tmp_path: Path, old: str, new: str) -> BudgetingError:
    path = tmp_path / "election.json"
    path.write_text(GOLDEN.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(BudgetingError) as info:
        load_mixed_json(path)
    return info.value


def test_bad_json_names_file_line_and_field(tmp_path: Path) -> None:
    error = _broken(tmp_path, '"cost": 50000000', '"cost": "12a"')
    assert isinstance(error, ParseError)
    assert str(error) == "election.json line 17: project 'T2' cost '12a' is not a number"
    assert error.field == "projects[1].cost"
    error = _broken(
        tmp_path, '"group": "T", "type": "general", "cost": 40000000', '"group": "X", "cost": 1'
    )
    assert "unknown group 'X'" in str(error) and error.line == 18
    error = _broken(tmp_path, '"id": "T2"', '"id": "T1"')
    assert isinstance(error, InvalidInstance) and "duplicate project id 'T1'" in str(error)
    error = _broken(tmp_path, '"public_votes": 70', '"public_votes": 700')
    assert "only 100 voters" in str(error)
    error = _broken(tmp_path, '"budget": 215000000', '"budget": 0')
    assert "budget must be positive" in str(error)
    error = _broken(tmp_path, '"share": "voters",', '"share": "voters"')
    assert str(error) == "election.json line 6: invalid JSON: Expecting ',' delimiter"


def test_caps_above_the_budget_are_refused() -> None:
    projects, settings = load_mixed_json(GOLDEN)
    with pytest.raises(InvalidInstance) as info:
        korean_mixed_rule(projects, dataclasses.replace(settings, budget=Fraction(100 * M)))
    assert info.value.field == "groups"


def test_settings_defaults() -> None:
    settings = KoreanSettings(groups=())
    assert settings.committee_weight == settings.public_weight == Fraction(1, 2)
    assert settings.share == "voters" and settings.on_misfit == "skip"
