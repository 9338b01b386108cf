"""Sequential Phragmén (순차 프라그멘 방식).

Voters earn virtual money continuously, from zero. A project is bought as soon as its
supporters together hold its cost; each supporter then pays everything it holds, so all of
them end with the same load (the price they have paid so far). Equivalently, each round
selects the project minimising the supporters' common new load
``(sum of their current loads + cost) / number of supporters``. The rule stops at the first
moment a project becomes affordable that would overspend the budget — it does not skip.

Projects nobody approved (``zero_approval``). Such a project would be bought at an infinite
load. Maeul's rule, ``zero_approval="never"`` (the default), never funds it: Phragmén spends
money on behalf of the voters who want a project, and nobody wants this one. The choice is
deliberate and stated in the trace (``explain``). ``zero_approval="fund"`` reproduces
pabutools' ``sequential_phragmen`` exactly, for comparisons with pabutools and Pabulib
tooling: there every unapproved project ties at the infinite load, so once every approved
project is placed the rule keeps adding them in tie-break order as long as none of the tied
ones would exceed the budget, and stops at the first moment one would.

Exactness: loads are exact fractions. Voters with the same load form a class (there are at
most ``rounds + 1`` of them); a counts matrix ``classes x projects`` gives every project's
load sum with one float matrix product, and projects whose float load is within a relative
``1e-9`` of the minimum are recomputed exactly before any decision is taken.
"""

from __future__ import annotations

from fractions import Fraction

from .errors import InvalidParameter
from .model import Instance, Outcome, Profile, Step
from .tiebreak import TieBreak, check_tie_break, order_tied

TOLERANCE = 1e-9
ZERO_APPROVAL = ("never", "fund")


def phragmen(
    instance: Instance,
    profile: Profile,
    *,
    tie_break: TieBreak = "cost-votes",
    zero_approval: str = "never",
    fund_unsupported: bool = False,
) -> Outcome:
    """Run sequential Phragmén; see the module docstring.

    ``zero_approval`` is ``"never"`` (Maeul's rule) or ``"fund"`` (pabutools' behaviour);
    ``fund_unsupported=True`` is the older spelling of ``zero_approval="fund"``.
    """
    if zero_approval not in ZERO_APPROVAL:
        raise InvalidParameter(
            f"unknown zero_approval {zero_approval!r} (use never or fund)",
            field="zero_approval",
        )
    fund = fund_unsupported or zero_approval == "fund"
    check_tie_break(tie_break)
    # numpy is imported here, so that importing the package (and ``maeul pb mixed``) does not.
    import numpy as np

    from ._support import build_support

    s = build_support(instance, profile)
    m = s.m
    votes = s.votes()
    costs = s.costs()
    size = np.array(s.size, dtype=np.float64)
    cost_f = np.array([float(c) for c in s.cost], dtype=np.float64)
    # counts[c, q]: voters of load class c supporting q. Class 0 is load 0.
    counts = np.zeros((1, m), dtype=np.int64)
    counts[0] = size.astype(np.int64)
    loads: list[Fraction] = [Fraction(0)]
    voter_class = np.zeros(s.n, dtype=np.int64)
    remaining = {q for q in range(m) if s.cost[q] <= instance.budget and size[q] > 0}
    unsupported = sorted(q for q in range(m) if size[q] == 0)
    spent = Fraction(0)
    selected: list[str] = []
    steps: list[Step] = []
    rnd = 0
    while remaining:
        rnd += 1
        cand = sorted(remaining)
        load_f = np.array([float(x) for x in loads], dtype=np.float64)
        new_f = (load_f @ counts[:, cand] + cost_f[cand]) / size[cand]
        low = float(new_f.min())
        near = [q for q, v in zip(cand, new_f, strict=True) if v <= low * (1 + TOLERANCE)]
        exact = {
            q: (
                sum((loads[c] * int(counts[c, q]) for c in range(len(loads))), Fraction(0))
                + s.cost[q]
            )
            / int(size[q])
            for q in near
        }
        best = min(exact.values())
        tied = [q for q in near if exact[q] == best]
        over = [q for q in tied if spent + s.cost[q] > instance.budget]
        if over:
            steps.append(
                Step(
                    rnd,
                    "stop",
                    s.ids[over[0]],
                    (("load", best), ("cost", s.cost[over[0]]), ("left", instance.budget - spent)),
                )
            )
            break
        if len(tied) > 1:
            names = order_tied(
                [s.ids[q] for q in tied], tie_break, costs, votes, context=f"in round {rnd}"
            )
            q = s.ids.index(names[0])
            steps.append(Step(rnd, "tie", names[0], (("tied", ", ".join(names)), ("load", best))))
        else:
            q = tied[0]
        voters = s.supporters[q]
        moved = voter_class[voters]
        new_class = len(loads)
        loads.append(best)
        counts = np.vstack([counts, np.zeros((1, m), dtype=np.int64)])
        # every project approved by a moving voter changes class counts
        starts = s.indptr[voters]
        ends = s.indptr[voters + 1]
        lengths = ends - starts
        offsets = np.cumsum(lengths) - lengths
        positions = np.arange(int(lengths.sum())) - np.repeat(offsets - starts, lengths)
        flat = s.indices[positions]
        old = np.repeat(moved, lengths)
        np.subtract.at(counts, (old, flat), 1)
        np.add.at(counts, (np.full_like(flat, new_class), flat), 1)
        voter_class[voters] = new_class
        spent += s.cost[q]
        remaining.discard(q)
        selected.append(s.ids[q])
        steps.append(
            Step(
                rnd,
                "select",
                s.ids[q],
                (
                    ("load", best),
                    ("cost", s.cost[q]),
                    ("supporters", int(size[q])),
                    ("spent", spent),
                ),
            )
        )
    else:
        if fund:
            while unsupported:
                rnd += 1
                if any(spent + s.cost[q] > instance.budget for q in unsupported):
                    steps.append(Step(rnd, "stop-unsupported", values=(("spent", spent),)))
                    break
                names = order_tied(
                    [s.ids[q] for q in unsupported],
                    tie_break,
                    costs,
                    votes,
                    context="among unsupported projects",
                )
                q = s.ids.index(names[0])
                unsupported.remove(q)
                spent += s.cost[q]
                selected.append(s.ids[q])
                steps.append(Step(rnd, "select-unsupported", s.ids[q], (("spent", spent),)))
    if unsupported and not fund:
        nobody = ", ".join(sorted(s.ids[q] for q in unsupported))
        steps.append(Step(rnd, "never-unsupported", values=(("projects", nobody),)))
    return Outcome(
        rule="phragmen",
        selected=tuple(selected),
        total_cost=spent,
        trace=tuple(steps),
        parameters=(
            ("tie_break", tie_break if isinstance(tie_break, str) else ",".join(tie_break)),
            ("zero_approval", "fund" if fund else "never"),
        ),
    )
