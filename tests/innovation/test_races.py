"""Concurrency on PostgreSQL with threads: two managers starting the same district's plan get
one plan and one clear conflict; two notes written at once get versions 1 and 2."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from maeul.core.errors import Conflict
from maeul.innovation import services
from maeul.innovation.models import NegotiationNote, Plan

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and races need PostgreSQL"
    ),
]


def _race(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_starts_of_the_same_plan(
    seoul_round: Any, places: dict[str, Any], make_official: Any
) -> None:
    first = make_official(places["geumcheon"], "programme_manager")
    second = make_official(places["geumcheon"], "administrator")
    outcomes = _race(
        *(
            lambda actor=actor: services.plan_start(
                actor=actor, round_=seoul_round, district=places["geumcheon"]
            )
            for actor in (first, second)
        )
    )
    assert Plan.objects.count() == 1
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "Plan"]
    assert any(isinstance(o, Conflict) for o in outcomes)


def test_two_notes_at_once_get_two_versions(draft: Any, people: dict[str, Any]) -> None:
    import datetime as dt

    services.plan_submit(
        actor=people["geumcheon"],
        plan_id=draft.pk,
        now=dt.datetime(2020, 8, 10, tzinfo=dt.UTC),
    )
    outcomes = _race(
        lambda: services.note_write(actor=people["city"], plan_id=draft.pk, text="첫 의견"),
        lambda: services.note_write(actor=people["city"], plan_id=draft.pk, text="둘째 의견"),
    )
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert sorted(NegotiationNote.objects.values_list("version", flat=True)) == [1, 2]
