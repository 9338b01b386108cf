"""Differential tests against pabutools on random small approval elections in which some
projects have no approvals at all (issue 24).

Greedy by votes, MES (cost utilities, no completion and pabutools' add1 variant) and
sequential Phragmén, tie-break ``id`` (pabutools' lexicographic default). Phragmén in both
modes:

- ``zero_approval="fund"`` must equal pabutools' ``sequential_phragmen`` on the same
  election (pabutools buys unapproved projects at an infinite load once every approved
  project is placed, while none of them would overspend);
- ``zero_approval="never"`` (Maeul's rule) must equal pabutools on the election without the
  unapproved projects: it never funds them, and otherwise decides exactly as pabutools does.

pabutools returns Phragmén's selection sorted by project id, so there the sets are compared;
the other rules are compared in selection order.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maeul.engine.budgeting import (
    Instance,
    Profile,
    Project,
    greedy,
    method_of_equal_shares,
    phragmen,
)

pabutools = pytest.importorskip("pabutools")

Election = tuple[Instance, Profile]


@st.composite
def elections_with_unapproved(draw: st.DrawFn) -> Election:
    """3 to 7 projects, at least one of which nobody approves; 1 to 9 voters."""
    m = draw(st.integers(3, 7))
    costs = [draw(st.integers(1, 40)) for _ in range(m)]
    budget = max(costs) + draw(st.integers(0, 80))
    projects = tuple(Project(f"p{i}", Fraction(c)) for i, c in enumerate(costs))
    ids = [p.id for p in projects]
    approvable = draw(st.lists(st.sampled_from(ids), unique=True, min_size=1, max_size=m - 1))
    n = draw(st.integers(1, 9))
    votes = [
        sorted(draw(st.lists(st.sampled_from(approvable), unique=True, min_size=1)))
        for _ in range(n)
    ]
    return Instance(budget=Fraction(budget), projects=projects), Profile.approvals(votes)


def _pabutools(rule: str, e: Election, *, without_unapproved: bool = False) -> list[str]:
    from pabutools.election import (
        ApprovalBallot,
        ApprovalProfile,
        Cost_Sat,
    )
    from pabutools.election import Instance as PabuInstance
    from pabutools.election import (
        Project as PabuProject,
    )
    from pabutools.rules import (
        greedy_utilitarian_welfare,
        sequential_phragmen,
    )
    from pabutools.rules import (
        method_of_equal_shares as pabu_mes,
    )

    instance, profile = e
    approved = {p for ballot in profile.votes for p in ballot}
    kept = [p for p in instance.projects if p.id in approved or not without_unapproved]
    objects = {p.id: PabuProject(p.id, int(p.cost)) for p in kept}
    pabu_instance = PabuInstance(objects.values(), budget_limit=int(instance.budget))
    pabu_profile = ApprovalProfile(
        [ApprovalBallot(objects[p] for p in ballot) for ballot in profile.votes],
        instance=pabu_instance,
    )
    if rule == "greedy":
        result = greedy_utilitarian_welfare(pabu_instance, pabu_profile, sat_class=Cost_Sat)
    elif rule == "mes":
        result = pabu_mes(pabu_instance, pabu_profile, sat_class=Cost_Sat)
    elif rule == "mes-add1":
        result = pabu_mes(pabu_instance, pabu_profile, sat_class=Cost_Sat, voter_budget_increment=1)
    else:
        result = sequential_phragmen(pabu_instance, pabu_profile)
    return [p.name for p in result]


RANDOM = settings(max_examples=150, deadline=None)


@RANDOM
@given(elections_with_unapproved(), st.sampled_from(["greedy", "mes", "mes-add1"]))
def test_greedy_and_equal_shares_match_pabutools(e: Election, rule: str) -> None:
    instance, profile = e
    if rule == "greedy":
        outcome = greedy(instance, profile, tie_break="id")
    elif rule == "mes":
        outcome = method_of_equal_shares(instance, profile, tie_break="id")
    else:
        outcome = method_of_equal_shares(
            instance, profile, completion="add1", increment=1, tie_break="id"
        )
    assert list(outcome.selected) == _pabutools(rule, e)


@RANDOM
@given(elections_with_unapproved())
def test_phragmen_fund_matches_pabutools(e: Election) -> None:
    instance, profile = e
    outcome = phragmen(instance, profile, tie_break="id", zero_approval="fund")
    assert sorted(outcome.selected) == sorted(_pabutools("phragmen", e))


@RANDOM
@given(elections_with_unapproved())
def test_phragmen_never_matches_pabutools_without_unapproved_projects(e: Election) -> None:
    instance, profile = e
    outcome = phragmen(instance, profile, tie_break="id")
    approved = {p for ballot in profile.votes for p in ballot}
    assert set(outcome.selected) <= approved
    expected = _pabutools("phragmen", e, without_unapproved=True)
    assert sorted(outcome.selected) == sorted(expected)
    if set(approved) != {p.id for p in instance.projects}:
        assert outcome.trace[-1].event == "never-unsupported"


def test_the_issue_example() -> None:
    """Budget 101; p2 and p4 have no approvals. Maeul stops at p3, p1, p0; pabutools (and
    ``zero_approval="fund"``) then adds p2, after which p4 (87 + 28 > 101) no longer fits."""
    costs = {"p0": 28, "p1": 18, "p2": 15, "p3": 26, "p4": 28}
    instance = Instance(
        budget=Fraction(101), projects=tuple(Project(p, Fraction(c)) for p, c in costs.items())
    )
    profile = Profile.approvals([["p0", "p3"], ["p1", "p3"], ["p0", "p3"], ["p1"]])
    never = phragmen(instance, profile, tie_break="id")
    fund = phragmen(instance, profile, tie_break="id", zero_approval="fund")
    assert never.selected == ("p3", "p1", "p0") and never.total_cost == 72
    assert fund.selected == ("p3", "p1", "p0", "p2") and fund.total_cost == 87
    assert sorted(fund.selected) == sorted(_pabutools("phragmen", (instance, profile)))
