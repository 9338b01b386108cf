"""Races on PostgreSQL: two officials pressing "run the lottery" at once get one draw; a
resident's double-submitted application gives one volunteer."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from maeul.core.errors import Conflict
from maeul.juries import services
from maeul.juries.models import Draw

pytestmark = pytest.mark.postgres


def _race(count: int, work: Any) -> list[Any]:
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # the outcome under test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_draws_give_one_jury(transactional_db: Any, jury_factory: Any) -> None:
    jury = jury_factory(pool=40)
    results = _race(3, lambda i: services.jury_draw(actor=jury.admin, jury=jury, seed=100 + i))
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
    results = _race(
        2,
        lambda i: services.volunteer_apply(
            actor=resident, jury=jury, dong=None, phone="", contact_by="sms", consent=True
        ),
    )
    assert sum(1 for r in results if isinstance(r, Conflict)) == 1
    assert jury.volunteers.filter(user=resident).count() == 1
