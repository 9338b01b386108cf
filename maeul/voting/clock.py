"""The voting clock: the one place services ask for the current time.

Opening and closing are decided on the server by ``now()``. The demo loader replays recorded
history (Nam-gu's 2020 votes) through the same services, so that the stored rows are exactly
what a live vote would have written; it does so inside ``replaying(at)``, which moves this
clock — and only this clock — for the current thread of execution. Nothing reachable from a
request enters ``replaying``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_REPLAY_AT: ContextVar[dt.datetime | None] = ContextVar("maeul_voting_replay_at", default=None)


def now() -> dt.datetime:
    replay = _REPLAY_AT.get()
    return replay if replay is not None else timezone.now()


def is_replaying() -> bool:
    """Whether recorded history is being replayed (the demo loader), not lived: replayed
    events are not news, so nobody is notified of them."""
    return _REPLAY_AT.get() is not None


@contextmanager
def replaying(at: dt.datetime) -> Iterator[None]:
    if timezone.is_naive(at):
        raise ValueError("replaying() needs an aware datetime")
    token = _REPLAY_AT.set(at)
    try:
        yield
    finally:
        _REPLAY_AT.reset(token)
