"""The pool of volunteers: residents applying on the web, officials' phone intakes, a CSV
import. Every way in checks the same rules (``checks.check_volunteer``) and takes the jury's
lock before the phase check, so no volunteer joins once the draw has begun."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.core.errors import Conflict, ServiceError, violates
from maeul.juries import notices
from maeul.juries.checks import check_volunteer
from maeul.juries.importing import parse_volunteers_csv
from maeul.juries.models import Channel, ContactBy, Jury, Volunteer
from maeul.juries.rules import JuryPermission
from maeul.juries.services._base import audit, locked_jury
from maeul.places.models import Municipality


def _next_code(jury: Jury) -> str:
    last = jury.volunteers.order_by("-code").values_list("code", flat=True).first()
    number = int(last[1:]) + 1 if last and last[1:].isdigit() else 1
    return f"V{number:04d}"


def _save_volunteer(volunteer: Volunteer) -> Volunteer:
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError as error:
        if violates(error, "volunteer_user_unique", "jury_id", "user_id"):
            raise Conflict(
                _("You have already volunteered for this jury."), field="user"
            ) from error
        raise Conflict(
            _("A volunteer with this phone number is already in the pool."), field="phone"
        ) from error
    return volunteer


def volunteer_apply(
    *,
    actor: Any,
    jury: Jury,
    dong: Municipality | None,
    phone: str,
    contact_by: str,
    consent: bool,
) -> Volunteer:
    """A logged-in resident volunteers through the web form; age and gender come from the
    resident's profile, the dong from the profile unless the form gives one."""
    require_permission(actor, JuryPermission.APPLY, jury)
    resident = actor.resident
    if not consent:
        raise ServiceError(
            _("Volunteering needs your consent to the use of your details."), field="consent"
        )
    if contact_by not in ContactBy.values:
        raise ServiceError(_("Choose how we may contact you."), field="contact_by")
    dong = dong or resident.dong
    check_volunteer(
        jury,
        name=actor.name or actor.username,
        birth_year=resident.birth_year,
        gender=resident.gender,
        dong=dong,
    )
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, JuryPermission.APPLY, "intake")
        volunteer = _save_volunteer(
            Volunteer(
                jury=locked,
                code=_next_code(locked),
                user=actor,
                name=actor.name or actor.username,
                phone=phone.strip(),
                email=actor.email,
                birth_year=resident.birth_year,
                gender=resident.gender,
                dong=dong,
                channel=Channel.WEB,
                consent_at=timezone.now(),
                contact_by=contact_by,
            )
        )
        audit("volunteer_added", actor, locked, volunteer, code=volunteer.code, channel="web")
        notices.application_received(volunteer)
    return volunteer


def volunteer_intake(
    *,
    actor: Any,
    jury: Jury,
    name: str,
    phone: str,
    birth_year: int,
    gender: str,
    dong: Municipality | None,
    contact_by: str,
    consent: bool,
) -> Volunteer:
    """An official enters a volunteer reached by phone (1st contact ARS, 2nd interview)."""
    require_permission(actor, JuryPermission.MANAGE, jury.municipality)
    if not consent:
        raise ServiceError(_("Record the volunteer's consent first."), field="consent")
    if contact_by not in ContactBy.values:
        raise ServiceError(_("Choose how we may contact the volunteer."), field="contact_by")
    check_volunteer(jury, name=name, birth_year=birth_year, gender=gender, dong=dong)
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, JuryPermission.MANAGE, "intake")
        volunteer = _save_volunteer(
            Volunteer(
                jury=locked,
                code=_next_code(locked),
                name=name.strip(),
                phone=phone.strip(),
                birth_year=int(birth_year),
                gender=gender,
                dong=dong,
                channel=Channel.PHONE,
                consent_at=timezone.now(),
                contact_by=contact_by,
            )
        )
        audit("volunteer_added", actor, locked, volunteer, code=volunteer.code, channel="phone")
    return volunteer


def volunteers_import_csv(*, actor: Any, jury: Jury, text: str) -> int:
    """Import volunteers from CSV (see ``importing.parse_volunteers_csv``): all rows or none,
    every error listed with its row and column before anything is saved. Returns the number
    of volunteers added."""
    require_permission(actor, JuryPermission.MANAGE, jury.municipality)
    rows = parse_volunteers_csv(jury, text)
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, JuryPermission.MANAGE, "intake")
        taken = set(locked.volunteers.exclude(phone="").values_list("phone", flat=True))
        clash = [r.phone for r in rows if r.phone in taken]
        if clash:
            raise Conflict(
                _("Already in the pool: %(phones)s. Nothing was imported.")
                % {"phones": ", ".join(clash)},
                field="phone",
            )
        first = int(_next_code(locked)[1:])
        now = timezone.now()
        Volunteer.objects.bulk_create(
            [
                Volunteer(
                    jury=locked,
                    code=f"V{first + i:04d}",
                    name=r.name,
                    phone=r.phone,
                    birth_year=r.birth_year,
                    gender=r.gender,
                    dong=r.dong,
                    channel=Channel.CSV,
                    consent_at=now,
                    contact_by=r.contact_by,
                )
                for i, r in enumerate(rows)
            ]
        )
        audit("volunteers_imported", actor, locked, count=len(rows))
    return len(rows)
