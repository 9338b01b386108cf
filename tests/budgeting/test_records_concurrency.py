"""Under concurrency, on PostgreSQL (RELIABILITY P2): the districts' shares of a city's
citizen PB never pass its total (the programme row lock serialises them), and a reported
cycle's project list is recorded once however many officials send it at the same time (the
cycle row lock)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Sum

from maeul.budgeting.models import DistrictShare, Execution, Proposal
from maeul.budgeting.services.city import city_programme_create, district_share_record
from maeul.budgeting.services.records import reported_projects_record
from maeul.core.errors import Conflict, ServiceError
from maeul.places.models import Municipality, MunicipalityKind
from tests.concurrency import race

from .test_records import _projects, _reported

pytestmark = pytest.mark.postgres


def test_district_shares_never_pass_the_total(
    transactional_db: Any, places: dict[str, Any], make_official: Any
) -> None:
    manager = make_official(places["gwangju"], "programme_manager")
    districts = [
        Municipality.objects.create(
            slug=f"gwangju-d{i}",
            name=f"구{i}",
            name_en=f"Gu {i}",
            kind=MunicipalityKind.DISTRICT,
            parent=places["gwangju"],
        )
        for i in range(6)
    ]
    programme = city_programme_create(
        actor=manager,
        city=places["gwangju"],
        budget_year=2021,
        title="2021년 광주광역시 시민참여예산",
        total_amount_won=100_000_000,
    )
    outcomes = race(
        6,
        lambda i: district_share_record(
            actor=manager,
            programme=programme,
            district=districts[i],
            projects=1,
            amount_won=30_000_000,
        ),
    )
    refused = [o for o in outcomes if isinstance(o, ServiceError)]
    assert len(refused) == 3, outcomes
    assert DistrictShare.objects.aggregate(total=Sum("amount_won"))["total"] == 90_000_000


def test_a_reported_project_list_is_recorded_once(
    transactional_db: Any, places: dict[str, Any], make_official: Any
) -> None:
    admin = make_official(places["geumcheon"], "administrator")
    cycle = _reported(admin, places["geumcheon"])
    outcomes = race(
        4, lambda i: reported_projects_record(actor=admin, cycle=cycle, projects=_projects())
    )
    assert sum(isinstance(o, Conflict) for o in outcomes) == 3, outcomes
    assert Proposal.objects.filter(cycle=cycle).count() == 35
    assert Execution.objects.aggregate(total=Sum("amount_won"))["total"] == 766_000_000
