"""LEXIMIN and maximin on the shared pools: the correctness list of issue 4."""

from __future__ import annotations

import math

import pytest

from maeul.engine.sortition import panel_violations
from tests.engine.sortition.sortition_pools import load_pool, solved

SOLVED_INSTANCES = ["example_small_20", "jury250", "fixture150"]


def test_example_small_20_gives_everyone_one_in_ten() -> None:
    distribution = solved("example_small_20", "leximin")
    assert len(distribution.person_probabilities) == 200
    for p in distribution.person_probabilities.values():
        assert p == pytest.approx(0.10, abs=1e-9)


def test_example_large_200_gives_everyone_one_in_ten() -> None:
    # 2000 people collapse to three groups, so this is cheap despite the pool size.
    distribution = solved("example_large_200", "leximin")
    assert sum(distribution.person_probabilities.values()) == pytest.approx(200, abs=1e-6)
    assert distribution.min_probability == pytest.approx(0.10, abs=1e-9)
    assert distribution.max_probability == pytest.approx(0.10, abs=1e-9)
    pool = load_pool("example_large_200")
    for panel in distribution.panels[:: max(1, len(distribution.panels) // 20)]:
        assert panel_violations(pool.people, pool.quotas, panel, pool.k) == []


@pytest.mark.parametrize("name", SOLVED_INSTANCES)
@pytest.mark.parametrize("algorithm", ["leximin", "maximin"])
def test_distribution_is_valid(name: str, algorithm: str) -> None:
    pool = load_pool(name)
    distribution = solved(name, algorithm)
    assert sum(distribution.probabilities) == pytest.approx(1.0, abs=1e-9)
    assert all(p >= 0 for p in distribution.probabilities)
    assert sum(distribution.person_probabilities.values()) == pytest.approx(pool.k, abs=1e-6)
    for panel in distribution.panels:
        assert panel_violations(pool.people, pool.quotas, panel, pool.k) == []
    # per-person probabilities are the marginals of the explicit panels
    marginals = dict.fromkeys(distribution.person_probabilities, 0.0)
    for panel, p in zip(distribution.panels, distribution.probabilities, strict=True):
        for pid in panel:
            marginals[pid] += p
    for pid, p in marginals.items():
        assert distribution.person_probabilities[pid] == pytest.approx(p, abs=1e-12)


@pytest.mark.parametrize("name", SOLVED_INSTANCES)
def test_leximin_dominates_maximin(name: str) -> None:
    leximin = sorted(solved(name, "leximin").person_probabilities.values())
    maximin = sorted(solved(name, "maximin").person_probabilities.values())
    assert leximin[0] >= maximin[0] - 1e-3
    # lexicographically at least maximin's sorted vector, within tolerance
    for a, b in zip(leximin, maximin, strict=True):
        if a > b + 1e-6:
            break
        assert a >= b - 1e-6


def test_jury250_matches_reference_figures() -> None:
    # shared/data/README: maximin optimum 0.1040, LEXIMIN min 0.1037-0.1040, geomean ~0.130
    leximin = solved("jury250", "leximin")
    maximin = solved("jury250", "maximin")
    assert maximin.min_probability == pytest.approx(0.1040, abs=1e-4)
    assert 0.1037 - 1e-6 <= leximin.min_probability <= 0.1040 + 1e-4
    assert leximin.geometric_mean_probability == pytest.approx(0.130, abs=2e-3)


def test_household_rule_is_respected_in_every_panel() -> None:
    pool = load_pool("jury250")
    household = {p.id: p.household for p in pool.people}
    shared = {
        h for h in household.values() if h is not None and list(household.values()).count(h) > 1
    }
    assert shared, "jury250 is expected to contain shared households"
    for panel in solved("jury250", "leximin").panels:
        keys = [household[pid] for pid in panel if household[pid] in shared]
        assert len(keys) == len(set(keys))


def test_legacy_is_less_fair_than_leximin() -> None:
    legacy = solved("jury250", "legacy")
    leximin = solved("jury250", "leximin")
    pool = load_pool("jury250")
    for panel in legacy.panels:
        assert panel_violations(pool.people, pool.quotas, panel, pool.k) == []
    assert legacy.min_probability < leximin.min_probability


def test_nash_is_valid_and_has_highest_geometric_mean() -> None:
    nash = solved("jury250", "nash")
    pool = load_pool("jury250")
    assert sum(nash.person_probabilities.values()) == pytest.approx(pool.k, abs=1e-6)
    for panel in nash.panels:
        assert panel_violations(pool.people, pool.quotas, panel, pool.k) == []
    leximin = solved("jury250", "leximin")
    assert nash.geometric_mean_probability >= leximin.geometric_mean_probability * (1 - 1e-3)
    assert not math.isnan(nash.min_probability)


def test_solution_is_deterministic() -> None:
    from maeul.engine.sortition import find_distribution

    pool = load_pool("jury250")
    again = find_distribution(pool.people, pool.quotas, pool.k)
    first = solved("jury250", "leximin")
    assert again.panels == first.panels
    assert again.probabilities == first.probabilities
