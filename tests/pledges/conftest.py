"""Fixtures: Seongnam with its pledge no. 5 built from the sheet's raw inputs."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def seongnam(places: dict[str, Any]) -> Any:
    from maeul.places.models import Municipality
    from maeul.places.models import MunicipalityKind as K

    gyeonggi = Municipality.objects.create(
        slug="gyeonggi",
        admin_code="4100000000",
        name="경기도",
        name_en="Gyeonggi-do",
        kind=K.PROVINCE,
    )
    return Municipality.objects.create(
        slug="gyeonggi-seongnam-si",
        admin_code="4113000000",
        name="성남시",
        name_en="Seongnam-si",
        kind=K.CITY,
        parent=gyeonggi,
    )


@pytest.fixture
def pledge_factory() -> Any:
    from maeul.pledges.models import Pledge, PledgeField, PledgeGoal

    def make(
        municipality: Any,
        number: int,
        *,
        goal: str = "목표",
        field: str = "분야",
        title: str | None = None,
        status: str = "on_track",
    ) -> Any:
        goal_row, _ = PledgeGoal.objects.get_or_create(municipality=municipality, name=goal)
        field_row, _ = PledgeField.objects.get_or_create(goal=goal_row, name=field)
        return Pledge.objects.create(
            municipality=municipality,
            field=field_row,
            number=number,
            title=title or f"공약 {number}",
            status=status,
        )

    return make
