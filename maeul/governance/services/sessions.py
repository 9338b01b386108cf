"""Sessions recorded one at a time on the form: figures, minutes and the members' attendance.
Each change locks the session's quarterly report first, so a report cannot be submitted or
accepted while one of its sessions changes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.auditlog.services import audit_record
from maeul.core import participation
from maeul.core.errors import Conflict, ServiceError
from maeul.core.participation import ActivityCode, ParticipationEvent
from maeul.governance import selectors
from maeul.governance.models import (
    Body,
    BodyKind,
    DeliberationSession,
    QuarterlyReport,
    SessionAttendance,
)
from maeul.governance.rules import GovernancePermission
from maeul.governance.services._base import _aware, _report_for, _require
from maeul.governance.sheet import ParsedRow
from maeul.places.models import Municipality


def session_record(
    *, actor: Any, district: Municipality, row: ParsedRow, body: Body | None = None
) -> DeliberationSession:
    """Record one session typed on the form (validated like a sheet row by the caller)."""
    _require(actor, GovernancePermission.RECORD_SESSIONS, district)
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
    _require(actor, GovernancePermission.RECORD_SESSIONS, session.municipality)
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


COUNCIL_KINDS = frozenset({BodyKind.AUTONOMY_COUNCIL, BodyKind.DISTRICT_GOVERNANCE_COUNCIL})


def _announce_attendance(session: DeliberationSession, attended: list[Any]) -> None:
    """Members with an account who attended are announced as participation once the
    attendance commits (points for attendance, if the award table lists it). The source key
    names the session and the person, so recording the attendance again pays nobody twice."""
    assert session.body is not None
    activity = (
        ActivityCode.COUNCIL_ATTENDANCE
        if session.body.kind in COUNCIL_KINDS
        else ActivityCode.COMMITTEE_ATTENDANCE
    )
    for membership in attended:
        if membership.user_id is None:
            continue
        participation.announce(
            ParticipationEvent(
                activity=activity,
                resident_id=membership.user_id,
                municipality_id=session.municipality_id,
                source_key=f"governance.attendance:{session.pk}:{membership.user_id}",
                occurred_at=session.starts_at,
            )
        )


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
    _require(actor, GovernancePermission.RECORD_SESSIONS, session.municipality)
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
        _announce_attendance(session, [m for m in members if m.pk in attended_ids])
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
