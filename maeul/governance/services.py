"""Every change to governance records: one keyword-only function per change, each one durable
transaction that checks the permission, applies the engine's rules and writes the audit log.

Locking (docs/subsystems/concurrency.md): a membership change locks its body's row first
(``select_for_update``), so two officials adding members at once see each other's terms and
the composition each one previewed is the one they change. A session change or an import
locks the quarterly reports it touches, in (district, year, quarter) order, so a report
cannot be submitted or accepted while its sessions are being replaced.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import has_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, NotAllowed, ServiceError, violates
from maeul.engine.scoring import (
    ChangeEffect,
    InvalidTerm,
    Term,
    check_new_term,
    compare,
    default_term_end,
)
from maeul.governance import selectors
from maeul.governance.models import (
    REPORT_TRANSITIONS,
    Body,
    BodyKind,
    DeliberationSession,
    MeetingPeriod,
    Membership,
    QuarterlyReport,
    SessionAttachment,
    SessionAttendance,
    SurveyGroup,
    SurveyResult,
)
from maeul.governance.sheet import CellError, ParsedRow, SheetUnreadable, read_rows
from maeul.places.models import Municipality

ATTACHMENT_TYPES = {".pdf", ".hwp", ".hwpx", ".docx", ".xlsx", ".pptx", ".jpg", ".jpeg", ".png"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
SHEET_MAX_BYTES = 5 * 1024 * 1024


class CompositionWarning(Conflict):
    """The change would break a composition rule; repeat it with ``acknowledge=True``."""

    code = "composition_warning"

    def __init__(self, message: str, *, effect: ChangeEffect) -> None:
        super().__init__(message, field=None)
        self.effect = effect


class ImportFailed(ServiceError):
    """The sheet has errors; nothing was imported. ``errors`` lists every one."""

    code = "import_failed"
    status = 422

    def __init__(self, errors: Sequence[CellError]) -> None:
        super().__init__(
            _("The sheet has %(count)s errors; nothing was imported.") % {"count": len(errors)}
        )
        self.errors = list(errors)


def _require(actor: Any, name: str, obj: Any) -> None:
    if not has_permission(actor, name, obj):
        raise NotAllowed(_("You do not have permission to do this."))


# ---- bodies and members ---------------------------------------------------------------------


BODY_FIELDS = (
    "name",
    "kind",
    "parent",
    "mandate",
    "established_on",
    "meetings_required",
    "meetings_period",
    "min_gender_percent",
    "min_civil_percent",
    "term_years",
    "max_consecutive_terms",
)
"""What officials set on a body: its identity, mandate, meeting rule, composition thresholds
and term rules (the municipality is fixed at creation)."""


def _check_body(municipality: Municipality, values: dict[str, Any], body: Body | None) -> None:
    """The body's rules as data must make sense before they are saved: thresholds within
    range, positive terms, a known kind and period, a parent above and no cycle."""
    name = (values.get("name") or "").strip()
    if not name:
        raise ServiceError(_("Enter the body's name."), field="name")
    values["name"] = name
    if values.get("kind") not in BodyKind.values:
        raise ServiceError(_("Choose the type of body."), field="kind")
    if values.get("meetings_period", "year") not in MeetingPeriod.values:
        raise ServiceError(_("Choose a meeting period."), field="meetings_period")
    gender = values.get("min_gender_percent")
    if gender is not None and not 0 <= int(gender) <= 50:
        raise ServiceError(
            _("The minimum share of each gender must be between 0 and 50%."),
            field="min_gender_percent",
        )
    civil = values.get("min_civil_percent")
    if civil is not None and not 0 <= int(civil) <= 100:
        raise ServiceError(
            _("The minimum share of civil members must be between 0 and 100%."),
            field="min_civil_percent",
        )
    if int(values.get("term_years", 2)) < 1:
        raise ServiceError(_("A term lasts at least one year."), field="term_years")
    if int(values.get("max_consecutive_terms", 2)) < 1:
        raise ServiceError(
            _("At least one consecutive term must be allowed."), field="max_consecutive_terms"
        )
    if int(values.get("meetings_required", 1)) < 0:
        raise ServiceError(
            _("The number of meetings cannot be negative."), field="meetings_required"
        )
    parent = values.get("parent")
    if parent is not None:
        if not municipality.is_within(parent.municipality):
            raise ServiceError(
                _("The parent body must belong to this municipality or one above it."),
                field="parent",
            )
        ancestor = parent
        while ancestor is not None and body is not None:
            if ancestor.pk == body.pk:
                raise ServiceError(
                    _("A body cannot be placed under itself or one of its own sub-bodies."),
                    field="parent",
                )
            ancestor = ancestor.parent


def _name_taken(error: IntegrityError, name: str) -> Conflict:
    if violates(error, "governance_body_unique_name", "municipality_id", "name"):
        return Conflict(
            _("This municipality already has a body called %(name)s.") % {"name": name},
            field="name",
        )
    raise error


def body_create(
    *,
    actor: Any,
    municipality: Municipality,
    name: str,
    kind: str,
    parent: Body | None = None,
    mandate: str = "",
    established_on: dt.date | None = None,
    meetings_required: int = 1,
    meetings_period: str = "year",
    min_gender_percent: int | None = 40,
    min_civil_percent: int | None = 70,
    term_years: int = 2,
    max_consecutive_terms: int = 2,
) -> Body:
    _require(actor, "governance.manage_bodies", municipality)
    values: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "parent": parent,
        "mandate": mandate,
        "established_on": established_on,
        "meetings_required": meetings_required,
        "meetings_period": meetings_period,
        "min_gender_percent": min_gender_percent,
        "min_civil_percent": min_civil_percent,
        "term_years": term_years,
        "max_consecutive_terms": max_consecutive_terms,
    }
    _check_body(municipality, values, None)
    try:
        with transaction.atomic(durable=True):
            body = Body.objects.create(municipality=municipality, **values)
            audit_record(
                kind="governance.body_created",
                actor=actor,
                subject=body,
                municipality=municipality,
                data={"name": body.name, "kind": kind, "rules": _rules_data(body)},
            )
    except IntegrityError as error:
        raise _name_taken(error, values["name"]) from None
    return body


def _rules_data(body: Body) -> dict[str, Any]:
    return {
        "parent": body.parent_id,
        "meetings": [body.meetings_required, body.meetings_period],
        "min_gender_percent": body.min_gender_percent,
        "min_civil_percent": body.min_civil_percent,
        "term_years": body.term_years,
        "max_consecutive_terms": body.max_consecutive_terms,
    }


def body_update(*, actor: Any, body: Body, data: Mapping[str, Any] | None = None) -> Body:
    """Save edited settings of a body.

    With ``data`` (the officials' page): the body row is locked, the named fields of
    ``BODY_FIELDS`` are applied and checked, and the audit entry lists what changed. Without
    (the operator's back office, which edits the instance itself): the instance is saved as
    given after the same checks.
    """
    original = Body.objects.select_related("municipality").get(pk=body.pk)
    _require(actor, "governance.manage_bodies", original.municipality)
    _require(actor, "governance.manage_bodies", body.municipality)
    if data is not None:
        unknown = sorted(set(data) - set(BODY_FIELDS))
        if unknown:
            raise ServiceError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    values = {name: getattr(body, name) for name in BODY_FIELDS} | dict(data or {})
    municipality = original.municipality if data is not None else body.municipality
    _check_body(municipality, values, original)
    if data is None:
        values["municipality"] = municipality
    try:
        with transaction.atomic(durable=True):
            locked = Body.objects.select_for_update().get(pk=body.pk)
            changed = sorted(n for n, v in values.items() if getattr(locked, n) != v)
            for name, value in values.items():
                setattr(locked, name, value)
            locked.save()
            audit_record(
                kind="governance.body_updated",
                actor=actor,
                subject=locked,
                municipality=locked.municipality,
                data={"changed": changed, "rules": _rules_data(locked)},
            )
    except IntegrityError as error:
        raise _name_taken(error, values["name"]) from None
    if data is None:
        body.refresh_from_db()
    return locked


@dataclass(frozen=True)
class MemberDraft:
    """A proposed membership, as the form or the API gives it."""

    person_name: str
    sector: str
    gender: str
    appointment: str
    role: str
    term_start: dt.date
    term_end: dt.date | None = None
    affiliation: str = ""
    user_id: int | None = None

    def person_key(self) -> str:
        if self.user_id is not None:
            return f"user:{self.user_id}"
        return "name:" + " ".join(self.person_name.split()).casefold()


def membership_preview(*, body: Body, draft: MemberDraft) -> tuple[ChangeEffect, dt.date]:
    """The composition before and after adding ``draft`` (on its first day), and its end.

    Raises ServiceError for term problems (end before start, overlap, third consecutive term),
    which no acknowledgement can override."""
    end = draft.term_end or default_term_end(draft.term_start, body.term_policy())
    try:
        term = Term(draft.term_start, end)
    except InvalidTerm:
        raise ServiceError(
            _("The term ends (%(end)s) before it starts (%(start)s).")
            % {"end": end.isoformat(), "start": draft.term_start.isoformat()},
            field="term_end",
        ) from None
    earlier = [m.as_term() for m in body.memberships.all() if m.person_key == draft.person_key()]
    verdict = check_new_term(earlier, term, body.term_policy())
    if not verdict.ok:
        if verdict.code == "overlap" and verdict.conflicting is not None:
            message = _(
                "%(name)s already holds a term in this body from %(start)s to %(end)s; terms "
                "of one person must not overlap."
            ) % {
                "name": draft.person_name,
                "start": verdict.conflicting.start.isoformat(),
                "end": verdict.conflicting.end.isoformat(),
            }
            field = "term_start"
        elif verdict.code == "too_many_consecutive":
            message = _(
                "This would be %(name)s's term number %(count)s in a row; the body allows "
                "%(limit)s consecutive terms (renewable %(renewals)s times)."
            ) % {
                "name": draft.person_name,
                "count": verdict.consecutive,
                "limit": body.max_consecutive_terms,
                "renewals": body.max_consecutive_terms - 1,
            }
            field = "term_start"
        else:
            message = _("A term of this body lasts at most %(years)s years.") % {
                "years": body.term_years
            }
            field = "term_end"
        raise ServiceError(message, field=field)
    before = selectors.composition_counts(body, on=draft.term_start)
    after = before.plus(sector=draft.sector, gender=draft.gender)
    return compare(before, after, body.composition_policy()), end


def _locked_body(body_id: int) -> Body:
    return Body.objects.select_for_update().select_related("municipality").get(pk=body_id)


def membership_add(
    *, actor: Any, body: Body, draft: MemberDraft, acknowledge: bool = False
) -> Membership:
    """Add one term. A term problem is refused; a composition rule the change would break is
    a ``CompositionWarning`` unless the official acknowledged it after seeing the preview."""
    _require(actor, "governance.manage_bodies", body)
    with transaction.atomic(durable=True):
        body = _locked_body(body.pk)
        effect, end = membership_preview(body=body, draft=draft)
        if effect.newly_broken and not acknowledge:
            raise CompositionWarning(
                _("Adding this member would break a composition rule; confirm to go ahead."),
                effect=effect,
            )
        try:
            with transaction.atomic():
                member = Membership.objects.create(
                    body=body,
                    user_id=draft.user_id,
                    person_name=draft.person_name.strip(),
                    affiliation=draft.affiliation,
                    sector=draft.sector,
                    gender=draft.gender,
                    appointment=draft.appointment,
                    role=draft.role,
                    term_start=draft.term_start,
                    term_end=end,
                )
        except IntegrityError as error:
            if violates(
                error, "governance_membership_unique_term", "body_id", "person_name", "term_start"
            ):
                raise Conflict(
                    _("%(name)s already has a term starting on this day.")
                    % {"name": draft.person_name},
                    field="term_start",
                ) from None
            raise
        audit_record(
            kind="governance.member_added",
            actor=actor,
            subject=member,
            municipality=body.municipality,
            data={
                "body": body.pk,
                "sector": member.sector,
                "term": [member.term_start, member.term_end],
                "acknowledged": sorted(effect.newly_broken),
            },
        )
    return member


def membership_end_preview(*, membership: Membership, on: dt.date) -> ChangeEffect:
    if not membership.term_start <= on <= membership.term_end:
        raise ServiceError(
            _("The last day must fall within the term (%(start)s to %(end)s).")
            % {"start": membership.term_start, "end": membership.term_end},
            field="resigned_on",
        )
    body = membership.body
    before = selectors.composition_counts(body, on=on)
    if membership.is_active_on(on):
        after = before.minus(sector=membership.sector, gender=membership.gender)
    else:
        after = before
    return compare(before, after, body.composition_policy())


def membership_end(
    *,
    actor: Any,
    membership: Membership,
    on: dt.date,
    reason: str = "",
    acknowledge: bool = False,
) -> Membership:
    """Record a resignation (or a dismissal) effective after ``on``, the member's last day."""
    _require(actor, "governance.manage_bodies", membership.body)
    with transaction.atomic(durable=True):
        _locked_body(membership.body_id)
        membership = Membership.objects.select_related("body__municipality").get(pk=membership.pk)
        if membership.resigned_on is not None:
            raise Conflict(_("This membership has already ended."), field="resigned_on")
        effect = membership_end_preview(membership=membership, on=on)
        if effect.newly_broken and not acknowledge:
            raise CompositionWarning(
                _("Removing this member would break a composition rule; confirm to go ahead."),
                effect=effect,
            )
        membership.resigned_on = on
        membership.resignation_reason = reason[:200]
        membership.save(update_fields=["resigned_on", "resignation_reason"])
        audit_record(
            kind="governance.member_ended",
            actor=actor,
            subject=membership,
            municipality=membership.body.municipality,
            data={"on": on, "acknowledged": sorted(effect.newly_broken)},
        )
    return membership


# ---- quarterly reports and sessions ---------------------------------------------------------


def _report_for(district: Municipality, year: int, quarter: int) -> QuarterlyReport:
    report, _created = QuarterlyReport.objects.get_or_create(
        municipality=district, year=year, quarter=quarter
    )
    return QuarterlyReport.objects.select_for_update().get(pk=report.pk)


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _district_named(scope: Municipality, name: str) -> Municipality | None:
    if scope.level >= 2:
        return scope if name in (scope.name, scope.name_en, scope.slug) else None
    return Municipality.objects.filter(parent=scope, name=name).first()


def sessions_import(*, actor: Any, scope: Municipality, content: bytes) -> dict[str, int]:
    """Import the city's sheet, all or nothing.

    Every row is validated and every error collected (``ImportFailed.errors``, by row and
    column) before anything is written. Rows name their district (it must lie within
    ``scope`` and the actor must record sessions there) and their date picks the quarter; each
    quarterly report the sheet touches must still be held by the district (draft or
    returned), and its sessions are replaced by the sheet's rows in one transaction.
    Returns sessions imported per report period ("금천구 2019-Q1": 22)."""
    _require(actor, "governance.record_sessions", scope)
    if len(content) > SHEET_MAX_BYTES:
        raise ImportFailed(
            [
                CellError(
                    1,
                    "-",
                    "-",
                    _("The file is larger than %(mb)s MB.") % {"mb": SHEET_MAX_BYTES // 2**20},
                )
            ]
        )
    try:
        rows, errors = read_rows(content)
    except SheetUnreadable as error:
        raise ImportFailed([CellError(1, "-", "-", str(error))]) from None
    seen: dict[tuple[str, int, int, str], int] = {}
    districts: dict[str, Municipality] = {}
    keyed: list[tuple[ParsedRow, Municipality]] = []
    for row in rows:
        district = districts.get(row.district) or _district_named(scope, row.district)
        if district is None:
            errors.append(
                CellError(
                    row.row,
                    "자치구",
                    "B",
                    _("%(name)s is not a district of %(scope)s.")
                    % {"name": row.district[:30], "scope": scope.name},
                )
            )
            continue
        if not has_permission(actor, "governance.record_sessions", district):
            errors.append(
                CellError(
                    row.row,
                    "자치구",
                    "B",
                    _("You may not record sessions of %(name)s.") % {"name": district.name},
                )
            )
            continue
        districts[row.district] = district
        key = (district.name, row.date.year, row.quarter, row.reference)
        if key in seen:
            errors.append(
                CellError(
                    row.row,
                    "연번",
                    "A",
                    _("Number %(ref)s is used twice in this quarter (also row %(other)s).")
                    % {"ref": row.reference, "other": seen[key]},
                )
            )
            continue
        seen[key] = row.row
        keyed.append((row, district))
    periods = sorted({(d.path, d.pk, r.date.year, r.quarter) for r, d in keyed})
    with transaction.atomic(durable=True):
        reports: dict[tuple[int, int, int], QuarterlyReport] = {}
        for _path, district_id, year, quarter in periods:
            district = next(d for d in districts.values() if d.pk == district_id)
            report = _report_for(district, year, quarter)
            if not report.editable:
                first_row = min(
                    r.row
                    for r, d in keyed
                    if d.pk == district_id and (r.date.year, r.quarter) == (year, quarter)
                )
                errors.append(
                    CellError(
                        first_row,
                        "일자",
                        "E",
                        _(
                            "The %(period)s report of %(name)s is %(status)s; only a draft or "
                            "returned report can be replaced."
                        )
                        % {
                            "period": report.period,
                            "name": district.name,
                            "status": report.get_status_display(),
                        },
                    )
                )
            reports[(district_id, year, quarter)] = report
        if errors:
            transaction.set_rollback(True)
            raise ImportFailed(sorted(errors, key=lambda e: (e.row, e.letter)))
        counts: dict[str, int] = {}
        for report in reports.values():
            report.sessions.all().delete()
        DeliberationSession.objects.bulk_create(
            [
                DeliberationSession(
                    municipality=district,
                    report=reports[(district.pk, row.date.year, row.quarter)],
                    reference=row.reference,
                    name=row.name,
                    kind=row.kind,
                    starts_at=_aware(row.date, row.start),
                    ends_at=_aware(row.date, row.end),
                    venue="" if row.online else row.venue,
                    online=row.online,
                    invited_total=row.invited_total,
                    invited_government=row.invited_government,
                    invited_civil=row.invited_civil,
                    attended_government=row.attended_government,
                    attended_civil=row.attended_civil,
                    agenda=row.agenda,
                    decisions=row.decisions,
                )
                for row, district in keyed
            ]
        )
        for row, district in keyed:
            label = f"{district.name} {row.date.year}-Q{row.quarter}"
            counts[label] = counts.get(label, 0) + 1
        audit_record(
            kind="governance.sessions_imported",
            actor=actor,
            subject=f"sheet:{scope.code}",
            municipality=scope,
            data={"reports": counts},
        )
    return counts


def session_record(
    *, actor: Any, district: Municipality, row: ParsedRow, body: Body | None = None
) -> DeliberationSession:
    """Record one session typed on the form (validated like a sheet row by the caller)."""
    _require(actor, "governance.record_sessions", district)
    with transaction.atomic(durable=True):
        report = _report_for(district, row.date.year, row.quarter)
        if not report.editable:
            raise Conflict(
                _(
                    "The %(period)s report is %(status)s; sessions of that quarter can no longer "
                    "change."
                )
                % {"period": report.period, "status": report.get_status_display()},
                field="date",
            )
        if report.sessions.filter(reference=row.reference).exists():
            raise Conflict(
                _("Number %(ref)s is already used in %(period)s.")
                % {"ref": row.reference, "period": report.period},
                field="reference",
            )
        if body is not None and not district.is_within(body.municipality):
            raise ServiceError(_("The body does not belong to this district."), field="body")
        session = DeliberationSession.objects.create(
            municipality=district,
            report=report,
            body=body,
            reference=row.reference,
            name=row.name,
            kind=row.kind,
            starts_at=_aware(row.date, row.start),
            ends_at=_aware(row.date, row.end),
            venue=row.venue,
            online=row.online,
            invited_total=row.invited_total,
            invited_government=row.invited_government,
            invited_civil=row.invited_civil,
            attended_government=row.attended_government,
            attended_civil=row.attended_civil,
            agenda=row.agenda,
            decisions=row.decisions,
        )
        audit_record(
            kind="governance.session_recorded",
            actor=actor,
            subject=session,
            municipality=district,
            data={"report": report.period, "attended": session.attended_total},
        )
    return session


def session_update_record(
    *, actor: Any, session: DeliberationSession, minutes: str, decisions: str, agenda: str
) -> DeliberationSession:
    """Agenda, minutes and decisions may be completed while the report is with the district."""
    _require(actor, "governance.record_sessions", session.municipality)
    with transaction.atomic(durable=True):
        report = QuarterlyReport.objects.select_for_update().get(pk=session.report_id)
        if not report.editable:
            raise Conflict(_("This quarter's report can no longer change."), field="minutes")
        DeliberationSession.objects.filter(pk=session.pk).update(
            agenda=agenda, minutes=minutes, decisions=decisions
        )
        audit_record(
            kind="governance.session_minutes",
            actor=actor,
            subject=session,
            municipality=session.municipality,
            data={"report": report.period},
        )
    session.refresh_from_db()
    return session


def session_attendance_record(
    *,
    actor: Any,
    session: DeliberationSession,
    attended_ids: set[int],
    walk_ins_government: int = 0,
    walk_ins_civil: int = 0,
) -> DeliberationSession:
    """Record which members of the session's body attended; the sector counts follow.

    The body's members on the session's day are the invited; council members count as civil
    (the city's sheet has two sectors, government 행정 and civil 민간). People who came
    without being members are walk-ins, which is how a rate above 100% arises."""
    _require(actor, "governance.record_sessions", session.municipality)
    if session.body_id is None:
        raise ServiceError(
            _("This session belongs to no body, so it has no members."), field="members"
        )
    if walk_ins_government < 0 or walk_ins_civil < 0:
        raise ServiceError(_("A count cannot be negative."), field="walk_ins_civil")
    with transaction.atomic(durable=True):
        report = QuarterlyReport.objects.select_for_update().get(pk=session.report_id)
        if not report.editable:
            raise Conflict(_("This quarter's report can no longer change."), field="members")
        session = DeliberationSession.objects.select_related("body").get(pk=session.pk)
        assert session.body is not None
        day = timezone.localtime(session.starts_at).date()
        members = list(selectors.active_memberships(session.body, day))
        known = {m.pk for m in members}
        if not attended_ids <= known:
            raise ServiceError(
                _("Only members of the body on the session's day can be marked."), field="members"
            )
        SessionAttendance.objects.filter(session=session).delete()
        SessionAttendance.objects.bulk_create(
            [
                SessionAttendance(session=session, membership=m, attended=m.pk in attended_ids)
                for m in members
            ]
        )
        government = [m for m in members if m.sector == "government"]
        civil = [m for m in members if m.sector != "government"]
        session.invited_government = len(government)
        session.invited_civil = len(civil)
        session.invited_total = len(members)
        session.attended_government = (
            sum(1 for m in government if m.pk in attended_ids) + walk_ins_government
        )
        session.attended_civil = sum(1 for m in civil if m.pk in attended_ids) + walk_ins_civil
        if session.attended_total > 0 and session.invited_total == 0:
            raise ServiceError(_("People attended but nobody was invited."), field="members")
        session.save(
            update_fields=[
                "invited_government",
                "invited_civil",
                "invited_total",
                "attended_government",
                "attended_civil",
            ]
        )
        audit_record(
            kind="governance.attendance_recorded",
            actor=actor,
            subject=session,
            municipality=session.municipality,
            data={
                "members": len(members),
                "attended": session.attended_total,
                "walk_ins": walk_ins_government + walk_ins_civil,
            },
        )
    return session


def attachment_add(
    *, actor: Any, session: DeliberationSession, upload: UploadedFile
) -> SessionAttachment:
    _require(actor, "governance.record_sessions", session.municipality)
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in ATTACHMENT_TYPES:
        raise ServiceError(
            _("Files of type %(ext)s cannot be attached; allowed: %(allowed)s.")
            % {"ext": extension or "?", "allowed": ", ".join(sorted(ATTACHMENT_TYPES))},
            field="file",
        )
    if (upload.size or 0) > ATTACHMENT_MAX_BYTES:
        raise ServiceError(
            _("The file is larger than %(mb)s MB.") % {"mb": ATTACHMENT_MAX_BYTES // 2**20},
            field="file",
        )
    with transaction.atomic(durable=True):
        attachment = SessionAttachment(session=session, original_name=name[:200], size=upload.size)
        attachment.file.save(name, upload, save=False)
        attachment.save()
        audit_record(
            kind="governance.attachment_added",
            actor=actor,
            subject=session,
            municipality=session.municipality,
            data={"file": attachment.original_name, "size": attachment.size},
        )
    return attachment


def _transition(report: QuarterlyReport, action: str) -> str:
    target = REPORT_TRANSITIONS[action].get(report.status)
    if target is None:
        raise Conflict(
            _("A %(status)s report cannot be %(action)s.")
            % {"status": report.get_status_display(), "action": _action_label(action)},
            field="status",
        )
    return target


def _action_label(action: str) -> str:
    return {"submit": _("submitted"), "accept": _("accepted"), "return": _("returned")}[action]


def report_submit(*, actor: Any, report: QuarterlyReport) -> QuarterlyReport:
    _require(actor, "governance.submit_report", report.municipality)
    with transaction.atomic(durable=True):
        report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        report.status = _transition(report, "submit")
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        report.save(update_fields=["status", "submitted_at", "submitted_by"])
        audit_record(
            kind="governance.report_submitted",
            actor=actor,
            subject=report,
            municipality=report.municipality,
            data={"period": report.period, "sessions": report.sessions.count()},
        )
    return report


def report_review(
    *, actor: Any, report: QuarterlyReport, accept: bool, reason: str = ""
) -> QuarterlyReport:
    """The city accepts the report or returns it to the district with a reason."""
    _require(actor, "governance.review_report", report.municipality)
    if not accept and not reason.strip():
        raise ServiceError(_("Say why the report is returned."), field="reason")
    with transaction.atomic(durable=True):
        report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        report.status = _transition(report, "accept" if accept else "return")
        report.reviewed_at = timezone.now()
        report.reviewed_by = actor
        report.return_reason = "" if accept else reason.strip()
        report.save(update_fields=["status", "reviewed_at", "reviewed_by", "return_reason"])
        audit_record(
            kind="governance.report_accepted" if accept else "governance.report_returned",
            actor=actor,
            subject=report,
            municipality=report.municipality,
            data={"period": report.period, "reason": report.return_reason},
        )
    return report


SURVEY_FIELDS = (
    "year",
    "group",
    "respondents",
    "level",
    "level_share",
    "trust_district",
    "trust_city",
)


def _check_survey(values: Mapping[str, Any]) -> None:
    if not 2000 <= int(values["year"]) <= 2100:
        raise ServiceError(_("Enter a year between 2000 and 2100."), field="year")
    if values["group"] not in SurveyGroup.values:
        raise ServiceError(_("Choose the group surveyed."), field="group")
    if not 1 <= int(values["level"]) <= 7:
        raise ServiceError(_("The participation level is between 1 and 7."), field="level")
    if not 0 <= Decimal(values["level_share"]) <= 100:
        raise ServiceError(_("A share is between 0 and 100%."), field="level_share")
    for name in ("trust_district", "trust_city"):
        if not 0 <= Decimal(values[name]) < 10:
            raise ServiceError(_("A mean trust score is between 0 and 9.99."), field=name)
    if values.get("respondents") is not None and int(values["respondents"]) < 0:
        raise ServiceError(_("The number of respondents cannot be negative."), field="respondents")


def survey_result_save(
    *,
    actor: Any,
    result: SurveyResult | None = None,
    municipality: Municipality | None = None,
    data: Mapping[str, Any] | None = None,
) -> SurveyResult:
    """Create or correct a survey result.

    The officials' page gives ``municipality`` and ``data`` (and ``result`` to correct one);
    the operator's back office gives the edited ``result`` instance alone. The same year and
    group twice is refused by the constraint's name with a message, never a 500.
    """
    if result is None:
        if municipality is None:
            raise ServiceError(_("Choose the municipality."), field="municipality")
        result = SurveyResult(municipality=municipality)
    else:
        stored = (
            SurveyResult.objects.select_related("municipality").filter(pk=result.pk).first()
            if result.pk
            else None
        )
        if stored is not None:
            _require(actor, "governance.manage_bodies", stored.municipality)
    _require(actor, "governance.manage_bodies", result.municipality)
    if data is not None:
        unknown = sorted(set(data) - set(SURVEY_FIELDS))
        if unknown:
            raise ServiceError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
        for name, value in data.items():
            setattr(result, name, value)
    _check_survey({name: getattr(result, name) for name in SURVEY_FIELDS})
    try:
        with transaction.atomic(durable=True):
            result.save()
            audit_record(
                kind="governance.survey_saved",
                actor=actor,
                subject=result,
                municipality=result.municipality,
                data={
                    "year": result.year,
                    "group": result.group,
                    "level": int(result.level),
                    "level_share": str(result.level_share),
                    "trust_district": str(result.trust_district),
                    "trust_city": str(result.trust_city),
                },
            )
    except IntegrityError as error:
        if violates(error, "governance_survey_unique_group", "municipality_id", "year", "group"):
            raise Conflict(
                _("A result for this year and group is already recorded; correct that one."),
                field="group",
            ) from None
        raise
    return result
