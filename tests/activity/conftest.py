"""Fixtures of the 내 활동 and participation-points tests: Geumcheon-gu with an award table
that pays for ballots, proposals, adoption and attendance, and the voting tests' poll factory."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.budgeting.conftest import cycle, resident, setup_cycle, voted_cycle  # noqa: F401
from tests.voting.conftest import make_poll, manager, voter  # noqa: F401 (fixtures)

RULES = [
    {"activity": "mobile_vote", "points": 500, "cap_points": 1000, "cap_period": "month"},
    {"activity": "pb_proposal_submitted", "points": 1000},
    {"activity": "pb_proposal_adopted", "points": 3000},
    {"activity": "committee_attendance", "points": 2000},
    {"activity": "council_attendance", "points": 1500},
]


@pytest.fixture
def award_table(places: dict[str, Any]) -> Any:
    from maeul.points.services import award_table_publish

    return award_table_publish(
        actor=None,
        municipality=places["geumcheon"],
        effective_from=dt.date(2020, 1, 1),
        rules=RULES,
    )
