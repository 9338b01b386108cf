"""Identity verification (본인인증) adapters.

Korean services verify residents through a provider (mobile carrier, i-PIN, a public
certificate) or against the municipality's resident register. Each provider is an adapter with
one method; the platform only ever keeps a keyed hash of the identity number it returns, so a
second account cannot verify the same person (RELIABILITY P11).

Two adapters ship: ``census`` checks a census extract given as a UTF-8 CSV file (columns
``identity_number,name,birth_year,gender,district_code,dong_code``, or their Korean headers
주민등록번호, 성명, 출생연도, 성별, 시군구코드, 행정동코드), and ``demo`` accepts any
well-formed resident registration number and derives birth year and gender from it, for the
demo and tests only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.core.tabular import Column, Integer, Row, Table, TableInvalid, TableUnreadable


class VerificationFailed(Exception):
    """The provider could not confirm the person; the message says why, for the person."""


@dataclass(frozen=True)
class VerifiedPerson:
    identity_number: str
    birth_year: int
    gender: str
    district_code: str = ""
    dong_code: str = ""


class IdentityAdapter(Protocol):
    key: str
    label: object

    def verify(self, *, name: str, identity_number: str) -> VerifiedPerson: ...


RRN_PATTERN = re.compile(r"^([0-9]{2})([0-9]{2})([0-9]{2})-?([1-8])([0-9]{6})$", re.ASCII)

# Dashes people type or paste between the birth date and the rest: the ASCII hyphen-minus, the
# Unicode hyphens and dashes (a word processor turns "-" into "–"), the minus sign. NFKC has
# already turned the full-width "－" and the small "﹣" into "-".
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_CANONICAL = re.compile(r"([0-9]{6})-?([0-9]{7})", re.ASCII)


def _compatibility_form(raw: str) -> str:
    """NFKC (full-width digits and hyphens become ASCII, jamo compose into syllables), then
    without white space or invisible format characters (zero-width spaces from a web page)."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def normalise_identity_number(raw: str) -> str:
    """Lenient: the compatibility form without dashes, valid or not (for register rows)."""
    return _DASHES.sub("", _compatibility_form(raw)).replace("-", "")


def canonical_identity_number(raw: str) -> str:
    """The 13 ASCII digits of a resident registration number as typed, or ``VerificationFailed``.

    Every identity number passes through here before an adapter or the keyed hash sees it, so
    a Korean keyboard's full-width digits (``９００１０１－２０００００１``), spaces and a hyphen or
    none all name the same person, and anything else — digits of other scripts, which Python's
    ``\\d`` would accept, a second hyphen, a wrong length — is a message for the person rather
    than a server error.
    """
    text = _DASHES.sub("-", _compatibility_form(raw))
    match = _CANONICAL.fullmatch(text)
    if not match:
        raise VerificationFailed(_("Enter the 13-digit resident registration number."))
    return match[1] + match[2]


def normalise_name(raw: str) -> str:
    """A name as registered, compared in one form: NFKC (a phone may send Hangul as separate
    jamo) with white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", raw or "").split())


def parse_resident_number(raw: str) -> VerifiedPerson:
    """Birth date and gender from a resident registration number (주민등록번호).

    The 7th digit gives century and gender: 1/2 born 1900-1999, 3/4 born 2000-2099 (odd male,
    even female); 5-8 the same for foreign residents.
    """
    number = canonical_identity_number(raw)
    match = RRN_PATTERN.match(number)
    if not match:
        raise VerificationFailed(_("Enter the 13-digit resident registration number."))
    yy, mm, dd, code = int(match[1]), int(match[2]), int(match[3]), int(match[4])
    century = 1900 if code in (1, 2, 5, 6) else 2000
    try:
        dt.date(century + yy, mm, dd)
    except ValueError:
        raise VerificationFailed(
            _("The resident registration number does not contain a valid birth date.")
        ) from None
    gender = "male" if code % 2 == 1 else "female"
    return VerifiedPerson(identity_number=number, birth_year=century + yy, gender=gender)


class DemoAdapter:
    key = "demo"
    label = gettext_lazy("Demo verification (any well-formed number)")

    def verify(self, *, name: str, identity_number: str) -> VerifiedPerson:
        if not normalise_name(name):
            raise VerificationFailed(_("Enter your name as registered."))
        return parse_resident_number(identity_number)


CENSUS_TABLE = Table(
    (
        Column("identity_number", "주민등록번호", "identity_number"),
        Column("name", "성명", "name"),
        Column("birth_year", "출생연도", "birth_year", Integer(minimum=1850, maximum=2200)),
        Column("gender", "성별", "gender", required=False, default=""),
        Column("district_code", "시군구코드", "district_code", required=False, default=""),
        Column("dong_code", "행정동코드", "dong_code", required=False, default=""),
    )
)


class CensusFileAdapter:
    key = "census"
    label = gettext_lazy("Resident register (census file)")

    def __init__(self, path: str | None = None) -> None:
        self.path = Path(path or settings.CENSUS_FILE) if (path or settings.CENSUS_FILE) else None

    def verify(self, *, name: str, identity_number: str) -> VerifiedPerson:
        number = canonical_identity_number(identity_number)
        parse_resident_number(number)
        name = normalise_name(name)
        if self.path is None or not self.path.exists():
            raise VerificationFailed(
                _("Verification against the resident register is not available right now.")
            )
        try:
            found = self._find(number)
        except (OSError, TableUnreadable, TableInvalid):
            # The operator's file is missing, unreadable or malformed: the person can only
            # try later (the operator sees the cause by importing the file as a table).
            raise VerificationFailed(
                _("Verification against the resident register is not available right now.")
            ) from None
        if found is None or normalise_name(str(found.raw.get("name") or "")) != name:
            raise VerificationFailed(
                _("The name and number do not match a registered resident of this municipality.")
            )
        if found.errors:  # the person's own row is malformed (a birth year that is not one)
            raise VerificationFailed(
                _("Verification against the resident register is not available right now.")
            )
        return VerifiedPerson(
            identity_number=number,
            birth_year=found["birth_year"],
            gender=found.get("gender", ""),
            district_code=found.get("district_code", ""),
            dong_code=found.get("dong_code", ""),
        )

    def _find(self, number: str) -> Row | None:
        """The register's first row with this identity number (the file is read only as far
        as that row)."""
        assert self.path is not None
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            for row in CENSUS_TABLE.stream_csv(handle):
                raw_number = row.raw.get("identity_number") or ""
                if normalise_identity_number(str(raw_number)) == number:
                    return row
        return None


ADAPTERS: dict[str, type] = {"demo": DemoAdapter, "census": CensusFileAdapter}


def enabled_adapters() -> list[IdentityAdapter]:
    return [ADAPTERS[key]() for key in settings.IDENTITY_ADAPTERS if key in ADAPTERS]


def get_adapter(key: str) -> IdentityAdapter:
    if key not in settings.IDENTITY_ADAPTERS or key not in ADAPTERS:
        raise VerificationFailed(_("This verification method is not available."))
    adapter: IdentityAdapter = ADAPTERS[key]()
    return adapter


def identity_hash(identity_number: str, key: str | None = None) -> str:
    """HMAC-SHA256 of the canonical number under the installation's identity key.

    The canonical form of an ASCII number is what earlier versions hashed (digits without
    white space or hyphen), so hashes stored before NFKC normalisation stay valid.
    """
    secret = (key or settings.IDENTITY_HASH_KEY).encode("utf-8")
    message = canonical_identity_number(identity_number).encode("ascii")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()
