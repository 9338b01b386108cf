"""Drawing from a distribution, reserves, replacements, and the auditable lottery record.

Every random choice here derives from the public seed through SHA-256 (never from Python's
global random state), so that anybody can recompute a draw from the published seed, the
inputs and this code, on any machine (RELIABILITY P18).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import secrets
from collections.abc import Mapping, Sequence

from maeul.engine.sortition.distribution import find_distribution
from maeul.engine.sortition.errors import InfeasibleQuotas, InvalidInput
from maeul.engine.sortition.feasibility import check_feasibility
from maeul.engine.sortition.model import (
    Distribution,
    FeasibilityReport,
    FeatureQuota,
    Finding,
    LotteryResult,
    Person,
    Replacement,
)
from maeul.engine.sortition.pool import build_instance

ENGINE_VERSION = "1.0.0"
"""Bumped whenever a change could alter a distribution or a draw for the same inputs."""

DEFAULT_DROPOUT_RATE = 0.1


def seeded_uniform(seed: int, label: str) -> float:
    """A number in [0, 1) from SHA-256 of ``"maeul-sortition|<seed>|<label>"`` (53 bits)."""
    digest = hashlib.sha256(f"maeul-sortition|{seed}|{label}".encode()).digest()
    return (int.from_bytes(digest[:8], "big") >> 11) / float(1 << 53)


def seeded_rng(seed: int, label: str) -> random.Random:
    """A private generator for one step of a draw, seeded from SHA-256 of seed and label."""
    digest = hashlib.sha256(f"maeul-sortition|{seed}|{label}".encode()).digest()
    return random.Random(int.from_bytes(digest, "big"))


def new_seed() -> int:
    """A fresh unpredictable seed (recorded in the result, so the draw stays replayable)."""
    return secrets.randbelow(10**12)


def draw_panel(distribution: Distribution, seed: int) -> tuple[str, ...]:
    """The panel at position ``u = seeded_uniform(seed, "panel")`` of the cumulative list."""
    u = seeded_uniform(seed, "panel")
    cumulative = 0.0
    for panel, p in zip(distribution.panels, distribution.probabilities, strict=True):
        cumulative += p
        if u < cumulative:
            return panel
    return distribution.panels[-1]


def equally_likely_panels(
    distribution: Distribution, m: int, seed: int
) -> tuple[tuple[str, ...], ...]:
    """``m`` panels to publish before drawing one index in public (a transparent lottery).

    Each template gets ``floor`` or ``ceil`` of ``m`` times its probability (systematic
    rounding from a seeded offset); within each group, members are dealt round-robin from a
    seeded shuffle, so every member appears ``floor`` or ``ceil`` of its fair number of times.
    Every person's chance is then within a few ``1/m`` of the distribution's.
    """
    if m < 1:
        raise InvalidInput(f"the number of panels must be at least 1, not {m}")
    offset = seeded_uniform(seed, "transparent-offset")
    cumulative: list[float] = []
    total = 0.0
    for p in distribution.template_probabilities:
        total += p
        cumulative.append(total)
    slots: list[int] = []
    j = 0
    for i in range(m):
        u = (i + offset) / m
        while j < len(cumulative) - 1 and u >= cumulative[j]:
            j += 1
        slots.append(j)
    rng = seeded_rng(seed, "transparent-deal")
    panels: list[list[str]] = [[] for _ in range(m)]
    for g, members in enumerate(distribution.groups):
        order = list(members)
        rng.shuffle(order)
        position = 0
        for index, j in enumerate(slots):
            take = distribution.templates[j][g]
            for _ in range(take):
                panels[index].append(order[position % len(order)])
                position += 1
    rank = {pid: i for i, pid in enumerate(distribution.person_probabilities)}
    return tuple(tuple(sorted(panel, key=rank.__getitem__)) for panel in panels)


def panel_violations(
    people: Sequence[Person],
    quotas: Sequence[FeatureQuota],
    panel: Sequence[str],
    k: int,
    household_rule: bool = True,
) -> list[str]:
    """Every way ``panel`` breaks the size, the quotas or the household rule (empty: valid)."""
    by_id = {p.id: p for p in people}
    problems: list[str] = []
    if len(panel) != k:
        problems.append(f"the panel has {len(panel)} members, not {k}")
    if len(set(panel)) != len(panel):
        problems.append("a person appears twice on the panel")
    unknown = [pid for pid in panel if pid not in by_id]
    if unknown:
        problems.append(f"unknown ids on the panel: {', '.join(unknown)}")
    members = [by_id[pid] for pid in panel if pid in by_id]
    for q in quotas:
        count = sum(1 for p in members if p.features.get(q.feature) == q.value)
        if not q.min <= count <= q.max:
            problems.append(f"{q.feature}={q.value}: {count} on the panel, quota {q.min}..{q.max}")
    if household_rule:
        seen: dict[str, str] = {}
        for p in members:
            if p.household is None:
                continue
            if p.household in seen:
                problems.append(f"{seen[p.household]} and {p.id} share a household")
            seen[p.household] = p.id
    return problems


def _dropout_rate(person: Person, rates: Mapping[tuple[str, str], float] | None) -> float:
    """A person's chance of dropping out: the highest rate among their feature values."""
    if not rates:
        return DEFAULT_DROPOUT_RATE
    known = [rates[(f, v)] for f, v in person.features.items() if (f, v) in rates]
    return max(known) if known else DEFAULT_DROPOUT_RATE


def _residual(
    people: Sequence[Person],
    quotas: Sequence[FeatureQuota],
    k: int,
    kept: Sequence[str],
    excluded: set[str],
    household_rule: bool,
) -> tuple[list[Person], list[FeatureQuota], int] | None:
    """What is left to fill once ``kept`` sit on the panel: pool, quotas and seats.

    None when ``kept`` already break a maximum. People in ``excluded`` or sharing a household
    with a kept member are out of the residual pool.
    """
    by_id = {p.id: p for p in people}
    members = [by_id[pid] for pid in kept]
    households = {p.household for p in members if p.household is not None}
    residual_quotas = []
    for q in quotas:
        count = sum(1 for p in members if p.features.get(q.feature) == q.value)
        if count > q.max:
            return None
        residual_quotas.append(
            FeatureQuota(q.feature, q.value, max(0, q.min - count), q.max - count)
        )
    kept_set = set(kept)
    pool = [
        p
        for p in people
        if p.id not in kept_set
        and p.id not in excluded
        and not (household_rule and p.household is not None and p.household in households)
    ]
    return pool, residual_quotas, k - len(kept)


def _completable(
    people: Sequence[Person],
    quotas: Sequence[FeatureQuota],
    k: int,
    kept: Sequence[str],
    excluded: set[str],
    household_rule: bool,
) -> bool:
    residual = _residual(people, quotas, k, kept, excluded, household_rule)
    if residual is None:
        return False
    pool, residual_quotas, seats = residual
    if seats == 0:
        return all(q.min == 0 for q in residual_quotas)
    if len(pool) < seats:
        return False
    return check_feasibility(pool, residual_quotas, seats, household_rule).feasible


def draw_reserves(
    people: Sequence[Person],
    quotas: Sequence[FeatureQuota],
    panel: Sequence[str],
    r: int,
    seed: int,
    *,
    household_rule: bool = True,
    dropout_rates: Mapping[tuple[str, str], float] | None = None,
) -> tuple[str, ...]:
    """``r`` reserves from outside the panel, aimed at the jurors most likely to drop out.

    A candidate *covers* a juror when swapping the two keeps every quota. Each pick takes
    the candidate most likely to be needed: the chance that at least one juror it covers
    drops out, ``1 - prod(1 - rate)``, where a juror's rate is halved each time another
    reserve already covers them; ties are broken by the seed. ``dropout_rates`` maps
    ``(feature, value)`` to a rate (a juror takes the highest of their values; default 10 %
    for everyone, which spreads the reserves over as many jurors as possible). Reserves
    never share a household with a juror or another reserve. When nobody covers anyone any
    more, the remaining reserves are drawn uniformly: still useful for a new draw.
    """
    if r <= 0:
        return ()
    by_id = {p.id: p for p in people}
    panel_people = [by_id[pid] for pid in panel]
    taken_households = {p.household for p in panel_people if p.household is not None}
    panel_set = set(panel)
    counts = {
        (q.feature, q.value): sum(1 for p in panel_people if p.features.get(q.feature) == q.value)
        for q in quotas
    }
    bounds = {(q.feature, q.value): (q.min, q.max) for q in quotas}

    def swap_ok(out: Person, candidate: Person) -> bool:
        for feature, value in out.features.items():
            if candidate.features.get(feature) == value:
                continue
            key_out = (feature, value)
            key_in = (feature, candidate.features.get(feature, ""))
            if key_out in bounds and counts[key_out] - 1 < bounds[key_out][0]:
                return False
            if key_in in bounds and counts[key_in] + 1 > bounds[key_in][1]:
                return False
        return True

    mass = {p.id: _dropout_rate(p, dropout_rates) for p in panel_people}
    rng = seeded_rng(seed, "reserves")
    candidates = [p for p in people if p.id not in panel_set]
    rng.shuffle(candidates)
    chosen: list[str] = []
    while len(chosen) < r:
        eligible = [
            c
            for c in candidates
            if c.id not in chosen
            and not (household_rule and c.household is not None and c.household in taken_households)
        ]
        if not eligible:
            break
        best = None
        best_score = 0.0
        scores: dict[tuple[tuple[str, str], ...], float] = {}
        for c in eligible:
            profile = tuple(sorted(c.features.items()))
            score = scores.get(profile)
            if score is None:
                score = 1.0 - math.prod(1.0 - mass[p.id] for p in panel_people if swap_ok(p, c))
                scores[profile] = score
            if score > best_score + 1e-12:
                best, best_score = c, score
        pick = best if best is not None else eligible[0]
        chosen.append(pick.id)
        if pick.household is not None:
            taken_households.add(pick.household)
        if best is not None:
            for p in panel_people:
                if swap_ok(p, pick):
                    mass[p.id] /= 2
    return tuple(chosen)


def replace_dropouts(
    people: Sequence[Person],
    quotas: Sequence[FeatureQuota],
    k: int,
    panel: Sequence[str],
    dropouts: Sequence[str],
    reserves: Sequence[str],
    seed: int,
    *,
    household_rule: bool = True,
    algorithm: str = "leximin",
) -> Replacement:
    """Mend a panel after ``dropouts`` left, keeping every quota.

    First the reserves, in their published order: a reserve takes a seat if the panel can
    still be completed with them on it. Seats no reserve can fill are drawn afresh from the
    rest of the pool (nobody who dropped out, nobody on the panel or in their household) with
    the quotas reduced by the members who stay, using ``algorithm`` and the seed. Raises
    :class:`InfeasibleQuotas` when even that is impossible, with the relaxation to consider.
    """
    unknown = [pid for pid in dropouts if pid not in panel]
    if unknown:
        raise InvalidInput(f"not on the panel: {', '.join(unknown)}")
    gone = set(dropouts)
    kept = [pid for pid in panel if pid not in gone]
    remaining_reserves = [pid for pid in reserves if pid not in gone]
    used: list[str] = []
    for _ in range(len(dropouts)):
        for pid in remaining_reserves:
            trial = [*kept, pid]
            if _completable(people, quotas, k, trial, gone, household_rule):
                kept = trial
                used.append(pid)
                remaining_reserves.remove(pid)
                break
        else:
            break
    newly: list[str] = []
    seats = k - len(kept)
    if seats > 0:
        residual = _residual(people, quotas, k, kept, gone, household_rule)
        if residual is None:
            raise InfeasibleQuotas(
                FeasibilityReport(
                    feasible=False,
                    k=k,
                    problems=("the remaining members already exceed a maximum",),
                    findings=(
                        Finding(
                            "members_exceed_maximum",
                            "the remaining members already exceed a maximum",
                        ),
                    ),
                )
            )
        pool, residual_quotas, seats = residual
        distribution = find_distribution(
            pool, residual_quotas, seats, algorithm, household_rule=household_rule
        )
        newly = list(draw_panel(distribution, seed))
        remaining_reserves = [pid for pid in remaining_reserves if pid not in newly]
        kept.extend(newly)
    order = {p.id: i for i, p in enumerate(people)}
    return Replacement(
        panel=tuple(sorted(kept, key=order.__getitem__)),
        from_reserves=tuple(used),
        newly_drawn=tuple(newly),
        reserves=tuple(remaining_reserves),
    )


def inputs_sha256(
    people: Sequence[Person],
    quotas: Sequence[FeatureQuota],
    k: int,
    *,
    reserves: int = 0,
    algorithm: str = "leximin",
    household_rule: bool = True,
) -> str:
    """SHA-256 of a canonical JSON of everything that determines the draw (except the seed).

    People are hashed in pool order (order matters to the draw), with their id, the values
    of the quota features and the household key; other columns (names, phone numbers) are
    left out, so that the hash can be published without revealing them.
    """
    features = sorted({q.feature for q in quotas})
    canonical = {
        "engine": "maeul.sortition",
        "version": ENGINE_VERSION,
        "panel_size": k,
        "reserves": reserves,
        "algorithm": algorithm,
        "household_rule": household_rule,
        "quotas": [[q.feature, q.value, q.min, q.max] for q in quotas],
        "people": [[p.id, [p.features.get(f, "") for f in features], p.household] for p in people],
    }
    blob = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def run_lottery(
    people: Sequence[Person],
    quotas: Sequence[FeatureQuota],
    k: int,
    *,
    reserves: int = 0,
    algorithm: str = "leximin",
    seed: int | None = None,
    household_rule: bool = True,
    dropout_rates: Mapping[tuple[str, str], float] | None = None,
    transparent_panels: int | None = None,
    distribution: Distribution | None = None,
) -> LotteryResult:
    """The whole jury draw: distribution, one panel, reserves, and the audit record.

    Same inputs and seed give the same result; without a seed a fresh one is drawn and
    recorded. The reserves' quotas are the panel's, so a reserve can take a juror's seat.
    With ``transparent_panels=m``, ``m`` equally likely panels are built (to be published)
    and the panel is the one at a seeded index among them. ``distribution`` reuses one
    computed earlier by :func:`find_distribution` for exactly these inputs (say, in a
    background job before the public draw); a replay recomputes it.
    """
    build_instance(people, quotas, k, household_rule=household_rule)
    if seed is None:
        seed = new_seed()
    if distribution is None:
        distribution = find_distribution(
            people, quotas, k, algorithm, household_rule=household_rule
        )
    elif distribution.k != k or distribution.algorithm != algorithm:
        raise InvalidInput(
            f"the distribution given is for {distribution.algorithm} with a panel of "
            f"{distribution.k}, not {algorithm} with {k}"
        )
    published: tuple[tuple[str, ...], ...] = ()
    index: int | None = None
    if transparent_panels:
        published = equally_likely_panels(distribution, transparent_panels, seed)
        index = int(seeded_uniform(seed, "transparent-index") * len(published))
        panel = published[index]
    else:
        panel = draw_panel(distribution, seed)
    reserve_ids = draw_reserves(
        people,
        quotas,
        panel,
        reserves,
        seed,
        household_rule=household_rule,
        dropout_rates=dropout_rates,
    )
    return LotteryResult(
        panel=panel,
        reserves=reserve_ids,
        distribution=distribution,
        algorithm=algorithm,
        seed=seed,
        inputs_sha256=inputs_sha256(
            people,
            quotas,
            k,
            reserves=reserves,
            algorithm=algorithm,
            household_rule=household_rule,
        ),
        version=ENGINE_VERSION,
        k=k,
        household_rule=household_rule,
        published_panels=published,
        published_index=index,
    )
