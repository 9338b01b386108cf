"""P1 under real concurrency on PostgreSQL: threads, and HTTP requests against gunicorn."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest
from django.db import connection

from maeul.voting import services
from maeul.voting.errors import AlreadyVoted
from maeul.voting.models import Ballot, BallotChoice, Participation
from maeul.voting.selectors import poll_tally
from tests.voting.concurrency.harness import (
    Gunicorn,
    database_url,
    login_session,
    run_async,
    session_headers,
)
from tests.voting.conftest import option_ids

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_threads(n: int, target: Any) -> list[Any]:
    barrier = threading.Barrier(n)
    outcomes: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcomes[i] = target(i)
        except Exception as error:  # recorded and asserted on by the caller
            outcomes[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_50_threads_one_resident_exactly_one_ballot(make_poll, voter):
    poll = make_poll()
    ids = option_ids(poll)
    outcomes = _run_threads(
        50, lambda i: services.ballot_cast(voter=voter, poll=poll, choices=[ids[i % 3]])
    )
    wins = [o for o in outcomes if isinstance(o, services.CastResult)]
    refusals = [o for o in outcomes if isinstance(o, AlreadyVoted)]
    assert len(wins) == 1, outcomes
    assert len(refusals) == 49, [o for o in outcomes if not isinstance(o, AlreadyVoted)]
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert poll_tally(poll).total_ballots == 1


def test_50_threads_same_idempotency_key_one_receipt(make_poll, voter):
    poll = make_poll()
    ids = option_ids(poll)
    outcomes = _run_threads(
        50,
        lambda i: services.ballot_cast(
            voter=voter, poll=poll, choices=[ids[0]], idempotency_key="same-key"
        ),
    )
    receipts = {o.receipt for o in outcomes if isinstance(o, services.CastResult)}
    assert len(receipts) == 1, outcomes
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_revote_race_leaves_one_counted_ballot(make_poll, voter):
    poll = make_poll(revote="last_counts")
    ids = option_ids(poll)
    outcomes = _run_threads(
        20, lambda i: services.ballot_cast(voter=voter, poll=poll, choices=[ids[i % 3]])
    )
    assert all(isinstance(o, services.CastResult) for o in outcomes), outcomes
    assert Ballot.objects.filter(poll=poll, voided=False).count() == 1
    assert Participation.objects.filter(poll=poll).count() == 1
    assert poll_tally(poll).total_ballots == 1


def test_n_residents_at_once_n_ballots(make_poll, places, make_resident):
    poll = make_poll()
    ids = option_ids(poll)
    people = [make_resident(places["geumcheon"]) for _ in range(40)]
    outcomes = _run_threads(
        40, lambda i: services.ballot_cast(voter=people[i], poll=poll, choices=[ids[i % 3]])
    )
    assert all(isinstance(o, services.CastResult) for o in outcomes), outcomes
    assert Participation.objects.filter(poll=poll).count() == 40
    assert Ballot.objects.filter(poll=poll).count() == 40
    assert BallotChoice.objects.filter(poll=poll).count() == 40
    assert poll_tally(poll).total_ballots == 40


async def _fire(base: str, path: str, headers_list: list[dict[str, str]], body: Any) -> list[Any]:
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def one(headers: dict[str, str]) -> httpx.Response:
            return await client.post(path, json=body, headers=headers)

        return await asyncio.gather(*(one(h) for h in headers_list))


@pytest.fixture(scope="module")
def server(django_db_setup: Any) -> Any:
    """One gunicorn for the HTTP tests of this module, on the test database."""
    with Gunicorn(database_url(connection.settings_dict)) as running:
        yield running


def test_200_http_casts_one_resident_one_success(server, make_poll, voter):
    from django.conf import settings

    poll = make_poll()
    ids = option_ids(poll)
    session = login_session(voter)
    headers = [session_headers(session) for _ in range(200)]
    responses = run_async(
        _fire(server.base, f"/api/polls/{poll.pk}/ballots", headers, {"choices": [ids[0]]})
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 1, statuses
    # The rest are refused: 409 once the race reached the database, or 429 once the
    # account's cast limit (settings.CAST_LIMIT_PER_ACCOUNT a minute, counted per worker
    # without Redis) is spent; at least the limit's worth reach the database.
    assert statuses.count(409) + statuses.count(429) == 199, statuses
    assert statuses.count(409) >= settings.CAST_LIMIT_PER_ACCOUNT - 1, statuses
    refusal = next(r for r in responses if r.status_code == 409).json()
    assert refusal["code"] == "already_voted" and refusal["message"]
    for throttled in (r for r in responses if r.status_code == 429):
        assert throttled.json()["code"] == "rate_limited" and throttled.json()["message"]
        assert int(throttled.headers["Retry-After"]) >= 1
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert Participation.objects.filter(poll=poll).count() == 1


def test_http_many_residents_and_refusals(server, make_poll, places, make_resident):
    poll = make_poll()
    ids = option_ids(poll)
    people = [make_resident(places["geumcheon"]) for _ in range(60)]
    outsider = make_resident(places["gwanak"])
    headers = [session_headers(login_session(p)) for p in people]
    responses = run_async(
        _fire(server.base, f"/api/polls/{poll.pk}/ballots", headers, {"choices": [ids[1]]})
    )
    outside = httpx.post(
        f"{server.base}/api/polls/{poll.pk}/ballots",
        json={"choices": [ids[1]]},
        headers=session_headers(login_session(outsider)),
    )
    bad = httpx.post(
        f"{server.base}/api/polls/{poll.pk}/ballots",
        json={"choices": [ids[0], ids[1]]},
        headers=session_headers(login_session(make_resident(places["geumcheon"]))),
    )
    no_csrf = httpx.post(
        f"{server.base}/api/polls/{poll.pk}/ballots",
        json={"choices": [ids[1]]},
        headers={"Cookie": f"sessionid={login_session(make_resident(places['geumcheon']))}"},
    )
    assert [r.status_code for r in responses] == [201] * 60
    assert len({r.json()["receipt"] for r in responses}) == 60
    assert outside.status_code == 403 and outside.json()["code"] == "not_eligible"
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_choices"
    assert no_csrf.status_code == 403
    assert Ballot.objects.filter(poll=poll).count() == 60
