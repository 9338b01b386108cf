"""State changes of accounts: one entry point per change, each in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.identity import (
    canonical_identity_number,
    get_adapter,
    identity_hash,
    normalise_name,
)
from maeul.accounts.models import (
    Official,
    OfficialRole,
    ResidentProfile,
    User,
    VerificationStatus,
    VerifiedIdentity,
)
from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, ServiceError
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


def resident_update(
    *, user: User, name: str, email: str, district: Municipality, dong: Municipality | None
) -> ResidentProfile:
    """Change contact details and home; birth year and gender are fixed once verified."""
    _check_home(district, dong)
    with transaction.atomic(durable=True):
        profile = ResidentProfile.objects.select_for_update().get(user=user)
        user.name = name
        user.email = email
        user.save(update_fields=["name", "email"])
        moved = profile.district_id != district.pk or profile.dong_id != (dong.pk if dong else None)
        profile.district = district
        profile.dong = dong
        profile.save(update_fields=["district", "dong"])
        if moved:
            audit_record(
                kind="accounts.resident_moved",
                actor=user,
                subject=user,
                municipality=district,
                data={"district": district.code, "dong": dong.code if dong else ""},
            )
    return profile


def identity_verify(
    *, user: User, adapter_key: str, name: str, identity_number: str
) -> ResidentProfile:
    """Verify a resident through an adapter; one verified identity per account and per person.

    Raises ``VerificationFailed`` (the provider said no) or ``Conflict`` (the identity is
    already verified for another account, matched by the constraint's name).
    """
    adapter = get_adapter(adapter_key)
    # Normalised here, before any adapter sees them (a provider's API or the register file
    # would otherwise each have to cope with full-width digits and decomposed Hangul).
    person = adapter.verify(
        name=normalise_name(name), identity_number=canonical_identity_number(identity_number)
    )
    digest = identity_hash(person.identity_number)
    try:
        with transaction.atomic(durable=True):
            profile = ResidentProfile.objects.select_for_update().get(user=user)
            if profile.is_verified:
                raise Conflict(_("Your account is already verified."))
            now = timezone.now()
            VerifiedIdentity.objects.create(
                user=user, identity_hash=digest, adapter=adapter.key, verified_at=now
            )
            profile.birth_year = person.birth_year
            if person.gender:
                profile.gender = person.gender
            if person.district_code:
                district = Municipality.objects.filter(admin_code=person.district_code).first()
                if district is not None:
                    profile.district = district
                    profile.dong = Municipality.objects.filter(
                        admin_code=person.dong_code, parent=district
                    ).first()
            profile.verification_status = VerificationStatus.VERIFIED
            profile.verified_at = now
            profile.save()
            audit_record(
                kind="accounts.identity_verified",
                actor=user,
                subject=user,
                municipality=profile.district,
                data={"adapter": adapter.key},
            )
    except IntegrityError as error:
        from maeul.core.errors import violates

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


def official_create(
    *,
    actor: Any,
    username: str,
    password: str,
    name: str,
    municipality: Municipality,
    roles: Iterable[str],
    department: str = "",
    email: str = "",
) -> Official:
    """Create an official's account in ``municipality`` (administrators of its scope only)."""
    if actor is not None:
        require_permission(actor, "accounts.manage_officials", municipality)
    with transaction.atomic(durable=True):
        if User.objects.filter(username__iexact=username).exists():
            raise Conflict(_("This user name is taken. Choose another."), field="username")
        user = User(username=username, name=name, email=email, is_staff=True)
        user.set_password(password)
        user.save()
        official = Official.objects.create(
            user=user, municipality=municipality, department=department
        )
        role_list = sorted(set(roles))
        OfficialRole.objects.bulk_create(
            [OfficialRole(official=official, role=r) for r in role_list]
        )
        audit_record(
            kind="accounts.official_created",
            actor=actor,
            subject=user,
            municipality=municipality,
            data={"roles": role_list, "department": department},
        )
    return official
