"""Plain, frozen data types exchanged with the sortition engine.

The Django jury app stores and displays these; the engine never sees a model instance. All
are immutable so that a recorded lottery cannot be altered after the fact by accident.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Person:
    """One volunteer of the pool.

    ``features`` maps a feature name (``gender``) to this person's value (``female``);
    ``household`` is the normalised household key (see :func:`normalise_household`), or None
    when the person shares no household with anybody known; ``extra`` keeps the other columns
    of the people file so that they can be written back unchanged.
    """

    id: str
    features: Mapping[str, str]
    household: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FeatureQuota:
    """At least ``min`` and at most ``max`` panel members with ``feature == value``.

    ``min_flex``/``max_flex`` are the Sortition Foundation's optional outer bounds (how far an
    organiser would accept relaxing); they are read and written back, and used as limits of the
    relaxation suggestion when present.
    """

    feature: str
    value: str
    min: int
    max: int
    min_flex: int | None = None
    max_flex: int | None = None


@dataclass(frozen=True)
class Relaxation:
    """A suggested change of one quota: from ``min..max`` to ``new_min..new_max``."""

    feature: str
    value: str
    min: int
    max: int
    new_min: int
    new_max: int

    def describe(self) -> str:
        parts = []
        if self.new_min != self.min:
            parts.append(f"lower the minimum from {self.min} to {self.new_min}")
        if self.new_max != self.max:
            parts.append(f"raise the maximum from {self.max} to {self.new_max}")
        return f"{self.feature}={self.value}: " + " and ".join(parts)


@dataclass(frozen=True)
class Finding:
    """One reason a panel is impossible, as a code with its numbers.

    ``text`` is the English sentence the command line prints; applications that speak other
    languages render ``code`` and ``params`` themselves (the jury app does, in Korean), so the
    engine never needs a translation framework. Codes: ``minimums_exceed_panel`` (feature,
    total, k), ``maximums_below_panel`` (feature, total, k), ``too_few_with_value`` (feature,
    value, available, min), ``pool_too_small`` (units, k, households), ``household_rule`` (k),
    ``features_conflict``, ``members_exceed_maximum``.
    """

    code: str
    text: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FeasibilityReport:
    """Outcome of :func:`check_feasibility`.

    ``problems`` are plain-language findings (too few volunteers with a value, minimums that
    add up to more than the panel...). When infeasible, ``relaxations`` is the smallest set of
    quota changes (fewest seats moved in total) under which a panel exists, and
    ``panel_size_possible`` is False when no relaxation of the quotas helps because the pool
    has too few people or households for the panel size. ``findings`` are the same problems
    as typed codes (``problems`` are their English texts).
    """

    feasible: bool
    k: int
    problems: tuple[str, ...] = ()
    relaxations: tuple[Relaxation, ...] = ()
    panel_size_possible: bool = True
    findings: tuple[Finding, ...] = ()

    def summary(self) -> str:
        if self.feasible:
            return f"A panel of {self.k} meeting every quota exists."
        lines = [f"No panel of {self.k} meets every quota."]
        lines.extend(f"  - {p}" for p in self.problems)
        if self.relaxations:
            total = sum(abs(r.new_min - r.min) + abs(r.new_max - r.max) for r in self.relaxations)
            lines.append(f"Smallest change that makes a panel possible ({total} in total):")
            lines.extend(f"  * {r.describe()}" for r in self.relaxations)
        elif not self.panel_size_possible:
            lines.append("No change of the quotas helps: the pool is too small for this panel.")
        return "\n".join(lines)


@dataclass(frozen=True)
class SolveStats:
    """How the distribution was found (for benchmarks and the audit trail)."""

    seconds: float = 0.0
    levels: int = 0
    lp_solves: int = 0
    pricing_solves: int = 0
    panels_generated: int = 0
    groups: int = 0


@dataclass(frozen=True)
class Distribution:
    """A probability distribution over feasible panels, and what it means for each person.

    ``panels[j]`` (a tuple of person ids) is chosen with probability ``probabilities[j]``;
    ``person_probabilities[id]`` is the resulting chance that the person sits on the panel
    (these sum to ``k``).

    The engine solves the problem over *groups* of interchangeable volunteers (same features,
    no shared household): ``templates[j][g]`` says how many members of ``groups[g]`` a
    template panel takes, with probability ``template_probabilities[j]``. ``panels`` spells
    each template out as explicit panels with exactly equal chances for the members of a group.
    """

    algorithm: str
    k: int
    panels: tuple[tuple[str, ...], ...]
    probabilities: tuple[float, ...]
    person_probabilities: Mapping[str, float]
    groups: tuple[tuple[str, ...], ...]
    templates: tuple[tuple[int, ...], ...]
    template_probabilities: tuple[float, ...]
    stats: SolveStats = SolveStats()

    @property
    def min_probability(self) -> float:
        return min(self.person_probabilities.values()) if self.person_probabilities else 0.0

    @property
    def max_probability(self) -> float:
        return max(self.person_probabilities.values()) if self.person_probabilities else 0.0

    @property
    def geometric_mean_probability(self) -> float:
        values = list(self.person_probabilities.values())
        if not values or min(values) <= 0:
            return 0.0
        return math.exp(sum(math.log(v) for v in values) / len(values))


@dataclass(frozen=True)
class LotteryResult:
    """Everything needed to publish, audit and replay one jury draw (RELIABILITY P18)."""

    panel: tuple[str, ...]
    reserves: tuple[str, ...]
    distribution: Distribution
    algorithm: str
    seed: int
    inputs_sha256: str
    version: str
    k: int
    household_rule: bool
    published_panels: tuple[tuple[str, ...], ...] = ()
    """With a transparent lottery: the ``m`` equally likely panels published before the draw."""
    published_index: int | None = None
    """With a transparent lottery: the drawn index into ``published_panels``."""

    @property
    def min_probability(self) -> float:
        return self.distribution.min_probability

    def to_json_dict(self) -> dict[str, Any]:
        """The record printed by ``maeul jury draw --json`` and read back by ``replay``."""
        record: dict[str, Any] = {
            "panel": list(self.panel),
            "reserves": list(self.reserves),
            "probabilities": dict(self.distribution.person_probabilities),
            "min_probability": self.distribution.min_probability,
            "algorithm": self.algorithm,
            "seed": self.seed,
            "inputs_sha256": self.inputs_sha256,
            "version": self.version,
            "panel_size": self.k,
            "reserves_count": len(self.reserves),
            "household_rule": self.household_rule,
        }
        if self.published_panels:
            record["published_panels"] = [list(p) for p in self.published_panels]
            record["published_index"] = self.published_index
        return record


@dataclass(frozen=True)
class Replacement:
    """Outcome of :func:`replace_dropouts`: the mended panel and where the newcomers came from."""

    panel: tuple[str, ...]
    from_reserves: tuple[str, ...]
    newly_drawn: tuple[str, ...]
    reserves: tuple[str, ...]
