"""A small per-process cache whose entries expire, for reads that may be a little stale.

The hot paths keep rows that change rarely or never (a frozen poll, a municipality, the options
of a poll whose rules are locked) in the process instead of asking the database on every
request. Each use used to carry its own dictionary, clock and size check; this is the one they
share. It is thread-safe (a server thread may serve requests side by side), bounded (a full
cache drops its expired entries, then its oldest ones) and knows nothing of Django, so any layer
may use it.

A value is loaded outside the lock: two threads missing the same key may both load it, and the
later one's value is kept. That is harmless for what is cached here (both read the same row)
and keeps a slow load from blocking every other reader.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TTLCache(Generic[K, V]):
    """Entries live ``seconds`` after they are put; at most ``max_entries`` are kept."""

    def __init__(
        self,
        *,
        seconds: float,
        max_entries: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if seconds <= 0 or max_entries <= 0:
            raise ValueError("a TTL cache needs a positive lifetime and size")
        self.seconds = seconds
        self.max_entries = max_entries
        self._clock = clock
        self._entries: dict[K, tuple[float, V]] = {}
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The value of ``key`` if it was put less than ``seconds`` ago, else None."""
        with self._lock:
            hit = self._entries.get(key)
            if hit is None:
                return None
            if hit[0] <= self._clock():
                del self._entries[key]
                return None
            return hit[1]

    def put(self, key: K, value: V) -> None:
        with self._lock:
            now = self._clock()
            self._entries.pop(key, None)
            if len(self._entries) >= self.max_entries:
                self._drop(now)
            self._entries[key] = (now + self.seconds, value)

    def get_or_load(self, key: K, load: Callable[[], V]) -> V:
        """The cached value of ``key``, or ``load()`` stored for next time."""
        value = self.get(key)
        if value is None:
            value = load()
            self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _drop(self, now: float) -> None:
        """Make room (under the lock): expired entries first, then the oldest put."""
        for key in [k for k, (expires, _v) in self._entries.items() if expires <= now]:
            del self._entries[key]
        while len(self._entries) >= self.max_entries:
            del self._entries[next(iter(self._entries))]
