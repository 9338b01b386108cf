"""Rate limits that fit communities (issue 23 item 9), tested both ways.

Fifty residents at one assembly behind one address each sign up, verify and vote within ten
minutes; one client guessing identity numbers is still stopped, by account, by number and,
when it rotates through accounts, by the address backstop."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from maeul.accounts.models import VerifiedIdentity
from maeul.voting.models import Ballot
from tests.conftest import PASSWORD
from tests.voting.conftest import option_ids

pytestmark = pytest.mark.django_db

HALL = "203.0.113.50"  # the community hall's one public address


@pytest.fixture(autouse=True)
def _demo_verification(settings: Any) -> None:
    settings.IDENTITY_ADAPTERS = ["demo"]


def _resident_number(i: int) -> str:
    return f"880101-2{i:06d}"


def _join(places: dict[str, Any], i: int) -> Client:
    """One resident signs up and verifies on the hall's Wi-Fi; the client stays logged in."""
    client = Client(REMOTE_ADDR=HALL)
    signed = client.post(
        reverse("accounts:signup"),
        {
            "username": f"assembly{i}",
            "name": f"주민{i}",
            "email": "",
            "birth_year": "1988",
            "gender": "female",
            "district": places["geumcheon"].pk,
            "dong": places["gasan"].pk,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert signed.status_code == 302, (i, signed.status_code)
    verified = client.post(
        reverse("accounts:verify"),
        {"method": "demo", "name": f"주민{i}", "identity_number": _resident_number(i)},
    )
    assert verified.status_code == 302, (i, verified.status_code)
    return client


def test_fifty_residents_behind_one_address_sign_up_verify_and_vote(
    places: dict[str, Any], make_poll: Any
) -> None:
    poll = make_poll()
    choice = option_ids(poll)[0]
    for i in range(50):
        client = _join(places, i)
        cast = client.post(
            f"/api/polls/{poll.pk}/ballots",
            {"choices": [choice]},
            content_type="application/json",
            headers={"Idempotency-Key": f"assembly-{i}"},
        )
        assert cast.status_code == 201, (i, cast.status_code)
    assert VerifiedIdentity.objects.count() == 50
    assert Ballot.objects.filter(poll=poll).count() == 50


def _attempt(client: Client, number: str) -> int:
    """One verification attempt (residents here declared what the register says, 1988 and
    female, so a good number verifies at once instead of asking to confirm a difference)."""
    response = client.post(
        reverse("accounts:verify"),
        {"method": "demo", "name": "누군가", "identity_number": number},
    )
    return response.status_code


def test_one_account_guessing_numbers_is_stopped(
    places: dict[str, Any], make_resident: Any
) -> None:
    client = Client(REMOTE_ADDR=HALL)
    client.force_login(make_resident(places["geumcheon"], birth_year=1988, verified=False))
    # Malformed guesses are refused by the form (200) and still counted.
    statuses = [_attempt(client, f"88010{i}-20000") for i in range(6)]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    blocked = client.post(reverse("accounts:verify"), {"identity_number": "1"})
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) >= 1
    # The neighbour on the same Wi-Fi is not locked out by it.
    neighbour = Client(REMOTE_ADDR=HALL)
    resident = make_resident(places["geumcheon"], birth_year=1988, verified=False)
    neighbour.force_login(resident)
    assert _attempt(neighbour, _resident_number(900)) == 302
    assert VerifiedIdentity.objects.filter(user=resident).exists()


def test_many_accounts_trying_one_number_are_stopped(
    places: dict[str, Any], make_resident: Any
) -> None:
    target = _resident_number(777)
    statuses = []
    for i in range(6):
        client = Client(REMOTE_ADDR=f"198.51.100.{i}")
        client.force_login(make_resident(places["geumcheon"], birth_year=1988, verified=False))
        statuses.append(_attempt(client, target))
    # The first verifies the number; the next four are refused as already used; then 429.
    assert statuses[0] == 302
    assert statuses[1:5] == [200] * 4
    assert statuses[5] == 429


def test_the_address_backstop_stops_a_client_rotating_accounts(
    places: dict[str, Any], make_resident: Any, settings: Any
) -> None:
    settings.VERIFY_LIMIT_ADDRESS = (12, 600)
    users = [make_resident(places["geumcheon"], birth_year=1988, verified=False) for _ in range(5)]
    statuses = []
    for n in range(15):
        client = Client(REMOTE_ADDR="192.0.2.66")
        client.force_login(users[n % 5])
        statuses.append(_attempt(client, f"99{n:04d}-x"))
    assert statuses[:12] == [200] * 12
    assert set(statuses[12:]) == {429}
    assert get_user_model().objects.filter(resident__isnull=False).count() == 5
