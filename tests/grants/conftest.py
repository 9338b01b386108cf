"""Fixtures: Seoul's 2021 civil–civil cooperation call for Geumcheon-gu, its manager, and
non-profit organisations located in the district with the people acting for them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def manager(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["seoul"], "programme_manager", username="grants.manager")


@pytest.fixture
def seoul_call(manager: Any, places: dict[str, Any]) -> Any:
    from maeul.grants import services

    def make(**changes: Any) -> Any:
        now = timezone.now()
        data: dict[str, Any] = {
            "title": "2021 민·민 협력 사업",
            "budget_won": 300_000_000,
            "max_grant_won": 30_000_000,
            "max_grantees": 15,
            "min_members": 3,
            "member_kinds": ["nonprofit"],
            "district": places["geumcheon"],
            "max_staff_share_percent": 50,
            "capital_allowed": False,
            "bonuses": {"climate": 5},
            "tie_rule": ["qualitative", "lower_request"],
            "grade_bands": [["가", 170], ["나", 150], ["다", 0]],
            "opens_at": now - dt.timedelta(days=1),
            "closes_at": now + dt.timedelta(days=10),
        }
        data.update(changes)
        call = services.call_create(actor=manager, municipality=places["seoul"], data=data)
        return services.call_move(actor=manager, call_id=call.pk, to="open")

    return make


@pytest.fixture
def make_org(make_resident: Any, places: dict[str, Any]) -> Any:
    """An organisation and the resident who registered it (its representative)."""
    from maeul.grants import services

    counter = iter(range(1, 1000))

    def make(place: str = "gasan", kind: str = "nonprofit", name: str = "") -> tuple[Any, Any]:
        person = make_resident(places["geumcheon"])
        org = services.organisation_register(
            actor=person,
            data={
                "name": name or f"단체{next(counter)}",
                "kind": kind,
                "municipality": places[place],
            },
        )
        return org, person

    return make


def budget(staff: int = 10_000_000, activity: int = 10_000_000) -> list[dict[str, Any]]:
    return [
        {"item": "활동가 인건비", "category": "staff", "amount_won": staff},
        {"item": "교육 운영", "category": "activity", "amount_won": activity},
    ]


@pytest.fixture
def consortium_application(make_org: Any) -> Any:
    """A draft by a lead organisation with two more members, confirmed unless told not to."""
    from maeul.grants import services

    def make(call: Any, *, requested: int = 20_000_000, confirm: bool = True, **data: Any) -> Any:
        lead, person = make_org()
        application = services.application_create(
            actor=person,
            call_id=call.pk,
            organisation_id=lead.pk,
            data={
                "title": data.pop("title", f"{lead.name} 마을 사업"),
                "requested_won": requested,
                "budget": data.pop("budget", budget(requested // 2, requested - requested // 2)),
                **data,
            },
        )
        for _ in range(2):
            org, helper = make_org()
            services.consortium_add(
                actor=person, application_id=application.pk, organisation_id=org.pk
            )
            if confirm:
                services.consortium_confirm(
                    actor=helper, application_id=application.pk, organisation_id=org.pk
                )
        application.applicant = person
        return application

    return make
