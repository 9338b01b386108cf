"""Fixtures: Geumcheon-gu's grant manager, a reviewer, an official of another district, a
resident, and the demo register."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def manager(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["geumcheon"], "programme_manager", username="gc.grants")


@pytest.fixture
def reviewer(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["geumcheon"], "reviewer", username="gc.reviewer")


@pytest.fixture
def outsider(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["gwanak"], "administrator", username="gwanak.admin")


@pytest.fixture
def resident(places: dict[str, Any], make_resident: Any) -> Any:
    return make_resident(places["geumcheon"], username="gc.resident")


@pytest.fixture
def demo_register(places: dict[str, Any]) -> Any:
    from maeul.outsidegrants import demo

    demo.load()
    return places["geumcheon"]


@pytest.fixture
def programme(places: dict[str, Any], manager: Any) -> Any:
    from maeul.outsidegrants import services

    return services.programme_create(
        actor=manager,
        municipality=places["geumcheon"],
        data={
            "year": "2021",
            "funder": "행정안전부",
            "funder_kind": "central",
            "field": "welfare",
            "title": "돌봄 공모 (시험)",
            "deadline": "2021-05-31",
            "amount_offered_won": "300,000,000",
            "matching_required": "1",
            "note": "내부 메모: 담당 팀장 검토 중",
        },
    )
