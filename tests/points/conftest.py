"""Fixtures of the points tests: Nam-gu with two dongs and a published award table."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

KST = ZoneInfo("Asia/Seoul")

RULES = [
    {"activity": "mobile_vote", "points": 500, "cap_points": 1000, "cap_period": "month"},
    {"activity": "survey", "points": 500},
    {"activity": "committee_attendance", "points": 2000},
    {"activity": "volunteering", "points": 1000, "cap_points": 3000, "cap_period": "year"},
    {"activity": "jury_service", "points": 5000, "verified_only": True},
]


def kst(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=KST)


@pytest.fixture
def namgu(places: dict[str, Any]) -> dict[str, Any]:
    from maeul.places.models import Municipality, MunicipalityKind
    from maeul.points.services import award_table_publish

    district = places["namgu"]
    yangnim = Municipality.objects.create(
        slug="namgu-yangnim-dong",
        name="양림동",
        name_en="Yangnim-dong",
        kind=MunicipalityKind.DONG,
        parent=district,
    )
    bongseon = Municipality.objects.create(
        slug="namgu-bongseon-1-dong",
        name="봉선1동",
        name_en="Bongseon 1-dong",
        kind=MunicipalityKind.DONG,
        parent=district,
        sort_order=1,
    )
    table = award_table_publish(
        actor=None, municipality=district, effective_from=dt.date(2020, 1, 1), rules=RULES
    )
    return {"district": district, "yangnim": yangnim, "bongseon": bongseon, "table": table}


@pytest.fixture
def award(namgu: dict[str, Any]) -> Any:
    """Award ``activity`` to ``resident`` in Nam-gu under a fresh source key."""
    from maeul.points.services import points_award_for_event

    counter = iter(range(1, 1_000_000))

    def give(
        resident: Any,
        activity: str = "committee_attendance",
        when: dt.datetime | None = None,
        key: str | None = None,
    ) -> Any:
        return points_award_for_event(
            resident=resident,
            municipality=namgu["district"],
            activity=activity,
            source_key=key or f"test:{next(counter)}",
            occurred_at=when or kst(2020, 3, 5),
        )

    return give
