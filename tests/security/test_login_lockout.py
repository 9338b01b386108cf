"""Finding 12 of the security review (issue 12): the login lock-out counted by user name alone,
so anyone who knew a resident's user name could lock them out for five minutes, again and again.

Promise: guessing is still stopped — per (user name, address) pair quickly, per address for
spraying, per user name over all addresses slowly — but a stranger at one address can no longer
lock the owner out: the owner at another address logs in while the stranger is blocked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from maeul.accounts.lockout import DEFAULT_LIMITS, limits, stranger_cannot_lock_out
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.7"
OWNER = "203.0.113.5"


@pytest.fixture(autouse=True)
def _fresh_counts(time_machine: Any) -> Any:
    """Empty counters, and a clock that stands still in the middle of a window: the limits'
    fixed windows must not roll over half-way through a test."""
    time_machine.move_to(dt.datetime(2026, 3, 2, 1, 2, 30, tzinfo=dt.UTC), tick=False)
    cache.clear()
    yield
    cache.clear()


def _login(address: str, username: str, password: str, **extra: str) -> Any:
    client = Client(REMOTE_ADDR=address, **extra)
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_attacker_at_one_address_is_stopped(places: dict[str, Any], make_resident: Any) -> None:
    make_resident(places["geumcheon"], username="owner")
    pair_limit = limits()["LOGIN_LIMIT_PAIR"][0]
    for _attempt in range(pair_limit):
        assert _login(ATTACKER, "owner", "guess-1234").status_code == 200
    blocked = _login(ATTACKER, "owner", "guess-1234")
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) >= 1
    # Even the right password is refused at that address until the window ends.
    assert _login(ATTACKER, "owner", PASSWORD).status_code == 429
    # A forged X-Forwarded-For does not make a new address (no trusted proxy configured).
    spoofed = _login(ATTACKER, "owner", "guess-1234", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert spoofed.status_code == 429


def test_owner_at_another_address_logs_in_while_attacker_is_blocked(
    places: dict[str, Any], make_resident: Any
) -> None:
    make_resident(places["geumcheon"], username="owner")
    pair_limit = limits()["LOGIN_LIMIT_PAIR"][0]
    # The stranger keeps trying long after being blocked: blocked attempts are not counted
    # against the owner's account-wide budget.
    for _attempt in range(pair_limit + 20):
        _login(ATTACKER, "owner", "guess-1234")
    assert _login(ATTACKER, "owner", "guess-1234").status_code == 429
    owner = _login(OWNER, "owner", PASSWORD)
    assert owner.status_code == 302, owner.content.decode()[:500]
    assert _login(ATTACKER, "owner", "guess-1234").status_code == 429


def test_one_address_alone_can_never_reach_the_account_limit() -> None:
    assert stranger_cannot_lock_out(DEFAULT_LIMITS)
    assert stranger_cannot_lock_out()
    assert not stranger_cannot_lock_out(
        {"LOGIN_LIMIT_PAIR": (10, 300), "LOGIN_LIMIT_ACCOUNT": (10, 300)}
    )


def test_guessing_from_many_addresses_is_bounded_per_account(
    places: dict[str, Any], make_resident: Any, settings: Any
) -> None:
    settings.LOGIN_LIMIT_ACCOUNT = (30, 3600)  # the default's shape, smaller to run quickly
    make_resident(places["geumcheon"], username="owner")
    refused = 0
    for address in range(12):
        for _attempt in range(5):
            response = _login(f"192.0.2.{address}", "owner", "guess-1234")
            refused += response.status_code == 429
    assert refused == 12 * 5 - 30
    assert _login("192.0.2.200", "owner", "guess-1234").status_code == 429


def test_spraying_many_accounts_from_one_address_is_stopped(
    places: dict[str, Any], make_resident: Any, settings: Any
) -> None:
    settings.LOGIN_LIMIT_ADDRESS = (20, 300)
    make_resident(places["geumcheon"], username="owner")
    statuses = [_login(ATTACKER, f"user{i}", "guess-1234").status_code for i in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429
    # Another address is not affected.
    assert _login(OWNER, "owner", PASSWORD).status_code == 302
