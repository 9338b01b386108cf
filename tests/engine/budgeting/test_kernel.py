"""The C kernel of the float MES runs (``_kernel.c``) against the numpy path it replaces:
single prices and payments on random supporters, whole float runs on random elections and
on the shared files, and whole add1 outcomes (selection, share, trace, unresolved ties).

The kernel sums in another order than numpy, so prices may differ in the last bits; the
runs' decisions, and so every selection and outcome, must not."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pb_data import ALL_FILES, file_ids, needs_data
from test_mes_reference import long_add1_elections
from test_properties import Election, elections

from maeul.engine.budgeting import (
    Instance,
    Profile,
    Project,
    UnresolvedTie,
    _prices,
    mes,
    method_of_equal_shares,
    read_pb,
)
from maeul.engine.budgeting._prices import TOLERANCE, pay_float, water_level_rich
from maeul.engine.budgeting._support import build_support

if _prices.Kernel is None and os.environ.get("CI"):
    # CI builds the kernel (./quickstart.sh's editable install): a missing one is a failure.
    raise AssertionError("the C kernel (maeul/engine/budgeting/_kernel.c) is not built")

pytestmark = pytest.mark.skipif(_prices.Kernel is None, reason="the C kernel is not built")


@contextmanager
def kernel(on: bool) -> Iterator[None]:
    """Engines made inside use the kernel (``on``) or the numpy path."""
    saved = _prices.KERNEL
    _prices.KERNEL = on
    try:
        yield
    finally:
        _prices.KERNEL = saved


def _one_project(held: np.ndarray, weight: np.ndarray, cost: float) -> _prices.Kernel:
    assert _prices.Kernel is not None
    size = float(weight.sum())
    return _prices.Kernel(
        len(held),
        np.array([0, len(held)], dtype=np.int64),
        np.arange(len(held), dtype=np.int64),
        weight.astype(np.float64),
        np.array([size]),
        np.array([cost]),
        np.array([1.0]),
        np.array([cost / size]),
        TOLERANCE,
    )


@st.composite
def supporters(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, float]:
    """Budgets of a project's supporter types (some equal, some zero), their voter counts,
    and a cost from well below to above what they hold."""
    k = draw(st.integers(1, 60))
    held = np.array(
        draw(st.lists(st.integers(0, 1000), min_size=k, max_size=k)), dtype=np.float64
    ) / draw(st.sampled_from([1, 3, 7, 100]))
    weight = np.array(draw(st.lists(st.integers(1, 9), min_size=k, max_size=k)), dtype=float)
    total = float(held @ weight)
    cost = max(total, 1.0) * draw(st.floats(0.01, 1.2))
    return held, weight, cost


@settings(max_examples=400, deadline=None)
@given(supporters(), st.floats(0.0, 1.0))
def test_kernel_price_is_the_numpy_price(
    case: tuple[np.ndarray, np.ndarray, float], fraction: float
) -> None:
    """The total, the water level (from any lower bound) and the weight of the full payers
    agree with water_level_rich; the level is only given when the total exceeds the cost."""
    held, weight, cost = case
    total, rho, rich = _one_project(held, weight, cost).price(held, 0, 0.0)
    assert total == pytest.approx(float(held @ weight), rel=1e-12)
    if not total > cost:
        assert np.isnan(rho) and np.isnan(rich)
        return
    size = int(weight.sum())
    plain, plain_rich = water_level_rich(held, weight, size, cost)
    assert rho == pytest.approx(plain, rel=1e-12)
    if not (np.abs(held - rho) <= rho * 1e-9).any():  # nobody on the level itself
        assert rich == plain_rich
    floor = rho * fraction
    started, _ = _one_project(held, weight, cost).price(held, 0, floor)[1:]
    assert started == pytest.approx(plain, rel=1e-12)
    assert float(np.minimum(held, rho) @ weight) == pytest.approx(cost, rel=1e-9)


@settings(max_examples=200, deadline=None)
@given(supporters(), st.floats(0.0, 1.5), st.booleans())
def test_kernel_payment_is_pay_float(
    case: tuple[np.ndarray, np.ndarray, float], fraction: float, near: bool
) -> None:
    """The same budgets to the last bit (no sum is involved) and the same doubtful voters,
    including those left within the tolerance of nothing."""
    held, weight, cost = case
    rho = float(held.max()) * fraction
    if near and len(held) > 1:
        held = held.copy()
        held[0] = rho * (1 + 1e-11)  # within the tolerance: doubtful
    ours, theirs = held.copy(), held.copy()
    fuzzy_ours = np.zeros(len(held), dtype=bool)
    fuzzy_theirs = np.zeros(len(held), dtype=bool)
    _one_project(held, weight, cost).pay(ours, fuzzy_ours, 0, rho)
    pay_float(theirs, fuzzy_theirs, np.arange(len(held)), rho)
    assert ours.tobytes() == theirs.tobytes()
    assert (fuzzy_ours == fuzzy_theirs).all()


def _float_runs(
    instance: Instance,
    profile: Profile,
    shares: list[Fraction],
    utility: str,
    tie_break: str,
    on: bool,
) -> tuple[mes._Engine, list[Any]]:
    with kernel(on):
        engine = mes._Engine(build_support(instance, profile), instance.budget, utility, tie_break)
    assert (engine.kernel is not None) == on
    out: list[Any] = []
    for share in shares:
        try:
            out.append(engine._float_run(float(share)))
        except UnresolvedTie as exc:
            out.append(("tie", exc.projects))
    return engine, out


def _compare_runs(
    instance: Instance,
    profile: Profile,
    shares: list[Fraction],
    utility: str,
    tie_break: str,
    exact: bool = True,
) -> tuple[list[Any], list[Any]]:
    engine, ours = _float_runs(instance, profile, shares, utility, tie_break, True)
    _, theirs = _float_runs(instance, profile, shares, utility, tie_break, False)
    for share, a, b in zip(shares, ours, theirs, strict=True):
        # Either path may find a decision too close to call (None: exact arithmetic then);
        # what both decide in floats is the same, and is the exact selection.
        if a is not None and b is not None:
            assert a == b
        for got in (a, b) if exact else ():
            if got is not None and not isinstance(got, tuple):
                assert got == engine._exact_run(share, None).selected
    return ours, theirs


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(long_add1_elections(), elections()),
    st.sampled_from(["cost", "cardinality"]),
    st.sampled_from(["id", "cost-votes"]),
    st.sampled_from([Fraction(1, 10), Fraction(1), Fraction(7)]),
)
def test_kernel_runs_are_the_numpy_runs(
    e: Election, utility: str, tie_break: str, step: Fraction
) -> None:
    """Float runs at increasing shares (so with the cross-share bounds of the runs before)
    decide as the numpy runs do, and as exact arithmetic does."""
    instance, profile = e
    if not len(profile):
        return
    start = instance.budget / len(profile)
    _compare_runs(instance, profile, [start + k * step for k in range(12)], utility, tie_break)


def _add1(
    instance: Instance,
    profile: Profile,
    utility: str = "cost",
    tie_break: str = "cost-votes",
    increment: Fraction = Fraction(1),
) -> tuple[Any, ...]:
    try:
        outcome = method_of_equal_shares(
            instance,
            profile,
            utility=utility,
            completion="add1",
            increment=increment,
            tie_break=tie_break,
        )
    except UnresolvedTie as exc:
        return ("tie", exc.projects)
    steps = [s for s in outcome.trace if s.event != "add1"]
    return (outcome.selected, outcome.trace[0].value("share"), steps)


@settings(max_examples=150, deadline=None)
@given(
    long_add1_elections(),
    st.sampled_from(["cost", "cardinality"]),
    st.sampled_from(["id", "cost-votes"]),
    st.sampled_from([Fraction(1, 10), Fraction(1)]),
)
def test_add1_outcome_is_the_same_with_and_without_the_kernel(
    e: Election, utility: str, tie_break: str, increment: Fraction
) -> None:
    """The whole add1 outcome: selection, final share, the exact trace, or the same
    unresolved tie."""
    instance, profile = e
    with kernel(True):
        ours = _add1(instance, profile, utility, tie_break, increment)
    with kernel(False):
        theirs = _add1(instance, profile, utility, tie_break, increment)
    assert ours == theirs


@needs_data
@pytest.mark.parametrize(
    "name",
    [
        "Poland_Warszawa_2020_Praga-Poludnie.pb",
        "France_Toulouse_2022.pb",
        "Poland_Lodz_2023.pb",
        "Hungary_Budapest_2022_VIII_Jozsefvaros.pb",
        "Poland_Katowice_2020.pb",
    ],
)
def test_kernel_runs_on_shared_files(name: str) -> None:
    """Twelve consecutive add1 shares on the files where add1 runs most: the kernel and
    numpy decide every run in floats (no fallback) and select the same."""
    path = next((p for p in ALL_FILES if p.name == name), None)
    if path is None:
        pytest.skip(f"{name} is not in the shared data")
    instance, profile = read_pb(path)
    start = instance.budget / len(profile)
    shares = [start + k for k in range(12)]
    # (Exact runs of these are slow; the outcome test below covers them.)
    ours, theirs = _compare_runs(instance, profile, shares, "cost", "id", exact=False)
    assert ours == theirs
    assert None not in ours


@needs_data
@pytest.mark.parametrize("path", ALL_FILES, ids=file_ids(ALL_FILES))
def test_add1_outcome_on_shared_files_with_and_without_the_kernel(path: Path) -> None:
    """The issue's command (add1, increment 1, even start, exhaustive stop, the default
    tie-break) on every shared file: the same outcome, or the same unresolved tie."""
    instance, profile = read_pb(path)
    with kernel(True):
        ours = _add1(instance, profile)
    with kernel(False):
        theirs = _add1(instance, profile)
    assert ours == theirs


def test_a_tie_callback_cannot_start_another_run() -> None:
    """The kernel keeps one run's state: a near-tie's callback that started a run on the
    same kernel would overwrite it, so the kernel refuses (and the first run fails)."""
    projects = (Project("p0", Fraction(10)), Project("p1", Fraction(10)))
    instance = Instance(budget=Fraction(40), projects=projects)
    profile = Profile.approvals([["p0", "p1"], ["p0", "p1"]])
    with kernel(True):
        engine = mes._Engine(build_support(instance, profile), instance.budget, "cost", "id")
    assert engine.kernel is not None
    types = len(engine.s.type_weight)
    called = []

    def tie(near: list[tuple[float, int, float]]) -> int | None:
        called.append([q for _, q, _ in near])
        assert engine.kernel is not None
        engine.kernel.run(np.full(types, 20.0), np.zeros(types, dtype=bool), 20.0, True, tie)
        return near[0][1]

    with pytest.raises(RuntimeError, match="during a run"):
        engine.kernel.run(np.full(types, 20.0), np.zeros(types, dtype=bool), 20.0, True, tie)
    assert called == [[0, 1]]
    # The kernel is usable again afterwards, and settles the tie by id.
    assert engine._float_run(20.0) == [0, 1]


def test_a_bad_tie_answer_or_array_type_is_an_error_not_garbage() -> None:
    """The kernel reads buffers as raw memory: an int64 or float32 array where float64
    budgets are expected is refused (same item size or not), and a tie callback answering a
    negative number cannot be mistaken for the kernel's own "gave up" and "failed" codes."""
    projects = (Project("p0", Fraction(10)), Project("p1", Fraction(10)))
    instance = Instance(budget=Fraction(40), projects=projects)
    profile = Profile.approvals([["p0", "p1"], ["p0", "p1"]])
    with kernel(True):
        engine = mes._Engine(build_support(instance, profile), instance.budget, "cost", "id")
    assert engine.kernel is not None
    types = len(engine.s.type_weight)
    for dtype in (np.int64, np.float32):
        with pytest.raises(ValueError, match="budgets: wrong item type"):
            engine.kernel.price(np.full(types, 20, dtype=dtype), 0, 0.0)
    for answer in (-1, -2, -7):
        with pytest.raises(ValueError, match="negative project"):
            engine.kernel.run(
                np.full(types, 20.0), np.zeros(types, dtype=bool), 20.0, True, lambda _, a=answer: a
            )
    assert engine._float_run(20.0) == [0, 1]
