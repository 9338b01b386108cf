"""Sign-up, profile and identity verification: bad input gets a clear message in Korean and
English, nothing is written, and one identity verifies at most one account."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from maeul.accounts.identity import (
    CensusFileAdapter,
    VerificationFailed,
    identity_hash,
    parse_resident_number,
)
from maeul.accounts.models import ResidentProfile, User, VerifiedIdentity
from maeul.accounts.services import identity_verify
from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict
from tests.conftest import PASSWORD


def _signup_data(places: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    data = {
        "username": "kim.resident",
        "name": "김주민",
        "email": "",
        "birth_year": "1988",
        "gender": "female",
        "district": places["geumcheon"].pk,
        "dong": places["gasan"].pk,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_signup_creates_resident_and_logs_in(client: Client, places: dict[str, Any]) -> None:
    response = client.post(reverse("accounts:signup"), _signup_data(places))
    assert response.status_code == 302
    profile = ResidentProfile.objects.get(user__username="kim.resident")
    assert profile.district == places["geumcheon"] and not profile.is_verified
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert AuditEntry.objects.filter(kind="accounts.resident_registered").count() == 1


@pytest.mark.parametrize(
    "language,expected",
    [
        ("ko", "비밀번호"),
        ("en", "The two passwords differ."),
    ],
)
def test_signup_errors_in_both_languages(
    client: Client, places: dict[str, Any], language: str, expected: str
) -> None:
    client.cookies["maeul_language"] = language
    response = client.post(
        reverse("accounts:signup"), _signup_data(places, password2="different-pass-1")
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not User.objects.filter(username="kim.resident").exists()


@pytest.mark.parametrize(
    "field,value",
    [
        ("username", "a b"),
        ("username", ""),
        ("birth_year", "1700"),
        ("birth_year", "abc"),
        ("gender", "unknown"),
        ("district", "999999"),
        ("password1", "short"),
        ("email", "not-an-email"),
    ],
)
def test_signup_rejects_bad_fields(
    client: Client, places: dict[str, Any], field: str, value: str
) -> None:
    data = _signup_data(places, **{field: value})
    if field == "password1":
        data["password2"] = value
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert User.objects.count() == 0


def test_signup_rejects_dong_outside_district(client: Client, places: dict[str, Any]) -> None:
    response = client.post(
        reverse("accounts:signup"), _signup_data(places, district=places["gwanak"].pk)
    )
    assert response.status_code == 200
    assert User.objects.count() == 0


def test_duplicate_username_is_refused(
    client: Client, places: dict[str, Any], make_resident: Any
) -> None:
    make_resident(places["geumcheon"], username="kim.resident")
    response = client.post(reverse("accounts:signup"), _signup_data(places))
    assert response.status_code == 200
    assert User.objects.filter(username="kim.resident").count() == 1


def test_resident_number_parsing() -> None:
    person = parse_resident_number("900101-2345678")
    assert (person.birth_year, person.gender) == (1990, "female")
    assert parse_resident_number("0502033123456").birth_year == 2005
    for bad in ["12345", "901301-1234567", "900101-9234567", ""]:
        with pytest.raises(VerificationFailed):
            parse_resident_number(bad)


@pytest.fixture
def demo_adapter(settings: Any) -> None:
    settings.IDENTITY_ADAPTERS = ["demo", "census"]


def test_one_identity_verifies_one_account(
    places: dict[str, Any], make_resident: Any, demo_adapter: None
) -> None:
    first = make_resident(places["geumcheon"], verified=False)
    second = make_resident(places["geumcheon"], verified=False)
    identity_verify(user=first, adapter_key="demo", name="김하나", identity_number="850505-2000001")
    first.resident.refresh_from_db()
    assert first.resident.is_verified and first.resident.birth_year == 1985
    stored = VerifiedIdentity.objects.get(user=first)
    assert stored.identity_hash == identity_hash("8505052000001")
    assert "8505052000001" not in stored.identity_hash
    with pytest.raises(Conflict) as raised:
        identity_verify(
            user=second, adapter_key="demo", name="김하나", identity_number="850505 2000001"
        )
    assert raised.value.field == "identity_number"
    second.resident.refresh_from_db()
    assert not second.resident.is_verified
    assert VerifiedIdentity.objects.count() == 1


def test_verification_view_shows_refusal(
    client: Client, places: dict[str, Any], make_resident: Any, demo_adapter: None
) -> None:
    user = make_resident(places["geumcheon"], verified=False)
    client.force_login(user)
    response = client.post(
        reverse("accounts:verify"),
        {"method": "demo", "name": "김", "identity_number": "not-a-number"},
    )
    assert response.status_code == 200
    assert "13" in response.content.decode()  # "Enter the 13-digit ..." in either language
    assert VerifiedIdentity.objects.count() == 0


def test_profile_requires_login(client: Client) -> None:
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_login_wrong_password_is_clear(
    client: Client, places: dict[str, Any], make_resident: Any
) -> None:
    make_resident(places["geumcheon"], username="lee")
    client.cookies["maeul_language"] = "en"
    response = client.post(reverse("accounts:login"), {"username": "lee", "password": "nope"})
    assert response.status_code == 200
    assert "The user name or password is wrong" in response.content.decode()


def test_password_reset_sends_mail(
    client: Client, places: dict[str, Any], make_resident: Any, mailoutbox: list[Any]
) -> None:
    user = make_resident(places["geumcheon"], username="park")
    user.email = "park@example.org"
    user.save()
    response = client.post(reverse("accounts:password_reset"), {"email": "park@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "/accounts/password/reset/" in mailoutbox[0].body


def test_census_adapter_checks_the_register(
    places: dict[str, Any], make_resident: Any, settings: Any, tmp_path: Any
) -> None:
    census = tmp_path / "census.csv"
    census.write_text(
        "identity_number,name,birth_year,gender,district_code,dong_code\n"
        "7003041000002,최금천,1970,male,1154500000,\n",
        encoding="utf-8",
    )
    settings.IDENTITY_ADAPTERS = ["census"]
    settings.CENSUS_FILE = str(census)
    user = make_resident(places["gwanak"], verified=False)
    with pytest.raises(VerificationFailed):
        identity_verify(
            user=user, adapter_key="census", name="다른이름", identity_number="700304-1000002"
        )
    with pytest.raises(VerificationFailed):
        identity_verify(
            user=user, adapter_key="demo", name="최금천", identity_number="700304-1000002"
        )
    profile = identity_verify(
        user=user, adapter_key="census", name="최금천", identity_number="700304-1000002"
    )
    assert profile.is_verified and profile.district == places["geumcheon"]
    assert (profile.birth_year, profile.gender) == (1970, "male")


def test_census_file_in_korean_headers_with_a_bom_and_without_optional_columns(
    tmp_path: Any,
) -> None:
    census = tmp_path / "census.csv"
    census.write_text(
        "\ufeff주민등록번호,성명,출생연도,비고\n"
        "700304-1000002,최금천,1970,\n"
        "8001012000003,김관악,1980,이사 예정\n",
        encoding="utf-8",
    )
    person = CensusFileAdapter(str(census)).verify(name="김관악", identity_number="800101-2000003")
    assert (person.birth_year, person.gender, person.district_code) == (1980, "", "")


@pytest.mark.parametrize(
    "content",
    [
        "identity_number,name,gender\n7003041000002,최금천,male\n",  # no birth_year column
        "identity_number,name,birth_year\n7003041000002,최금천,천구백칠십\n",  # the row is bad
        # saved by Excel as CP949 instead of UTF-8
        "identity_number,name,birth_year\n7003041000002,최금천,1970\n".encode("cp949"),
    ],
)
def test_a_malformed_census_file_is_unavailable_not_a_server_error(
    tmp_path: Any, content: str | bytes
) -> None:
    census = tmp_path / "census.csv"
    census.write_bytes(content if isinstance(content, bytes) else content.encode())
    with override("en"), pytest.raises(VerificationFailed) as caught:
        CensusFileAdapter(str(census)).verify(name="최금천", identity_number="700304-1000002")
    assert "not available right now" in str(caught.value)


def test_other_residents_malformed_rows_do_not_matter(tmp_path: Any) -> None:
    census = tmp_path / "census.csv"
    census.write_text(
        "identity_number,name,birth_year\n9001011000001,박오류,모름\n7003041000002,최금천,1970\n",
        encoding="utf-8",
    )
    adapter = CensusFileAdapter(str(census))
    assert adapter.verify(name="최금천", identity_number="7003041000002").birth_year == 1970
    with override("en"), pytest.raises(VerificationFailed) as caught:
        adapter.verify(name="다른이름", identity_number="7003041000002")
    assert "do not match" in str(caught.value)


def test_login_is_rate_limited_per_account_and_address(
    client: Client, places: dict[str, Any], make_resident: Any, time_machine: Any
) -> None:
    """Per (user name, address) pair; the owner elsewhere is tested in tests/security."""
    import datetime as dt

    from django.core.cache import cache

    # A clock standing mid-window: the limit's fixed window must not roll over mid-test.
    time_machine.move_to(dt.datetime(2026, 3, 2, 1, 2, 30, tzinfo=dt.UTC), tick=False)
    cache.clear()
    make_resident(places["geumcheon"], username="target")
    for _attempt in range(10):
        response = client.post(reverse("accounts:login"), {"username": "target", "password": "x"})
        assert response.status_code == 200
    blocked = client.post(reverse("accounts:login"), {"username": "target", "password": "x"})
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) >= 1
    # A spoofed X-Forwarded-For does not make a new address (no trusted proxy).
    other = Client(HTTP_X_FORWARDED_FOR="203.0.113.9")
    again = other.post(reverse("accounts:login"), {"username": "target", "password": "x"})
    assert again.status_code == 429
    cache.clear()
