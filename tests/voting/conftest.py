"""Fixtures of the voting tests: a poll factory on the shared places and people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

KST = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture
def manager(places: dict[str, Any], make_official: Callable[..., Any]) -> Any:
    return make_official(places["geumcheon"], "programme_manager", username="manager.g")


@pytest.fixture
def make_poll(places: dict[str, Any], manager: Any) -> Callable[..., Any]:
    """An announced Geumcheon poll, open now unless told otherwise."""
    from maeul.voting import services

    counter = iter(range(1, 10_000))

    def make(
        options: tuple[str, ...] = ("Park", "Library", "Parking"),
        *,
        announce: bool = True,
        opens_at: dt.datetime | None = None,
        closes_at: dt.datetime | None = None,
        municipality: Any = None,
        actor: Any = None,
        **fields: Any,
    ) -> Any:
        now = timezone.now()
        actor = actor or manager
        poll = services.poll_create(
            actor=actor,
            municipality=municipality or places["geumcheon"],
            options=list(options),
            code=fields.pop("code", f"poll-{next(counter)}"),
            title=fields.pop("title", "Which project first?"),
            kind=fields.pop("kind", "single"),
            opens_at=opens_at or now - dt.timedelta(hours=1),
            closes_at=closes_at or now + dt.timedelta(days=1),
            **fields,
        )
        if announce:
            poll = services.poll_announce(actor=actor, poll=poll)
        return poll

    return make


@pytest.fixture
def voter(places: dict[str, Any], make_resident: Callable[..., Any]) -> Any:
    return make_resident(places["geumcheon"], places["gasan"])


def option_ids(poll: Any) -> list[int]:
    return list(poll.options.order_by("position").values_list("pk", flat=True))
