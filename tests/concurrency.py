"""Running the same work in many threads at once, for the race tests on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


def race(n: int, work: Callable[[int], Any], *, timeout: float | None = 120) -> list[Any]:
    """Run ``work(i)`` for i in 0..n-1 in ``n`` threads released together by a barrier.

    Returns each thread's result or the exception it raised, in order, so a test can assert
    on every outcome (exactly one winner, the rest refused with the right error). Each thread
    closes its own database connection: Django opens one per thread and the test database
    cannot be dropped while they linger.
    """
    from django.db import connection

    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # the test inspects every outcome
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
