"""Finding 6 of the security review (issue 12): full-width digits in an identity number
answered 500 on the demo adapter (``UnicodeEncodeError`` while hashing).

Promise: every identity input is normalised (NFKC, white space removed, hyphen optional) before
any adapter sees it, so ``９００１０１－２０００００１`` is the same person as ``900101-2000001``;
anything that is not then 13 ASCII digits gets a form error in Korean and English, and nothing
is written.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maeul.accounts.identity import (
    VerificationFailed,
    canonical_identity_number,
    identity_hash,
    normalise_name,
)
from maeul.accounts.models import VerifiedIdentity
from maeul.accounts.services import identity_verify
from maeul.core.errors import Conflict

pytestmark = pytest.mark.django_db

CANONICAL = "9001012000001"


@pytest.fixture(autouse=True)
def _adapters(settings: Any) -> None:
    settings.IDENTITY_ADAPTERS = ["demo", "census"]


@pytest.mark.parametrize(
    "typed",
    [
        "９００１０１－２０００００１",  # full-width digits and hyphen (a Korean IME's default)
        "９００１０１２０００００１",
        "９００１０１-2000001",
        "900101\u30002000001",  # ideographic space
        " 900101 - 2000001 ",
        "900101\u20132000001",  # en dash, as word processors turn a hyphen
        "9001012000001",
        "900101-2000001",
        "900101\u200b-2000001",  # zero-width space pasted from a web page
    ],
)
def test_typed_forms_normalise_to_one_number(typed: str) -> None:
    assert canonical_identity_number(typed) == CANONICAL
    assert identity_hash(typed) == identity_hash(CANONICAL)


@pytest.mark.parametrize(
    "typed",
    [
        "٩٠٠١٠١-٢٠٠٠٠٠١",  # Arabic-Indic digits: digits to Python, not to the register
        "900101--2000001",
        "9001-012000001",
        "90010120000012",
        "",
        "900101-200000",
        "abcdef-ghijklm",
    ],
)
def test_malformed_numbers_are_refused_not_crashed(typed: str) -> None:
    with pytest.raises(VerificationFailed):
        canonical_identity_number(typed)


@pytest.mark.parametrize(
    "typed",
    [
        # Birth date typed with the IME on, the rest without: answered 500 before the fix
        # (Python's \d took the full-width digits, the keyed hash's ASCII encoding did not).
        "９００１０１-2000001",
        "９００１０１2０００００１",
        # Wholly full-width: was refused as malformed.
        "９００１０１２０００００１",
        "９００１０１－２０００００１",
    ],
)
def test_full_width_number_verifies_through_the_form(
    client: Client, places: dict[str, Any], make_resident: Any, typed: str
) -> None:
    # Declared as the register says (born 1990, female): a difference would first ask to
    # confirm (issue 23 item 10) instead of verifying at once.
    user = make_resident(places["geumcheon"], verified=False, birth_year=1990, gender="female")
    client.force_login(user)
    client.raise_request_exception = False
    response = client.post(
        reverse("accounts:verify"),
        {"method": "demo", "name": "김하나", "identity_number": typed},
    )
    assert response.status_code == 302
    stored = VerifiedIdentity.objects.get(user=user)
    assert stored.identity_hash == identity_hash(CANONICAL)


def test_full_width_twin_of_a_verified_number_is_the_same_person(
    places: dict[str, Any], make_resident: Any
) -> None:
    first = make_resident(places["geumcheon"], verified=False)
    second = make_resident(places["geumcheon"], verified=False)
    identity_verify(user=first, adapter_key="demo", name="김하나", identity_number=CANONICAL)
    with pytest.raises(Conflict):
        identity_verify(
            user=second,
            adapter_key="demo",
            name="김하나",
            identity_number="９００１０１－２０００００１",
        )
    assert VerifiedIdentity.objects.count() == 1


@pytest.mark.parametrize(
    "language,expected",
    [("ko", "주민등록번호 13자리를 입력해 주세요."), ("en", "Enter the 13-digit")],
)
@pytest.mark.parametrize("typed", ["٩٠٠١٠١-٢٠٠٠٠٠١", "900101--2000001", "９００１０１"])
def test_malformed_input_is_a_form_error_in_both_languages(
    client: Client,
    places: dict[str, Any],
    make_resident: Any,
    language: str,
    expected: str,
    typed: str,
) -> None:
    user = make_resident(places["geumcheon"], verified=False)
    client.force_login(user)
    client.cookies["maeul_language"] = language
    response = client.post(
        reverse("accounts:verify"),
        {"method": "demo", "name": "김하나", "identity_number": typed},
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not VerifiedIdentity.objects.exists()
    user.resident.refresh_from_db()
    assert not user.resident.is_verified


def test_census_adapter_matches_full_width_number_and_decomposed_name(
    places: dict[str, Any], make_resident: Any, settings: Any, tmp_path: Any
) -> None:
    census = tmp_path / "census.csv"
    census.write_text(
        "identity_number,name,birth_year,gender,district_code,dong_code\n"
        "700304-1000002,최금천,1970,male,1154500000,\n",
        encoding="utf-8",
    )
    settings.CENSUS_FILE = str(census)
    user = make_resident(places["geumcheon"], verified=False)
    decomposed = unicodedata.normalize("NFD", "최금천")  # as some phones' keyboards send it
    assert decomposed != "최금천" and normalise_name(decomposed) == "최금천"
    profile = identity_verify(
        user=user,
        adapter_key="census",
        name=decomposed,
        identity_number="７００３０４　１０００００２",
    )
    assert profile.is_verified and profile.birth_year == 1970
