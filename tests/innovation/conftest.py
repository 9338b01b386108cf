from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

K = 1000


@pytest.fixture
def seoul_round(places: dict[str, Any], make_official: Any) -> Any:
    from maeul.innovation import services

    city = make_official(places["seoul"], "programme_manager", username="seoul.manager")
    return services.round_create(
        actor=city,
        city=places["seoul"],
        year=2021,
        subsidy_min_won=470_000 * K,
        subsidy_max_won=945_000 * K,
        steps=[("plans_due", dt.date(2020, 1, 1), dt.date(2020, 8, 10))],
    )


@pytest.fixture
def people(places: dict[str, Any], make_official: Any, make_resident: Any) -> dict[str, Any]:
    from maeul.accounts.models import User

    return {
        "city": User.objects.get(username="seoul.manager")
        if User.objects.filter(username="seoul.manager").exists()
        else make_official(places["seoul"], "programme_manager", username="seoul.manager"),
        "city_auditor": make_official(places["seoul"], "auditor"),
        "geumcheon": make_official(places["geumcheon"], "programme_manager"),
        "gwanak": make_official(places["gwanak"], "programme_manager"),
        "resident": make_resident(places["geumcheon"]),
    }


GOOD = [
    {
        "title": "협치기반 구축",
        "kind": "base",
        "pb_support": "1",
        "city_subsidy_won": str(300_000 * K),
    },
    {"title": "분야별 협치사업", "kind": "sector", "city_subsidy_won": str(600_000 * K)},
]


@pytest.fixture
def draft(seoul_round: Any, people: dict[str, Any], places: dict[str, Any]) -> Any:
    from maeul.innovation import services

    plan = services.plan_start(
        actor=people["geumcheon"], round_=seoul_round, district=places["geumcheon"]
    )
    for row in GOOD:
        services.project_add(actor=people["geumcheon"], plan_id=plan.pk, data=row)
    return plan
