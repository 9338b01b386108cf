"""Writes of outreach. Each function takes the acting user, checks the permission on the row's
municipality, runs in one transaction and raises ``ServiceError`` (Korean or English, with the
field at fault) on bad input, changing nothing. Officials' actions are written to the audit
log; a resident's sign-up is their own act and is not.

Participation is announced through the foundation (``maeul.core.participation``): a post earns
``sns_post`` and a completed course ``education_course``; the points programme pays what its
award table lists for them, and nothing when it lists none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.core.participation import ActivityCode, ParticipationEvent, announce
from maeul.outreach import notices
from maeul.outreach.models import (
    CATEGORIES,
    AgendaItem,
    AgendaResult,
    Attendance,
    AutonomyProgramme,
    AutonomySignup,
    Channel,
    Course,
    CourseMode,
    Enrolment,
    Mission,
    Outcome,
    Post,
    Record,
    RecordKind,
    Reporter,
    ReporterAward,
    ReporterTeam,
    Session,
)
from maeul.outreach.rules import OutreachPermission
from maeul.places.models import Municipality

LABEL = 200


def _require_manage(actor: Any, obj: Any) -> None:
    if not has_permission(actor, OutreachPermission.MANAGE, obj):
        raise NotAllowed(_("You do not have permission to do this."))


def _text(data: Mapping[str, Any], key: str, *, required: bool = True, limit: int = LABEL) -> str:
    value = str(data.get(key) or "").strip()
    if required and not value:
        raise ServiceError(_("This field is required."), field=key)
    if len(value) > limit:
        raise ServiceError(_("At most %(n)d characters.") % {"n": limit}, field=key)
    return value


def parse_date(value: Any, key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ServiceError(_("Give a date as YYYY-MM-DD, e.g. 2020-07-16."), field=key) from None


def parse_count(value: Any, key: str, *, minimum: int = 0, maximum: int = 1_000_000) -> int:
    text = str(value if value is not None else "").strip().replace(",", "")
    if not text.isdigit() or not minimum <= int(text) <= maximum:
        raise ServiceError(
            _("Give a whole number from %(low)d to %(high)d.") % {"low": minimum, "high": maximum},
            field=key,
        )
    return int(text)


# --- reporters ------------------------------------------------------------------------------


def _clean_post(reporter: Reporter, data: Mapping[str, Any]) -> dict[str, Any]:
    channel = str(data.get("channel") or "").strip()
    if channel not in Channel.values:
        raise ServiceError(
            _("Choose a channel: %(channels)s.") % {"channels": ", ".join(Channel.values)},
            field="channel",
        )
    posted_on = parse_date(data.get("posted_on"), "posted_on")
    team = reporter.team
    if not team.term_starts <= posted_on <= team.term_ends:
        raise ServiceError(
            _("The post date is outside the reporter's term (%(start)s – %(end)s).")
            % {"start": team.term_starts, "end": team.term_ends},
            field="posted_on",
        )
    url = _text(data, "url", limit=500)
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ServiceError(
            _("Give the link to the post (http:// or https://)."), field="url"
        ) from None
    if Post.objects.filter(reporter=reporter, url=url).exists():
        raise Conflict(_("This post is already recorded."), field="url")
    mission_id = data.get("mission") or None
    if mission_id is not None and not team.missions.filter(pk=mission_id).exists():
        raise ServiceError(_("Choose a mission of the reporter's team."), field="mission")
    return {
        "channel": channel,
        "posted_on": posted_on,
        "url": url,
        "title": _text(data, "title", required=False),
        "mission_id": mission_id,
    }


def _save_post(actor: Any, reporter: Reporter, clean: dict[str, Any]) -> Post:
    post = Post.objects.create(reporter=reporter, **clean)
    audit_record(
        kind="outreach.post_recorded",
        actor=actor,
        subject=post,
        municipality=reporter.team.municipality,
        data={"reporter": reporter.name, "channel": post.channel, "posted_on": post.posted_on},
    )
    if reporter.user_id:
        announce(
            ParticipationEvent(
                activity=ActivityCode.SNS_POST,
                resident_id=reporter.user_id,
                municipality_id=reporter.team.municipality_id,
                source_key=f"outreach.post:{post.pk}",
                occurred_at=timezone.now(),
            )
        )
    return post


@transaction.atomic
def post_record(*, actor: Any, reporter_id: Any, data: Mapping[str, Any]) -> Post:
    """Record one post of a selected reporter."""
    reporter = get_authorised(
        Reporter.objects.select_related("team__municipality").filter(selected=True),
        actor,
        reporter_id,
        OutreachPermission.MANAGE,
    )
    return _save_post(actor, reporter, _clean_post(reporter, data))


@transaction.atomic
def posts_import(*, actor: Any, team_id: int, rows: list[dict[str, str]]) -> int:
    """Record many posts (``reporter,channel,posted_on,url,title`` per row). Every row is
    checked first; one bad row saves nothing and the error names every bad row."""
    from maeul.outreach.models import ReporterTeam

    team = get_authorised(
        ReporterTeam.objects.select_related("municipality"),
        actor,
        team_id,
        OutreachPermission.MANAGE,
    )
    reporters = {r.name: r for r in team.reporters.filter(selected=True)}
    errors: list[str] = []
    cleaned: list[tuple[Reporter, dict[str, Any]]] = []
    seen: set[tuple[int, str]] = set()
    for number, row in enumerate(rows, start=2):
        reporter = reporters.get(str(row.get("reporter") or "").strip())
        try:
            if reporter is None:
                raise ServiceError(_("No selected reporter of this team has that name."))
            clean = _clean_post(reporter, row)
            if (reporter.pk, clean["url"]) in seen:
                raise Conflict(_("This post is already recorded."))
        except ServiceError as failure:
            errors.append(_("Row %(row)d: %(error)s") % {"row": number, "error": failure.message})
            continue
        seen.add((reporter.pk, clean["url"]))
        cleaned.append((reporter, clean))
    if errors:
        raise ServiceError(" ".join(errors[:20]), field="file")
    if not cleaned:
        raise ServiceError(_("The file has no rows."), field="file")
    for reporter, clean in cleaned:
        _save_post(actor, reporter, clean)
    return len(cleaned)


@transaction.atomic
def award_give(*, actor: Any, reporter_id: Any, year: Any, month: Any, reason: str = "") -> Any:
    reporter = get_authorised(
        Reporter.objects.select_related("team__municipality").filter(selected=True),
        actor,
        reporter_id,
        OutreachPermission.MANAGE,
    )
    year_n = parse_count(year, "year", minimum=2000, maximum=2100)
    month_n = parse_count(month, "month", minimum=1, maximum=12)
    if ReporterAward.objects.filter(reporter=reporter, year=year_n, month=month_n).exists():
        raise Conflict(_("This reporter already has the award for that month."), field="month")
    award = ReporterAward.objects.create(
        reporter=reporter, year=year_n, month=month_n, reason=reason.strip()[:LABEL]
    )
    audit_record(
        kind="outreach.award_given",
        actor=actor,
        subject=award.reporter,
        municipality=reporter.team.municipality,
        data={"reporter": reporter.name, "year": year_n, "month": month_n},
    )
    return award


# --- courses --------------------------------------------------------------------------------


@transaction.atomic
def enrol(*, actor: Any, course_id: Any, name: str, user: Any = None) -> Enrolment:
    course = get_authorised(
        Course.objects.select_related("municipality"), actor, course_id, OutreachPermission.MANAGE
    )
    Course.objects.select_for_update().filter(pk=course.pk).first()
    clean = _text({"name": name}, "name", limit=60)
    if course.enrolments.filter(name=clean).exists():
        raise Conflict(_("This learner is already enrolled."), field="name")
    if course.capacity is not None and course.enrolments.count() >= course.capacity:
        raise Conflict(_("The course is full."), field="name")
    enrolment = Enrolment.objects.create(course=course, name=clean, user=user)
    audit_record(
        kind="outreach.learner_enrolled",
        actor=actor,
        subject=enrolment,
        municipality=course.municipality,
        data={"course": course.title},
    )
    notices.enrolled(enrolment)
    return enrolment


def _complete(enrolment: Enrolment, on: dt.date) -> None:
    """Completion rule: attended at least ``required_sessions`` sessions of the course."""
    course = enrolment.course
    if enrolment.completed_on is not None:
        return
    if Attendance.objects.filter(enrolment=enrolment).count() < course.required_sessions:
        return
    enrolment.completed_on = on
    enrolment.certificate_number = f"{course.year}-{course.pk:03d}-{enrolment.pk:05d}"
    enrolment.save(update_fields=["completed_on", "certificate_number"])
    notices.completed(enrolment)
    if enrolment.user_id:
        announce(
            ParticipationEvent(
                activity=ActivityCode.EDUCATION_COURSE,
                resident_id=enrolment.user_id,
                municipality_id=course.municipality_id,
                source_key=f"outreach.course:{course.pk}:{enrolment.user_id}",
                occurred_at=timezone.now(),
            )
        )


@transaction.atomic
def attendance_record(*, actor: Any, session_id: Any, enrolment_ids: list[Any]) -> int:
    """Mark the listed learners present at a session (again: no change); learners who reach
    the course's completion rule are completed and get a certificate number. Returns the
    number of new marks."""
    session = get_authorised(
        Session.objects.select_related("course__municipality"),
        actor,
        session_id,
        OutreachPermission.MANAGE,
    )
    course = session.course
    ids: set[int] = set()
    for raw in enrolment_ids:
        try:
            ids.add(int(raw))
        except (TypeError, ValueError):
            raise ServiceError(_("Choose learners of this course."), field="enrolments") from None
    learners = list(course.enrolments.filter(pk__in=ids).select_for_update())
    if len(learners) != len(ids):
        raise ServiceError(_("Choose learners of this course."), field="enrolments")
    already = set(
        Attendance.objects.filter(session=session, enrolment_id__in=ids).values_list(
            "enrolment_id", flat=True
        )
    )
    new = [Attendance(session=session, enrolment=e) for e in learners if e.pk not in already]
    Attendance.objects.bulk_create(new)
    for mark in new:
        # One event per (session, learner): the source key makes a repeated delivery, or the
        # same learner marked again later, pay once in the points award table.
        if mark.enrolment.user_id:
            announce(
                ParticipationEvent(
                    activity=ActivityCode.COURSE_ATTENDANCE,
                    resident_id=mark.enrolment.user_id,
                    municipality_id=course.municipality_id,
                    source_key=f"outreach.attendance:{session.pk}:{mark.enrolment.user_id}",
                    occurred_at=timezone.now(),
                )
            )
    on = session.held_on or timezone.localdate()
    for learner in learners:
        learner.course = course
        _complete(learner, on)
    if new:
        audit_record(
            kind="outreach.attendance_recorded",
            actor=actor,
            subject=session.course,
            municipality=course.municipality,
            data={"session": session.number, "attended": len(new)},
        )
    return len(new)


def session_get(actor: Any, session_id: Any, permission: str) -> Session:
    return get_authorised(
        Session.objects.select_related("course__municipality"), actor, session_id, permission
    )


# --- autonomy programmes --------------------------------------------------------------------


@transaction.atomic
def programme_create(*, actor: Any, municipality: Municipality, data: Mapping[str, Any]) -> Any:
    _require_manage(actor, municipality)
    dong = Municipality.objects.filter(parent=municipality, pk=data.get("dong") or 0).first()
    if dong is None:
        raise ServiceError(_("Choose a dong of the municipality."), field="dong")
    title = _text(data, "title")
    year = parse_count(data.get("year"), "year", minimum=2000, maximum=2100)
    if AutonomyProgramme.objects.filter(dong=dong, title=title, year=year).exists():
        raise Conflict(_("This programme is already listed for the dong."), field="title")
    programme = AutonomyProgramme.objects.create(
        municipality=municipality,
        dong=dong,
        title=title,
        category=_text(data, "category", limit=60),
        schedule=_text(data, "schedule", required=False),
        fee_won=parse_count(data.get("fee_won") or 0, "fee_won", maximum=10_000_000),
        capacity=parse_count(data.get("capacity"), "capacity", minimum=1, maximum=10_000),
        year=year,
    )
    audit_record(
        kind="outreach.programme_created",
        actor=actor,
        subject=programme,
        municipality=municipality,
        data={"dong": dong.name, "capacity": programme.capacity, "fee_won": programme.fee_won},
    )
    return programme


@transaction.atomic
def sign_up(*, user: Any, programme_id: Any) -> AutonomySignup:
    """Sign ``user`` up: a place while there is one, else the waiting list (the resident is
    told which). The programme row is locked first, so concurrent sign-ups queue and the
    capacity check sees every earlier one: never more places taken than the capacity."""
    if not has_permission(user, OutreachPermission.SIGN_UP, None):
        raise NotAllowed(_("Sign in as a resident to sign up."))
    programme = AutonomyProgramme.objects.select_for_update().filter(pk=programme_id).first()
    if programme is None:
        raise ServiceError(_("No such programme."), field="programme")
    if AutonomySignup.objects.filter(programme=programme, user=user).exists():
        raise Conflict(_("You have already signed up for this programme."))
    taken = AutonomySignup.objects.filter(programme=programme, waitlisted=False).count()
    full = taken >= programme.capacity
    signup = AutonomySignup.objects.create(programme=programme, user=user, waitlisted=full)
    position = (
        AutonomySignup.objects.filter(programme=programme, waitlisted=True).count() if full else 0
    )
    notices.signed_up(signup, position)
    return signup


# --- records register -----------------------------------------------------------------------


def _clean_record(data: Mapping[str, Any]) -> dict[str, Any]:
    kind = str(data.get("kind") or "").strip()
    if kind not in RecordKind.values:
        raise ServiceError(_("Choose a kind of record."), field="kind")
    category = str(data.get("category") or "").strip()
    if category not in CATEGORIES[kind]:
        raise ServiceError(
            _("Choose a category: %(categories)s.") % {"categories": ", ".join(CATEGORIES[kind])},
            field="category",
        )
    outcome = str(data.get("outcome") or "").strip()
    if kind == RecordKind.LAWSUIT and outcome not in Outcome.values:
        raise ServiceError(
            _("Choose a lawsuit's outcome: %(outcomes)s.")
            % {"outcomes": ", ".join(Outcome.values)},
            field="outcome",
        )
    if kind != RecordKind.LAWSUIT and outcome:
        raise ServiceError(_("Only a lawsuit has an outcome."), field="outcome")
    on = data.get("on")
    return {
        "kind": kind,
        "category": category,
        "outcome": outcome,
        "year": parse_count(data.get("year"), "year", minimum=1990, maximum=2100),
        "on": parse_date(on, "on") if on else None,
        "title": _text(data, "title"),
        "reference": _text(data, "reference", required=False, limit=60),
        "counsel_appointed": str(data.get("counsel_appointed") or "").lower()
        in ("1", "true", "yes", "on"),
        "count": parse_count(data.get("count") or 1, "count", minimum=1),
    }


@transaction.atomic
def record_create(*, actor: Any, municipality: Municipality, data: Mapping[str, Any]) -> Record:
    _require_manage(actor, municipality)
    record = Record.objects.create(municipality=municipality, **_clean_record(data))
    audit_record(
        kind="outreach.record_created",
        actor=actor,
        subject=record,
        municipality=municipality,
        data={"kind": record.kind, "year": record.year, "count": record.count},
    )
    return record


@transaction.atomic
def records_import(*, actor: Any, municipality: Municipality, rows: list[dict[str, str]]) -> int:
    """Add many records; every row is checked first and one bad row saves nothing."""
    _require_manage(actor, municipality)
    errors: list[str] = []
    cleaned: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=2):
        try:
            cleaned.append(_clean_record(row))
        except ServiceError as failure:
            errors.append(_("Row %(row)d: %(error)s") % {"row": number, "error": failure.message})
    if errors:
        raise ServiceError(" ".join(errors[:20]), field="file")
    if not cleaned:
        raise ServiceError(_("The file has no rows."), field="file")
    Record.objects.bulk_create([Record(municipality=municipality, **c) for c in cleaned])
    audit_record(
        kind="outreach.records_imported",
        actor=actor,
        subject=municipality,
        municipality=municipality,
        data={"count": len(cleaned)},
    )
    return len(cleaned)


# --- officials' create pages ----------------------------------------------------------------


def _audit(actor: Any, kind: str, subject: Any, municipality: Any, **data: Any) -> None:
    audit_record(kind=kind, actor=actor, subject=subject, municipality=municipality, data=data)


def _team(actor: Any, team_id: Any) -> ReporterTeam:
    return get_authorised(
        ReporterTeam.objects.select_related("municipality"),
        actor,
        team_id,
        OutreachPermission.MANAGE,
    )


@transaction.atomic
def team_create(*, actor: Any, municipality: Municipality, data: Mapping[str, Any]) -> Any:
    """A reporter team's recruitment: name, year and term (the term must not end before it
    starts)."""
    _require_manage(actor, municipality)
    name = _text(data, "name", limit=120)
    year = parse_count(data.get("year"), "year", minimum=2000, maximum=2100)
    starts = parse_date(data.get("term_starts"), "term_starts")
    ends = parse_date(data.get("term_ends"), "term_ends")
    if ends < starts:
        raise ServiceError(_("The term cannot end before it starts."), field="term_ends")
    if ReporterTeam.objects.filter(municipality=municipality, name=name, year=year).exists():
        raise Conflict(_("This team is already recorded for that year."), field="name")
    selected_on = data.get("selected_on")
    team = ReporterTeam.objects.create(
        municipality=municipality,
        name=name,
        year=year,
        term_starts=starts,
        term_ends=ends,
        selected_on=parse_date(selected_on, "selected_on") if selected_on else None,
    )
    _audit(actor, "outreach.team_created", team, municipality, name=name, year=year)
    return team


@transaction.atomic
def reporter_add(*, actor: Any, team_id: Any, data: Mapping[str, Any]) -> Reporter:
    """An applicant to a team; ``selected`` makes them a member (and tells them, when they
    have an account)."""
    team = _team(actor, team_id)
    name = _text(data, "name", limit=60)
    if team.reporters.filter(name=name).exists():
        raise Conflict(_("This applicant is already recorded."), field="name")
    reporter = Reporter.objects.create(
        team=team,
        name=name,
        applied_on=parse_date(data.get("applied_on"), "applied_on"),
        selected=_flag(data.get("selected")),
    )
    _audit(
        actor, "outreach.reporter_added", reporter, team.municipality, selected=reporter.selected
    )
    notices.reporter_selected(reporter)
    return reporter


@transaction.atomic
def reporter_select(*, actor: Any, reporter_id: Any) -> Reporter:
    """Select an applicant: they become a member of the team for its term."""
    reporter = get_authorised(
        Reporter.objects.select_related("team__municipality").select_for_update(of=("self",)),
        actor,
        reporter_id,
        OutreachPermission.MANAGE,
    )
    if reporter.selected:
        raise Conflict(_("This reporter is already selected."), field="reporter")
    reporter.selected = True
    reporter.save(update_fields=["selected"])
    _audit(actor, "outreach.reporter_selected", reporter, reporter.team.municipality)
    notices.reporter_selected(reporter)
    return reporter


@transaction.atomic
def mission_create(*, actor: Any, team_id: Any, data: Mapping[str, Any]) -> Mission:
    team = _team(actor, team_id)
    dong = None
    if data.get("dong"):
        dong = Municipality.objects.filter(parent=team.municipality, pk=_pk(data["dong"])).first()
        if dong is None:
            raise ServiceError(_("Choose a dong of the municipality."), field="dong")
    due = data.get("due_on")
    mission = Mission.objects.create(
        team=team,
        title=_text(data, "title"),
        dong=dong,
        due_on=parse_date(due, "due_on") if due else None,
    )
    _audit(actor, "outreach.mission_created", mission, team.municipality, title=mission.title)
    notices.mission_assigned(mission)
    return mission


@transaction.atomic
def course_create(*, actor: Any, municipality: Municipality, data: Mapping[str, Any]) -> Course:
    """A course (academy, school); the completion rule is the sessions to attend."""
    _require_manage(actor, municipality)
    title = _text(data, "title")
    year = parse_count(data.get("year"), "year", minimum=2000, maximum=2100)
    mode = str(data.get("mode") or "").strip()
    if mode not in CourseMode.values:
        raise ServiceError(_("Choose online or offline."), field="mode")
    capacity = data.get("capacity")
    if Course.objects.filter(municipality=municipality, title=title, year=year).exists():
        raise Conflict(_("This course is already recorded for that year."), field="title")
    course = Course.objects.create(
        municipality=municipality,
        title=title,
        year=year,
        mode=mode,
        capacity=parse_count(capacity, "capacity", minimum=1, maximum=100_000)
        if capacity
        else None,
        required_sessions=parse_count(
            data.get("required_sessions") or 1, "required_sessions", minimum=1, maximum=500
        ),
        note=_text(data, "note", required=False, limit=500),
    )
    _audit(actor, "outreach.course_created", course, municipality, title=title, year=year)
    return course


@transaction.atomic
def session_create(*, actor: Any, course_id: Any, data: Mapping[str, Any]) -> Session:
    """The course's next session (numbered in order), optionally in one dong."""
    course = get_authorised(
        Course.objects.select_related("municipality"), actor, course_id, OutreachPermission.MANAGE
    )
    Course.objects.select_for_update().filter(pk=course.pk).first()
    held = data.get("held_on")
    dong = None
    if data.get("dong"):
        dong = Municipality.objects.filter(parent=course.municipality, pk=_pk(data["dong"])).first()
        if dong is None:
            raise ServiceError(_("Choose a dong of the municipality."), field="dong")
    number = (course.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    session = Session.objects.create(
        course=course,
        number=number,
        title=_text(data, "title"),
        held_on=parse_date(held, "held_on") if held else None,
        dong=dong,
        online=course.mode == CourseMode.ONLINE,
    )
    _audit(actor, "outreach.session_created", session, course.municipality, number=number)
    return session


@transaction.atomic
def agenda_item_create(*, actor: Any, session_id: Any, data: Mapping[str, Any]) -> AgendaItem:
    """An agenda item of a council session (a register record of kind council_session)."""
    session = get_authorised(
        Record.objects.select_related("municipality").filter(kind=RecordKind.COUNCIL_SESSION),
        actor,
        session_id,
        OutreachPermission.MANAGE,
    )
    result = str(data.get("result") or "").strip()
    if result not in AgendaResult.values:
        raise ServiceError(
            _("Choose a result: %(results)s.") % {"results": ", ".join(AgendaResult.values)},
            field="result",
        )
    number = (session.agenda_items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = AgendaItem.objects.create(
        session=session,
        number=number,
        title=_text(data, "title"),
        proposer=_text(data, "proposer", limit=100),
        result=result,
    )
    _audit(actor, "outreach.agenda_item_created", item, session.municipality, result=result)
    return item


def _flag(value: Any) -> bool:
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")


def _pk(value: Any) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0
