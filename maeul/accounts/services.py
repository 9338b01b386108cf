"""State changes of accounts: one entry point per change, each in one transaction."""

from __future__ import annotations

import hmac
from dataclasses import asdict, dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.identity import (
    VerificationFailed,
    VerifiedPerson,
    canonical_identity_number,
    get_adapter,
    identity_hash,
    normalise_name,
)
from maeul.accounts.models import (
    ResidentProfile,
    User,
    VerificationStatus,
    VerifiedIdentity,
)
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, ServiceError, violates
from maeul.places.models import Municipality, MunicipalityKind


def _check_home(district: Municipality, dong: Municipality | None) -> None:
    if district.level != 2:
        raise ServiceError(
            _("Choose a city, county or district as home district."), field="district"
        )
    if dong is not None and (dong.kind != MunicipalityKind.DONG or dong.parent_id != district.pk):
        raise ServiceError(
            _("The neighbourhood %(dong)s is not in %(district)s.")
            % {"dong": dong.name, "district": district.name},
            field="dong",
        )


def resident_register(
    *,
    username: str,
    password: str,
    name: str,
    email: str,
    birth_year: int,
    gender: str,
    district: Municipality,
    dong: Municipality | None,
) -> User:
    """Create a resident's account and profile (unverified)."""
    _check_home(district, dong)
    with transaction.atomic(durable=True):
        if User.objects.filter(username__iexact=username).exists():
            raise Conflict(_("This user name is taken. Choose another."), field="username")
        user = User(username=username, name=name, email=email)
        user.set_password(password)
        user.save()
        ResidentProfile.objects.create(
            user=user, birth_year=birth_year, gender=gender, district=district, dong=dong
        )
        audit_record(
            kind="accounts.resident_registered",
            actor=user,
            subject=user,
            municipality=district,
            data={"district": district.code},
        )
    return user


class ResidenceLocked(ServiceError):
    """A verified resident tried to change what the verification established."""

    code = "residence_locked"
    status = 409


def residence_locked_message() -> str:
    return _(
        "Your home district and neighbourhood come from your identity verification, so they "
        "cannot be changed here. If you have moved, verify your identity again: your new "
        "address is then taken from the verification."
    )


def resident_update(
    *, user: User, name: str, email: str, district: Municipality, dong: Municipality | None
) -> ResidentProfile:
    """Change contact details and, while unverified, the home district and dong.

    On a verified profile the home is the one the verification established (the resident
    register's, where the adapter reports it): changing it here raises ``ResidenceLocked``
    (issue 12, finding 1), and the database refuses it too (migration 0002). A resident who
    has moved verifies again (``residence_reverify``).
    """
    _check_home(district, dong)
    with transaction.atomic(durable=True):
        profile = ResidentProfile.objects.select_for_update().get(user=user)
        moved = profile.district_id != district.pk or profile.dong_id != (dong.pk if dong else None)
        if moved and profile.is_verified:
            raise ResidenceLocked(residence_locked_message(), field="district")
        user.name = name
        user.email = email
        user.save(update_fields=["name", "email"])
        if moved:
            profile.district = district
            profile.dong = dong
            profile.save(update_fields=["district", "dong"])
            audit_record(
                kind="accounts.resident_moved",
                actor=user,
                subject=user,
                municipality=district,
                data={"district": district.code, "dong": dong.code if dong else ""},
            )
    return profile


@dataclass(frozen=True)
class VerificationOutcome:
    """What a verification established, without the resident registration number (only its
    keyed hash), so that it can wait in the session while the resident confirms the
    differences from what they declared (``identity_check`` then ``identity_confirm``)."""

    adapter: str
    identity_hash: str
    birth_year: int
    gender: str
    district_code: str = ""
    dong_code: str = ""

    def to_session(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: Any) -> VerificationOutcome | None:
        try:
            return cls(**data)
        except TypeError:
            return None


def _outcome(adapter_key: str, person: VerifiedPerson) -> VerificationOutcome:
    return VerificationOutcome(
        adapter=adapter_key,
        identity_hash=identity_hash(person.identity_number),
        birth_year=person.birth_year,
        gender=person.gender,
        district_code=person.district_code,
        dong_code=person.dong_code,
    )


def identity_check(*, adapter_key: str, name: str, identity_number: str) -> VerificationOutcome:
    """Ask the adapter who this is, changing nothing (raises ``VerificationFailed``)."""
    adapter = get_adapter(adapter_key)
    # Normalised here, before any adapter sees them (a provider's API or the register file
    # would otherwise each have to cope with full-width digits and decomposed Hangul).
    person = adapter.verify(
        name=normalise_name(name), identity_number=canonical_identity_number(identity_number)
    )
    return _outcome(adapter.key, person)


def _verified_home(
    person: VerificationOutcome, declared: Municipality, declared_dong: Municipality | None
) -> tuple[Municipality, Municipality | None]:
    """The home a verification establishes: the register's when the adapter reports one (a
    code Maeul does not know is refused, never replaced by the declared home), else the
    declared one, which the adapter then vouches for (the demo adapter knows no addresses)."""
    if not person.district_code:
        _check_home(declared, declared_dong)
        return declared, declared_dong
    district = Municipality.objects.filter(admin_code=person.district_code, level=2).first()
    if district is None:
        raise VerificationFailed(
            _(
                "Your registered address is not in a district that takes part in Maeul, so "
                "this account cannot be verified as its resident."
            )
        )
    dong = None
    if person.dong_code:
        dong = Municipality.objects.filter(admin_code=person.dong_code, parent=district).first()
    return district, dong


def _apply_verification(
    profile: ResidentProfile,
    person: VerificationOutcome,
    home: tuple[Municipality, Municipality | None],
    now: Any,
) -> None:
    """Write what the verification established; a new ``verified_at`` is what lets the
    database's residence lock accept the change."""
    profile.birth_year = person.birth_year
    if person.gender:
        profile.gender = person.gender
    profile.district, profile.dong = home
    profile.verification_status = VerificationStatus.VERIFIED
    profile.verified_at = now
    profile.save()


def identity_verify(
    *,
    user: User,
    adapter_key: str,
    name: str,
    identity_number: str,
) -> ResidentProfile:
    """Verify a resident through an adapter and apply at once what it establishes (the
    screen asks first when it differs from the declared profile: ``identity_check``,
    ``profile_differences``, then ``identity_confirm``)."""
    outcome = identity_check(adapter_key=adapter_key, name=name, identity_number=identity_number)
    return identity_confirm(user=user, outcome=outcome)


def identity_confirm(*, user: User, outcome: VerificationOutcome) -> ResidentProfile:
    """Record a verification: one verified identity per account and per person; the birth
    year, gender and (where the adapter reports it) home become the register's.

    Raises ``VerificationFailed`` (the register's address is not on Maeul) or ``Conflict``
    (the identity is already verified for another account, matched by the constraint's name).
    """
    try:
        with transaction.atomic(durable=True):
            profile = ResidentProfile.objects.select_for_update().get(user=user)
            if profile.is_verified:
                raise Conflict(_("Your account is already verified."))
            home = _verified_home(outcome, profile.district, profile.dong)
            now = timezone.now()
            VerifiedIdentity.objects.create(
                user=user,
                identity_hash=outcome.identity_hash,
                adapter=outcome.adapter,
                verified_at=now,
            )
            _apply_verification(profile, outcome, home, now)
            audit_record(
                kind="accounts.identity_verified",
                actor=user,
                subject=user,
                municipality=profile.district,
                data={"adapter": outcome.adapter},
            )
    except IntegrityError as error:
        if violates(error, "one_account_per_identity", "identity_hash"):
            raise Conflict(
                _(
                    "This identity is already verified for another account. One person may hold "
                    "only one verified account; contact the municipality if this is wrong."
                ),
                field="identity_number",
            ) from None
        raise
    return profile


def residence_reverify(
    *,
    user: User,
    adapter_key: str,
    name: str,
    identity_number: str,
    district: Municipality,
    dong: Municipality | None,
) -> ResidentProfile:
    """A verified resident who has moved verifies again; the new home comes from the
    verification (the register's address where the adapter reports one; ``district`` and
    ``dong`` are the declared new home, used only by adapters that know no addresses).

    The person must be the one the account was verified as (same keyed hash), so a
    re-verification cannot hand the account to somebody else's identity.
    """
    adapter = get_adapter(adapter_key)
    person = adapter.verify(
        name=normalise_name(name), identity_number=canonical_identity_number(identity_number)
    )
    outcome = _outcome(adapter.key, person)
    digest = outcome.identity_hash
    with transaction.atomic(durable=True):
        profile = ResidentProfile.objects.select_for_update().get(user=user)
        identity = VerifiedIdentity.objects.select_for_update().filter(user=user).first()
        if not profile.is_verified or identity is None:
            raise Conflict(_("Verify your identity first."), field="identity_number")
        if not hmac.compare_digest(identity.identity_hash, digest):
            raise Conflict(
                _("This is not the identity this account was verified with."),
                field="identity_number",
            )
        before = (profile.district.code, profile.dong.code if profile.dong else "")
        home = _verified_home(outcome, district, dong)
        now = timezone.now()
        identity.adapter = adapter.key
        identity.verified_at = now
        identity.save(update_fields=["adapter", "verified_at"])
        _apply_verification(profile, outcome, home, now)
        after = (profile.district.code, profile.dong.code if profile.dong else "")
        audit_record(
            kind="accounts.residence_reverified",
            actor=user,
            subject=user,
            municipality=profile.district,
            data={
                "adapter": adapter.key,
                "from": {"district": before[0], "dong": before[1]},
                "to": {"district": after[0], "dong": after[1]},
            },
        )
    return profile
