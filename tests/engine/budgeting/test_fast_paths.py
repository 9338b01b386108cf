"""The shortcuts of issue 24's second and third rounds, each against the plain computation it
replaces: the water level started from a known lower bound, the incremental replay of a
float run's doubtful zeros, the indexing of points ballots once per points tuple, the
profile's check of points lengths, and the float runs started from the bounds of the runs
at the previous shares."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_mes_reference import long_add1_elections

from maeul.engine.budgeting import Instance, InvalidProfile, Profile, Project
from maeul.engine.budgeting._prices import pay_float, water_level
from maeul.engine.budgeting._support import build_support
from maeul.engine.budgeting.mes import _Doubtful


@st.composite
def supporters(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, int, float]:
    """Budgets of a project's supporter types, their voter counts, and an affordable cost."""
    k = draw(st.integers(1, 40))
    held = np.array(
        draw(st.lists(st.integers(0, 1000), min_size=k, max_size=k)), dtype=np.float64
    ) / draw(st.sampled_from([1, 3, 7, 100]))
    weight = np.array(draw(st.lists(st.integers(1, 5), min_size=k, max_size=k)), dtype=float)
    total = float(held @ weight)
    if total <= 0:
        held = held + 1.0
        total = float(held @ weight)
    cost = total * draw(st.floats(0.05, 0.999))
    return held, weight, int(weight.sum()), cost


@settings(max_examples=300, deadline=None)
@given(supporters(), st.floats(0.0, 1.0))
def test_water_level_from_a_lower_bound_is_the_water_level(
    case: tuple[np.ndarray, np.ndarray, int, float], fraction: float
) -> None:
    """Starting the search from any lower bound of rho (as a run does from the project's
    last price) gives the level the search from ``cost / size`` gives."""
    held, weight, size, cost = case
    plain = water_level(held, weight, size, cost)
    started = water_level(held, weight, size, cost, plain * fraction)
    assert started == pytest.approx(plain, rel=1e-12)
    assert float(np.minimum(held, started) @ weight) == pytest.approx(cost, rel=1e-9)


def test_doubtful_zeros_replayed_in_parts_equal_one_replay() -> None:
    """A run asks for its doubtful zeros at several rounds; carrying the replay on from the
    last call marks the same voters as replaying every payment from the start."""
    rng = np.random.default_rng(24)
    # The first payment leaves 1e-10 of 10: within the tolerance, so those zeros are doubtful.
    payments = [(np.arange(40, 50), 10.0 * (1 - 1e-11))]
    payments.extend(
        (np.sort(rng.choice(50, size=12, replace=False)), float(rng.uniform(0.5, 4.0)))
        for _ in range(20)
    )
    doubtful = _Doubtful(10.0, 50)
    for i, payment in enumerate(payments):
        doubtful.paid.append(payment)
        if i % 3 == 0 or i == len(payments) - 1:
            got = doubtful.fuzzy().copy()
            budgets = np.full(50, 10.0)
            fuzzy = np.zeros(50, dtype=bool)
            for idx, rho in payments[: i + 1]:
                pay_float(budgets, fuzzy, idx, rho)
            assert (got == fuzzy).all()
    assert doubtful.fuzzy()[40:].all()


def _points_election(shared: bool) -> tuple[Instance, Profile]:
    projects = tuple(Project(f"p{i}", Fraction(10 * (i + 1))) for i in range(4))
    rows = [
        (("p0", "p1", "p2"), (3, 0, 2)),
        (("p0", "p1", "p2"), (3, 0, 2)),
        (("p0", "p1"), (1, 1)),
        (("p1", "p3"), (0, 0)),
        (("p0", "p1"), (1, 1)),
        (("p2", "p3"), (5, 1)),
    ]
    table: dict[tuple[int, ...], tuple[Fraction, ...]] = {}
    points = []
    for _, given_points in rows:
        made = tuple(Fraction(x) for x in given_points)
        points.append(table.setdefault(given_points, made) if shared else made)
    profile = Profile(
        voter_ids=tuple(str(i) for i in range(len(rows))),
        votes=tuple(b for b, _ in rows),
        points=tuple(points),
    )
    return Instance(budget=Fraction(100), projects=projects, vote_type="cumulative"), profile


def test_points_ballots_index_the_same_shared_or_not() -> None:
    """Voters who wrote the same points share one tuple when the reader made them; the
    signs are then found once per tuple. Shared or not, projects given no points are not
    supported, and the supporters are the same."""
    indexed = []
    for shared in (True, False):
        support = build_support(*_points_election(shared))
        indexed.append(
            (
                support.size,
                [sorted(support.supporters[q].tolist()) for q in range(support.m)],
            )
        )
    assert indexed[0] == indexed[1]
    size, voters = indexed[0]
    assert size == [4, 2, 3, 1]
    assert voters[1] == [2, 4]  # the voters who gave p1 a point, not those who gave it 0


def test_profile_names_the_voter_whose_points_do_not_match() -> None:
    with pytest.raises(InvalidProfile, match="voter '2' has 2 projects but 1 points"):
        Profile(
            voter_ids=("1", "2"),
            votes=(("a",), ("a", "b")),
            points=((Fraction(1),), (Fraction(1),)),
        )


def _runs(instance: Instance, profile: Profile, shares: list[Fraction], bounds: bool) -> list:
    """The float runs of one engine at increasing shares, with or without the bounds that
    each run leaves for the next (``mes.CROSS_BOUNDS``)."""
    from maeul.engine.budgeting import mes

    engine = mes._Engine(build_support(instance, profile), instance.budget, "cost", "id")
    mes.CROSS_BOUNDS = bounds
    try:
        return [engine._float_run(float(s)) for s in shares]
    finally:
        mes.CROSS_BOUNDS = True


@settings(max_examples=150, deadline=None)
@given(long_add1_elections(), st.sampled_from([Fraction(1, 10), Fraction(1), Fraction(7)]))
def test_cross_share_bounds_change_no_run(e: tuple[Instance, Profile], step: Fraction) -> None:
    """A float run that starts from the bounds of the runs at the previous shares
    (``mes._Bounds``) selects what a run from scratch selects, and, when it decides in
    floats, what exact arithmetic selects."""
    from maeul.engine.budgeting import mes

    instance, profile = e
    start = instance.budget / len(profile)
    shares = [start + k * step for k in range(12)]
    bounded = _runs(instance, profile, shares, True)
    assert bounded == _runs(instance, profile, shares, False)
    engine = mes._Engine(build_support(instance, profile), instance.budget, "cost", "id")
    for share, selected in zip(shares, bounded, strict=True):
        if selected is not None:
            assert selected == engine._exact_run(share, None).selected


@pytest.mark.parametrize(
    "name",
    ["Poland_Warszawa_2020_Praga-Poludnie.pb", "Poland_Lodz_2023.pb", "Poland_Katowice_2020.pb"],
)
def test_cross_share_bounds_on_the_elections_that_change_at_every_increment(name: str) -> None:
    """Where add1's outcome changes at almost every increment, the runs at consecutive
    shares with the bounds select what runs from scratch select."""
    from pb_data import DATA

    from maeul.engine.budgeting import read_pb

    path = DATA / name
    if not path.exists():
        pytest.skip(f"{name} is not in the shared data")
    instance, profile = read_pb(path)
    start = instance.budget / len(profile)
    shares = [start + k for k in range(12)]
    bounded = _runs(instance, profile, shares, True)
    assert None not in bounded
    assert bounded == _runs(instance, profile, shares, False)
