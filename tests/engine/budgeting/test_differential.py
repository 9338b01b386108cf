"""Differential tests against pabutools 1.2.x on every shared approval and choose-1 file.

Rules and parameters (tie-break ``id`` = pabutools' lexicographic default):
greedy by votes (pabutools ``greedy_utilitarian_welfare`` with ``Cost_Sat``), MES with cost
utilities and no completion, MES add1 in pabutools' variant (increment 1, start at B/n, stop
at the first exhaustive outcome) and sequential Phragmén (``zero_approval="fund"``, as
pabutools). Selections must be identical, in selection order -- except for Phragmén, whose
pabutools implementation returns its selection sorted by project id (``alloc.sort()``), so
there the sets are compared.

Two sources of reference selections:

- ``fixtures/pabutools_reference.json`` (written by ``benchmarks/pb/pabutools_reference.py``
  with the pabutools version and parameters recorded in it) covers every file and rule that
  pabutools finished within its time and memory limit. pabutools needs tens of seconds and
  gigabytes on the large files, too slow for CI, hence the fixture.
- pabutools itself runs live on the small files (under 60 kB), so the fixture cannot drift
  from the library silently.

add1 with increment 1 is compared wherever pabutools finished within its limits (300 s,
4 GB): it ran out of memory on Budapest 2022, Veszprém 2025 and Toulouse 2022 and needs more
than 300 s on Warszawa 2020 and Łódź 2023 (those cases are listed and left out). Budapest and
Toulouse are also left out for Maeul, which needs minutes there (see the engine's docs).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pb_data import APPROVAL_FILES, DATA, file_ids, needs_data

from maeul.engine.budgeting import greedy, method_of_equal_shares, phragmen, read_pb
from maeul.engine.budgeting.model import Instance, Profile

FIXTURE = Path(__file__).with_name("fixtures") / "pabutools_reference.json"
REFERENCE: dict[str, dict[str, object]] = (
    json.loads(FIXTURE.read_text())["results"] if FIXTURE.exists() else {}
)
RULES = ("greedy", "mes", "mes-add1", "phragmen")
SMALL = [p for p in APPROVAL_FILES if p.stat().st_size < 60_000]
# add1 runs Maeul is fast on (see the module docstring); others are compared by benchmark.
ADD1_FAST = {
    "Netherlands_Assen_2024",
    "Poland_Swiecie_2023",
    "Worldwide_Mechanical_Turk_Knapsack_3",
    "Worldwide_Mechanical_Turk_k_approval_3",
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals",
    "Switzerland_Zurich_S5",
    "Switzerland_Zurich_SN",
    "Poland_Lodz_2023",
    "Poland_Warszawa_2026_Ochota",
    "US_Stanford_Dataset_PB_Cambridge_2015_vote_knapsacks",
    "US_Stanford_Dataset_PB_Cambridge_2015_vote_approvals",
    "Poland_Wroclaw_2017_Rejon_nr_1_750",
    "Netherlands_Amsterdam_309",
    "Poland_Warszawa_2020_Praga-Poludnie",
    "Hungary_Veszprem_2025",
}

_CACHE: dict[Path, tuple[Instance, Profile]] = {}


def _load(path: Path) -> tuple[Instance, Profile]:
    if path not in _CACHE:
        _CACHE[path] = read_pb(path)
    return _CACHE[path]


def maeul_selection(rule: str, path: Path) -> list[str]:
    instance, profile = _load(path)
    if rule == "greedy":
        outcome = greedy(instance, profile, tie_break="id")
    elif rule == "mes":
        outcome = method_of_equal_shares(instance, profile, tie_break="id")
    elif rule == "mes-add1":
        outcome = method_of_equal_shares(
            instance, profile, completion="add1", increment=1, start="even", tie_break="id"
        )
    else:
        outcome = phragmen(instance, profile, tie_break="id", zero_approval="fund")
    return list(outcome.selected)


ALL_CASES = [
    (path, rule)
    for path in APPROVAL_FILES
    for rule in RULES
    if rule != "mes-add1" or path.stem in ADD1_FAST
]
# The runs pabutools could not finish within 300 s and 4 GB (the module docstring): nothing to
# compare them with, so they are left out by name rather than skipped at run time.
PABUTOOLS_UNFINISHED = {
    "Hungary_Veszprem_2025.pb|mes-add1",
    "Poland_Warszawa_2020_Praga-Poludnie.pb|mes-add1",
    "Poland_Lodz_2023.pb|mes-add1",
}
CASES = [
    pytest.param(path, rule, id=f"{path.stem}-{rule}")
    for path, rule in ALL_CASES
    if f"{path.name}|{rule}" not in PABUTOOLS_UNFINISHED
]


@needs_data
def test_only_the_named_runs_lack_a_pabutools_reference() -> None:
    missing = {
        f"{path.name}|{rule}"
        for path, rule in ALL_CASES
        if "selected" not in REFERENCE.get(f"{path.name}|{rule}", {})
    }
    assert missing == PABUTOOLS_UNFINISHED


@needs_data
@pytest.mark.parametrize(("path", "rule"), CASES)
def test_same_selection_as_pabutools_fixture(path: Path, rule: str) -> None:
    entry = REFERENCE[f"{path.name}|{rule}"]
    assert _comparable(rule, maeul_selection(rule, path)) == entry["selected"]


def _comparable(rule: str, selected: list[str]) -> list[str]:
    return sorted(selected) if rule == "phragmen" else selected


@needs_data
def test_fixture_covers_every_file() -> None:
    """Every approval file has a pabutools reference for greedy, MES and Phragmén."""
    assert DATA.is_dir()
    missing = [
        f"{p.name}|{rule}"
        for p in APPROVAL_FILES
        for rule in ("greedy", "mes", "phragmen")
        if "selected" not in REFERENCE.get(f"{p.name}|{rule}", {})
    ]
    assert not missing


def _pabutools(rule: str, path: Path) -> list[str]:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import (
        greedy_utilitarian_welfare,
        sequential_phragmen,
    )
    from pabutools.rules import (
        method_of_equal_shares as pabu_mes,
    )

    instance, profile = parse_pabulib(str(path))
    if rule == "greedy":
        result = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    elif rule == "mes":
        result = pabu_mes(instance, profile, sat_class=Cost_Sat)
    elif rule == "mes-add1":
        result = pabu_mes(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    else:
        result = sequential_phragmen(instance, profile)
    return [p.name for p in result]


LIVE = [
    pytest.param(path, rule, id=f"{path.stem}-{rule}")
    for path in SMALL
    for rule in RULES
    if rule != "mes-add1" or path.stem in {"Netherlands_Assen_2024", "Switzerland_Zurich_S5"}
]


@needs_data
@pytest.mark.parametrize(("path", "rule"), LIVE)
def test_same_selection_as_pabutools_live(path: Path, rule: str) -> None:
    pytest.importorskip("pabutools")
    assert _comparable(rule, maeul_selection(rule, path)) == _pabutools(rule, path)


@needs_data
@pytest.mark.parametrize("path", APPROVAL_FILES, ids=file_ids(APPROVAL_FILES))
def test_fast_path_equals_exact_arithmetic(path: Path) -> None:
    """The certified float path and the all-fractions engine select the same projects."""
    instance, profile = _load(path)
    fast = method_of_equal_shares(instance, profile, tie_break="id")
    exact = method_of_equal_shares(instance, profile, tie_break="id", exact=True)
    assert fast.selected == exact.selected
    chosen = [s for s in fast.trace if s.event == "select"]
    assert chosen == [s for s in exact.trace if s.event == "select"]
