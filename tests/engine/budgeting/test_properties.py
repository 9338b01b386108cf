"""Properties of the rules on random small elections (hypothesis).

Within budget, deterministic (and independent of the order of the ballots), greedy is
exhaustive, and MES payments -- re-simulated here from the trace with exact fractions --
never exceed a voter's budget and pay every selected project in full. The float fast path
of MES always agrees with the all-fractions engine.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from maeul.engine.budgeting import (
    Instance,
    Profile,
    Project,
    Step,
    UnresolvedTie,
    greedy,
    method_of_equal_shares,
    phragmen,
)

Election = tuple[Instance, Profile]


@st.composite
def elections(draw: st.DrawFn) -> Election:
    m = draw(st.integers(1, 7))
    cents = draw(st.booleans())
    costs = [
        Fraction(draw(st.integers(1, 10_000 if cents else 100)), 100 if cents else 1)
        for _ in range(m)
    ]
    budget = max(costs) + Fraction(draw(st.integers(0, 300)))
    projects = tuple(Project(f"p{i}", c) for i, c in enumerate(costs))
    ids = [p.id for p in projects]
    n = draw(st.integers(0, 12))
    votes = [draw(st.lists(st.sampled_from(ids), unique=True, max_size=m)) for _ in range(n)]
    return Instance(budget=budget, projects=projects), Profile.approvals(votes)


def _reversed(profile: Profile) -> Profile:
    return Profile.approvals(list(reversed(profile.votes)))


COMMON = settings(max_examples=150, deadline=None)


@COMMON
@given(elections(), st.sampled_from(["votes", "votes-per-cost"]))
def test_greedy_within_budget_exhaustive_deterministic(e: Election, by: str) -> None:
    instance, profile = e
    outcome = greedy(instance, profile, by=by, tie_break="id")
    assert outcome.total_cost == instance.cost_of(outcome.selected) <= instance.budget
    left = instance.budget - outcome.total_cost
    assert all(p.cost > left for p in instance.projects if p.id not in outcome.selected)
    assert greedy(instance, _reversed(profile), by=by, tie_break="id") == outcome


def _simulate_payments(
    instance: Instance, profile: Profile, outcome_trace: tuple[Step, ...]
) -> None:
    """Replay MES payments from the trace: each supporter pays min(budget, payment)."""
    n = len(profile)
    share = None
    for step in outcome_trace:
        if step.event == "add1":
            share = step.value("share")
    budgets = [Fraction(share) if share is not None else instance.budget / n] * n
    for step in outcome_trace:
        if step.event != "select":
            continue
        rho = step.value("payment")
        assert isinstance(rho, Fraction)
        paid = Fraction(0)
        for voter, ballot in enumerate(profile.votes):
            if step.project in ballot:
                pay = min(budgets[voter], rho)
                budgets[voter] -= pay
                paid += pay
                assert budgets[voter] >= 0
        assert paid == instance.project(step.project).cost


@COMMON
@given(elections(), st.sampled_from(["cost", "cardinality"]))
def test_mes_payments_and_budget(e: Election, utility: str) -> None:
    instance, profile = e
    outcome = method_of_equal_shares(instance, profile, utility=utility, tie_break="id")
    assert outcome.total_cost == instance.cost_of(outcome.selected) <= instance.budget
    if len(profile):
        _simulate_payments(instance, profile, outcome.trace)
    exact = method_of_equal_shares(instance, profile, utility=utility, tie_break="id", exact=True)
    assert exact.selected == outcome.selected
    again = method_of_equal_shares(instance, _reversed(profile), utility=utility, tie_break="id")
    assert again.selected == outcome.selected


@COMMON
@given(
    elections(),
    st.sampled_from(["add1", "add1u"]),
    st.sampled_from(["even", "integral"]),
    st.booleans(),
)
def test_mes_completions_within_budget(
    e: Election, completion: str, start: str, stop: bool
) -> None:
    instance, profile = e
    outcome = method_of_equal_shares(
        instance,
        profile,
        completion=completion,
        increment=Fraction(7),
        start=start,
        exhaustive_stop=stop,
        tie_break="id",
    )
    assert outcome.total_cost == instance.cost_of(outcome.selected) <= instance.budget
    assert len(set(outcome.selected)) == len(outcome.selected)
    if len(profile):
        _simulate_payments(instance, profile, outcome.trace)
    if completion == "add1u":
        left = instance.budget - outcome.total_cost
        supported = {p for ballot in profile.votes for p in ballot}
        assert all(instance.project(p).cost > left for p in supported if p not in outcome.selected)


@COMMON
@given(elections())
def test_phragmen_within_budget_and_deterministic(e: Election) -> None:
    instance, profile = e
    outcome = phragmen(instance, profile, tie_break="id")
    assert outcome.total_cost == instance.cost_of(outcome.selected) <= instance.budget
    assert phragmen(instance, _reversed(profile), tie_break="id") == outcome
    supported = {p for ballot in profile.votes for p in ballot}
    assert set(outcome.selected) <= supported


@COMMON
@given(elections())
def test_cost_votes_tie_break_decides_or_names_the_tie(e: Election) -> None:
    instance, profile = e
    try:
        outcome = method_of_equal_shares(instance, profile)
    except UnresolvedTie as tie:
        assert len(tie.projects) >= 2
        costs = {instance.project(p).cost for p in tie.projects}
        assert len(costs) == 1
    else:
        assert outcome.total_cost <= instance.budget
