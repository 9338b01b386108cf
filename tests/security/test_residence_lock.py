"""Finding 1 of the security review (issue 12): residence was self-declared even on verified
accounts. A verified Geumcheon-gu resident changed the profile's district to Nam-gu and got a
receipt in a Nam-gu ``verified_only`` poll; with the census adapter the district taken from the
register was overwritten by the next profile save.

Promise: on a verified profile the district, dong, birth year and gender are the
verification's. The profile page shows them read-only and says how to move (verify again); the
service refuses a change (``ResidenceLocked``); the database refuses it too (trigger
``resident_residence_locked``, SQLite and PostgreSQL); a ``verified_only`` poll reads nothing a
resident declared — also on PostgreSQL's one-statement cast path. Moving means verifying
again as the same person; the census adapter's new address then applies.
"""

# The voting tests' fixtures are imported by name, so pytest finds them; their parameters then
# shadow the imports, as fixtures do.
# ruff: noqa: F811

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from maeul.accounts.models import ResidentProfile
from maeul.accounts.services import (
    ResidenceLocked,
    identity_verify,
    residence_reverify,
    resident_update,
)
from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict
from maeul.voting import fastpath, services
from maeul.voting.errors import NotEligible
from maeul.voting.models import Ballot, Participation, Poll
from tests.voting.conftest import make_poll, manager, option_ids  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

CENSUS_HEADER = "identity_number,name,birth_year,gender,district_code,dong_code\n"


@pytest.fixture
def census(settings: Any, tmp_path: Path) -> Path:
    path = tmp_path / "census.csv"
    path.write_text(CENSUS_HEADER + "7003041000002,최금천,1970,male,1154500000,\n", "utf-8")
    settings.IDENTITY_ADAPTERS = ["demo", "census"]
    settings.CENSUS_FILE = str(path)
    return path


@pytest.fixture
def geumcheon_verified(places: dict[str, Any], make_resident: Any, census: Path) -> Any:
    """A resident verified against the register (Geumcheon-gu), who declared Gwanak-gu."""
    user = make_resident(places["gwanak"], verified=False, username="kim.geumcheon")
    identity_verify(
        user=user, adapter_key="census", name="최금천", identity_number="700304-1000002"
    )
    return user


@pytest.fixture
def namgu_poll(places: dict[str, Any], make_official: Any, make_poll: Any) -> Poll:
    namgu_manager = make_official(places["namgu"], "programme_manager")
    return make_poll(municipality=places["namgu"], actor=namgu_manager, verified_only=True)


def _profile(user: Any) -> ResidentProfile:
    return ResidentProfile.objects.select_related("district", "dong").get(user=user)


def test_the_review_attack_through_the_profile_page(
    client: Client, places: dict[str, Any], geumcheon_verified: Any, namgu_poll: Poll
) -> None:
    assert _profile(geumcheon_verified).district == places["geumcheon"]  # the register's
    client.force_login(geumcheon_verified)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'data-testid="residence-locked"' in page
    assert reverse("accounts:reverify") in page
    assert 'name="district"' in page and "disabled" in page.split('name="district"')[1][:200]
    response = client.post(
        reverse("accounts:profile"),
        {"name": "최금천", "email": "", "district": places["namgu"].pk, "dong": ""},
    )
    assert response.status_code in (200, 302)
    # The next request, and every later one, still sees the register's district.
    assert _profile(geumcheon_verified).district == places["geumcheon"]
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert _profile(geumcheon_verified).district == places["geumcheon"]
    ballot = client.post(
        f"/api/polls/{namgu_poll.pk}/ballots",
        {"choices": option_ids(namgu_poll)[:1]},
        content_type="application/json",
    )
    assert ballot.status_code in (403, 409, 422), ballot.content
    assert not Participation.objects.filter(poll=namgu_poll).exists()
    assert not Ballot.objects.filter(poll=namgu_poll).exists()


def test_service_refuses_a_move_of_a_verified_resident(
    places: dict[str, Any], geumcheon_verified: Any
) -> None:
    with pytest.raises(ResidenceLocked) as raised:
        resident_update(
            user=geumcheon_verified, name="최금천", email="", district=places["namgu"], dong=None
        )
    assert raised.value.field == "district"
    assert _profile(geumcheon_verified).district == places["geumcheon"]
    assert not AuditEntry.objects.filter(kind="accounts.resident_moved").exists()
    # Contact details stay editable.
    resident_update(
        user=geumcheon_verified,
        name="최금천",
        email="kim@example.org",
        district=places["geumcheon"],
        dong=None,
    )


@pytest.mark.parametrize(
    "column,value",
    [("district", "namgu"), ("dong", "gasan"), ("birth_year", 1999), ("gender", "female")],
)
def test_database_refuses_a_change_that_no_verification_made(
    places: dict[str, Any], geumcheon_verified: Any, column: str, value: Any
) -> None:
    new = places[value] if isinstance(value, str) and value in places else value
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        ResidentProfile.objects.filter(user=geumcheon_verified).update(**{column: new})
    assert _profile(geumcheon_verified).district == places["geumcheon"]


def test_unverified_residents_still_declare_their_home(
    places: dict[str, Any], make_resident: Any
) -> None:
    user = make_resident(places["geumcheon"], verified=False)
    resident_update(user=user, name="이", email="", district=places["namgu"], dong=None)
    assert _profile(user).district == places["namgu"]


def test_verified_only_poll_reads_no_declared_home(
    places: dict[str, Any], make_resident: Any, namgu_poll: Poll
) -> None:
    declared = make_resident(places["namgu"], verified=False)
    with pytest.raises(NotEligible, match="verif|인증"):
        services.ballot_cast(voter=declared, poll=namgu_poll, choices=option_ids(namgu_poll)[:1])
    assert not Participation.objects.filter(poll=namgu_poll).exists()


def test_moving_means_verifying_again_as_the_same_person(
    client: Client,
    places: dict[str, Any],
    geumcheon_verified: Any,
    census: Path,
    namgu_poll: Poll,
) -> None:
    # The register now says Nam-gu (the resident reported the move at the community centre).
    census.write_text(CENSUS_HEADER + "7003041000002,최금천,1970,male,2915500000,\n", "utf-8")
    with pytest.raises(Conflict):  # somebody else's number cannot take the account over
        residence_reverify(
            user=geumcheon_verified,
            adapter_key="demo",
            name="최금천",
            identity_number="850505-2000001",
            district=places["namgu"],
            dong=None,
        )
    client.force_login(geumcheon_verified)
    page = client.get(reverse("accounts:reverify"))
    assert page.status_code == 200
    response = client.post(
        reverse("accounts:reverify"),
        {
            "method": "census",
            "name": "최금천",
            "identity_number": "７００３０４－１０００００２",
            "district": places["gwanak"].pk,  # declared, but the register's address wins
            "dong": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert _profile(geumcheon_verified).district == places["namgu"]
    entry = AuditEntry.objects.get(kind="accounts.residence_reverified")
    assert entry.data["from"]["district"] == places["geumcheon"].code
    assert entry.data["to"]["district"] == places["namgu"].code
    geumcheon_verified.refresh_from_db()
    geumcheon_verified._state.fields_cache.pop("resident", None)
    result = services.ballot_cast(
        voter=geumcheon_verified, poll=namgu_poll, choices=option_ids(namgu_poll)[:1]
    )
    assert result.receipt


def test_register_address_unknown_to_maeul_is_refused_not_replaced(
    places: dict[str, Any], make_resident: Any, census: Path
) -> None:
    from maeul.accounts.identity import VerificationFailed

    census.write_text(CENSUS_HEADER + "7003041000002,최금천,1970,male,4113500000,\n", "utf-8")
    user = make_resident(places["namgu"], verified=False)
    with pytest.raises(VerificationFailed):
        identity_verify(
            user=user, adapter_key="census", name="최금천", identity_number="700304-1000002"
        )
    assert not _profile(user).is_verified


@pytest.mark.postgres
def test_fast_path_applies_the_same_eligibility(
    places: dict[str, Any],
    geumcheon_verified: Any,
    make_resident: Any,
    namgu_poll: Poll,
) -> None:
    first = make_resident(places["namgu"])  # a genuine Nam-gu resident locks the rules
    services.ballot_cast(voter=first, poll=namgu_poll, choices=option_ids(namgu_poll)[:1])
    poll = Poll.objects.select_related("municipality").get(pk=namgu_poll.pk)
    assert fastpath.applies(poll)
    with pytest.raises(ResidenceLocked):
        resident_update(
            user=geumcheon_verified, name="최금천", email="", district=places["namgu"], dong=None
        )
    client = Client()
    client.force_login(geumcheon_verified)
    refused = client.post(
        f"/api/polls/{poll.pk}/ballots",
        {"choices": option_ids(poll)[:1]},
        content_type="application/json",
    )
    assert refused.status_code in (403, 409, 422), refused.content
    assert Participation.objects.filter(poll=poll).count() == 1
