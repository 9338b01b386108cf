"""Official outcomes reproduced: Assen 2024 and Świecie 2023 were decided by the Method of
Equal Shares with add1 completion; the ``selected`` column of each file is the official
outcome. Every add1 variant (start even or integral, with or without the exhaustive stop)
gives the same set on these two elections."""

from __future__ import annotations

import pytest
from pb_data import DATA, needs_data

from maeul.engine.budgeting import method_of_equal_shares, read_pb


@needs_data
@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb"])
@pytest.mark.parametrize("start", ["even", "integral"])
@pytest.mark.parametrize("stop", [True, False])
def test_official_mes_add1_outcome(name: str, start: str, stop: bool) -> None:
    instance, profile = read_pb(DATA / name)
    official = {p.id for p in instance.projects if p.get("selected") == "1"}
    outcome = method_of_equal_shares(
        instance, profile, completion="add1", increment=1, start=start, exhaustive_stop=stop
    )
    assert set(outcome.selected) == official
    assert outcome.total_cost == instance.cost_of(sorted(official))


@needs_data
def test_assen_plain_mes_underspends_and_add1_fixes_it() -> None:
    instance, profile = read_pb(DATA / "Netherlands_Assen_2024.pb")
    plain = method_of_equal_shares(instance, profile)
    assert plain.total_cost == 60700
    completed = method_of_equal_shares(instance, profile, completion="add1")
    assert completed.total_cost == 76700
