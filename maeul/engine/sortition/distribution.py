"""From a selection problem to a distribution over explicit panels.

:func:`find_distribution` is the one entry point; it dispatches to LEXIMIN (the default and the
research standard), maximin, Nash welfare, or the legacy greedy draw, and always returns a
:class:`Distribution` whose panels are spelled out person by person.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from maeul.engine.sortition import leximin
from maeul.engine.sortition._highs import FloatArray, IntArray
from maeul.engine.sortition.errors import InfeasibleQuotas, InvalidQuotas, SortitionError
from maeul.engine.sortition.feasibility import report_for_instance
from maeul.engine.sortition.model import Distribution, FeatureQuota, Person, SolveStats
from maeul.engine.sortition.pool import Instance, build_instance

ALGORITHMS = ("leximin", "maximin", "nash", "legacy")

# Templates with less probability than this are dropped before spelling panels out.
_DROP = 1e-12


def find_distribution(
    people: Sequence[Person],
    quotas: Sequence[FeatureQuota],
    k: int,
    algorithm: str = "leximin",
    *,
    household_rule: bool = True,
    legacy_samples: int = 1000,
    group_identical: bool = True,
) -> Distribution:
    """The fairest lottery over panels of ``k`` meeting ``quotas`` (and the household rule).

    * ``leximin``: maximise the lowest selection probability, then the second lowest, and so
      on (Flanigan et al., Nature 2021). Deterministic given the inputs.
    * ``maximin``: only the lowest probability is maximised; the rest is whatever the LP
      returns. Cheaper, less fair to everyone above the minimum.
    * ``nash``: maximise the product of the probabilities (the geometric mean).
    * ``legacy``: the greedy one-by-one draw used by many organisers before LEXIMIN; its
      distribution is estimated from ``legacy_samples`` draws, so it is an estimate.

    ``group_identical=False`` solves person by person instead of over groups of
    interchangeable people: same answer, slower (for benchmarks and cross-checks).

    Raises :class:`InfeasibleQuotas` (with the smallest relaxation) when no panel exists,
    :class:`InvalidPool`/:class:`InvalidQuotas` for malformed input.
    """
    if algorithm not in ALGORITHMS:
        raise InvalidQuotas(
            f"unknown algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}"
        )
    instance = build_instance(
        people, quotas, k, household_rule=household_rule, group_identical=group_identical
    )
    started = time.perf_counter()
    report = report_for_instance(instance)
    if not report.feasible:
        raise InfeasibleQuotas(report)
    if algorithm == "legacy":
        return _legacy_distribution(instance, legacy_samples, started)
    cg, covered = leximin.start(instance)
    if algorithm == "nash":
        q = _nash(cg, covered)
    else:
        fixed = leximin.leximin_levels(cg, covered, only_first_level=algorithm == "maximin")
        q = leximin.primal(cg, fixed, maximin=algorithm == "maximin")
    stats = SolveStats(
        seconds=time.perf_counter() - started,
        levels=cg.levels,
        lp_solves=cg.lp_solves,
        pricing_solves=cg.model.calls,
        panels_generated=len(cg.templates),
        groups=len(instance.groups),
    )
    return spell_out(instance, algorithm, cg.templates, q, stats)


def spell_out(
    instance: Instance,
    algorithm: str,
    templates: Sequence[IntArray],
    q: FloatArray,
    stats: SolveStats,
) -> Distribution:
    """Turn group-count templates into explicit panels with exactly equal in-group chances.

    For a template taking ``c`` of the ``n`` members of a group, the members are placed on a
    circle (in the order of a hash of their ids) and the panel takes ``c`` consecutive ones starting at position ``floor(u * n)``,
    with one ``u`` uniform on [0, 1) shared by all groups. Every member is then taken for a
    share ``c / n`` of the values of ``u``. The distinct panels are the intervals between the
    breakpoints ``i / n`` of all groups, so a template becomes a few panels when groups are
    small, and at most about the pool size when they are large.
    """
    # Members go round the circle in the order of a hash of their ids, not pool order, so
    # that the spelled-out panels do not take neighbours in the file together.
    circles = [
        sorted(group, key=lambda i: hashlib.sha256(instance.people[i].id.encode()).digest())
        for group in instance.groups
    ]
    keep = [j for j in range(len(templates)) if q[j] > _DROP]
    total = float(sum(q[j] for j in keep))
    merged: dict[tuple[int, ...], float] = {}
    for j in keep:
        counts = templates[j]
        weight = float(q[j]) / total
        fractional = [g for g in range(len(counts)) if 0 < counts[g] < len(instance.groups[g])]
        breaks = {Fraction(0), Fraction(1)}
        for g in fractional:
            n = len(instance.groups[g])
            breaks.update(Fraction(i, n) for i in range(1, n))
        points = sorted(breaks)
        base = [
            i
            for g in range(len(counts))
            if counts[g] == len(instance.groups[g])
            for i in instance.groups[g]
        ]
        for left, right in zip(points, points[1:], strict=False):
            mid = (left + right) / 2
            members = list(base)
            for g in fractional:
                group = circles[g]
                n = len(group)
                start = int(mid * n)
                members.extend(group[(start + i) % n] for i in range(int(counts[g])))
            key = tuple(sorted(members))
            merged[key] = merged.get(key, 0.0) + weight * float(right - left)
    people = instance.people
    panels = tuple(tuple(people[i].id for i in key) for key in merged)
    probabilities = tuple(merged.values())
    person_probabilities = dict.fromkeys((p.id for p in people), 0.0)
    for panel, p in zip(panels, probabilities, strict=True):
        for pid in panel:
            person_probabilities[pid] += p
    kept_templates = tuple(tuple(int(c) for c in templates[j]) for j in keep)
    return Distribution(
        algorithm=algorithm,
        k=instance.k,
        panels=panels,
        probabilities=probabilities,
        person_probabilities=person_probabilities,
        groups=tuple(tuple(people[i].id for i in g) for g in instance.groups),
        templates=kept_templates,
        template_probabilities=tuple(float(q[j]) / total for j in keep),
        stats=stats,
    )


def _nash(cg: leximin.ColumnGeneration, covered: np.ndarray) -> FloatArray:
    """Maximise the sum of log-probabilities (Nash welfare) over the covered groups.

    The restricted problem over the known templates is solved by the classic multiplicative
    (EM) update ``q_j <- q_j * gradient_j / n``, which keeps ``q`` a distribution and never
    decreases the objective. New templates come from the swap search, or from the pricing
    MIP when that finds nothing. Stop when no panel beats the average gradient ``n`` by more
    than 0.1 %: then no distribution has a geometric-mean probability more than 0.1 % higher.
    """
    sizes = cg.sizes
    weight = np.where(covered, sizes, 0.0)
    total = float(weight.sum())
    q = np.full(len(cg.templates), 1.0 / len(cg.templates))
    for _ in range(500):
        matrix = cg.matrix() / sizes
        q = _nash_restricted(matrix, weight, total, q)
        pi = q @ matrix
        per_seat = np.divide(weight, pi * sizes, out=np.zeros_like(pi), where=pi > 0)
        counts_matrix = cg.matrix()
        added = 0
        for j in np.argsort(-(counts_matrix @ per_seat))[:3].tolist():
            counts = cg.swaps.improve(counts_matrix[j], per_seat)
            if float(counts @ per_seat) > total * (1 + 1e-3) and cg.add(counts):
                added += 1
        if not added:
            found = cg.model.maximise(per_seat)
            if found is None:
                break
            counts, value, bound = found
            if bound <= total * (1 + 1e-3) or not cg.add(counts):
                break
            added = 1
        q = np.append(q * (1 - 0.02 * added), [0.02] * added)
    normalised: FloatArray = q / q.sum()
    return normalised


def _nash_restricted(
    matrix: FloatArray, weight: FloatArray, total: float, q: FloatArray
) -> FloatArray:
    """Nash-optimal mixture of the given templates: EM steps accelerated by SQUAREM.

    Plain EM converges slowly when probabilities are near their bounds; SQUAREM (Varadhan
    and Roland, 2008) extrapolates along two successive EM steps and keeps the result only
    when it does not lower the objective, so it is as safe as EM and much faster.
    """

    def objective(x: FloatArray) -> float:
        pi = x @ matrix
        return (
            float(np.sum(weight[pi > 0] * np.log(pi[pi > 0])))
            if (pi[weight > 0] > 0).all()
            else -np.inf
        )

    def step(x: FloatArray) -> tuple[FloatArray, float]:
        pi = x @ matrix
        ratio = np.divide(weight, pi, out=np.zeros_like(pi), where=pi > 0)
        gradient = matrix @ ratio
        return x * gradient / total, float(gradient.max())

    current = objective(q)
    for _ in range(200):
        q1, worst = step(q)
        if worst <= total * (1 + 1e-4):
            return q1
        q2, _ = step(q1)
        r = q1 - q
        v = q2 - q1 - r
        norm_v = float(np.linalg.norm(v))
        candidate = q2
        if norm_v > 0:
            alpha = -float(np.linalg.norm(r)) / norm_v
            extrapolated = np.clip(q - 2 * alpha * r + alpha * alpha * v, 0.0, None)
            if extrapolated.sum() > 0:
                extrapolated, _ = step(extrapolated / extrapolated.sum())
                if objective(extrapolated) >= objective(q2):
                    candidate = extrapolated
        value = objective(candidate)
        if value < current:
            candidate, value = q2, objective(q2)
        q, current = candidate, value
    return q


def _legacy_distribution(instance: Instance, samples: int, started: float) -> Distribution:
    """Empirical distribution of the legacy greedy draw over ``samples`` seeded runs."""
    rng = random.Random(19_920_101)
    counts: dict[tuple[int, ...], int] = {}
    done = 0
    failures = 0
    while done < samples:
        panel = legacy_attempt(instance, rng)
        if panel is None:
            failures += 1
            if failures > 100 + 10 * samples:
                raise SortitionError(
                    f"the legacy greedy draw failed {failures} times on quotas that a panel "
                    "can meet; use the leximin algorithm"
                )
            continue
        key = tuple(sorted(panel))
        counts[key] = counts.get(key, 0) + 1
        done += 1
    group_of = {i: g for g, members in enumerate(instance.groups) for i in members}
    templates: list[IntArray] = []
    q: list[float] = []
    people = instance.people
    merged_panels: list[tuple[str, ...]] = []
    for key, c in counts.items():
        vector = np.zeros(len(instance.groups), dtype=np.int64)
        for i in key:
            vector[group_of[i]] += 1
        templates.append(vector)
        q.append(c / samples)
        merged_panels.append(tuple(people[i].id for i in key))
    person_probabilities = dict.fromkeys((p.id for p in people), 0.0)
    for ids, p in zip(merged_panels, q, strict=True):
        for pid in ids:
            person_probabilities[pid] += p
    return Distribution(
        algorithm="legacy",
        k=instance.k,
        panels=tuple(merged_panels),
        probabilities=tuple(q),
        person_probabilities=person_probabilities,
        groups=tuple(tuple(people[i].id for i in g) for g in instance.groups),
        templates=tuple(tuple(int(c) for c in t) for t in templates),
        template_probabilities=tuple(q),
        stats=SolveStats(
            seconds=time.perf_counter() - started,
            panels_generated=len(counts),
            groups=len(instance.groups),
        ),
    )


def legacy_attempt(instance: Instance, rng: random.Random) -> list[int] | None:
    """One run of the legacy greedy draw; None when it paints itself into a corner.

    Repeatedly take the quota category whose unmet minimum is largest relative to the people
    still available in it, and draw a random available person from it. Categories that reach
    their maximum close to everybody else in them; a chosen person's household leaves the
    pool. This is the algorithm the LEXIMIN paper calls LEGACY: simple, but it gives some
    volunteers a near-zero chance.
    """
    quotas = instance.quotas
    n_quotas = len(quotas)
    person_quotas: dict[int, tuple[int, ...]] = {}
    for g, members in enumerate(instance.groups):
        for i in members:
            person_quotas[i] = instance.group_quotas[g]
    household_of: dict[int, list[int]] = {}
    for members in instance.households:
        people_in = [instance.groups[g][0] for g in members]
        for i in people_in:
            household_of[i] = people_in
    available: list[set[int]] = [set() for _ in range(n_quotas)]
    for i, qs in person_quotas.items():
        for qi in qs:
            available[qi].add(i)
    alive = set(person_quotas)
    selected = [0] * n_quotas
    panel: list[int] = []

    def remove(i: int) -> None:
        if i in alive:
            alive.discard(i)
            for qi in person_quotas[i]:
                available[qi].discard(i)

    for _ in range(instance.k):
        best: int | None = None
        best_ratio = -1.0
        for qi in range(n_quotas):
            if selected[qi] >= quotas[qi].max or not available[qi]:
                continue
            ratio = (quotas[qi].min - selected[qi]) / len(available[qi])
            if ratio > best_ratio or (ratio == best_ratio and rng.random() < 0.5):
                best, best_ratio = qi, ratio
        if best is None:
            return None
        person = rng.choice(sorted(available[best]))
        panel.append(person)
        for i in household_of.get(person, [person]):
            remove(i)
        for qi in person_quotas[person]:
            selected[qi] += 1
            if selected[qi] >= quotas[qi].max:
                for i in list(available[qi]):
                    remove(i)
    if any(selected[qi] < quotas[qi].min for qi in range(n_quotas)):
        return None
    return panel
