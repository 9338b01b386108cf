"""Rate limits on casting through the API (RELIABILITY P13): per account and per client
address, 429 with ``Retry-After`` and a message in Korean or English; a ballot already cast
is kept, and a spoofed ``X-Forwarded-For`` does not move a client to another address."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maeul.voting.models import Ballot
from tests.voting.conftest import option_ids

pytestmark = pytest.mark.django_db


def _cast(
    client: Client, poll: Any, *, key: str, address: str = "203.0.113.7", **headers: str
) -> Any:
    return client.post(
        f"/api/polls/{poll.pk}/ballots",
        {"choices": [option_ids(poll)[0]]},
        content_type="application/json",
        headers={"Idempotency-Key": key, **headers},
        REMOTE_ADDR=address,
    )


def test_per_account_limit_answers_429_and_keeps_the_ballot(make_poll, voter, settings):
    settings.CAST_LIMIT_PER_ACCOUNT = 3
    poll = make_poll()
    client = Client()
    client.force_login(voter)
    first = _cast(client, poll, key="k0")
    assert first.status_code == 201
    assert _cast(client, poll, key="k0").status_code == 200  # a retry: same receipt
    assert _cast(client, poll, key="k1").json()["code"] == "already_voted"
    refused = _cast(client, poll, key="k2")
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "rate_limited" and "초" in body["message"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    client.cookies["maeul_language"] = "en"
    english = _cast(client, poll, key="k3")
    assert english.status_code == 429
    assert "Too many ballots" in english.json()["message"]
    assert "already cast is kept" in english.json()["message"]
    assert Ballot.objects.filter(poll=poll, receipt=first.json()["receipt"]).exists()
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_per_address_limit_counts_every_account_behind_it(
    make_poll, places, make_resident, settings
):
    settings.CAST_LIMIT_PER_ADDRESS = 2
    poll = make_poll()
    statuses = []
    for i in range(3):
        client = Client()
        client.force_login(make_resident(places["geumcheon"]))
        # A forged X-Forwarded-For is ignored: this server is not behind a trusted proxy.
        statuses.append(
            _cast(client, poll, key=f"a{i}", **{"X-Forwarded-For": f"198.51.100.{i}"}).status_code
        )
    assert statuses == [201, 201, 429]
    elsewhere = Client()
    elsewhere.force_login(make_resident(places["geumcheon"]))
    assert _cast(elsewhere, poll, key="b", address="203.0.113.99").status_code == 201
    assert Ballot.objects.filter(poll=poll).count() == 3


def test_limits_of_zero_are_off(make_poll, places, make_resident, settings):
    settings.CAST_LIMIT_PER_ADDRESS = 0
    settings.CAST_LIMIT_PER_ACCOUNT = 0
    poll = make_poll()
    for i in range(5):
        client = Client()
        client.force_login(make_resident(places["geumcheon"]))
        assert _cast(client, poll, key=f"z{i}").status_code == 201


def test_web_form_shares_the_counters_and_answers_429(make_poll, voter, settings):
    settings.CAST_LIMIT_PER_ACCOUNT = 2
    poll = make_poll()
    client = Client()
    client.force_login(voter)
    assert _cast(client, poll, key="api").status_code == 201  # the API counts one
    web = {"key": "web", "choice": str(option_ids(poll)[0])}
    assert client.post(f"/votes/{poll.pk}/cast", web, REMOTE_ADDR="203.0.113.7").status_code == 409
    refused = client.post(f"/votes/{poll.pk}/cast", web, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert Ballot.objects.filter(poll=poll).count() == 1
