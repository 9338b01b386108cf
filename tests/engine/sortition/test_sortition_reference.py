"""Differential test against the Sortition Foundation's library (test-only reference).

sortition-algorithms' maximin with HiGHS is an independent implementation of the maximin
optimum; LEXIMIN's minimum must reach it (issue 4). It is never imported from ``maeul/``.
"""

from __future__ import annotations

import csv

import pytest

from tests.engine.sortition.sortition_pools import data_dir, solved

reference = pytest.importorskip("sortition_algorithms.committee_generation")


@pytest.mark.slow
def test_leximin_reaches_reference_maximin_on_jury250() -> None:
    from sortition_algorithms.features import read_in_features
    from sortition_algorithms.people import read_in_people
    from sortition_algorithms.settings import Settings

    base = data_dir() / "jury250"
    with open(base / "categories.csv", encoding="utf-8") as f:
        feature_rows = list(csv.DictReader(f))
    with open(base / "respondents.csv", encoding="utf-8") as f:
        people_rows = list(csv.DictReader(f))
    features, _, _ = read_in_features(list(feature_rows[0]), feature_rows, 35)
    settings = Settings(
        id_column="id",
        columns_to_keep=["household"],
        check_same_address=True,
        check_same_address_columns=["household"],
    )
    people, _ = read_in_people(list(people_rows[0]), people_rows, features, settings)
    committees, probabilities, _ = reference.find_distribution_maximin(
        features, people, 35, ["household"], "highspy"
    )
    marginals: dict[str, float] = dict.fromkeys(people, 0.0)
    for committee, p in zip(committees, probabilities, strict=True):
        for pid in committee:
            marginals[pid] += p
    reference_min = min(marginals.values())
    ours = solved("jury250", "leximin")
    assert reference_min == pytest.approx(0.1040, abs=5e-4)
    assert ours.min_probability >= reference_min - 1e-3
    ours_sorted = sorted(ours.person_probabilities.values())
    theirs_sorted = sorted(marginals.values())
    for a, b in zip(ours_sorted, theirs_sorted, strict=True):
        if a > b + 1e-6:
            break
        assert a >= b - 1e-6
