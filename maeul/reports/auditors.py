"""The citizen auditors' own record (시민감사관제, SPEC §9): their meetings and the audits they
observe (dong general audits, special audits of outsourced or subsidised work) with the
findings. Recorded by the officials who handle reports; each record is audited. The
auditors themselves (bodies, terms) are the governance register's, read through its
interface."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.core import textlimits
from maeul.core.errors import ServiceError
from maeul.governance.interface import citizen_auditor_terms
from maeul.places.models import Municipality
from maeul.reports.models import AuditKind, AuditorMeeting, ObservedAudit
from maeul.reports.rules import ReportPermission

MAX_PEOPLE = 500


def _date(value: Any, field: str) -> dt.date:
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ServiceError(_("Give a date as YYYY-MM-DD."), field=field) from None
    if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise ServiceError(_("Give a date as YYYY-MM-DD."), field=field)
    return day


def _count(value: Any, field: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ServiceError(_("Give a whole number of people."), field=field) from None
    if not 0 <= number <= MAX_PEOPLE:
        raise ServiceError(_("Give a whole number of people."), field=field)
    return number


def _label(value: Any, field: str, message: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ServiceError(message, field=field)
    if len(text) > textlimits.LABEL:
        raise ServiceError(
            _("At most %(n)d characters, please.") % {"n": textlimits.LABEL}, field=field
        )
    return text


def _long(value: Any, field: str, limit: int) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        raise ServiceError(_("At most %(n)d characters, please.") % {"n": limit}, field=field)
    return text


def meeting_record(
    *, actor: Any, municipality: Municipality, data: Mapping[str, Any]
) -> AuditorMeeting:
    require_permission(actor, ReportPermission.HANDLE, municipality)
    held_on = _date(data.get("held_on"), "held_on")
    values = {
        "held_on": held_on,
        "title": _label(data.get("title"), "title", _("Give the meeting a title.")),
        "attendees": _count(data.get("attendees"), "attendees"),
        "summary": _long(data.get("summary"), "summary", textlimits.REASON),
    }
    with transaction.atomic():
        meeting = AuditorMeeting.objects.create(municipality=municipality, **values)
        audit_record(
            kind="reports.auditor_meeting_recorded",
            actor=actor,
            subject=meeting.title,
            municipality=municipality,
            data={"held_on": held_on.isoformat(), "attendees": values["attendees"]},
        )
    return meeting


def observed_audit_record(
    *, actor: Any, municipality: Municipality, data: Mapping[str, Any]
) -> ObservedAudit:
    require_permission(actor, ReportPermission.HANDLE, municipality)
    kind = str(data.get("kind") or "")
    if kind not in AuditKind.values:
        raise ServiceError(_("Choose the type of audit."), field="kind")
    starts_on = _date(data.get("starts_on"), "starts_on")
    ends_on = _date(data.get("ends_on"), "ends_on")
    if ends_on < starts_on:
        raise ServiceError(_("The audit cannot end before it starts."), field="ends_on")
    people = _auditors(municipality, data, starts_on)
    values = {
        "kind": kind,
        "target": _label(data.get("target"), "target", _("Name the audited office or work.")),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "observers": _count(data.get("observers"), "observers"),
        "findings": _long(data.get("findings"), "findings", textlimits.TEXT),
    }
    observers = values["observers"]
    if isinstance(observers, int) and len(people) > observers:
        raise ServiceError(
            _("More auditors are ticked than the number observing."), field="observers"
        )
    with transaction.atomic():
        audit = ObservedAudit.objects.create(municipality=municipality, **values)
        audit.auditors.set(people)
        audit_record(
            kind="reports.observed_audit_recorded",
            actor=actor,
            subject=audit.target,
            municipality=municipality,
            data={
                "kind": kind,
                "starts_on": starts_on.isoformat(),
                "observers": values["observers"],
                "auditors": sorted(people),
            },
        )
    return audit


def _auditors(municipality: Municipality, data: Mapping[str, Any], day: dt.date) -> list[int]:
    """The ticked citizen auditors (account ids): each must have held a running term of the
    municipality's citizen-auditor body on the audit's first day."""
    getlist = getattr(data, "getlist", None)
    raw = getlist("auditors") if callable(getlist) else data.get("auditors") or []
    if isinstance(raw, str | int):
        raw = [raw]
    try:
        wanted = {int(value) for value in raw if str(value).strip()}
    except (TypeError, ValueError):
        raise ServiceError(_("Choose citizen auditors from the list."), field="auditors") from None
    if not wanted:
        return []
    serving = set(
        citizen_auditor_terms(municipality.pk, day)
        .filter(user_id__in=wanted)
        .values_list("user_id", flat=True)
    )
    if wanted - serving:
        raise ServiceError(
            _("Only citizen auditors whose term ran when the audit started can be ticked."),
            field="auditors",
        )
    return sorted(wanted)
