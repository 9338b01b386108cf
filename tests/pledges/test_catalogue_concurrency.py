"""Races on PostgreSQL: officials adding the same pledge number, or the same goal, at once get
one row and clear Conflicts — matched by the constraint's name, which PostgreSQL reports in
its diagnostics (SQLite words it differently; the same test without the race covers it)."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.core.errors import Conflict
from maeul.pledges import catalogue
from maeul.pledges.models import FundingPlan, Pledge, PledgeGoal
from tests.concurrency import race

pytestmark = pytest.mark.postgres


def test_same_pledge_number_at_once_gives_one_pledge(
    transactional_db: Any, places: dict[str, Any], make_official: Any, pledge_factory: Any
) -> None:
    m = places["geumcheon"]
    field = pledge_factory(m, 1).field
    officials = [make_official(m, "administrator") for _ in range(4)]
    results = race(
        4,
        lambda i: catalogue.pledge_create(
            actor=officials[i],
            municipality=m,
            data={"number": 2, "title": f"공약 {i}", "field": field},
        ),
    )
    assert sum(isinstance(r, Pledge) for r in results) == 1
    conflicts = [r for r in results if not isinstance(r, Pledge)]
    assert all(isinstance(r, Conflict) and r.field == "number" for r in conflicts), conflicts
    assert Pledge.objects.filter(municipality=m, number=2).count() == 1
    goals = race(
        3, lambda i: catalogue.goal_create(actor=officials[i], municipality=m, name="같은 목표")
    )
    assert sum(isinstance(r, PledgeGoal) for r in goals) == 1
    assert all(isinstance(r, (PledgeGoal, Conflict)) for r in goals)


def test_table_replacements_serialise_on_the_pledge(
    transactional_db: Any, places: dict[str, Any], make_official: Any, pledge_factory: Any
) -> None:
    m = places["geumcheon"]
    pledge = pledge_factory(m, 1)
    officials = [make_official(m, "administrator") for _ in range(4)]
    results = race(
        4,
        lambda i: catalogue.pledge_table_replace(
            actor=officials[i],
            pledge=pledge,
            table="funding",
            rows=[
                {"source": "구비", "period": str(2023 + n), "amount_won": 100 * (i + 1)}
                for n in range(3)
            ],
        ),
    )
    assert results == [3, 3, 3, 3]
    # one writer's whole table, never a mix or a doubled table
    amounts = set(FundingPlan.objects.filter(pledge=pledge).values_list("amount_won", flat=True))
    assert FundingPlan.objects.filter(pledge=pledge).count() == 3 and len(amounts) == 1
