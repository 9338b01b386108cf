"""Greedy rules: by votes (approvals or points) or by votes per unit of cost.

Projects are taken in descending order of their score; a project that does not fit in what
is left of the budget is skipped (``skip=True``, the usual city rule) or ends the selection
(``skip=False``, Pabulib's ``greedy-no-skip``). Scores: the number of voters who chose the
project (approval, choose-1, ordinal) or the sum of its points (cumulative, scoring).
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from itertools import chain

from .errors import InvalidParameter
from .model import Instance, Outcome, Profile, Step
from .tiebreak import TieBreak, check_tie_break, tie_key

GREEDY_BY = ("votes", "votes-per-cost")


def project_scores(instance: Instance, profile: Profile) -> dict[str, Fraction]:
    """Approval counts, or point totals for cumulative and scoring ballots."""
    profile.check(instance)
    scores = {p: Fraction(0) for p in instance.ids}
    counts = dict.fromkeys(instance.ids, 0)
    if profile.points is None:
        counts.update(Counter(chain.from_iterable(profile.votes)))
        return {p: Fraction(c) for p, c in counts.items()}
    for ballot, points in zip(profile.votes, profile.points, strict=True):
        for p, x in zip(ballot, points, strict=True):
            scores[p] += x
    return scores


def vote_counts(instance: Instance, profile: Profile) -> dict[str, int]:
    """How many voters put each project on their ballot (with positive points)."""
    counts = dict.fromkeys(instance.ids, 0)
    if profile.points is None:
        tally = Counter(chain.from_iterable(profile.votes))
        for p in tally.keys() - counts.keys():
            raise KeyError(p)  # a vote for an unknown project
        counts.update(tally)
    else:
        for ballot, points in zip(profile.votes, profile.points, strict=True):
            for p, x in zip(ballot, points, strict=True):
                if x > 0:
                    counts[p] += 1
    return counts


def _density(score: Fraction, cost: Fraction, by: str) -> Fraction | float:
    if by == "votes":
        return score
    if cost == 0:
        return float("inf") if score > 0 else 0
    return score / cost


def greedy_order(
    instance: Instance, profile: Profile, *, by: str = "votes", tie_break: TieBreak = "id"
) -> list[str]:
    """All project ids, best first (ties ordered by the tie-break, then by id)."""
    if by not in GREEDY_BY:
        raise InvalidParameter(f"unknown greedy order {by!r} (use votes or votes-per-cost)")
    check_tie_break(tie_break)
    scores = project_scores(instance, profile)
    votes = vote_counts(instance, profile)
    cost = {p.id: p.cost for p in instance.projects}
    key = tie_key(tie_break, cost, votes)
    return sorted(instance.ids, key=lambda p: (-_density(scores[p], cost[p], by), key(p), p))


def greedy(
    instance: Instance,
    profile: Profile,
    *,
    by: str = "votes",
    skip: bool = True,
    tie_break: TieBreak = "cost-votes",
) -> Outcome:
    """Utilitarian greedy selection (see the module docstring).

    With ``tie_break="cost-votes"``, projects tied on score, cost and votes are a real tie
    only if it changes the outcome: equal-cost projects are selected or skipped together,
    so they are ordered by id and the trace records the tie.
    """
    from .errors import UnresolvedTie

    order = greedy_order(instance, profile, by=by, tie_break=tie_break)
    scores = project_scores(instance, profile)
    votes = vote_counts(instance, profile)
    cost = {p.id: p.cost for p in instance.projects}
    key = tie_key(tie_break, cost, votes)
    left = instance.budget
    selected: list[str] = []
    steps: list[Step] = []
    stopped = False
    rank = {p: (_density(scores[p], cost[p], by), key(p)) for p in order}
    classes: dict[tuple[Fraction | float, tuple[object, ...]], list[str]] = {}
    for p in order:
        classes.setdefault(rank[p], []).append(p)
    for rnd, pid in enumerate(order, start=1):
        peers = [p for p in classes[rank[pid]] if p != pid]
        if peers and any(cost[p] != cost[pid] for p in peers):
            tied = tuple(sorted([pid, *peers]))
            raise UnresolvedTie(
                f"projects {', '.join(repr(p) for p in tied)} are tied in greedy order;"
                " choose --tie-break id or give a priority list",
                projects=tied,
            )
        values: tuple[tuple[str, Fraction | int | str], ...] = (
            ("score", scores[pid]),
            ("cost", cost[pid]),
        )
        if stopped:
            steps.append(Step(rnd, "not-reached", pid, values + (("left", left),)))
            continue
        if cost[pid] <= left:
            left -= cost[pid]
            selected.append(pid)
            steps.append(Step(rnd, "select", pid, values + (("left", left),)))
        elif skip:
            steps.append(Step(rnd, "skip", pid, values + (("left", left),)))
        else:
            stopped = True
            steps.append(Step(rnd, "stop", pid, values + (("left", left),)))
    return Outcome(
        rule="greedy" if by == "votes" else "greedy-per-cost",
        selected=tuple(selected),
        total_cost=instance.budget - left,
        trace=tuple(steps),
        parameters=(
            ("by", by),
            ("skip", str(skip).lower()),
            ("tie_break", tie_break if isinstance(tie_break, str) else ",".join(tie_break)),
        ),
    )
