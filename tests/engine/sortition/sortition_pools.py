"""Shared helpers: the real pools in ``tests/data/sortition`` and their solved distributions.

Distributions are computed once per session (solving jury250 takes about two seconds) and
shared by the tests that check different properties of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from maeul.engine.sortition import (
    Distribution,
    FeatureQuota,
    Person,
    find_distribution,
    read_features_csv,
    read_people_csv,
)

REPO_ROOT = Path(__file__).resolve().parents[3]


def shared_data() -> Path:
    """``tests/data`` (the real pools the tests need, shipped with the repository; see
    ``tests/data/README.md``), or ``$MAEUL_SHARED_DATA`` to run on another copy."""
    return Path(os.environ.get("MAEUL_SHARED_DATA", REPO_ROOT / "tests" / "data"))


SORTITION = shared_data() / "sortition"


@dataclass(frozen=True)
class Pool:
    name: str
    people: list[Person]
    quotas: list[FeatureQuota]
    k: int
    household_columns: tuple[str, ...] = ()


# name -> (directory, people file, features file, panel size, household columns)
INSTANCES = {
    "example_small_20": ("example_small_20", "respondents.csv", "categories.csv", 20, ()),
    "example_large_200": ("example_large_200", "respondents.csv", "categories.csv", 200, ()),
    "jury250": ("jury250", "respondents.csv", "categories.csv", 35, ("household",)),
    "fixture150": (
        "fixture150",
        "candidates.csv",
        "features.csv",
        22,
        ("primary_address1", "primary_zip"),
    ),
}


@cache
def load_pool(name: str) -> Pool:
    directory, people_file, features_file, k, households = INSTANCES[name]
    base = SORTITION / directory
    if not base.is_dir():
        pytest.skip(f"sortition data not found at {base} (MAEUL_SHARED_DATA points elsewhere)")
    quotas = read_features_csv(base / features_file)
    people = read_people_csv(base / people_file, quotas, household_columns=households)
    return Pool(name, people, quotas, k, households)


@cache
def solved(name: str, algorithm: str) -> Distribution:
    pool = load_pool(name)
    return find_distribution(pool.people, pool.quotas, pool.k, algorithm)


def data_dir() -> Path:
    if not SORTITION.is_dir():
        pytest.skip(f"sortition data not found at {SORTITION} (MAEUL_SHARED_DATA points elsewhere)")
    return SORTITION
