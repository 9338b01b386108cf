"""The rules a district's community innovation plan must meet, as data.

Seoul's 2021 regional governance plan (seed 004) sets them for the plan each district's
governance council submits:

* ``base_share`` — governance-base projects (협치기반 구축사업, which include the support for the
  district's own participatory budgeting, 區주민참여예산 활성화 지원) take at least 30% of the city
  subsidy (시비 지원금) of the plan;
* ``pb_support`` — the base projects include that PB support ("반드시 포함");
* ``strategy_matching`` — each strategy project (협치전략사업) is matched by the district with at
  least 20% of its city subsidy (Gangseo-gu 2021: 522,000 = 435,000 city + 87,000 district,
  thousand won);
* ``subsidy_range`` — the plan's city subsidy lies within the round's per-district range
  (2021: 470 M to 945 M won were granted).

The base share and the range are computed over the plan's base and sector projects (the 238
agenda projects, 211억); strategy projects are a separate call (3 districts, 13억) and meet only
the matching rule. Shares are compared exactly: the required amount is the percentage of the
base rounded *up* to the won, so a plan passes only when it truly reaches the share.

Every check says whether it holds, the amount required and the amount found, the shortfall in
won, and what would fix it, so a failing plan can be repaired without a calculator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from maeul.engine.innovation.errors import InvalidPlan


class ProjectKind(StrEnum):
    BASE = "base"  # 협치기반 구축사업
    SECTOR = "sector"  # 분야별 협치사업
    STRATEGY = "strategy"  # 협치전략사업


@dataclass(frozen=True)
class PlanProject:
    label: str
    kind: ProjectKind
    city_subsidy_won: int
    district_matching_won: int = 0
    pb_support: bool = False


@dataclass(frozen=True)
class RuleSet:
    """One round's rules. Percentages are whole numbers or exact fractions; amounts won.
    ``subsidy_min_won``/``subsidy_max_won`` of ``None`` leave that side open."""

    base_min_percent: Fraction = Fraction(30)
    matching_min_percent: Fraction = Fraction(20)
    subsidy_min_won: int | None = None
    subsidy_max_won: int | None = None
    require_pb_support: bool = True


class RuleCode(StrEnum):
    BASE_SHARE = "base_share"
    PB_SUPPORT = "pb_support"
    STRATEGY_MATCHING = "strategy_matching"
    SUBSIDY_MIN = "subsidy_min"
    SUBSIDY_MAX = "subsidy_max"


@dataclass(frozen=True)
class RuleCheck:
    """One rule applied to a plan (or, for matching, to one strategy project).

    ``required_won`` is the least (or, for ``subsidy_max``, the most) the rule allows;
    ``actual_won`` what the plan has; ``shortfall_won`` how far it misses (0 when it holds):
    the won to add (or, for the maximum, to cut). ``project`` names the strategy project a
    matching check is about."""

    code: RuleCode
    ok: bool
    required_won: int
    actual_won: int
    shortfall_won: int
    project: str = ""
    percent: Fraction | None = None


def share_required(base_won: int, percent: Fraction) -> int:
    """The least whole won that is at least ``percent`` % of ``base_won``."""
    exact = Fraction(base_won) * Fraction(percent) / 100
    whole = exact.numerator // exact.denominator
    return whole if whole == exact else whole + 1


def _validate(projects: Sequence[PlanProject]) -> None:
    for index, project in enumerate(projects, start=1):
        if not isinstance(project.kind, ProjectKind):
            raise InvalidPlan("kind", f"project {index}: unknown kind {project.kind!r}")
        for name in ("city_subsidy_won", "district_matching_won"):
            value = getattr(project, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidPlan(
                    name, f"project {index}: {name} must be a whole number of won, 0 or more"
                )


def plan_subsidy_won(projects: Sequence[PlanProject]) -> int:
    """The city subsidy of the plan's base and sector projects (the range applies to it)."""
    return sum(p.city_subsidy_won for p in projects if p.kind is not ProjectKind.STRATEGY)


def check_plan(projects: Sequence[PlanProject], rules: RuleSet) -> list[RuleCheck]:
    """Every rule applied to ``projects``, in a fixed order (base share, PB support, the range,
    then one matching check per strategy project)."""
    _validate(projects)
    subsidy = plan_subsidy_won(projects)
    base = sum(p.city_subsidy_won for p in projects if p.kind is ProjectKind.BASE)
    required = share_required(subsidy, rules.base_min_percent)
    checks = [
        RuleCheck(
            RuleCode.BASE_SHARE,
            ok=base >= required,
            required_won=required,
            actual_won=base,
            shortfall_won=max(0, required - base),
            percent=rules.base_min_percent,
        )
    ]
    if rules.require_pb_support:
        has_support = any(p.pb_support and p.kind is ProjectKind.BASE for p in projects)
        checks.append(
            RuleCheck(
                RuleCode.PB_SUPPORT,
                ok=has_support,
                required_won=0,
                actual_won=0,
                shortfall_won=0,
            )
        )
    if rules.subsidy_min_won is not None:
        low = rules.subsidy_min_won
        checks.append(
            RuleCheck(
                RuleCode.SUBSIDY_MIN,
                ok=subsidy >= low,
                required_won=low,
                actual_won=subsidy,
                shortfall_won=max(0, low - subsidy),
            )
        )
    if rules.subsidy_max_won is not None:
        high = rules.subsidy_max_won
        checks.append(
            RuleCheck(
                RuleCode.SUBSIDY_MAX,
                ok=subsidy <= high,
                required_won=high,
                actual_won=subsidy,
                shortfall_won=max(0, subsidy - high),
            )
        )
    for project in projects:
        if project.kind is not ProjectKind.STRATEGY:
            continue
        need = share_required(project.city_subsidy_won, rules.matching_min_percent)
        checks.append(
            RuleCheck(
                RuleCode.STRATEGY_MATCHING,
                ok=project.district_matching_won >= need,
                required_won=need,
                actual_won=project.district_matching_won,
                shortfall_won=max(0, need - project.district_matching_won),
                project=project.label,
                percent=rules.matching_min_percent,
            )
        )
    return checks


def plan_ok(checks: Sequence[RuleCheck]) -> bool:
    return all(check.ok for check in checks)
