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
# Dual weights above this mark a group as tight at the current level, provided the level's
# proven gap divided by the weight (how far above the level the group could be) is at most
# FIX_SLACK.
FIX_TOL = 1e-9
FIX_SLACK = 1e-6
# Weight of the LP's dual solution in the stabilised pricing point (the rest is the best
# dual solution found so far).
SMOOTHING = 0.5
# How often pricing skips the swap search and asks the MIP for a bound.
BOUND_EVERY = 10


class SwapSearch:
    """Cheap pricing heuristic: improve a known panel by moving one seat at a time.

    A move takes a seat from group ``a`` and gives it to group ``b``. It keeps the panel
    feasible when, on every feature where ``a`` and ``b`` differ, ``a``'s value stays at or
    above its minimum and ``b``'s value at or below its maximum, and nobody from ``b``'s
    household is on the panel yet. Whether a move is allowed depends only on the two
    *profiles* (feature values), so each step takes, per profile, the cheapest seat to give
    up and the most valuable seat to fill, and checks all profile pairs at once with numpy;
    the best move is applied until none gains. Most improving panels of a column-generation
    run are found this way in microseconds, and the exact MIP (milliseconds) is only needed
    to prove that no improving panel is left.
    """

    def __init__(self, instance: Instance) -> None:
        self.sizes = np.asarray(instance.sizes, dtype=np.int64)
        values = np.asarray(instance.group_quotas, dtype=np.int64)  # groups x features
        self.mins = np.asarray([q.min for q in instance.quotas], dtype=np.int64)
        self.maxs = np.asarray([q.max for q in instance.quotas], dtype=np.int64)
        self.n_quotas = len(instance.quotas)
        profiles, self.profile_of = np.unique(values, axis=0, return_inverse=True)
        self.profile_of = self.profile_of.ravel()
        self.profiles = profiles  # profiles x features
        self.n_profiles = len(profiles)
        self.group_values = values
        # Per feature: do profiles p and q share the value (then the move leaves it alone)?
        self.same = [profiles[:, f, None] == profiles[None, :, f] for f in range(values.shape[1])]
        household = np.full(len(values), -1, dtype=np.int64)
        for h, members in enumerate(instance.households):
            household[list(members)] = h
        self.household = household
        self.in_household = household >= 0
        self.n_households = len(instance.households)
        # Groups sorted by profile; segment starts let us pick one group per profile.
        self.by_profile = np.argsort(self.profile_of, kind="stable")
        sorted_profiles = self.profile_of[self.by_profile]
        self.starts = np.searchsorted(sorted_profiles, np.arange(self.n_profiles))

    def _best_per_profile(self, scores: FloatArray) -> tuple[IntArray, FloatArray]:
        """For each profile, the group with the highest score (and that score)."""
        order = np.lexsort((-scores, self.profile_of))
        best = order[self.starts]
        return best, scores[best]

    def improve(self, counts: IntArray, weights: FloatArray, max_steps: int = 250) -> IntArray:
        counts = counts.copy()
        sizes = self.sizes
        n_features = self.group_values.shape[1]
        for _ in range(max_steps):
            quota_counts = np.bincount(
                self.group_values.ravel(),
                weights=np.repeat(counts, n_features),
                minlength=self.n_quotas,
            )
            can_lose = quota_counts[self.profiles] > self.mins[self.profiles]  # profiles x features
            can_gain = quota_counts[self.profiles] < self.maxs[self.profiles]
            open_seat = counts < sizes
            if self.n_households:
                taken = np.bincount(
                    self.household[self.in_household],
                    weights=counts[self.in_household],
                    minlength=self.n_households,
                )
                blocked = np.zeros(len(counts), dtype=bool)
                blocked[self.in_household] = taken[self.household[self.in_household]] >= 1
                open_seat &= ~blocked
            loser, lose_score = self._best_per_profile(np.where(counts > 0, -weights, -np.inf))
            gainer, gain_score = self._best_per_profile(np.where(open_seat, weights, -np.inf))
            valid = np.outer(np.isfinite(lose_score), np.isfinite(gain_score))
            for f, same in enumerate(self.same):
                valid &= same | np.outer(can_lose[:, f], can_gain[:, f])
            gain = np.where(valid, gain_score[None, :] + lose_score[:, None], -np.inf)
            p, q = np.unravel_index(int(np.argmax(gain)), gain.shape)
            if not gain[p, q] > 1e-12:
                break
            counts[loser[p]] -= 1
            counts[gainer[q]] += 1
        return counts


@dataclass
class ColumnGeneration:
    """Mutable state of one solve: the templates found so far and the counters for stats."""

    instance: Instance
    model: PanelModel
    swaps: SwapSearch
    templates: list[IntArray] = field(default_factory=list)
    seen: set[bytes] = field(default_factory=set)
    lp_solves: int = 0
    levels: int = 0
    started: float = field(default_factory=time.perf_counter)
    _matrix: IntArray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    _rows: int = 0

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

    def matrix(self) -> IntArray:
        """The templates as rows of one array, grown in place rather than rebuilt each time."""
        n = len(self.templates)
        if self._matrix.shape[0] < n or self._matrix.shape[1] != len(self.instance.groups):
            grown = np.zeros((max(64, 2 * n), len(self.instance.groups)), dtype=np.int64)
            if self._rows:
                grown[: self._rows] = self._matrix[: self._rows]
            self._matrix = grown
        for j in range(self._rows, n):
            self._matrix[j] = self.templates[j]
        self._rows = n
        return self._matrix[:n]


def start(
    instance: Instance, *, diversity_rounds: int | None = None
) -> tuple[ColumnGeneration, np.ndarray]:
    """Find templates covering every group that can be selected at all, plus diverse extras.

    Returns the state and a boolean mask of groups that some feasible panel contains (the
    others can never be selected, whatever the algorithm). Randomness here comes from a fixed
    internal seed, so the distribution is a function of the inputs alone.
    """
    model = PanelModel(instance)
    cg = ColumnGeneration(instance=instance, model=model, swaps=SwapSearch(instance))
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
        # Per seat: about 1 for groups still to cover, under 1e-3 / k for the others, so any
        # panel taking an uncovered group beats every panel that takes none.
        weights = np.array(
            [
                1.0 + 0.1 * rng.random() if todo[g] else 1e-3 * rng.random() / k
                for g in range(n_groups)
            ]
        )
        if cg.templates:
            # Try the swap search from the best known panel before paying for a MIP.
            matrix = cg.matrix()
            counts = cg.swaps.improve(matrix[int(np.argmax(matrix @ weights))], weights)
            if (todo & (counts > 0)).any():
                cg.add(counts)
                covered |= counts > 0
                continue
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
    rounds = diversity_rounds if diversity_rounds is not None else min(3 * n_groups, 300)
    # Multiplicative weights: groups that were just taken become less attractive, so
    # successive panels spread over the pool like the final distribution will. The swap
    # search makes each round cost microseconds instead of a MIP solve.
    weights = np.where(covered, 1.0 / sizes, 0.0)
    for _ in range(rounds):
        noisy = weights * np.array([0.9 + 0.2 * rng.random() for _ in range(n_groups)])
        matrix = cg.matrix()
        best = matrix[int(np.argmax(matrix @ noisy))]
        counts = cg.swaps.improve(best, noisy)
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
        # Rows are added one at a time and the LP re-solved: keep the basis, skip presolve.
        h.setOptionValue("presolve", "off")
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


def _solve_level(
    cg: ColumnGeneration, dual: DualLP, fixed: FloatArray
) -> tuple[float, FloatArray, float]:
    """Column generation until the level's value is proven.

    Returns (value, an optimal dual solution, its proven gap). Pricing is *stabilised*
    (Wentges smoothing): panels are sought for a mix of the LP's dual solution and the best
    dual found so far, starting from equal weight on every unfixed person. LEXIMIN levels are
    highly degenerate (many dual solutions, most of them poor), and plain column generation
    keeps adding panels that change the duals but not the value; the smoothed point often
    proves the level at once (example_large_200 person by person: one pricing call). The
    MIP's proven bound at the smoothed point is a valid upper bound on the level value, so
    the level ends as soon as the best bound meets the LP value.
    """
    sizes = cg.sizes
    fixed_mask = ~np.isnan(fixed)
    fixed_values = np.where(fixed_mask, fixed, 0.0)
    center = np.where(fixed_mask, 0.0, sizes)
    center = center / center.sum()
    best_bound = np.inf
    smooth = 0.0  # the first MIP call evaluates the starting point itself
    iteration = 0
    while True:
        iteration += 1
        y, yhat, objective = dual.solve()
        trial = smooth * y + (1.0 - smooth) * center
        per_seat_lp = y / sizes
        per_seat = trial / sizes
        # Cheap first: improve the best known panels by single-seat moves; keep the panels
        # that cut off the LP's dual solution.
        # Every BOUND_EVERY-th iteration (the first included) goes straight to the MIP, whose
        # bound may prove the level even while the swap search still finds panels.
        if iteration % BOUND_EVERY != 1:
            matrix = cg.matrix()
            improved = False
            for j in np.argsort(-(matrix @ per_seat))[:3].tolist():
                counts = cg.swaps.improve(matrix[j], per_seat)
                if float(counts @ per_seat_lp) > yhat + PRICE_TOL and cg.add(counts):
                    dual.add_template(counts)
                    improved = True
            if improved:
                smooth = SMOOTHING
                continue
        found = cg.model.maximise(per_seat)
        if found is None:
            raise SolverError("the pricing problem became infeasible")
        counts, value, bound = found
        trial_bound = bound - float(np.dot(fixed_values, trial))
        if trial_bound < best_bound:
            best_bound, center = trial_bound, trial
        if best_bound <= objective + LEVEL_TOL:
            return objective, center, max(0.0, best_bound - objective)
        if float(counts @ per_seat_lp) > yhat + PRICE_TOL and cg.add(counts):
            dual.add_template(counts)
            smooth = SMOOTHING
            continue
        if smooth < 1.0:
            # Mis-priced: the smoothed panel does not cut off the LP dual. Price at the LP
            # dual itself next, which either finds a cutting panel or proves the level.
            smooth = 1.0
            continue
        # The incumbent is not improving (or already known) but the bound is not tight
        # either: only possible at the MIP gap tolerance or by floating-point noise. The LP
        # value is then within that gap of the level's value; accept it unless the gap is
        # large enough to matter, which would be a solver failure worth reporting.
        gap = trial_bound - objective
        if gap <= 1e-4:
            return objective, y, max(0.0, gap)
        raise SolverError(f"column generation stalled at level {cg.levels} (gap {gap:.2e})")


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
            value, y, gap = _solve_level(cg, dual, fixed)
            value = max(0.0, value)
            unfixed = np.isnan(fixed)
            # A group with dual weight y can lie at most gap / y above the level; fix only
            # groups for which that is negligible (all of them when the gap is zero).
            tight = np.flatnonzero(unfixed & (y > FIX_TOL) & (y * FIX_SLACK >= gap))
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
