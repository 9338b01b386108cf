"""Golden tests of the plan rules on the seed's figures (seed 004, 2021 plans)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from maeul.engine.innovation.errors import InvalidPlan
from maeul.engine.innovation.rules import (
    PlanProject,
    ProjectKind,
    RuleCode,
    RuleSet,
    check_plan,
    plan_ok,
    share_required,
)

K = 1000  # the seed writes thousand won
RULES = RuleSet(subsidy_min_won=470_000 * K, subsidy_max_won=945_000 * K)


def _by_code(checks, code):
    return [c for c in checks if c.code == code]


def gangseo(matching: int = 87_000 * K) -> list[PlanProject]:
    return [
        PlanProject("협치기반 구축", ProjectKind.BASE, 300_000 * K, pb_support=True),
        PlanProject("분야별 협치사업", ProjectKind.SECTOR, 645_000 * K),
        PlanProject(
            "주민이 주도하는 자원순환 마을 만들기", ProjectKind.STRATEGY, 435_000 * K, matching
        ),
    ]


def test_gangseo_strategy_project_522000_is_435000_plus_87000_and_passes() -> None:
    checks = check_plan(gangseo(), RULES)
    (matching,) = _by_code(checks, RuleCode.STRATEGY_MATCHING)
    assert matching.ok
    assert matching.required_won == 87_000 * K
    assert 435_000 * K + matching.actual_won == 522_000 * K
    assert plan_ok(checks)


def test_nineteen_percent_matching_fails_with_the_shortfall() -> None:
    nineteen = 435_000 * K * 19 // 100  # 82,650 thousand won
    checks = check_plan(gangseo(nineteen), RULES)
    (matching,) = _by_code(checks, RuleCode.STRATEGY_MATCHING)
    assert not matching.ok
    assert matching.shortfall_won == 87_000 * K - 82_650 * K == 4_350_000
    assert not plan_ok(checks)


def test_base_share_is_thirty_percent_of_the_plan_subsidy_and_says_how_much_is_missing() -> None:
    projects = [
        PlanProject("기반", ProjectKind.BASE, 269_999_999, pb_support=True),
        PlanProject("분야", ProjectKind.SECTOR, 630_000_001),
    ]
    (base,) = _by_code(check_plan(projects, RULES), RuleCode.BASE_SHARE)
    assert base.required_won == 270_000_000
    assert not base.ok and base.shortfall_won == 1
    moved = [
        PlanProject("기반", ProjectKind.BASE, 270_000_000, pb_support=True),
        PlanProject("분야", ProjectKind.SECTOR, 630_000_000),
    ]
    assert plan_ok(check_plan(moved, RULES))


def test_strategy_projects_do_not_count_in_the_base_share_or_the_range() -> None:
    checks = check_plan(gangseo(), RULES)
    (base,) = _by_code(checks, RuleCode.BASE_SHARE)
    assert base.required_won == share_required(945_000 * K, Fraction(30))


def test_the_subsidy_range_both_ways() -> None:
    over = [
        PlanProject("기반", ProjectKind.BASE, 300_000 * K, pb_support=True),
        PlanProject("분야", ProjectKind.SECTOR, 646_000 * K),
    ]
    (high,) = _by_code(check_plan(over, RULES), RuleCode.SUBSIDY_MAX)
    assert not high.ok and high.shortfall_won == 1_000 * K
    under = [PlanProject("기반", ProjectKind.BASE, 469_000 * K, pb_support=True)]
    (low,) = _by_code(check_plan(under, RULES), RuleCode.SUBSIDY_MIN)
    assert not low.ok and low.shortfall_won == 1_000 * K


def test_base_projects_must_include_the_pb_support() -> None:
    projects = [PlanProject("기반", ProjectKind.BASE, 500_000 * K)]
    (support,) = _by_code(check_plan(projects, RULES), RuleCode.PB_SUPPORT)
    assert not support.ok


def test_required_share_rounds_up_to_the_won() -> None:
    assert share_required(10, Fraction(30)) == 3
    assert share_required(11, Fraction(30)) == 4
    assert share_required(0, Fraction(30)) == 0


def test_negative_money_is_refused() -> None:
    with pytest.raises(InvalidPlan):
        check_plan([PlanProject("x", ProjectKind.BASE, -1)], RULES)
