"""MES against a deliberately naive reference written in the test: one Fraction budget per
voter, every project priced in every round, add1 as a plain loop. It covers what pabutools
does not: cardinality utilities, the integral start, add1 without the exhaustive stop,
non-integral increments and costs with cents."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import Election, elections

from maeul.engine.budgeting import UnresolvedTie, add1, method_of_equal_shares


def naive_mes(e: Election, share: Fraction, utility: str) -> list[str]:
    instance, profile = e
    budgets = [share] * len(profile)
    supporters = {
        p.id: [i for i, b in enumerate(profile.votes) if p.id in b] for p in instance.projects
    }
    chosen = [p.id for p in instance.projects if p.cost == 0 and supporters[p.id]]
    chosen.sort()
    remaining = [p for p in instance.projects if p.cost > 0 and supporters[p.id]]
    while True:
        best: tuple[Fraction, str, Fraction] | None = None
        for p in remaining:
            voters = sorted(supporters[p.id], key=lambda i: budgets[i])
            if sum(budgets[i] for i in voters) < p.cost:
                continue
            paid, rich = Fraction(0), len(voters)
            for i in voters:
                rho = (p.cost - paid) / rich
                if rho <= budgets[i]:
                    break
                paid += budgets[i]
                rich -= 1
            alpha = rho / (p.cost if utility == "cost" else 1)
            if best is None or (alpha, p.id) < (best[0], best[1]):
                best = (alpha, p.id, rho)
        if best is None:
            return chosen
        _, pid, rho = best
        for i in supporters[pid]:
            budgets[i] -= min(budgets[i], rho)
        chosen.append(pid)
        remaining = [p for p in remaining if p.id != pid]


def naive_add1(e: Election, utility: str, increment: Fraction, start: str, stop: bool) -> list[str]:
    instance, profile = e
    share = instance.budget / len(profile)
    if start == "integral":
        share = Fraction(math.floor(share))
    supported = {p for b in profile.votes for p in b if instance.project(p).cost > 0}
    best = naive_mes(e, share, utility)
    while True:
        current = naive_mes(e, share, utility)
        spent = instance.cost_of(current)
        if spent > instance.budget:
            return best
        best = current
        left = instance.budget - spent
        if supported <= set(current):
            return current
        if stop and all(instance.project(p).cost > left for p in supported - set(current)):
            return current
        share += increment


@settings(max_examples=120, deadline=None)
@given(elections(), st.sampled_from(["cost", "cardinality"]))
def test_plain_mes_matches_the_naive_reference(e: Election, utility: str) -> None:
    instance, profile = e
    if not len(profile):
        return
    outcome = method_of_equal_shares(instance, profile, utility=utility, tie_break="id")
    assert list(outcome.selected) == naive_mes(e, instance.budget / len(profile), utility)


@settings(max_examples=120, deadline=None)
@given(
    elections(),
    st.sampled_from(["cost", "cardinality"]),
    st.sampled_from([Fraction(1), Fraction(5), Fraction(25, 2)]),
    st.sampled_from(["even", "integral"]),
    st.booleans(),
)
def test_add1_variants_match_the_naive_reference(
    e: Election, utility: str, increment: Fraction, start: str, stop: bool
) -> None:
    instance, profile = e
    if not len(profile):
        return
    outcome = method_of_equal_shares(
        instance,
        profile,
        utility=utility,
        completion="add1",
        increment=increment,
        start=start,
        exhaustive_stop=stop,
        tie_break="id",
    )
    assert list(outcome.selected) == naive_add1(e, utility, increment, start, stop)


@settings(max_examples=60, deadline=None)
@given(elections(), st.sampled_from(["cost", "cardinality"]), st.booleans())
def test_add1_skipping_changes_nothing(e: Election, utility: str, stop: bool) -> None:
    """add1 skipping the increments its certificate covers gives the same outcome and share
    as stepping through every increment."""
    instance, profile = e
    if not len(profile):
        return
    kwargs = {
        "utility": utility,
        "completion": "add1",
        "increment": Fraction(1, 4),
        "exhaustive_stop": stop,
        "tie_break": "id",
    }
    skipping = method_of_equal_shares(instance, profile, **kwargs)  # type: ignore[arg-type]
    add1.SKIP = False
    try:
        stepping = method_of_equal_shares(instance, profile, **kwargs)  # type: ignore[arg-type]
    finally:
        add1.SKIP = True
    assert skipping.selected == stepping.selected
    assert skipping.trace[0].value("share") == stepping.trace[0].value("share")


@st.composite
def long_add1_elections(draw: st.DrawFn) -> Election:
    """Elections whose add1 needs many increments: a small budget per voter against costs
    up to 100 times larger, equal costs and equal supporter counts (exact ties), and
    voters who approve nothing the others approve."""
    from maeul.engine.budgeting import Instance, Profile, Project

    m = draw(st.integers(2, 8))
    costs = [Fraction(draw(st.sampled_from([10, 20, 40, 60, 100, 150, 400]))) for _ in range(m)]
    projects = tuple(Project(f"p{i}", c) for i, c in enumerate(costs))
    ids = [p.id for p in projects]
    n = draw(st.integers(2, 30))
    votes = [draw(st.lists(st.sampled_from(ids), unique=True, max_size=4)) for _ in range(n)]
    budget = max(costs) + Fraction(draw(st.integers(0, 200)))
    return Instance(budget=budget, projects=projects), Profile.approvals(votes)


@settings(max_examples=200, deadline=None)
@given(
    long_add1_elections(),
    st.sampled_from(["cost", "cardinality"]),
    st.booleans(),
    st.sampled_from(["id", "cost-votes"]),
    st.sampled_from([Fraction(1, 10), Fraction(1)]),
)
def test_add1_skipping_equals_stepping_on_long_searches(
    e: Election, utility: str, stop: bool, tie_break: str, increment: Fraction
) -> None:
    """The certificate that lets add1 skip increments (``add1.certified``) never
    changes the outcome, the final share, or which tie is left unresolved."""
    instance, profile = e

    def solve() -> tuple[object, ...]:
        try:
            outcome = method_of_equal_shares(
                instance,
                profile,
                utility=utility,
                completion="add1",
                increment=increment,
                exhaustive_stop=stop,
                tie_break=tie_break,
            )
        except UnresolvedTie as exc:
            return ("tie", exc.projects)
        return (outcome.selected, outcome.trace[0].value("share"))

    skipping = solve()
    add1.SKIP = False
    try:
        stepping = solve()
    finally:
        add1.SKIP = True
    assert skipping == stepping


def test_water_level_ends_when_a_budget_equals_the_level_to_the_last_bit():
    """Regression: floats made one voter leave and rejoin the poor forever (the level
    flipped between 43.636363636363626 and ...654), hanging MES on a 22-voter election."""
    import numpy as np

    from maeul.engine.budgeting._prices import water_level

    held = np.array(
        [
            43.63636363636363,
            44.54545454545455,
            42.72727272727273,
            30.454545454545453,
            28.636363636363633,
            29.545454545454547,
            27.727272727272727,
        ]
    )
    weight = np.array([1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 5.0])
    rho = water_level(held, weight, 12, 400.0)
    paid = float(np.minimum(held, rho) @ weight)
    assert abs(paid - 400.0) <= 1e-9 * 400


def test_add1_finishes_on_the_election_that_hung():
    from maeul.engine.budgeting import Instance, Profile, Project

    costs = [Fraction(150), Fraction(10), Fraction(400), Fraction(20)]
    votes = [
        ["p1", "p0"],
        ["p1", "p0", "p2", "p3"],
        ["p1", "p3", "p2", "p0"],
        [],
        ["p2", "p3", "p0"],
        ["p0", "p2", "p1"],
        ["p1", "p3", "p2"],
        ["p0", "p2", "p1", "p3"],
        ["p3"],
        [],
        ["p3"],
        ["p1", "p2"],
        ["p3", "p1", "p0", "p2"],
        ["p3", "p1", "p2"],
        ["p0"],
        ["p3", "p2"],
        ["p1"],
        [],
        ["p0", "p2"],
        [],
        [],
        ["p2", "p1", "p0", "p3"],
    ]
    instance = Instance(
        budget=Fraction(428), projects=tuple(Project(f"p{i}", c) for i, c in enumerate(costs))
    )
    outcomes = []
    for skip in (True, False):
        add1.SKIP = skip
        try:
            outcome = method_of_equal_shares(
                instance,
                Profile.approvals(votes),
                utility="cardinality",
                completion="add1",
                increment=Fraction(1, 10),
                exhaustive_stop=False,
                tie_break="cost-votes",
            )
        finally:
            add1.SKIP = True
        outcomes.append((outcome.selected, outcome.trace[0].value("share")))
    assert outcomes[0] == outcomes[1]
    assert sum(costs[int(p[1:])] for p in outcomes[0][0]) <= 428
