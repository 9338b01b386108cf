"""A plan's rule checks in words: which rule, by how much it fails, what would fix it.

The arithmetic is the engine's (``maeul.engine.innovation.rules``); this module only turns a
``Plan`` into the engine's input and each ``RuleCheck`` into a sentence in the reader's
language, shown live on the plan page and given as the reason when submission is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from maeul.engine.innovation.rules import (
    PlanProject,
    ProjectKind,
    RuleCheck,
    RuleCode,
    RuleSet,
    check_plan,
)
from maeul.innovation.models import Plan, PlanRound


def won(amount: int) -> str:
    return _("%(amount)s won") % {"amount": f"{amount:,}"}


def rules_of(round_: PlanRound) -> RuleSet:
    return RuleSet(
        base_min_percent=Fraction(round_.base_min_percent),
        matching_min_percent=Fraction(round_.matching_min_percent),
        subsidy_min_won=round_.subsidy_min_won,
        subsidy_max_won=round_.subsidy_max_won,
    )


def engine_projects(projects: Iterable[Any]) -> list[PlanProject]:
    return [
        PlanProject(
            label=f"{p.position}. {p.title}",
            kind=ProjectKind(p.kind),
            city_subsidy_won=p.city_subsidy_won,
            district_matching_won=p.district_matching_won,
            pb_support=p.pb_support,
        )
        for p in projects
    ]


@dataclass(frozen=True)
class ShownCheck:
    ok: bool
    rule: str
    detail: str
    fix: str


def _rule_name(check: RuleCheck) -> str:
    percent = int(check.percent) if check.percent is not None else 0
    names = {
        RuleCode.BASE_SHARE: _("Governance-base projects take at least %(p)d%% of the city subsidy")
        % {"p": percent},
        RuleCode.PB_SUPPORT: _(
            "The governance-base projects include support for the district's participatory "
            "budgeting"
        ),
        RuleCode.SUBSIDY_MIN: _("The city subsidy is at least the round's minimum"),
        RuleCode.SUBSIDY_MAX: _("The city subsidy is at most the round's maximum"),
        RuleCode.STRATEGY_MATCHING: _(
            "Strategy project %(project)s: the district matches at least %(p)d%% of its city "
            "subsidy"
        )
        % {"project": check.project, "p": percent},
    }
    return str(names[check.code])


def _detail(check: RuleCheck) -> str:
    if check.code is RuleCode.PB_SUPPORT:
        return _("present") if check.ok else _("missing")
    values = {
        "actual": won(check.actual_won),
        "required": won(check.required_won),
        "short": won(check.shortfall_won),
    }
    if check.code is RuleCode.SUBSIDY_MAX:
        if check.ok:
            return _("%(actual)s of at most %(required)s") % values
        return _("%(actual)s: %(short)s over the maximum of %(required)s") % values
    if check.ok:
        return _("%(actual)s of at least %(required)s") % values
    return _("%(actual)s: %(short)s short of %(required)s") % values


def _fix(check: RuleCheck) -> str:
    if check.ok:
        return ""
    amount = won(check.shortfall_won)
    if check.code is RuleCode.BASE_SHARE:
        return _(
            "Move %(amount)s of city subsidy from sector projects to governance-base projects."
        ) % {"amount": amount}
    if check.code is RuleCode.PB_SUPPORT:
        return _(
            "Mark the governance-base project that supports the district's participatory "
            "budgeting, or add one."
        )
    if check.code is RuleCode.SUBSIDY_MIN:
        return _("Add %(amount)s of city subsidy to the plan's projects.") % {"amount": amount}
    if check.code is RuleCode.SUBSIDY_MAX:
        return _("Cut %(amount)s of city subsidy from the plan's projects.") % {"amount": amount}
    return _("Raise the district matching of this project by %(amount)s.") % {"amount": amount}


def shown_checks(plan: Plan, projects: Iterable[Any] | None = None) -> list[ShownCheck]:
    rows = list(plan.projects.all() if projects is None else projects)
    checks = check_plan(engine_projects(rows), rules_of(plan.round))
    return [ShownCheck(c.ok, _rule_name(c), _detail(c), _fix(c)) for c in checks]


def failing(plan: Plan) -> list[ShownCheck]:
    return [check for check in shown_checks(plan) if not check.ok]
