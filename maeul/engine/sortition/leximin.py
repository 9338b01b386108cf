"""LEXIMIN and maximin selection by column generation on HiGHS.

The method is that of Flanigan, Gölz, Gupta, Hennig and Procaccia (Nature 2021), rewritten
for open-source solvers and for groups of interchangeable volunteers (see :mod:`.pool`):

* A *template* is a feasible panel written as counts per group; taking ``c[g]`` of the
  ``n[g]`` members of group ``g`` gives each of them probability ``c[g] / n[g]``.
* LEXIMIN raises the lowest probability as far as it goes, fixes the groups that cannot go
  higher, and repeats for the rest. Each level is the LP "maximise z subject to every unfixed
  group's probability >= z and every fixed group's >= its level" over all feasible panels:
  too many to write down, so we solve its dual over the templates found so far and ask the
  pricing MIP (:class:`PanelModel`) for a panel that violates a dual constraint. When none
  does, the level's value is proven, and every unfixed group with a positive dual weight is
  tight in every optimal solution (complementary slackness), so it is fixed at that value.
* The dual LP is one HiGHS object for the whole run: new templates are added as rows and the
  groups fixed at a level only change the objective and the normalisation row, so HiGHS
  re-solves from the previous basis (warm start) instead of from scratch.
* The MIP's proven dual bound, not just its incumbent, decides that a level is finished, so
  a pricing call that stops at its gap tolerance cannot end a level early.

Speed comes from the groups (hundreds of binaries become tens of bounded integers), from a
diverse set of initial templates found with a few randomised MIPs, and from the warm starts.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

import highspy
import numpy as np

from maeul.engine.sortition._highs import (
    INF,
    FloatArray,
    IntArray,
    PanelModel,
    add_cols,
    add_row,
    new_highs,
    require_optimal,
)
from maeul.engine.sortition.errors import SolverError
from maeul.engine.sortition.pool import Instance

# A pricing panel must beat the current dual value by this much to count as improving; a
# level ends when the MIP's proven bound is within LEVEL_TOL of the LP value.
PRICE_TOL = 1e-9
LEVEL_TOL = 1e-7
# Dual weights above this mark a group as tight at the current level.
FIX_TOL = 1e-9


@dataclass
class ColumnGeneration:
    """Mutable state of one solve: the templates found so far and the counters for stats."""

    instance: Instance
    model: PanelModel
    templates: list[IntArray] = field(default_factory=list)
    seen: set[bytes] = field(default_factory=set)
    lp_solves: int = 0
    levels: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def sizes(self) -> FloatArray:
        return np.asarray(self.instance.sizes, dtype=np.float64)

    def add(self, counts: IntArray) -> bool:
        key = counts.tobytes()
        if key in self.seen:
            return False
        self.seen.add(key)
        self.templates.append(counts)
        return True


def start(
    instance: Instance, *, diversity_rounds: int | None = None
) -> tuple[ColumnGeneration, np.ndarray]:
    """Find templates covering every group that can be selected at all, plus diverse extras.

    Returns the state and a boolean mask of groups that some feasible panel contains (the
    others can never be selected, whatever the algorithm). Randomness here comes from a fixed
    internal seed, so the distribution is a function of the inputs alone.
    """
    model = PanelModel(instance)
    cg = ColumnGeneration(instance=instance, model=model)
    n_groups = len(instance.groups)
    sizes = cg.sizes
    rng = random.Random(20210804)
    covered = np.zeros(n_groups, dtype=bool)
    impossible = np.zeros(n_groups, dtype=bool)
    k = instance.k
    while True:
        todo = ~covered & ~impossible
        if not todo.any():
            break
        weights = np.array(
            [
                (1.0 + 0.1 * rng.random()) / sizes[g]
                if todo[g]
                else 1e-3 * rng.random() / (k * sizes[g])
                for g in range(n_groups)
            ]
        )
        found = model.maximise(weights)
        if found is None:
            raise SolverError("no feasible panel exists; run check_feasibility first")
        counts = found[0]
        newly = todo & (counts > 0)
        if newly.any():
            cg.add(counts)
            covered |= counts > 0
            continue
        # No panel takes any of the remaining groups together; make sure one by one.
        for g in np.flatnonzero(todo):
            if covered[g]:
                continue
            forced = model.maximise(weights, require=int(g))
            if forced is None:
                impossible[g] = True
            else:
                cg.add(forced[0])
                covered |= forced[0] > 0
    rounds = diversity_rounds if diversity_rounds is not None else min(2 * n_groups, 60)
    # Multiplicative weights: groups that were just taken become less attractive, so
    # successive panels spread over the pool like the final distribution will.
    weights = np.where(covered, 1.0 / sizes, 0.0)
    for _ in range(rounds):
        noisy = weights * np.array([0.9 + 0.2 * rng.random() for _ in range(n_groups)])
        found = model.maximise(noisy)
        if found is None:
            break
        counts = found[0]
        cg.add(counts)
        share = counts / sizes
        weights = weights * np.power(0.7, share)
        weights = weights / weights.max()
    return cg, covered


class DualLP:
    """The dual of one LEXIMIN level over the current templates, kept warm across levels.

    Columns: one weight ``y[g] >= 0`` per group, then the free ``yhat``. Objective: minimise
    ``yhat - sum(fixed[g] * y[g])``. Rows: row 0 ``sum(y[g] for unfixed g) == 1``, then one
    row per template ``sum(c[g] / n[g] * y[g]) - yhat <= 0``.
    """

    def __init__(self, cg: ColumnGeneration, fixed: FloatArray) -> None:
        self.cg = cg
        self.n_groups = len(cg.instance.groups)
        h = new_highs()
        costs = [-f if not np.isnan(f) else 0.0 for f in fixed] + [1.0]
        add_cols(h, costs, [0.0] * self.n_groups + [-INF], [INF] * (self.n_groups + 1))
        unfixed = [g for g in range(self.n_groups) if np.isnan(fixed[g])]
        add_row(h, 1.0, 1.0, unfixed, [1.0] * len(unfixed))
        self.h = h
        self.rows = 0
        for counts in cg.templates:
            self.add_template(counts)

    def add_template(self, counts: IntArray) -> None:
        nz = np.flatnonzero(counts)
        values = counts[nz] / self.cg.sizes[nz]
        add_row(
            self.h,
            -INF,
            0.0,
            [*nz.tolist(), self.n_groups],
            [*values.tolist(), -1.0],
        )
        self.rows += 1

    def fix(self, groups: IntArray, value: float) -> None:
        for g in groups.tolist():
            self.h.changeColCost(g, -value)
            self.h.changeCoeff(0, g, 0.0)

    def solve(self) -> tuple[FloatArray, float, float]:
        """(group weights, yhat, objective value)."""
        self.cg.lp_solves += 1
        self.h.run()
        require_optimal(self.h, "LEXIMIN dual LP")
        values = np.asarray(self.h.getSolution().col_value, dtype=np.float64)
        objective = float(self.h.getInfo().objective_function_value)
        return values[: self.n_groups], float(values[self.n_groups]), objective


def _solve_level(cg: ColumnGeneration, dual: DualLP, fixed: FloatArray) -> tuple[float, FloatArray]:
    """Column generation until the level's value is proven; returns (value, dual weights)."""
    sizes = cg.sizes
    fixed_mask = ~np.isnan(fixed)
    fixed_values = np.where(fixed_mask, fixed, 0.0)
    while True:
        y, yhat, objective = dual.solve()
        found = cg.model.maximise(y / sizes)
        if found is None:
            raise SolverError("the pricing problem became infeasible")
        counts, value, bound = found
        if bound <= yhat + LEVEL_TOL:
            return objective, y
        if value > yhat + PRICE_TOL and cg.add(counts):
            dual.add_template(counts)
            continue
        # The incumbent is not improving (or already known) but the bound is not tight
        # either: only possible at the MIP gap tolerance. The LP value is within the gap.
        lower = objective
        upper = bound - float(np.dot(fixed_values, y))
        if upper - lower <= 1e-6:
            return objective, y
        raise SolverError(
            f"column generation stalled at level {cg.levels} (gap {upper - lower:.2e})"
        )


def leximin_levels(
    cg: ColumnGeneration, covered: np.ndarray, *, only_first_level: bool = False
) -> FloatArray:
    """Fixed probability per group: the LEXIMIN levels (or only the maximin value)."""
    n_groups = len(cg.instance.groups)
    fixed = np.full(n_groups, np.nan)
    fixed[~covered] = 0.0
    if np.isnan(fixed).any():
        dual = DualLP(cg, fixed)
        while np.isnan(fixed).any():
            cg.levels += 1
            value, y = _solve_level(cg, dual, fixed)
            value = max(0.0, value)
            unfixed = np.isnan(fixed)
            tight = np.flatnonzero(unfixed & (y > FIX_TOL))
            if tight.size == 0:
                tight = np.flatnonzero(unfixed & (y == y[unfixed].max()))
            if only_first_level:
                fixed[unfixed] = value
                break
            fixed[tight] = value
            dual.fix(tight, value)
    return fixed


def primal(cg: ColumnGeneration, targets: FloatArray, *, maximin: bool) -> FloatArray:
    """Template probabilities meeting the targets.

    ``maximin=True``: maximise ``z`` with every group's probability >= ``z`` (targets ignored).
    Otherwise: every group's probability >= its target minus the smallest common slack, which
    is zero up to solver tolerance because the targets are the LEXIMIN levels.
    """
    templates = cg.templates
    sizes = cg.sizes
    n_t = len(templates)
    n_groups = len(sizes)
    h = new_highs()
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    add_cols(h, [0.0] * n_t + [1.0], [0.0] * n_t + [-INF], [INF] * n_t + [INF])
    add_row(h, 1.0, 1.0, range(n_t), [1.0] * n_t)
    matrix = np.array(templates, dtype=np.float64) / sizes
    for g in range(n_groups):
        column = matrix[:, g]
        nz = np.flatnonzero(column)
        lower = 0.0 if maximin else float(targets[g])
        if not maximin and lower <= 0.0:
            continue
        add_row(h, lower, INF, [*nz.tolist(), n_t], [*column[nz].tolist(), -1.0])
    cg.lp_solves += 1
    h.run()
    require_optimal(h, "LEXIMIN primal LP")
    q = np.asarray(h.getSolution().col_value, dtype=np.float64)[:n_t]
    q = np.clip(q, 0.0, None)
    normalised: FloatArray = q / q.sum()
    return normalised
