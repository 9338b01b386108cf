"""Races on PostgreSQL: two officials pressing "run the lottery" at once get one draw; a
resident's double-submitted application gives one volunteer."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.core.errors import Conflict
from maeul.juries import services
from maeul.juries.models import Draw
from tests.concurrency import race

pytestmark = pytest.mark.postgres


def test_concurrent_draws_give_one_jury(transactional_db: Any, jury_factory: Any) -> None:
    jury = jury_factory(pool=40)
    results = race(3, lambda i: services.jury_draw(actor=jury.admin, jury=jury, seed=100 + i))
    draws = [r for r in results if isinstance(r, Draw)]
    assert len(draws) == 1
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, Draw))
    assert Draw.objects.filter(jury=jury).count() == 1
    assert jury.volunteers.filter(status="juror").count() == 10


def test_double_application_gives_one_volunteer(
    transactional_db: Any, jury_factory: Any, places: dict[str, Any], make_resident: Any
) -> None:
    jury = jury_factory(pool=0)
    resident = make_resident(places["geumcheon"], places["gasan"])
    results = race(
        2,
        lambda i: services.volunteer_apply(
            actor=resident, jury=jury, dong=None, phone="", contact_by="sms", consent=True
        ),
    )
    assert sum(1 for r in results if isinstance(r, Conflict)) == 1
    assert jury.volunteers.filter(user=resident).count() == 1
