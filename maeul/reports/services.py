"""Filing and handling residents' reports. Every step is checked here (permission, allowed
transition, input) and written to the audit log; views and the API only call these.

Workflow::

    received ──► assigned ──► investigating ──► answered
        │           │ ▲            │
        │           └─┘ (reassign) │
        └──────────┴───────────────┴──► transferred | dismissed (with a reason)

An answer, a transfer or a dismissal closes the report; the reporter may then respond once.
Audit entries of a report never name the reporter (the audit log is read more widely than
the report), and an anonymous report's entry has no actor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.auditlog.services import audit_record
from maeul.core import textlimits
from maeul.core.errors import NotAllowed, ServiceError
from maeul.core.uploads import HWP, HWPX, JPEG, MB, PDF, PNG, check_upload
from maeul.governance.interface import citizen_auditor_terms
from maeul.places import maps
from maeul.places.models import Municipality, MunicipalityKind
from maeul.reports import notices, tracking
from maeul.reports.holidays import add_working_days
from maeul.reports.models import (
    DEADLINE_DAYS,
    OPEN_STATES,
    Category,
    Report,
    ReportAttachment,
    ReportEvent,
    ReportNote,
    Status,
)
from maeul.reports.rules import ReportPermission

ATTACHMENT_TYPES = (PDF, JPEG, PNG, HWP, HWPX)
MAX_FILE_BYTES = 10 * MB
MAX_FILES = 5

ALLOWED: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.ASSIGNED, Status.TRANSFERRED, Status.DISMISSED}),
    Status.ASSIGNED: frozenset(
        {
            Status.ASSIGNED,
            Status.INVESTIGATING,
            Status.ANSWERED,
            Status.TRANSFERRED,
            Status.DISMISSED,
        }
    ),
    Status.INVESTIGATING: frozenset(
        {Status.ASSIGNED, Status.ANSWERED, Status.TRANSFERRED, Status.DISMISSED}
    ),
}
"""The transitions the workflow allows; closed reports allow none."""


def today() -> dt.date:
    return timezone.localdate()


def due_date(category: str, received_on: dt.date) -> dt.date:
    return add_working_days(received_on, DEADLINE_DAYS[category])


def _text(value: Any, *, field: str, limit: int, required: str | None) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ServiceError(required, field=field)
    if len(text) > limit:
        raise ServiceError(
            _("At most %(n)d characters, please.") % {"n": limit},
            field=field,
        )
    return text


def _dong(municipality: Municipality, dong_id: Any) -> Municipality | None:
    if dong_id in (None, ""):
        return None
    try:
        dong = Municipality.objects.filter(
            pk=int(dong_id), parent=municipality, kind=MunicipalityKind.DONG
        ).first()
    except (TypeError, ValueError):
        dong = None
    if dong is None:
        raise ServiceError(_("Choose a dong of this district from the list."), field="dong")
    return dong


def _coordinate(value: Any, *, field: str) -> Decimal | None:
    """A latitude or longitude as typed or set by the map picker, rounded to the six decimals
    stored (about 10 cm); a comma as the decimal mark is accepted."""
    text = str(value or "").strip()
    if not text:
        return None
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ServiceError(_("Give the point as a number, such as 37.4569."), field=field)
    return number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _point(data: Mapping[str, Any]) -> tuple[Decimal | None, Decimal | None]:
    """The report's optional map point: both coordinates or neither, inside Korea's box (a
    point outside is a slip or swapped coordinates, and no municipality of Maeul's is there)."""
    latitude = _coordinate(data.get("latitude"), field="latitude")
    longitude = _coordinate(data.get("longitude"), field="longitude")
    if latitude is None and longitude is None:
        return None, None
    if latitude is None or longitude is None:
        raise ServiceError(
            _("Give both the latitude and the longitude of the point, or neither."),
            field="latitude" if latitude is None else "longitude",
        )
    if not maps.in_korea(latitude, longitude):
        raise ServiceError(
            _(
                "The point lies outside Korea: the latitude must be between %(lat0)s and "
                "%(lat1)s and the longitude between %(lng0)s and %(lng1)s (Seoul is about "
                "37.57, 126.98)."
            )
            % {
                "lat0": maps.KOREA_LATITUDE[0],
                "lat1": maps.KOREA_LATITUDE[1],
                "lng0": maps.KOREA_LONGITUDE[0],
                "lng1": maps.KOREA_LONGITUDE[1],
            },
            field="latitude",
        )
    return latitude, longitude


def report_file(
    *,
    user: Any,
    municipality: Municipality,
    data: Mapping[str, Any],
    files: Sequence[Any] = (),
    anonymous: bool = True,
    received_on: dt.date | None = None,
) -> tuple[Report, str | None]:
    """File a report; answers the report and, when anonymous, its tracking code (shown once:
    only its hash is kept). A report is anonymous when asked or when nobody is signed in;
    then nothing about the reporter is stored."""
    category = str(data.get("category") or "")
    if category not in Category.values:
        raise ServiceError(_("Choose what kind of report this is."), field="category")
    title = _text(
        data.get("title"),
        field="title",
        limit=textlimits.LABEL,
        required=_("Give the report a short title."),
    )
    text = _text(
        data.get("text"),
        field="text",
        limit=textlimits.TEXT,
        required=_("Describe what happened: the report is empty."),
    )
    place = _text(data.get("place"), field="place", limit=200, required=None)
    dong = _dong(municipality, data.get("dong"))
    latitude, longitude = _point(data)
    files = [f for f in files if f is not None]
    if len(files) > MAX_FILES:
        raise ServiceError(_("Attach at most %(n)d files.") % {"n": MAX_FILES}, field="attachments")
    checked = [
        check_upload(f, types=ATTACHMENT_TYPES, max_bytes=MAX_FILE_BYTES, field="attachments")
        for f in files
    ]
    signed_in = bool(getattr(user, "is_authenticated", False))
    anonymous = anonymous or not signed_in
    code = tracking.new_code() if anonymous else None
    day = received_on or today()
    with transaction.atomic():
        report = Report.objects.create(
            municipality=municipality,
            dong=dong,
            place=place,
            latitude=latitude,
            longitude=longitude,
            category=category,
            title=title,
            text=text,
            reporter=None if anonymous else user,
            tracking_hash=tracking.code_hash(code) if code else None,
            received_on=day,
            due_on=due_date(category, day),
        )
        for upload, accepted in zip(files, checked, strict=True):
            attachment = ReportAttachment(
                report=report, original_name=accepted.original_name[:200], size=accepted.size
            )
            attachment.file.save(accepted.name, upload, save=False)
            attachment.save()
        ReportEvent.objects.create(report=report, status=Status.RECEIVED, on=day)
        audit_record(
            kind="reports.filed",
            actor=None,
            subject=report,
            municipality=municipality,
            data={
                "category": category,
                "anonymous": anonymous,
                "attachments": len(checked),
                "due_on": report.due_on.isoformat(),
            },
        )
        notices.report_received(report)
    return report, code


def find_by_code(code: str) -> Report | None:
    """The report a tracking code belongs to, or None (also for anything that is not a
    code): callers answer both alike."""
    digest = tracking.code_hash(code)
    if digest is None:
        return None
    return (
        Report.objects.select_related("municipality", "dong").filter(tracking_hash=digest).first()
    )


def _locked(actor: Any, report_id: Any, permission: str) -> Report:
    return get_authorised(
        Report.objects.select_related("municipality"), actor, report_id, permission, lock=True
    )


def _move(report: Report, to: str, *, actor: Any, data: dict[str, Any]) -> None:
    if to not in ALLOWED.get(report.status, frozenset()):
        raise ServiceError(
            _("A report that is “%(status)s” cannot be moved to “%(to)s”.")
            % {"status": report.get_status_display(), "to": Status(to).label},
            field="status",
        )
    before = report.status
    day = today()
    report.status = to
    if to not in OPEN_STATES:
        report.closed_on = max(day, report.received_on)
    report.save()
    ReportEvent.objects.create(report=report, status=to, on=day)
    audit_record(
        kind="reports.moved",
        actor=actor,
        subject=report,
        municipality=report.municipality,
        data={"before": before, "after": to, **data},
    )


def report_assign(
    *, actor: Any, report_id: Any, department: str = "", auditor_id: Any = None
) -> Report:
    """Assign the report to a department, a citizen auditor with a running term, or both."""
    department = _text(department, field="department", limit=120, required=None)
    with transaction.atomic():
        report = _locked(actor, report_id, ReportPermission.HANDLE)
        auditor = None
        if auditor_id not in (None, ""):
            wanted = _int(auditor_id)
            terms = citizen_auditor_terms(report.municipality_id, today())
            term = None if wanted is None else terms.filter(user_id=wanted).first()
            if term is None:
                raise ServiceError(
                    _("Choose a citizen auditor whose term is running."), field="auditor"
                )
            auditor = term.user
        if not department and auditor is None:
            raise ServiceError(
                _("Name the department or choose a citizen auditor."), field="department"
            )
        report.department = department
        report.auditor = auditor
        _move(
            report,
            Status.ASSIGNED,
            actor=actor,
            data={"department": department, "auditor": auditor.pk if auditor else None},
        )
        if auditor is not None:
            notices.report_assigned(report)
    return report


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def report_investigate(*, actor: Any, report_id: Any) -> Report:
    with transaction.atomic():
        report = _locked(actor, report_id, ReportPermission.WORK)
        _move(report, Status.INVESTIGATING, actor=actor, data={})
    return report


def report_answer(*, actor: Any, report_id: Any, answer: str) -> Report:
    """The public answer: the reporter reads it by account or tracking code."""
    text = _text(answer, field="answer", limit=textlimits.TEXT, required=_("Write the answer."))
    with transaction.atomic():
        report = _locked(actor, report_id, ReportPermission.WORK)
        report.answer = text
        _move(report, Status.ANSWERED, actor=actor, data={"characters": len(text)})
        notices.report_answered(report)
    return report


def report_transfer(*, actor: Any, report_id: Any, to: str, reason: str) -> Report:
    target = _text(to, field="transferred_to", limit=120, required=_("Name where the report goes."))
    why = _text(reason, field="reason", limit=textlimits.REASON, required=_("Give the reason."))
    with transaction.atomic():
        report = _locked(actor, report_id, ReportPermission.HANDLE)
        report.transferred_to = target
        report.reason = why
        _move(report, Status.TRANSFERRED, actor=actor, data={"to": target, "reason": why})
        notices.report_answered(report)
    return report


def report_dismiss(*, actor: Any, report_id: Any, reason: str) -> Report:
    why = _text(reason, field="reason", limit=textlimits.REASON, required=_("Give the reason."))
    with transaction.atomic():
        report = _locked(actor, report_id, ReportPermission.HANDLE)
        report.reason = why
        _move(report, Status.DISMISSED, actor=actor, data={"reason": why})
        notices.report_answered(report)
    return report


def note_add(*, actor: Any, report_id: Any, text: str) -> ReportNote:
    """An internal note: seen by the people handling the report, never by the reporter."""
    body = _text(text, field="note", limit=textlimits.REASON, required=_("Write the note."))
    with transaction.atomic():
        report = _locked(actor, report_id, ReportPermission.WORK)
        note = ReportNote.objects.create(report=report, author=actor, text=body)
        audit_record(
            kind="reports.note_added",
            actor=actor,
            subject=report,
            municipality=report.municipality,
            data={"characters": len(body)},
        )
    return note


def report_respond(*, report: Report, text: str, user: Any = None) -> Report:
    """The reporter's one response to the outcome (by account or tracking code). The caller
    has established that this is the reporter; ``user`` only checks an account's report."""
    body = _text(
        text, field="response", limit=textlimits.REASON, required=_("Write your response.")
    )
    with transaction.atomic():
        locked = Report.objects.select_for_update().select_related("municipality").get(pk=report.pk)
        if user is not None and locked.reporter_id != getattr(user, "pk", None):
            raise NotAllowed(_("Only the reporter may respond."))
        if locked.is_open:
            raise ServiceError(
                _("You can respond once the report has been answered."), field="response"
            )
        if locked.responded_on is not None:
            raise ServiceError(_("You have already responded to this report."), field="response")
        locked.response = body
        locked.responded_on = today()
        locked.save(update_fields=["response", "responded_on"])
        audit_record(
            kind="reports.responded",
            actor=None,
            subject=locked,
            municipality=locked.municipality,
            data={"characters": len(body)},
        )
        notices.report_responded(locked)
    return locked


def overdue_remind(*, on: dt.date | None = None) -> int:
    """Tell the handling officials (and the assigned citizen auditor) of each open report
    past its deadline, once per report. Safe to run any number of times."""
    day = on or today()
    count = 0
    rows = Report.objects.filter(status__in=OPEN_STATES, due_on__lt=day, overdue_told=False)
    for report in rows.select_related("municipality").order_by("pk"):
        with transaction.atomic():
            notices.report_overdue(report)
            Report.objects.filter(pk=report.pk).update(overdue_told=True)
        count += 1
    return count


DUE_SOON_DAYS = 2
"""Working days before a deadline at which the people working on a report are reminded."""


def due_soon_remind(*, on: dt.date | None = None) -> int:
    """Remind the assigned department's officials and the assigned citizen auditor of each
    assigned or investigated report due within ``DUE_SOON_DAYS`` working days (the due day
    included). Once per report and deadline: the notice's event key names both, so the daily
    run on each of the last days, a retry or a second worker tells nobody twice; a report
    whose deadline moved is a new event. Returns how many reports were considered."""
    day = on or today()
    last = add_working_days(day, DUE_SOON_DAYS)
    rows = Report.objects.filter(
        status__in=[Status.ASSIGNED, Status.INVESTIGATING], due_on__gte=day, due_on__lte=last
    )
    count = 0
    for report in rows.select_related("municipality").order_by("pk"):
        notices.report_due_soon(report)
        count += 1
    return count


def can(user: Any, permission: str, report: Report) -> bool:
    return has_permission(user, permission, report)
