"""What the demo's pledge dashboard and PB ballot step and summary cost per request (issue
23): the SQL queries, pinned (≤ 20 each), and the server's CPU time, measured with a timing
loop in the test client and printed (``-s``) for the record, not asserted: the machine the
suite runs on is shared, so only relative numbers between runs mean something."""

from __future__ import annotations

import time
from contextlib import ExitStack
from typing import Any

from django.db import connections
from django.test import Client
from django.utils import timezone

from maeul.accounts.models import User

MAX_QUERIES = 20
LOOPS = 20


def _cost(client: Client, url: str) -> tuple[int, float]:
    """The queries of one request (a read replica is the default database's mirror in the
    tests) and the mean CPU milliseconds of ``LOOPS`` more."""
    assert client.get(url).status_code == 200  # warm: templates, translations
    # Counted with an execute wrapper on every alias: a capture of the query log read 0 after
    # the demo's load in this test.
    seen: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(count))
        assert client.get(url).status_code == 200
    start = time.process_time()
    for _ in range(LOOPS):
        client.get(url)
    cpu_ms = (time.process_time() - start) / LOOPS * 1000
    return len(seen), cpu_ms


def test_the_dashboard_and_the_ballot_pages_stay_within_20_queries(shared_demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="resident.geumcheon"))
    year = timezone.localdate().year
    for url in ("/pledges/seoul-geumcheon-gu/", f"/pb/m/seoul-geumcheon-gu/{year}/ballot/1/"):
        queries, cpu_ms = _cost(client, url)
        print(f"\npage-cost {url} queries={queries} cpu_ms={cpu_ms:.1f}")
        assert 0 < queries <= MAX_QUERIES, (url, queries)
    # The summary asks the voting core once for all the groups' polls (``voting_problems``),
    # no longer twice per group: pinned like the others.
    url = f"/pb/m/seoul-geumcheon-gu/{year}/ballot/summary/"
    queries, cpu_ms = _cost(client, url)
    print(f"\npage-cost {url} queries={queries} cpu_ms={cpu_ms:.1f}")
    assert 0 < queries <= MAX_QUERIES, (url, queries)
