"""The Method of Equal Shares (MES, 균등 몫 방식), with its completions.

Every voter receives an equal share ``b`` of the budget. In each round the rule selects the
project that its supporters can buy at the lowest price per unit of utility ``alpha``: each
supporter pays ``min(budget, alpha * u)`` and the payments add up to the cost. Utilities are
``cost`` (a supporter values a project at its cost, as on equalshares.net) or ``cardinality``
(each approved project is worth 1). When no project is affordable the rule stops.

Completions, because plain MES usually leaves money unspent:

``add1``
    rerun with the per-voter share raised by ``increment`` currency units, starting at
    ``B/n`` (``start="even"``) or at its integral floor (``start="integral"``), until the
    outcome would overspend (keep the previous one) or, with ``exhaustive_stop``, until the
    outcome is exhaustive. pabutools' variant is ``start="even", exhaustive_stop=True``.
``add1u``
    ``add1``, then fill what is left greedily by votes (utilitarian greedy).
``comparison``
    finally compare with the utilitarian greedy outcome and keep it if more voters prefer
    it (the comparison step of equalshares.net).

Exactness: the result is exact. Each run is first computed in float64 over per-voter
budget arrays (in the C kernel ``_kernel.c``, or with numpy where it is not built; the error
bound below holds for either order of summation); every decision whose margin is within a relative ``1e-9`` of a
competing decision (two prices nearly equal, a project nearly affordable) makes the run fall
back to exact rational arithmetic from the start. The margin dominates the float error
(prices are sums of at most ``n`` positive terms, relative error below ``n * 2**-52``), so a
certified decision is the exact decision; tests compare both paths on every shared file.
The final run is replayed exactly to produce the trace.

The exact engine groups voters into budget classes (voters with the same remaining budget),
so a round costs a few operations per class instead of per voter.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from . import _prices
from ._prices import TOLERANCE, BoolArray, pay_float, water_level, water_level_rich
from ._support import FloatArray, IntArray, Support, build_support
from .add1 import add1
from .errors import InvalidParameter
from .greedy import greedy_order
from .model import Instance, Outcome, Profile, Step
from .tiebreak import TieBreak, check_tie_break, order_tied, tie_key

if TYPE_CHECKING:
    from ._kernel import Kernel

UTILITIES = ("cost", "cardinality")
COMPLETIONS = ("none", "add1", "add1u")
STARTS = ("even", "integral")


@dataclass
class _Run:
    """The result of one MES run at a fixed per-voter share."""

    selected: list[int]
    steps: list[Step] = field(default_factory=list)


def method_of_equal_shares(
    instance: Instance,
    profile: Profile,
    *,
    utility: str = "cost",
    completion: str = "none",
    increment: Fraction | int = 1,
    start: str = "even",
    exhaustive_stop: bool = True,
    comparison: bool = False,
    tie_break: TieBreak = "cost-votes",
    exact: bool = False,
) -> Outcome:
    """Run MES and return the selected projects in selection order with a trace.

    ``increment`` is the per-voter share added at each ``add1`` step, in currency units.
    ``exact=True`` skips the float fast path (slower; the result is the same).
    """
    if utility not in UTILITIES:
        raise InvalidParameter(
            f"unknown utility {utility!r} (use cost or cardinality)", field="utility"
        )
    if completion not in COMPLETIONS:
        raise InvalidParameter(
            f"unknown completion {completion!r} (use none, add1 or add1u)", field="completion"
        )
    if start not in STARTS:
        raise InvalidParameter(f"unknown start {start!r} (use even or integral)", field="start")
    increment = Fraction(increment)
    if completion != "none" and increment <= 0:
        raise InvalidParameter("the add1 increment must be positive", field="increment")
    check_tie_break(tie_break)
    support = build_support(instance, profile)
    engine = _Engine(support, instance.budget, utility, tie_break)
    n = support.n
    steps: list[Step] = []
    if n == 0:
        return Outcome("mes", (), Fraction(0), (Step(0, "no-voters"),), parameters=())
    share = instance.budget / n
    if completion != "none" and start == "integral":
        share = Fraction(math.floor(share))
    selected = engine.selection(share, exact)
    if completion != "none":
        share, selected, runs = add1(engine, share, selected, increment, exhaustive_stop, exact)
        steps.append(Step(0, "add1", values=(("share", share), ("iterations", runs))))
    run = engine.replay(share, selected)
    steps.extend(run.steps)
    chosen = [support.ids[q] for q in run.selected]
    if completion == "add1u":
        chosen = _fill_greedily(instance, profile, chosen, utility, tie_break, steps)
    rule = "mes" if completion == "none" else f"mes/{completion}"
    if comparison:
        chosen = _compare(instance, profile, support, chosen, utility, tie_break, steps)
    params = (
        ("utility", utility),
        ("completion", completion),
        ("increment", str(increment)),
        ("start", start),
        ("exhaustive_stop", str(exhaustive_stop).lower()),
        ("comparison", str(comparison).lower()),
        ("tie_break", tie_break if isinstance(tie_break, str) else ",".join(tie_break)),
    )
    return Outcome(
        rule=rule,
        selected=tuple(chosen),
        total_cost=instance.cost_of(chosen),
        trace=tuple(steps),
        parameters=params,
    )


class _Engine:
    """MES runs for one instance; holds the indexed ballots and the per-project data."""

    def __init__(self, support: Support, budget: Fraction, utility: str, tie_break: TieBreak):
        self.s = support
        self.budget = budget
        self.tie_break = tie_break
        self.votes = support.votes()
        self.costs = support.costs()
        m = support.m
        sizes = support.size
        self.size = sizes
        self.type_weights = [support.type_weight[t] for t in support.type_supporters]
        self.free = [q for q in range(m) if sizes[q] > 0 and support.cost[q] == 0]
        self.free.sort(key=lambda q: support.ids[q])
        self.active = [q for q in range(m) if sizes[q] > 0 and support.cost[q] > 0]
        self.unit = [c if utility == "cost" else Fraction(1) for c in support.cost]
        self.cost_f = [float(c) for c in support.cost]
        self.unit_f = [float(u) for u in self.unit]
        self.tie_key = tie_key(tie_break, self.costs, self.votes)
        # A project's first lower bound, its price if every supporter paid an equal part,
        # does not depend on the share; each float run starts from a copy of these.
        self._lower = {q: self.cost_f[q] / (sizes[q] * self.unit_f[q]) for q in self.active}
        self._queue = [(bound, q) for q, bound in self._lower.items()]
        heapq.heapify(self._queue)
        # The last float run's prices, for the cross-share bounds of the next (see _Record).
        self._record: _Record | None = None
        self._generation = 0
        # Costs and the budget as integers over one common denominator, for add1's stopping
        # test after every run: summing a hundred Fractions per run cost Toulouse 2022
        # (costs in cents) a quarter of its add1 time. Exact either way.
        self._scale = math.lcm(budget.denominator, *(c.denominator for c in support.cost))
        self._cost_int = [int(c * self._scale) for c in support.cost]
        self._budget_int = int(budget * self._scale)
        self.kernel = self._make_kernel() if _prices.KERNEL else None

    def _make_kernel(self) -> Kernel | None:
        """The C kernel over this election's supporter types (see ``_kernel.c``), or None
        when it is not built."""
        if _prices.Kernel is None:
            return None
        sup = self.s.type_supporters
        ptr = np.zeros(len(sup) + 1, dtype=np.int64)
        np.cumsum([len(t) for t in sup], out=ptr[1:])
        lower = np.full(self.s.m, np.nan)
        for q, bound in self._lower.items():
            lower[q] = bound
        return _prices.Kernel(
            len(self.s.type_weight),
            ptr,
            np.concatenate([*sup, np.zeros(0, dtype=np.int64)]).astype(np.int64),
            np.concatenate([*self.type_weights, np.zeros(0)]).astype(np.float64),
            np.asarray(self.size, dtype=np.float64),
            np.asarray(self.cost_f, dtype=np.float64),
            np.asarray(self.unit_f, dtype=np.float64),
            lower,
            TOLERANCE,
        )

    def price_float(self, budgets: FloatArray, q: int) -> tuple[float, float]:
        """``q``'s supporters' money at these budgets and, when it exceeds the cost, their
        float payment ``rho`` (the water level; NaN otherwise)."""
        if self.kernel is not None:
            total, rho, _ = self.kernel.price(budgets, q, 0.0)
            return total, rho
        held = budgets[self.s.type_supporters[q]]
        total = float(held @ self.type_weights[q])
        cost = self.cost_f[q]
        if not total > cost:
            return total, math.nan
        return total, water_level(held, self.type_weights[q], self.size[q], cost)

    def pay_float(self, budgets: FloatArray, fuzzy: BoolArray, q: int, rho: float) -> None:
        """``q``'s supporters pay ``rho`` (:func:`_prices.pay_float`)."""
        if self.kernel is not None:
            self.kernel.pay(budgets, fuzzy, q, rho)
        else:
            pay_float(budgets, fuzzy, self.s.type_supporters[q], rho)

    def cost_of(self, selected: list[int]) -> Fraction:
        cost = self._cost_int
        return Fraction(sum(cost[q] for q in selected), self._scale)

    def exhaustive(self, selected: list[int], spent: Fraction) -> bool:
        """No supported project left out of ``selected`` fits in the rest of the budget."""
        chosen = set(selected)
        left = self._budget_int - int(spent * self._scale)
        cost = self._cost_int
        return all(cost[q] > left for q in self.active if q not in chosen)

    def all_selected(self, selected: list[int]) -> bool:
        return set(self.active) <= set(selected)

    def selection(self, share: Fraction, exact: bool) -> list[int]:
        """The selection at this per-voter share: float when certified, else exact."""
        if not exact:
            fast = self._float_run(float(share))
            if fast is not None:
                return fast
        return self._exact_run(share, None).selected

    def replay(self, share: Fraction, selected: list[int]) -> _Run:
        """Exact replay of a known selection sequence, to produce the trace."""
        return self._exact_run(share, selected)

    # -- float fast path ---------------------------------------------------------------

    def _float_run(self, share: float) -> list[int] | None:
        """The selection at ``share`` in floats, or None when a decision is too close to
        call (then the caller runs exact arithmetic): by the C kernel when it is built
        (:meth:`_kernel_run`), else by :meth:`_numpy_run`."""
        if self.kernel is not None:
            return self._kernel_run(self.kernel, share)
        return self._numpy_run(share)

    def _kernel_run(self, kernel: Kernel, share: float) -> list[int] | None:
        """:meth:`_numpy_run` in C (``_kernel.c``: the same rounds, heap, tolerances and
        cross-share bounds). A near-tie comes back here, to :meth:`_break_float_tie`. The
        kernel marks the doubtful zeros as it pays (what :class:`_Doubtful` replays
        afterwards on the numpy path, where marking them at every payment cost more)."""
        types = len(self.s.type_weight)
        budgets = np.full(types, share, dtype=np.float64)
        fuzzy = np.zeros(types, dtype=bool)

        def tie(near: list[tuple[float, int, float]]) -> int | None:
            return self._break_float_tie([(q, rho) for _, q, rho in near], budgets, fuzzy)

        found = kernel.run(budgets, fuzzy, share, CROSS_BOUNDS, tie)
        return None if found is None else [*self.free, *found]

    def _numpy_run(self, share: float) -> list[int] | None:
        """The float run in numpy (the fallback of :meth:`_float_run`).

        Each run records its prices (a :class:`_Record`); the next run at a larger share
        starts its candidates from the bounds those prices give (:meth:`_Bounds.release`),
        so a competitor that was clearly dearer than the winner at the previous share is
        not priced again while it stays clearly dearer."""
        sup = self.s.type_supporters
        weights = self.type_weights
        cost_f = self.cost_f
        unit_f = self.unit_f
        size = self.size
        budgets = np.full(len(self.s.type_weight), share, dtype=np.float64)
        doubtful = _Doubtful(share, len(budgets))  # the payments, to find doubtful zeros
        selected = list(self.free)
        # The initial lower bounds do not depend on the share: copied, not recomputed.
        lower = dict(self._lower)
        # The candidates by lower bound, as a heap: a round looks at a few of the cheapest
        # (Toulouse 2022: about 2 of 199), so sorting all of them each round cost more than
        # the look (13 % of a run). Bounds only rise; an entry whose bound is out of date is
        # dropped when it comes up. (A copy of a heap is a heap.)
        queue = list(self._queue)
        self._generation += 1
        base = _Base(share, [], [], self._generation)
        prior, self._record = (self._record if CROSS_BOUNDS else None), None
        record = _Record(base, [], [])
        bounds = _Bounds(self, share, prior, record, lower, queue)
        high = 1 + TOLERANCE
        low = 1 - TOLERANCE
        rnd = 0
        while lower:
            best = math.inf
            limit = math.inf
            # (alpha, project, rho, its supporters' budgets): the winner's budgets are
            # reused for its payment instead of gathered again.
            found: list[tuple[float, int, float, FloatArray]] = []
            while queue:
                bound, q = queue[0]
                if lower.get(q) != bound:
                    heapq.heappop(queue)  # out of date, or the project is gone
                    continue
                if bound > limit:
                    break
                heapq.heappop(queue)
                held = budgets[sup[q]]
                weight = weights[q]
                total = float(np.dot(held, weight))
                cost = cost_f[q]
                if total < cost * low:
                    del lower[q]
                    continue
                if total <= cost * high:
                    return None
                rho, rich = water_level_rich(held, weight, size[q], cost, bound * unit_f[q])
                record.entries.append((q, rho, rich, rnd))
                alpha = rho / unit_f[q]
                lower[q] = alpha
                found.append((alpha, q, rho, held))
                if alpha < best:
                    best = alpha
                    limit = best * high
            if not found:
                break
            if len(found) == 1:
                choice = found[0]
            else:
                near = [f for f in found if f[0] <= limit]
                if len(near) > 1:
                    pairs = [(f[1], f[2]) for f in near]
                    settled = self._break_float_tie(pairs, budgets, doubtful.fuzzy())
                    if settled is None:
                        return None
                    choice = next(f for f in near if f[1] == settled)
                else:
                    choice = near[0]
                for f in found:
                    if f is not choice:
                        heapq.heappush(queue, (f[0], f[1]))
            _, q, rho, held = choice
            idx = sup[q]
            # held - min(held, rho), the same float as max(held - rho, 0) (see pay_float).
            budgets[idx] = np.maximum(held - rho, 0.0)
            doubtful.paid.append((idx, rho))
            selected.append(q)
            del lower[q]
            base.winners.append(q)
            base.rhos.append(rho)
            bounds.paid(rnd, q, rho)
            rnd += 1
        self._record = record
        return selected

    def _break_float_tie(
        self,
        near: list[tuple[int, float]],
        budgets: FloatArray,
        fuzzy: BoolArray,
    ) -> int | None:
        """Decide between near-equal candidates ``(project, rho)`` whose prices are known
        exactly (see :meth:`known_price`): the winning project; None when one of the
        prices is not known."""
        exact: dict[int, Fraction] = {}
        for q, rho in near:
            price = self.known_price(budgets, fuzzy, q, rho)
            if price is None:
                return None
            exact[q] = price
        low = min(exact.values())
        # A project in ``near`` twice (two heap entries with the same bound) is no tie.
        tied = list(dict.fromkeys(q for q, _ in near if exact[q] == low))
        if len(tied) > 1:
            names = order_tied(
                [self.s.ids[q] for q in tied],
                self.tie_break,
                self.costs,
                self.votes,
                context="in an MES round",
            )
            return self.s.ids.index(names[0])
        return tied[0]

    def zero_weight(self, budgets: FloatArray, fuzzy: BoolArray, q: int) -> int | None:
        """How many of ``q``'s supporters certainly hold nothing (a float budget of exactly
        0 that no doubtful payment produced); None if a doubtful zero is among them."""
        if self.kernel is not None:
            zeros = self.kernel.zeros(budgets, fuzzy, q)[0]
            return None if zeros < 0 else zeros
        idx = self.s.type_supporters[q]
        zero = budgets[idx] == 0.0
        if (zero & fuzzy[idx]).any():
            return None
        return round(float(self.type_weights[q][zero].sum()))

    def known_price(
        self, budgets: FloatArray, fuzzy: BoolArray, q: int, rho: float
    ) -> Fraction | None:
        """``q``'s exact price per unit when its float price ``rho`` settles it: every
        supporter either certainly holds nothing or clearly holds more than ``rho``, so
        the others pay equal parts, ``cost / (payers * unit)``. Otherwise None."""
        if self.kernel is not None:
            zeros, least = self.kernel.zeros(budgets, fuzzy, q)
            if zeros < 0 or zeros >= self.size[q] or least < rho * (1 + TOLERANCE):
                return None
        else:
            found = self.zero_weight(budgets, fuzzy, q)
            if found is None or found >= self.size[q]:
                return None
            zeros = found
            held = budgets[self.s.type_supporters[q]]
            if float(held[held > 0.0].min()) < rho * (1 + TOLERANCE):
                return None
        return self.s.cost[q] / ((self.size[q] - zeros) * self.unit[q])

    # -- exact engine ------------------------------------------------------------------

    def _exact_run(self, share: Fraction, guide: list[int] | None) -> _Run:
        s = self.s
        ids = s.ids
        classes = _Classes(s.type_weight, share)
        sup = s.type_supporters
        run = _Run(selected=list(self.free))
        for q in self.free:
            run.steps.append(Step(0, "select-free", ids[q], (("cost", s.cost[q]),)))
        lower: dict[int, Fraction] = {
            q: s.cost[q] / (self.size[q] * self.unit[q]) for q in self.active
        }
        spent = sum((s.cost[q] for q in self.free), Fraction(0))
        rnd = 0
        plan = [q for q in guide if q not in self.free] if guide is not None else None
        while lower:
            rnd += 1
            if plan is not None:
                if rnd > len(plan):
                    break
                q = plan[rnd - 1]
                price = classes.price(sup[q], s.cost[q])
                if price is None:
                    raise AssertionError("certified selection is not affordable")
                alpha = price[0] / self.unit[q]
                choice = (q, alpha, price)
            else:
                picked = self._exact_round(classes, lower, run, rnd)
                if picked is None:
                    break
                choice = picked
            q, alpha, (rho, poor_count, rich_count) = choice
            classes.pay(sup[q], rho)
            spent += s.cost[q]
            run.selected.append(q)
            del lower[q]
            run.steps.append(
                Step(
                    rnd,
                    "select",
                    ids[q],
                    (
                        ("cost", s.cost[q]),
                        ("alpha", alpha),
                        ("payment", rho),
                        ("supporters", self.size[q]),
                        ("paying_all", poor_count),
                        ("paying_share", rich_count),
                        ("spent", spent),
                    ),
                )
            )
        run.steps.append(Step(rnd, "end", values=(("spent", spent),)))
        return run

    def _exact_round(
        self,
        classes: _Classes,
        lower: dict[int, Fraction],
        run: _Run,
        rnd: int,
    ) -> tuple[int, Fraction, tuple[Fraction, int, int]] | None:
        s = self.s
        best: Fraction | None = None
        found: dict[int, tuple[Fraction, tuple[Fraction, int, int]]] = {}
        for q in sorted(lower, key=lambda p: (lower[p], p)):
            if best is not None and lower[q] > best:
                break
            price = classes.price(s.type_supporters[q], s.cost[q])
            if price is None:
                del lower[q]
                run.steps.append(Step(rnd, "unaffordable", s.ids[q], (("cost", s.cost[q]),)))
                continue
            alpha = price[0] / self.unit[q]
            lower[q] = alpha
            found[q] = (alpha, price)
            if best is None or alpha < best:
                best = alpha
        if best is None:
            return None
        tied = [q for q, (a, _) in found.items() if a == best]
        if len(tied) > 1:
            names = order_tied(
                [s.ids[q] for q in tied],
                self.tie_break,
                self.costs,
                self.votes,
                context=f"in MES round {rnd}",
            )
            winner = s.ids.index(names[0])
            run.steps.append(
                Step(rnd, "tie", names[0], (("tied", ", ".join(names)), ("alpha", best)))
            )
        else:
            winner = tied[0]
        return winner, best, found[winner][1]


@dataclass(eq=False)
class _Base:
    """One float run: its share, and its winners with what each supporter paid, round by
    round (filled in as the run goes)."""

    share: float
    winners: list[int]
    rhos: list[float]
    generation: int


_Entry = tuple[int, float, float, int]
"""A price a float run found: ``(project, rho, weight paying rho in full, round)``."""


@dataclass
class _Record:
    """What a float run leaves for the next: its :class:`_Base` and every price it found
    (in the order found, so by round), plus the prices it inherited from the runs before it
    (up to :data:`KEEP` runs back), oldest run first.

    An inherited run's list is the list that run filled, shared rather than copied: it is
    complete when the run ends and never changes after. Copying every inherited price into
    each new record, and sorting each run's prices again by round, cost Toulouse 2022 (450
    float runs) 4 % of the instructions of its whole ``maeul pb solve`` (callgrind: 8,972
    million before, 8,612 million after)."""

    base: _Base
    entries: list[_Entry]
    inherited: list[tuple[_Base, list[_Entry]]]


KEEP = 4
"""How many runs back a price may come from to bound a project's price in a later run."""
CROSS_BOUNDS = True
"""Whether a float run starts from the bounds of the runs before it (:class:`_Bounds`);
tests turn it off to compare."""


class _Bounds:
    """Cross-share lower bounds: prices found at a smaller share bound the prices at this one.

    Let a run at share ``s`` (the *base*) and this run at ``s' >= s`` select the same
    winners in their first ``r`` rounds. Then every voter's budget before round ``r`` here
    exceeds its budget there by at most ``D = (s' - s) + sum over those rounds of
    max(0, rho_j(s) - rho_j(s'))``: a budget is ``max(0, share - the payments of the
    winners one supports)``, and ``max(0, .)`` grows by at most what its argument grows.
    Let project ``q`` have been priced in round ``r`` of the base at ``rho`` per supporter,
    with supporters of weight ``R`` paying ``rho`` in full (holding at least ``rho``) out
    of ``S``. With ``g(x) = sum w * min(budget, x)`` over its supporters at the base,
    ``g(rho) = cost``, and here the budgets are at most ``D`` higher, so the price ``rho'``
    here satisfies ``cost <= g(rho') + D * S``; if ``rho' < rho``, ``g(rho) - g(rho') >=
    (rho - rho') * R`` (the full payers alone lose that much), hence ``rho' >= rho - D * S
    / R``. Prices only rise during a run, so this bounds ``q``'s price in every later round
    here too. A lower bound is all the heap of candidates needs (a candidate is priced when
    its bound comes up); the bounds change which projects are priced, never a decision,
    because a round is still decided among the projects priced within the tolerance of the
    cheapest, and the others are proved dearer.

    Floats: ``D`` and ``rho`` carry rounding errors of order ``n * 2**-52`` of the amounts
    summed, and a voter whose float budget is within that error of ``rho`` may be counted
    in ``R`` wrongly (changing the bound by at most its weight times that error). The bound
    subtracts ``TOLERANCE`` (1e-9) of every amount involved, times ``S / R``, which covers
    all of them many times over, and is used only when ``R >= S / 10**5``.

    Entries from earlier bases are passed on (as long as their base agrees with this run
    over their first rounds, which each run checks itself), so a price found once keeps
    bounding the project at the next few shares even when it was not priced again.
    """

    def __init__(
        self,
        engine: _Engine,
        share: float,
        prior: _Record | None,
        record: _Record,
        lower: dict[int, float],
        queue: list[tuple[float, int]],
    ) -> None:
        self.engine = engine
        self.lower = lower
        self.queue = queue
        self.states: list[_Agreement] = []
        if prior is None or prior.base.share > share:
            return
        oldest = record.base.generation - KEEP
        for base, entries in (*prior.inherited, (prior.base, prior.entries)):
            if base.generation <= oldest or not entries:
                continue
            record.inherited.append((base, entries))
            self.states.append(_Agreement(base, share, entries))
        for state in self.states:
            self.release(state)

    def release(self, state: _Agreement) -> None:
        """Raise the bounds of the projects priced in the rounds this run agrees with the
        base on (see the class docstring)."""
        lower = self.lower
        size = self.engine.size
        unit_f = self.engine.unit_f
        entries = state.entries
        at = state.next
        while at < len(entries) and entries[at][3] <= state.agree:
            q, rho, rich, _ = entries[at]
            at += 1
            bound = lower.get(q)
            if bound is None or rich * 100_000 < size[q]:
                continue
            slack = (
                state.drift * (size[q] - rich) + TOLERANCE * (state.scale + rho) * size[q]
            ) / rich
            floor = (rho - slack) / unit_f[q]
            if floor > bound:
                lower[q] = floor
                heapq.heappush(self.queue, (floor, q))
        state.next = at

    def paid(self, rnd: int, winner: int, rho: float) -> None:
        """Round ``rnd`` of this run selected ``winner`` at ``rho``: extend the agreement
        with each base that selected it too in that round, and release their entries."""
        for state in self.states:
            base = state.base
            if state.agree != rnd or rnd >= len(base.winners) or base.winners[rnd] != winner:
                continue
            paid = base.rhos[rnd]
            state.agree = rnd + 1
            state.drift += max(0.0, paid - rho)
            state.scale += paid + rho
            self.release(state)


class _Agreement:
    """How far this run agrees with one base: the rounds with the same winners, the bound
    ``D`` on how much more any voter holds here after them, the sum of the amounts in
    ``D`` (for its rounding margin), and the base's prices still to release."""

    __slots__ = ("agree", "base", "drift", "entries", "next", "scale")

    def __init__(self, base: _Base, share: float, entries: list[_Entry]) -> None:
        self.base = base
        self.agree = 0
        self.drift = share - base.share
        self.scale = share + base.share
        self.entries = entries  # the base's prices, by round (shared, never changed)
        self.next = 0


class _Doubtful:
    """The voters of a float run whose zero budget may not be exact: the run records its
    payments in ``paid``; :meth:`fuzzy` replays them (only when a near-tie needs it, so
    that the run itself stays lean) and marks every voter a payment found within the
    tolerance of its budget (see :func:`pay_float`). The replay carries on from where the
    previous call stopped: Toulouse 2022 meets a near-tie in most rounds, and replaying every
    payment from the start each time cost 14 % of its runs."""

    def __init__(self, share: float, types: int) -> None:
        self.paid: list[tuple[IntArray, float]] = []
        self._budgets = np.full(types, share, dtype=np.float64)
        self._fuzzy = np.zeros(types, dtype=bool)
        self._done = 0

    def fuzzy(self) -> BoolArray:
        for idx, rho in self.paid[self._done :]:
            pay_float(self._budgets, self._fuzzy, idx, rho)
        self._done = len(self.paid)
        return self._fuzzy


class _Classes:
    """Voters grouped by exact remaining budget.

    Budgets are integers over one common denominator ``den`` when they are compared or
    summed, so sorting and summing classes is integer arithmetic; only the price returned
    is a :class:`Fraction`. ``den`` is the least common multiple of the share's and every
    payment's denominator so far, so it only grows, and each earlier ``den`` divides it.
    Class ``c`` holds ``num[c] / over[c]``, over the ``den`` of the payment that made it,
    and is brought to the current ``den`` only when one of its voters pays or is priced
    (:meth:`_counts`). Rescaling every class at every payment instead (Warszawa 2020: 21,000
    classes, most of them emptied long before, by 61 payments) was two thirds of the exact
    replay that gives add1's trace.
    """

    def __init__(self, weight: FloatArray, share: Fraction):
        self.weight = weight
        self.of: IntArray = np.zeros(len(weight), dtype=np.int64)
        self.den = share.denominator
        self.num: list[int] = [share.numerator]
        self.over: list[int] = [share.denominator]
        self.zero: int | None = None  # the class of the voters who hold nothing

    def _counts(self, voters: IntArray) -> list[tuple[int, int, int]]:
        """``(budget numerator over den, voters, class)`` of the classes among ``voters``
        (ballot types, weighted by how many voters cast each) that still have money."""
        counts = (
            np.bincount(self.of[voters], weights=self.weight[voters], minlength=len(self.num))
            .round()
            .astype(np.int64)
        )
        num = self.num
        over = self.over
        den = self.den
        return [
            (num[c] * (den // over[c]), int(counts[c]), c)
            for c in np.flatnonzero(counts).tolist()
            if num[c] > 0
        ]

    def price(self, voters: IntArray, cost: Fraction) -> tuple[Fraction, int, int] | None:
        """``(rho, paying_all, paying_share)`` for the voters to buy ``cost``, or None if
        they cannot afford it. All comparisons are on integers scaled by ``den`` and the
        cost's denominator."""
        groups = sorted(self._counts(voters))
        cn, cd = cost.numerator, cost.denominator
        need = cn * self.den
        if cd * sum(b * k for b, k, _ in groups) < need:
            return None
        poor = 0
        rich = sum(k for _, k, _ in groups)
        poor_count = 0
        for b, k, _ in groups:
            # rho = (cost - poor/den) / rich  <=  b/den
            if need - cd * poor <= cd * rich * b:
                return Fraction(need - cd * poor, cd * rich * self.den), poor_count, rich
            poor += b * k
            poor_count += k
            rich -= k
        raise AssertionError("unreachable: the supporters can afford the cost")

    def pay(self, voters: IntArray, rho: Fraction) -> None:
        """Every voter in ``voters`` pays ``min(budget, rho)``.

        Each paying class moves to a new class with its new budget; paying classes that
        end with equal budgets share one, and everybody who holds nothing shares one class.
        A class whose budget happens to equal an untouched class's is not merged with it:
        :meth:`price` gives the same answer for two classes of equal budget as for one
        (moving the first of them to the poor leaves the test for the second unchanged),
        and merging needed a value-to-class map over every class, which was 40 % of the
        exact replay on Warszawa 2020 (21,000 classes by the end).
        """
        groups = self._counts(voters)
        den = self.den * (rho.denominator // math.gcd(rho.denominator, self.den))
        scale = den // self.den
        self.den = den
        step = rho.numerator * (den // rho.denominator)
        remap = np.arange(len(self.num), dtype=np.int64)
        grow: list[int] = []
        made: dict[int, int] = {}
        for b, _, c in groups:
            b *= scale
            left = b - step if b > step else 0
            target = made.get(left)
            if target is None:
                if left == 0 and self.zero is not None:
                    target = self.zero
                else:
                    target = len(self.num) + len(grow)
                    grow.append(left)
                    if left == 0:
                        self.zero = target
                made[left] = target
            remap[c] = target
        self.num.extend(grow)
        self.over.extend([den] * len(grow))
        if grow:
            remap = np.concatenate([remap, np.arange(len(remap), len(self.num))])
        self.of[voters] = remap[self.of[voters]]


def _fill_greedily(
    instance: Instance,
    profile: Profile,
    chosen: list[str],
    utility: str,
    tie_break: TieBreak,
    steps: list[Step],
) -> list[str]:
    """The ``u`` of add1u: spend what is left by utilitarian greedy."""
    chosen = list(chosen)
    taken = set(chosen)
    left = instance.budget - instance.cost_of(chosen)
    steps.append(Step(0, "greedy-fill", values=(("left", left),)))
    by = "votes" if utility == "cost" else "votes-per-cost"
    for pid in greedy_order(instance, profile, by=by, tie_break=tie_break):
        cost = instance.project(pid).cost
        if pid in taken or cost > left:
            continue
        chosen.append(pid)
        taken.add(pid)
        left -= cost
        steps.append(Step(0, "select-greedy", pid, (("cost", cost), ("left", left))))
    return chosen


def _compare(
    instance: Instance,
    profile: Profile,
    support: Support,
    chosen: list[str],
    utility: str,
    tie_break: TieBreak,
    steps: list[Step],
) -> list[str]:
    """The comparison step: keep the greedy outcome if more voters prefer it."""
    from .greedy import greedy

    by = "votes" if utility == "cost" else "votes-per-cost"
    other = list(greedy(instance, profile, by=by, tie_break=tie_break).selected)
    index = {p: i for i, p in enumerate(support.ids)}
    scale = math.lcm(*(c.denominator for c in support.cost))
    weight = [int(c * scale) if utility == "cost" else 1 for c in support.cost]
    mes_value = _utilities(support, [index[p] for p in chosen], weight)
    greedy_value = _utilities(support, [index[p] for p in other], weight)
    prefer_mes = int((mes_value > greedy_value).sum())
    prefer_greedy = int((greedy_value > mes_value).sum())
    keep_greedy = prefer_greedy > prefer_mes
    steps.append(
        Step(
            0,
            "compare",
            values=(
                ("prefer_mes", prefer_mes),
                ("prefer_greedy", prefer_greedy),
                ("kept", "greedy" if keep_greedy else "mes"),
            ),
        )
    )
    return other if keep_greedy else chosen


def _utilities(support: Support, selected: list[int], weight: list[int]) -> IntArray:
    """Each voter's utility for a set of projects, as exact integers (costs are scaled by
    the common denominator of all costs, so cents compare exactly)."""
    values: IntArray = np.zeros(support.n, dtype=np.int64)
    for q in selected:
        values[support.supporters[q]] += weight[q]
    return values
