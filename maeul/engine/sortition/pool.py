"""Validation of a pool against its quotas, and grouping into interchangeable volunteers.

Two volunteers with the same value on every quota feature, neither of whom shares a household
with anybody, are indistinguishable to every constraint. The set of achievable selection
probability vectors is therefore symmetric under swapping them, and since the LEXIMIN
optimum over a convex set is unique, they get the same probability. The solvers work on such
*groups*: a panel becomes a vector of counts per group, the pricing problem shrinks from one
binary variable per person to one bounded integer per group, and example_large_200 (2000
people) collapses to three groups.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from maeul.engine.sortition.errors import InvalidPool, InvalidQuotas
from maeul.engine.sortition.model import FeatureQuota, Person

_NON_WORD = re.compile(r"[^\w]+")


def normalise_household(raw: str) -> str | None:
    """Household/address key: Unicode-normalised, case-folded, punctuation and spacing removed.

    ``"12-3 Siheung-daero,  Apt 101"`` and ``"12 3 siheung daero apt 101"`` give the same key,
    so that a typing difference does not let two members of one household onto a panel. An
    empty value means "unknown" and puts the person in no household.
    """
    text = unicodedata.normalize("NFKC", raw).casefold()
    key = _NON_WORD.sub(" ", text).strip()
    key = " ".join(key.split())
    return key or None


@dataclass(frozen=True)
class Instance:
    """A validated selection problem, solved over groups of interchangeable people."""

    people: tuple[Person, ...]
    quotas: tuple[FeatureQuota, ...]
    k: int
    household_rule: bool
    groups: tuple[tuple[int, ...], ...]
    """Person indices of each group."""
    group_quotas: tuple[tuple[int, ...], ...]
    """Indices into ``quotas`` of the values each group has (one per feature)."""
    households: tuple[tuple[int, ...], ...]
    """Groups (each a single person) sharing a household: at most one of them per panel."""

    @property
    def sizes(self) -> list[int]:
        return [len(g) for g in self.groups]

    def counts_to_people(self, counts: Sequence[int]) -> list[int]:
        """The first ``counts[g]`` members of every group (used where any member will do)."""
        out: list[int] = []
        for g, c in enumerate(counts):
            out.extend(self.groups[g][:c])
        return out


def validate_quotas(quotas: Sequence[FeatureQuota], k: int | None = None) -> None:
    """Reject quota tables that no pool could satisfy for arithmetic reasons alone."""
    seen: set[tuple[str, str]] = set()
    for q in quotas:
        key = (q.feature, q.value)
        if key in seen:
            raise InvalidQuotas(f"quota for {q.feature}={q.value} appears twice")
        seen.add(key)
        if q.min < 0 or q.max < 0:
            raise InvalidQuotas(f"quota for {q.feature}={q.value} is negative")
        if q.min > q.max:
            raise InvalidQuotas(
                f"quota for {q.feature}={q.value}: minimum {q.min} is above maximum {q.max}"
            )
    if k is not None and k < 1:
        raise InvalidQuotas(f"panel size must be at least 1, not {k}")


def build_instance(
    people: Sequence[Person],
    quotas: Sequence[FeatureQuota],
    k: int,
    *,
    household_rule: bool = True,
    group_identical: bool = True,
) -> Instance:
    """Check the pool against the quotas and group interchangeable people.

    ``group_identical=False`` gives every person their own group (the paper's formulation);
    the answer is the same, only slower, which the benchmarks use to measure the grouping.

    Raises :class:`InvalidPool` for duplicate ids, missing or unknown feature values (the
    message names the person and the feature) and :class:`InvalidQuotas` for a malformed table.
    """
    validate_quotas(quotas, k)
    if not quotas:
        raise InvalidQuotas("the quota table is empty")
    features: dict[str, dict[str, int]] = {}
    for index, q in enumerate(quotas):
        features.setdefault(q.feature, {})[q.value] = index
    seen_ids: dict[str, int] = {}
    person_quotas: list[tuple[int, ...]] = []
    for i, person in enumerate(people):
        if person.id in seen_ids:
            raise InvalidPool(
                f"id {person.id!r} appears twice (people {seen_ids[person.id]} and {i})",
                column="id",
            )
        seen_ids[person.id] = i
        row: list[int] = []
        for feature, values in features.items():
            value = person.features.get(feature)
            if value is None:
                raise InvalidPool(
                    f"person {person.id!r} has no value",
                    column=feature,
                    code="missing_value",
                    params={"person": person.id, "feature": feature},
                )
            if value not in values:
                known = ", ".join(sorted(values))
                raise InvalidPool(
                    f"person {person.id!r} has value {value!r}, which is not in the quotas "
                    f"(known: {known})",
                    column=feature,
                    code="unknown_value",
                    params={"person": person.id, "feature": feature, "value": value},
                )
            row.append(values[value])
        person_quotas.append(tuple(row))

    household_members: dict[str, list[int]] = {}
    if household_rule:
        for i, person in enumerate(people):
            if person.household is not None:
                household_members.setdefault(person.household, []).append(i)
    shared = {i for members in household_members.values() if len(members) > 1 for i in members}

    group_of_key: dict[tuple[int, ...], int] = {}
    groups: list[list[int]] = []
    group_quotas: list[tuple[int, ...]] = []
    group_of_person: dict[int, int] = {}
    for i, key in enumerate(person_quotas):
        if i in shared or not group_identical:
            group_of_person[i] = len(groups)
            groups.append([i])
            group_quotas.append(key)
            continue
        g = group_of_key.get(key)
        if g is None:
            g = len(groups)
            group_of_key[key] = g
            groups.append([])
            group_quotas.append(key)
        groups[g].append(i)
        group_of_person[i] = g
    households = tuple(
        tuple(group_of_person[i] for i in members)
        for members in household_members.values()
        if len(members) > 1
    )
    return Instance(
        people=tuple(people),
        quotas=tuple(quotas),
        k=k,
        household_rule=household_rule,
        groups=tuple(tuple(g) for g in groups),
        group_quotas=tuple(group_quotas),
        households=households,
    )
