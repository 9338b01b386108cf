"""The add1 completion search of MES: which increments of the per-voter share need a run.

add1 asks for the first share ``s_k = s_0 + k * increment`` whose MES outcome overspends
(then the outcome at ``s_(k-1)`` is kept) or, with ``exhaustive_stop``, is exhaustive.
Step-by-step search runs MES once per increment; on elections with a large share per
voter that is hundreds of thousands of runs. :func:`add1` finds the same share and outcome
but skips every stretch of increments that :func:`certified` proves to keep the current
outcome (the proof is in its docstring; ``docs/subsystems/budgeting-engine.md`` has the
whole argument).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from ._prices import BoolArray
from ._support import FloatArray

if TYPE_CHECKING:
    from .mes import _Engine

SKIP = True
"""Whether add1 skips increments with the monotone certificate (see :func:`add1`); tests turn
it off to compare with plain stepping."""
STEADY = 2
"""Skips are tried only after this many increments in a row kept the outcome: where the
outcome changes at almost every increment (Łódź 2023) an attempt would cost runs and skip
nothing."""
WORTHWHILE = 8
"""A skip at least this long (in increments) is worth trying again at once."""
MARGIN = 1e-7
"""Relative margin a skip certificate needs on every float comparison it relies on."""


def add1(
    engine: _Engine,
    share: Fraction,
    selected: list[int],
    increment: Fraction,
    exhaustive_stop: bool,
    exact: bool,
) -> tuple[Fraction, list[int], int]:
    """The add1 loop: the first share ``s_k = s_0 + k * increment`` whose outcome overspends
    (then the outcome at ``s_(k-1)`` is kept) or, with ``exhaustive_stop``, is exhaustive, or
    selects every supported project. Returns the share, its selection and the number of MES
    runs (full runs and certificate runs).

    The stopping test depends only on the outcome, so any stretch of increments that is
    proved to keep the current outcome can be skipped without changing the answer: the
    first stopping share of the plain step-by-step search lies after the stretch (every
    share in it has the same, non-stopping outcome), and the "previous" outcome kept on
    overspending is the stretch's outcome at its last share, which is what plain stepping
    would hold there too. :func:`certified` gives the proof for a stretch
    ``[a, b]``; :func:`_skippable` finds the longest certified one by doubling and then
    interpolating the certificate's slack between the last certified and the first refused
    increment, with bisection steps as a safeguard (the certificate for ``[a, b]`` also
    holds for every shorter ``[a, b']``, so there is one boundary; and since *any*
    certified stretch may be skipped by the argument above, how the boundary is found
    changes the number of runs, never the share or the outcome). Shares right at a change of outcome
    are never skipped: there the certificate fails and plain steps are taken. Exceptions
    (an unresolved tie) are found at the same share as by plain stepping, because a tie at a
    share inside ``[a, b]`` contradicts the strict inequalities of the certificate.
    """

    def finished(chosen: list[int]) -> bool | None:
        """None: overspends; True: stop here; False: go on."""
        cost = engine.cost_of(chosen)
        if cost > engine.budget:
            return None
        return engine.all_selected(chosen) or (exhaustive_stop and engine.exhaustive(chosen, cost))

    previous = (share, selected)  # MES at the starting share never overspends
    runs = 1
    wait = 0
    patience = 1
    guess = 1
    unchanged = 0
    while True:
        state = finished(selected)
        if state is None:
            return previous[0], previous[1], runs
        if state:
            return share, selected, runs
        if SKIP and wait <= 0 and unchanged >= STEADY:
            skipped, used = _skippable(engine, share, selected, increment, guess)
            runs += used
            share += skipped * increment
            guess = max(skipped, 1)
            # A skip pays when it saves more runs than it costs (about 2 log2 of its length):
            # after a short one or none, the outcome changes often here; try again later.
            patience = 1 if skipped >= WORTHWHILE else min(2 * patience, 64)
            wait = 0 if skipped >= WORTHWHILE else patience
        wait -= 1
        previous = (share, selected)
        share += increment
        selected = engine.selection(share, exact)
        unchanged = unchanged + 1 if selected == previous[1] else 0
        runs += 1


def _skippable(
    engine: _Engine, share: Fraction, selected: list[int], increment: Fraction, guess: int
) -> tuple[int, int]:
    """The largest ``j`` (0 if none) such that every share in ``[share, share + j *
    increment]`` is certified to select ``selected``, and the number of runs it took.
    Doubles from ``guess`` while certified, then interpolates (see the comment below)."""
    alphas = winner_alphas(engine, float(share), selected)
    runs = 1
    if alphas is None:
        return 0, runs
    good, bad = 0, 0
    at_good = at_bad = 0.0  # the certificate's slack at good and at bad (see _slack)

    def slack(j: int) -> float:
        nonlocal runs
        runs += 1
        # A supported project left out becomes affordable at a large enough share, so the
        # certificate fails long before the bound; the bound only keeps floats finite.
        if j >= 2**52:
            return -math.inf
        return _slack(engine, float(share + j * increment), selected, alphas)

    step = max(1, guess)
    while bad == 0:
        found = slack(step)
        if found > 0:
            good, at_good = step, found
            step *= 2
        else:
            bad, at_bad = step, found
    # The last certified increment, between good and bad. The slack is about linear in the
    # share near the boundary, so interpolating it (regula falsi) lands within an increment
    # or two of the boundary where bisection needs log2(bad - good) steps (Budapest 2022
    # VIII: skips of about a thousand increments). Interpolation needs a slack on both
    # sides; a step that does not halve the interval is followed by a bisection step, so
    # the search never takes more than twice as many steps as bisection.
    halve = False
    while bad - good > 1:
        width = bad - good
        if halve or good == 0 or not math.isfinite(at_good + at_bad) or at_bad >= 0:
            middle = (good + bad) // 2
        else:
            middle = good + int(width * at_good / (at_good - at_bad))
            middle = min(max(middle, good + 1), bad - 1)
        found = slack(middle)
        if found > 0:
            good, at_good = middle, found
        else:
            bad, at_bad = middle, found
        halve = not halve and 2 * (bad - good) > width
    return good, runs


def winner_alphas(
    engine: _Engine, share: float, selected: list[int]
) -> list[tuple[float, Fraction | None]] | None:
    """The price per unit of utility that each winner of ``selected`` (a run's outcome
    at ``share``) pays in its round: a float, and the exact price when the float settles
    it (:meth:`_Engine.known_price`); None when a winner is only just affordable (then no
    certificate is attempted)."""
    budgets = np.full(len(engine.s.type_weight), share, dtype=np.float64)
    fuzzy = np.zeros(len(budgets), dtype=bool)
    alphas: list[tuple[float, Fraction | None]] = []
    for q in selected[len(engine.free) :]:
        total, rho = engine.price_float(budgets, q)
        if total <= engine.cost_f[q] * (1 + MARGIN):
            return None
        alphas.append((rho / engine.unit_f[q], engine.known_price(budgets, fuzzy, q, rho)))
        engine.pay_float(budgets, fuzzy, q, rho)
    return alphas


def certified(
    engine: _Engine, share: float, selected: list[int], alphas: list[tuple[float, Fraction | None]]
) -> bool:
    """Whether every share from ``a`` to ``share`` (= ``b``) is proved to select
    ``selected``, the outcome at ``a``, whose winners paid ``alphas`` per unit there.
    (:func:`_slack` is positive; the proof follows.)

    Proof. Run MES at any share ``s`` but *force* the winners of ``selected``, round
    by round. By induction over the rounds, every voter's budget is non-decreasing in
    ``s``: true at the start (``s`` each); the price ``rho`` at which a project's
    supporters buy it solves ``sum min(budget, rho) = cost``, whose left side grows
    with the budgets, so ``rho`` is non-increasing in ``s``; and a budget after paying,
    ``max(budget - rho, 0)``, is again non-decreasing. Hence, within one round, a
    project affordable at ``a`` is affordable at every larger share, one unaffordable
    at ``b`` is unaffordable at every smaller share (and stays so in later rounds, as
    budgets only fall during a run), and every price at a share in ``[a, b]`` lies
    between its price at ``b`` and its price at ``a``. So if in every round each
    project still affordable at ``b`` costs strictly more per unit at ``b`` than the
    round's winner at ``a``, the winner is the unique cheapest project at every share
    in ``[a, b]``, the forced run is the real run, and after the last round every
    project left must be unaffordable at ``b`` so that the run ends there too. The
    comparisons are made in floats with the relative ``MARGIN`` (far above the
    rounding error, as in the float fast path); any comparison inside it refuses the
    certificate, which only means fewer increments are skipped.

    Exact ties: a voter holding nothing at ``b`` holds nothing at every smaller share,
    so a competitor with ``z`` such supporters at ``b`` pays at least
    ``cost / ((supporters - z) * unit)`` per unit anywhere in ``[a, b]``. When the
    winner's exact price at ``a`` is known, a competitor whose exact lower bound is
    above it, or equal to it with the tie-break strictly preferring the winner, never
    beats it: this settles projects that stay tied over long stretches.
    """
    return _slack(engine, share, selected, alphas) > 0


def _slack(
    engine: _Engine, share: float, selected: list[int], alphas: list[tuple[float, Fraction | None]]
) -> float:
    """The certificate of :func:`certified` with its closest call: positive (certified)
    when every comparison passed, the smallest relative gap among them (a competitor's
    price at ``b`` over the winner's limit, or how far a project left out is from
    affordable); otherwise zero or below, the gap of the comparison that failed. Only the
    sign decides; the size guides the search for the boundary (:func:`_skippable`).
    Projects that a strict exact tie-break settles (``_never_beats``) add no gap."""
    budgets = np.full(len(engine.s.type_weight), share, dtype=np.float64)
    fuzzy = np.zeros(len(budgets), dtype=bool)
    alive = [q for q in engine.active if q not in selected]
    alive.extend(selected[len(engine.free) :])
    lower = {q: engine.cost_f[q] / (engine.size[q] * engine.unit_f[q]) for q in alive}
    slack = math.inf
    for winner, (alpha, known) in zip(selected[len(engine.free) :], alphas, strict=True):
        limit = alpha * (1 + MARGIN)
        # Competitors whose bound is above the limit only add their gap to the slack, so
        # only the smallest bound among them counts ((x - limit) / limit rises with x, in
        # floats too); the others are priced in order. Two comprehensions instead of one
        # loop with a min() per competitor: Toulouse 2022's certificate runs (27 of them,
        # a hundred winners against a hundred competitors each) took half of its add1.
        dear = [lower[q] for q in alive if lower[q] > limit and q != winner]
        if dear:
            slack = min(slack, (min(dear) - limit) / limit)
        for q in [q for q in alive if lower[q] <= limit and q != winner]:
            if known is not None and _never_beats(engine, budgets, fuzzy, q, winner, known):
                continue
            state, short = _price_at(engine, budgets, q)
            if state is None:
                slack = min(slack, short)
                alive.remove(q)
                continue
            if state < 0:
                return 0.0
            lower[q] = state
            if state <= limit:
                return (state - limit) / limit
            slack = min(slack, (state - limit) / limit)
        total, rho = engine.price_float(budgets, winner)
        # The winner was clearly affordable at ``a`` and budgets only grow with the share;
        # were it not clearly affordable here after all (float rounding), refuse.
        if total <= engine.cost_f[winner] * (1 + MARGIN):
            return 0.0
        engine.pay_float(budgets, fuzzy, winner, rho)
        alive.remove(winner)
    for q in alive:
        state, short = _price_at(engine, budgets, q)
        if state is not None:
            return 0.0 if state < 0 else short
        slack = min(slack, short)
    return slack


def _never_beats(
    engine: _Engine, budgets: FloatArray, fuzzy: BoolArray, q: int, winner: int, price: Fraction
) -> bool:
    """Whether ``q``'s exact lower bound at these budgets exceeds the winner's exact
    ``price``, or equals it and the tie-break strictly prefers the winner."""
    zeros = engine.zero_weight(budgets, fuzzy, q)
    if zeros is None or zeros >= engine.size[q]:
        return zeros is not None  # nobody left to pay: q is unaffordable
    bound = engine.s.cost[q] / ((engine.size[q] - zeros) * engine.unit[q])
    if bound != price:
        return bound > price
    return engine.tie_key(engine.s.ids[winner]) < engine.tie_key(engine.s.ids[q])


def _price_at(engine: _Engine, budgets: FloatArray, q: int) -> tuple[float | None, float]:
    """Project ``q``'s float price per unit at these budgets, None when it is clearly
    unaffordable, -1.0 when affordability is within the margin; and how far its supporters'
    money is from affordable, relative to the cost and its margin (positive: clearly
    unaffordable)."""
    total, rho = engine.price_float(budgets, q)
    cost = engine.cost_f[q]
    short = (cost * (1 - MARGIN) - total) / cost
    if total < cost * (1 - MARGIN):
        return None, short
    if total <= cost * (1 + MARGIN):
        return -1.0, short
    return rho / engine.unit_f[q], short
