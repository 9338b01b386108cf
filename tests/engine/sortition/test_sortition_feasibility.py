"""Feasibility diagnosis and the smallest relaxation, checked against brute force."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from maeul.engine.sortition import (
    FeatureQuota,
    InfeasibleQuotas,
    Person,
    check_feasibility,
    find_distribution,
    panel_violations,
)
from tests.engine.sortition.sortition_pools import load_pool


def _apply(quotas: Sequence[FeatureQuota], report_relaxations: Sequence) -> list[FeatureQuota]:
    changed = {(r.feature, r.value): r for r in report_relaxations}
    out = []
    for q in quotas:
        r = changed.get((q.feature, q.value))
        out.append(replace(q, min=r.new_min, max=r.new_max) if r else q)
    return out


def test_too_few_volunteers_gives_a_relaxation() -> None:
    people = [Person(f"w{i}", {"gender": "f", "age": "young"}) for i in range(3)]
    people += [Person(f"m{i}", {"gender": "m", "age": "old"}) for i in range(10)]
    quotas = [
        FeatureQuota("gender", "f", 5, 6),
        FeatureQuota("gender", "m", 4, 5),
        FeatureQuota("age", "young", 0, 10),
        FeatureQuota("age", "old", 0, 10),
    ]
    report = check_feasibility(people, quotas, 10)
    assert not report.feasible
    assert any("only 3 volunteer(s) have gender=f" in p for p in report.problems)
    changes = {(r.feature, r.value): (r.new_min, r.new_max) for r in report.relaxations}
    assert changes[("gender", "f")][0] == 3
    assert changes[("gender", "m")][1] == 7
    text = report.summary()
    assert "lower the minimum from 5 to 3" in text
    assert "raise the maximum from 5 to 7" in text
    assert check_feasibility(people, _apply(quotas, report.relaxations), 10).feasible
    with pytest.raises(InfeasibleQuotas) as caught:
        find_distribution(people, quotas, 10)
    assert caught.value.report.relaxations == report.relaxations


def test_infeasible_jury250_fixture_gets_minimal_relaxation() -> None:
    pool = load_pool("jury250")
    young = sum(1 for p in pool.people if p.features["age"] == "29_or_younger")
    quotas = [
        replace(q, min=young + 2, max=young + 3) if q.value == "29_or_younger" else q
        for q in pool.quotas
    ]
    report = check_feasibility(pool.people, quotas, pool.k)
    assert not report.feasible
    relaxed = _apply(quotas, report.relaxations)
    assert check_feasibility(pool.people, relaxed, pool.k).feasible
    young_change = next(r for r in report.relaxations if r.value == "29_or_younger")
    assert young_change.new_min <= young


def test_household_rule_can_make_a_panel_impossible() -> None:
    people = [Person(str(i), {"g": "x"}, "same-house") for i in range(5)]
    quotas = [FeatureQuota("g", "x", 0, 5)]
    report = check_feasibility(people, quotas, 2)
    assert not report.feasible
    assert not report.panel_size_possible
    assert "too small" in report.summary()
    assert check_feasibility(people, quotas, 2, household_rule=False).feasible


def test_flex_bounds_limit_the_suggestion_when_possible() -> None:
    people = [Person(f"p{i}", {"g": "a" if i < 2 else "b"}) for i in range(10)]
    quotas = [FeatureQuota("g", "a", 4, 5, min_flex=1, max_flex=5), FeatureQuota("g", "b", 0, 6)]
    report = check_feasibility(people, quotas, 6)
    assert not report.feasible
    assert {r.value: r.new_min for r in report.relaxations}["a"] == 2


# --- differential test against brute force on tiny random pools ----------------------------


def _brute_panels(
    people: list[Person], quotas: list[FeatureQuota], k: int
) -> list[tuple[str, ...]]:
    ids = [p.id for p in people]
    return [
        panel
        for panel in itertools.combinations(ids, k)
        if not panel_violations(people, quotas, panel, k)
    ]


def _brute_leximin(ids: list[str], panels: list[tuple[str, ...]]) -> list[float]:
    """Textbook LEXIMIN over all panels: one LP per level, one LP per person to test tightness."""
    a = np.array([[1.0 if pid in panel else 0.0 for panel in panels] for pid in ids])
    n, m = a.shape
    fixed: dict[int, float] = {}
    for i in range(n):
        if not a[i].any():
            fixed[i] = 0.0
    while len(fixed) < n:
        free = [i for i in range(n) if i not in fixed]
        # variables: q (m), z ; maximise z
        c = np.zeros(m + 1)
        c[-1] = -1.0
        rows, rhs = [], []
        for i in range(n):
            row = np.zeros(m + 1)
            row[:m] = -a[i]
            if i in fixed:
                rhs.append(-fixed[i] + 1e-9)
            else:
                row[-1] = 1.0
                rhs.append(0.0)
            rows.append(row)
        eq = np.zeros((1, m + 1))
        eq[0, :m] = 1.0
        bounds = [(0, None)] * m + [(None, None)]
        z = -linprog(c, A_ub=rows, b_ub=rhs, A_eq=eq, b_eq=[1.0], bounds=bounds).fun
        for i in free:
            c2 = np.zeros(m + 1)
            c2[:m] = -a[i]
            rows2 = [r.copy() for r in rows]
            rhs2 = list(rhs)
            for j in free:
                rows2[j][-1] = 0.0
                rhs2[j] = -z + 1e-9
            best = -linprog(c2, A_ub=rows2, b_ub=rhs2, A_eq=eq, b_eq=[1.0], bounds=bounds).fun
            if best <= z + 1e-7:
                fixed[i] = z
    return sorted(fixed[i] for i in range(n))


@st.composite
def tiny_instances(draw: st.DrawFn) -> tuple[list[Person], list[FeatureQuota], int]:
    n = draw(st.integers(3, 8))
    k = draw(st.integers(1, min(4, n - 1)))
    genders = draw(st.lists(st.sampled_from("fm"), min_size=n, max_size=n))
    ages = draw(st.lists(st.sampled_from("yo"), min_size=n, max_size=n))
    homes = draw(st.lists(st.sampled_from([None, None, "h1", "h2"]), min_size=n, max_size=n))
    people = [Person(f"p{i}", {"gender": genders[i], "age": ages[i]}, homes[i]) for i in range(n)]
    quotas = []
    for feature, values in (("gender", "fm"), ("age", "yo")):
        for value in values:
            low = draw(st.integers(0, k))
            high = draw(st.integers(low, k))
            quotas.append(FeatureQuota(feature, value, low, high))
    return people, quotas, k


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_matches_brute_force(instance: tuple[list[Person], list[FeatureQuota], int]) -> None:
    people, quotas, k = instance
    panels = _brute_panels(people, quotas, k)
    report = check_feasibility(people, quotas, k)
    assert report.feasible == bool(panels)
    if not panels:
        if report.panel_size_possible:
            assert check_feasibility(people, _apply(quotas, report.relaxations), k).feasible
        return
    expected = _brute_leximin([p.id for p in people], panels)
    distribution = find_distribution(people, quotas, k)
    got = sorted(distribution.person_probabilities.values())
    assert got == pytest.approx(expected, abs=1e-6)
    assert set(distribution.panels) <= set(panels)
    maximin = find_distribution(people, quotas, k, "maximin")
    assert maximin.min_probability == pytest.approx(expected[0], abs=1e-6)


def test_findings_name_each_problem_as_a_code() -> None:
    """Applications word the problems in their own language from the codes and numbers."""
    people = [Person(f"w{i}", {"gender": "f"}) for i in range(2)]
    people += [Person(f"m{i}", {"gender": "m"}) for i in range(6)]
    quotas = [FeatureQuota("gender", "f", 4, 5), FeatureQuota("gender", "m", 3, 4)]
    report = check_feasibility(people, quotas, 10, household_rule=False)
    assert not report.feasible
    codes = {f.code: dict(f.params) for f in report.findings}
    assert codes["too_few_with_value"] == {
        "feature": "gender",
        "value": "f",
        "available": 2,
        "min": 4,
    }
    assert codes["maximums_below_panel"] == {"feature": "gender", "total": 9, "k": 10}
    assert codes["pool_too_small"] == {"units": 8, "k": 10, "households": False}
    assert [f.text for f in report.findings] == list(report.problems)
