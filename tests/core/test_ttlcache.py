"""The shared per-process cache (maeul/core/ttlcache.py): entries expire, the size is bounded,
and threads may use it side by side. Time is a hand-moved clock, never a sleep."""

from __future__ import annotations

import threading

import pytest

from maeul.core.ttlcache import TTLCache


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_entry_lives_its_seconds_and_no_longer() -> None:
    clock = Clock()
    cache: TTLCache[str, int] = TTLCache(seconds=60, max_entries=10, clock=clock)
    cache.put("poll", 1)
    clock.now += 59.9
    assert cache.get("poll") == 1
    clock.now += 0.1
    assert cache.get("poll") is None
    assert len(cache) == 0  # an expired entry is dropped when found


def test_get_or_load_loads_once_until_expiry() -> None:
    clock = Clock()
    cache: TTLCache[int, str] = TTLCache(seconds=10, max_entries=10, clock=clock)
    loads: list[int] = []

    def load() -> str:
        loads.append(1)
        return f"value {len(loads)}"

    assert cache.get_or_load(7, load) == "value 1"
    assert cache.get_or_load(7, load) == "value 1"
    clock.now += 10
    assert cache.get_or_load(7, load) == "value 2"
    assert len(loads) == 2


def test_a_full_cache_drops_expired_entries_then_the_oldest() -> None:
    clock = Clock()
    cache: TTLCache[int, int] = TTLCache(seconds=10, max_entries=3, clock=clock)
    cache.put(1, 1)
    clock.now += 5
    cache.put(2, 2)
    cache.put(3, 3)
    clock.now += 6  # 1 has expired, 2 and 3 have not
    cache.put(4, 4)
    assert [cache.get(k) for k in (1, 2, 3, 4)] == [None, 2, 3, 4]
    cache.put(5, 5)  # nothing expired: the oldest put (2) makes room
    assert [cache.get(k) for k in (2, 3, 4, 5)] == [None, 3, 4, 5]
    assert len(cache) == 3


def test_putting_again_renews_an_entry() -> None:
    clock = Clock()
    cache: TTLCache[str, int] = TTLCache(seconds=10, max_entries=2, clock=clock)
    cache.put("a", 1)
    clock.now += 8
    cache.put("a", 2)
    clock.now += 8
    assert cache.get("a") == 2
    cache.clear()
    assert cache.get("a") is None


def test_it_needs_a_positive_lifetime_and_size() -> None:
    with pytest.raises(ValueError):
        TTLCache(seconds=0, max_entries=1)
    with pytest.raises(ValueError):
        TTLCache(seconds=1, max_entries=0)


def test_threads_share_it_without_losing_the_bound() -> None:
    cache: TTLCache[int, int] = TTLCache(seconds=60, max_entries=50)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(offset: int) -> None:
        try:
            start.wait()
            for i in range(2000):
                key = (offset * 7 + i) % 120
                cache.put(key, key)
                value = cache.get(key)
                assert value is None or value == key
        except BaseException as error:  # reported to the main thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(cache) <= 50
