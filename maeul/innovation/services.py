"""Writes of the innovation programme: rounds and their calendar, plans and projects, the
submission (refused while a rule fails), the city's review, the negotiation notes, and the
evaluation's scores and publication.

Every function takes the acting user, checks the permission, validates before writing, runs
in one transaction and writes the audit log. Bad input raises ``ServiceError`` with a message
in the user's language and changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.auditlog.services import audit_record
from maeul.core import textlimits
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.governance import interface as governance
from maeul.innovation.checks import failing
from maeul.innovation.models import (
    CalendarStep,
    Consultation,
    ConsultationKind,
    DistrictResult,
    EvaluationRound,
    EvaluationState,
    Indicator,
    IndicatorScore,
    NegotiationNote,
    Part,
    Plan,
    PlanRound,
    PlanState,
    Project,
    ProjectKindChoice,
    Side,
    StepKind,
)
from maeul.innovation.notices import announce_note, announce_published, announce_submitted
from maeul.innovation.rules import InnovationPermission
from maeul.places.models import Municipality

MAX_PROJECTS = 60
MAX_WON = 100_000_000_000  # 1,000억 — far above any district's plan; stops typos of digits


def _deny() -> NotAllowed:
    return NotAllowed(_("You do not have permission to do this."))


def won_amount(value: Any, field: str) -> int:
    """An amount typed by a person (commas allowed) as whole won, or a clear error."""
    return _won(value, field)


def _won(value: Any, field: str) -> int:
    text = str(value if value is not None else "").replace(",", "").strip()
    if not text:
        return 0
    if not text.isdigit():
        raise ServiceError(
            _("Write an amount in whole won, without a sign (e.g. 435000000)."), field=field
        )
    amount = int(text)
    if amount > MAX_WON:
        raise ServiceError(
            _("An amount is at most %(max)s won.") % {"max": f"{MAX_WON:,}"}, field=field
        )
    return amount


def _text(data: Mapping[str, Any], name: str, limit: int, *, required: bool = False) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        raise ServiceError(_("This field is required."), field=name)
    if len(value) > limit:
        raise ServiceError(
            _("At most %(n)d characters.") % {"n": limit},
            field=name,
        )
    return value


# ---- rounds and the calendar -------------------------------------------------------------


def round_create(
    *,
    actor: Any,
    city: Municipality,
    year: int,
    subsidy_min_won: int,
    subsidy_max_won: int,
    base_min_percent: int = 30,
    matching_min_percent: int = 20,
    steps: Sequence[tuple[str, dt.date, dt.date]] = (),
) -> PlanRound:
    """A city's round for ``year`` with its rules and calendar (``(kind, from, until)``)."""
    if not has_permission(actor, InnovationPermission.REVIEW, city):
        raise _deny()
    if not 2000 <= int(year) <= 2100:
        raise ServiceError(_("Give a year between 2000 and 2100."), field="year")
    if not 0 <= subsidy_min_won <= subsidy_max_won <= MAX_WON:
        raise ServiceError(
            _("The subsidy range needs a minimum of 0 or more and a maximum not below it."),
            field="subsidy_max_won",
        )
    for value in (base_min_percent, matching_min_percent):
        if not 0 <= value <= 100:
            raise ServiceError(_("A percentage is between 0 and 100."), field="base_min_percent")
    for kind, start, end in steps:
        if kind not in StepKind.values or end < start:
            raise ServiceError(_("Each calendar step needs a kind and dates in order."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                round_ = PlanRound.objects.create(
                    municipality=city,
                    year=year,
                    subsidy_min_won=subsidy_min_won,
                    subsidy_max_won=subsidy_max_won,
                    base_min_percent=base_min_percent,
                    matching_min_percent=matching_min_percent,
                )
        except IntegrityError:
            raise Conflict(
                _("This city already has a round for that year."), field="year"
            ) from None
        CalendarStep.objects.bulk_create(
            CalendarStep(round=round_, kind=kind, starts_on=start, ends_on=end)
            for kind, start, end in steps
        )
        audit_record(
            kind="innovation.round_created",
            actor=actor,
            subject=round_,
            municipality=city,
            data={
                "year": year,
                "rules": {
                    "base_min_percent": base_min_percent,
                    "matching_min_percent": matching_min_percent,
                    "subsidy_min_won": subsidy_min_won,
                    "subsidy_max_won": subsidy_max_won,
                },
                "period": [[k, s, e] for k, s, e in steps],
            },
        )
    return round_


def due_date(round_: PlanRound) -> dt.date | None:
    step = round_.steps.filter(kind=StepKind.PLANS_DUE).first()
    return step.ends_on if step else None


# ---- plans and projects ------------------------------------------------------------------


def plan_start(
    *,
    actor: Any,
    round_: PlanRound,
    district: Municipality,
    basic_plan_from: int | None = None,
    council_id: Any = None,
    summary: str = "",
) -> Plan:
    """A district's draft plan in ``round_``, written by the district's own officials."""
    probe = Plan(round=round_, municipality=district)
    if not has_permission(actor, InnovationPermission.EDIT_PLAN, probe):
        raise _deny()
    if district.parent_id != round_.municipality_id:
        raise ServiceError(_("Only a district of the round's city has a plan in it."))
    council = None
    if council_id not in (None, ""):
        council = governance.governance_councils(district).filter(pk=council_id).first()
        if council is None:
            raise ServiceError(
                _("Choose the district's governance council from the list."), field="council"
            )
    start = basic_plan_from or round_.year
    if not round_.year - 2 <= int(start) <= round_.year:
        raise ServiceError(
            _("The 3-year basic plan must include the plan year."), field="basic_plan_from"
        )
    if len(summary) > textlimits.TEXT:
        raise ServiceError(_("At most %(n)d characters.") % {"n": textlimits.TEXT})
    with transaction.atomic():
        try:
            with transaction.atomic():
                plan = Plan.objects.create(
                    round=round_,
                    municipality=district,
                    council=council,
                    basic_plan_from=start,
                    summary=summary,
                )
        except IntegrityError:
            raise Conflict(_("The district already has a plan in this round.")) from None
        audit_record(
            kind="innovation.plan_started",
            actor=actor,
            subject=plan,
            municipality=district,
            data={"year": round_.year, "body": council.pk if council else None},
        )
    return plan


def _editable(actor: Any, plan_id: Any) -> Plan:
    plan = get_authorised(
        Plan.objects.select_related("round", "municipality"),
        actor,
        plan_id,
        InnovationPermission.EDIT_PLAN,
        lock=True,
    )
    if not plan.is_editable:
        raise Conflict(_("A submitted or approved plan cannot be changed."))
    return plan


def clean_project(data: Mapping[str, Any]) -> dict[str, Any]:
    kind = str(data.get("kind") or "")
    if kind not in ProjectKindChoice.values:
        raise ServiceError(_("Choose the kind of project."), field="kind")
    return {
        "title": _text(data, "title", textlimits.LABEL, required=True),
        "kind": kind,
        "pb_support": str(data.get("pb_support") or "") in ("1", "on", "true", "True"),
        "sector": _text(data, "sector", 60),
        "theme": _text(data, "theme", 120),
        "character": _text(data, "character", 60),
        "structure": _text(data, "structure", 120),
        "city_subsidy_won": _won(data.get("city_subsidy_won"), "city_subsidy_won"),
        "district_matching_won": _won(data.get("district_matching_won"), "district_matching_won"),
        "other_won": _won(data.get("other_won"), "other_won"),
    }


def project_add(*, actor: Any, plan_id: Any, data: Mapping[str, Any]) -> Project:
    values = clean_project(data)
    with transaction.atomic():
        plan = _editable(actor, plan_id)
        count = plan.projects.count()
        if count >= MAX_PROJECTS:
            raise ServiceError(_("A plan has at most %(n)d projects.") % {"n": MAX_PROJECTS})
        last = plan.projects.aggregate(m=Max("position"))["m"] or 0
        project = Project.objects.create(plan=plan, position=last + 1, **values)
        audit_record(
            kind="innovation.project_added",
            actor=actor,
            subject=plan,
            municipality=plan.municipality,
            data={
                "position": project.position,
                "title": project.title,
                "kind": project.kind,
                "amount_won": project.city_subsidy_won,
            },
        )
    return project


def project_remove(*, actor: Any, plan_id: Any, project_id: Any) -> None:
    with transaction.atomic():
        plan = _editable(actor, plan_id)
        project = plan.projects.filter(pk=project_id).first() if str(project_id).isdigit() else None
        if project is None:
            raise ServiceError(_("No such project in this plan."))
        position = project.position
        project.delete()
        audit_record(
            kind="innovation.project_removed",
            actor=actor,
            subject=plan,
            municipality=plan.municipality,
            data={"position": position},
        )


def plan_link_sessions(
    *, actor: Any, plan_id: Any, session_ids: Sequence[Any], project_id: Any = None
) -> Plan:
    """Link the plan (or one of its projects) to the deliberation sessions it came out of.

    Only the district's own governance council's sessions (and its sub-bodies') are offered
    and accepted, read through the governance interface. Linking is a record of where the plan
    was deliberated, not a change to the plan, so it stays open after submission: sessions on
    a project often happen while it runs."""
    with transaction.atomic():
        plan = get_authorised(
            Plan.objects.select_related("round", "municipality"),
            actor,
            plan_id,
            InnovationPermission.EDIT_PLAN,
            lock=True,
        )
        project = None
        if project_id not in (None, ""):
            project = (
                plan.projects.filter(pk=project_id).first() if str(project_id).isdigit() else None
            )
            if project is None:
                raise ServiceError(_("No such project in this plan."), field="project")
        raw = [str(s).strip() for s in session_ids if str(s).strip()]
        if any(not s.isdigit() for s in raw):
            raise ServiceError(
                _("Choose sessions of the district's council from the list."), field="sessions"
            )
        wanted = {int(s) for s in raw}
        offered = governance.council_sessions(plan.municipality, plan.council_id)
        found = list(offered.filter(pk__in=wanted))
        if len(found) != len(wanted):
            raise ServiceError(
                _("Choose sessions of the district's council from the list."), field="sessions"
            )
        if project is not None:
            project.sessions.set(found)
        else:
            plan.sessions.set(found)
        audit_record(
            kind="innovation.plan_sessions",
            actor=actor,
            subject=plan,
            municipality=plan.municipality,
            data={
                "sessions": sorted(wanted),
                "position": project.position if project else None,
            },
        )
    return plan


def plan_submit(*, actor: Any, plan_id: Any, now: dt.datetime | None = None) -> Plan:
    """Submit the plan to the city; refused, naming each failing rule, while any fails. A
    plan submitted after the calendar's due date is accepted and marked late."""
    with transaction.atomic():
        plan = _editable(actor, plan_id)
        if not plan.projects.exists():
            raise ServiceError(_("Add the plan's projects before submitting it."))
        broken = failing(plan)
        if broken:
            lines = "; ".join(f"{c.rule}: {c.detail}. {c.fix}" for c in broken)
            raise ServiceError(
                _("The plan cannot be submitted while a rule fails — %(rules)s") % {"rules": lines}
            )
        moment = now or timezone.now()
        due = due_date(plan.round)
        plan.late = bool(due and timezone.localdate(moment) > due)
        plan.state = PlanState.SUBMITTED
        plan.submitted_at = moment
        plan.save(update_fields=["state", "submitted_at", "late", "updated_at"])
        audit_record(
            kind="innovation.plan_submitted",
            actor=actor,
            subject=plan,
            municipality=plan.municipality,
            data={"projects": plan.projects.count(), "status": "late" if plan.late else "on time"},
        )
        announce_submitted(plan)
    return plan


def _reviewed(actor: Any, plan_id: Any) -> Plan:
    plan = get_authorised(
        Plan.objects.select_related("round__municipality", "municipality"),
        actor,
        plan_id,
        InnovationPermission.VIEW_PLAN,
        lock=True,
    )
    if not has_permission(actor, InnovationPermission.REVIEW, plan):
        raise _deny()
    return plan


def plan_return(*, actor: Any, plan_id: Any, reason: str) -> Plan:
    reason = str(reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the plan goes back to the district."), field="reason")
    if len(reason) > textlimits.REASON:
        raise ServiceError(
            _("At most %(n)d characters.") % {"n": textlimits.REASON}, field="reason"
        )
    with transaction.atomic():
        plan = _reviewed(actor, plan_id)
        if plan.state != PlanState.SUBMITTED:
            raise Conflict(_("Only a submitted plan can be returned."))
        plan.state = PlanState.RETURNED
        plan.save(update_fields=["state", "updated_at"])
        audit_record(
            kind="innovation.plan_returned",
            actor=actor,
            subject=plan,
            municipality=plan.municipality,
            data={"reason": reason},
        )
    return plan


def plan_approve(*, actor: Any, plan_id: Any, approved_on: dt.date) -> Plan:
    """Record the PB committee's approval of a submitted plan (the city's act)."""
    with transaction.atomic():
        plan = _reviewed(actor, plan_id)
        if plan.state != PlanState.SUBMITTED:
            raise Conflict(_("Only a submitted plan can be approved."))
        if failing(plan):
            raise Conflict(_("A plan that fails a rule cannot be approved."))
        plan.state = PlanState.APPROVED
        plan.approved_on = approved_on
        plan.save(update_fields=["state", "approved_on", "updated_at"])
        audit_record(
            kind="innovation.plan_approved",
            actor=actor,
            subject=plan,
            municipality=plan.municipality,
            data={"on": approved_on},
        )
    return plan


# ---- negotiation -------------------------------------------------------------------------


def note_write(*, actor: Any, plan_id: Any, text: str, project_id: Any = None) -> NegotiationNote:
    """The city's opinion (a city manager) or the district's answer (the district): a new
    version on its side; earlier versions stay."""
    text = str(text or "").strip()
    if not text:
        raise ServiceError(_("Write the opinion or the answer."), field="text")
    if len(text) > textlimits.TEXT:
        raise ServiceError(_("At most %(n)d characters.") % {"n": textlimits.TEXT}, field="text")
    with transaction.atomic():
        plan = get_authorised(
            Plan.objects.select_related("round__municipality", "municipality"),
            actor,
            plan_id,
            InnovationPermission.VIEW_PLAN,
            lock=True,
        )
        if has_permission(actor, InnovationPermission.EDIT_PLAN, plan):
            side = Side.DISTRICT
        elif has_permission(actor, InnovationPermission.REVIEW, plan):
            side = Side.CITY
        else:
            raise _deny()
        if plan.state == PlanState.DRAFT:
            raise Conflict(_("Negotiation starts once the plan is submitted."))
        project = None
        if project_id not in (None, ""):
            project = (
                plan.projects.filter(pk=project_id).first() if str(project_id).isdigit() else None
            )
            if project is None:
                raise ServiceError(_("No such project in this plan."), field="project")
        last = plan.notes.filter(side=side).aggregate(m=Max("version"))["m"] or 0
        try:
            with transaction.atomic():
                note = NegotiationNote.objects.create(
                    plan=plan, project=project, side=side, version=last + 1, text=text, author=actor
                )
        except IntegrityError:
            raise Conflict(_("Someone wrote at the same time; reload and try again.")) from None
        audit_record(
            kind="innovation.note_written",
            actor=actor,
            subject=plan,
            municipality=plan.municipality,
            data={"kind": side, "version": note.version, "text": text},
        )
        announce_note(note)
    return note


# ---- evaluation --------------------------------------------------------------------------


def _points(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ServiceError(_("Write the points as a number, e.g. 2.5."), field=field) from None
    if not number.is_finite() or number != number.quantize(Decimal("0.01")):
        raise ServiceError(_("Points have at most two decimals."), field=field)
    return number


def score_set(
    *, actor: Any, result_id: Any, indicator_id: Any, points: Any, evidence: str = ""
) -> IndicatorScore:
    """One district's points on one indicator, with the evidence they rest on."""
    value = _points(points, "points")
    evidence = str(evidence or "").strip()
    if len(evidence) > textlimits.REASON:
        raise ServiceError(
            _("At most %(n)d characters.") % {"n": textlimits.REASON}, field="evidence"
        )
    with transaction.atomic():
        result = get_authorised(
            DistrictResult.objects.select_related("evaluation__municipality", "municipality"),
            actor,
            result_id,
            InnovationPermission.VIEW_RESULT,
        )
        evaluation = EvaluationRound.objects.select_for_update().get(pk=result.evaluation_id)
        if evaluation.state == EvaluationState.PUBLISHED:
            raise Conflict(_("The evaluation is published: its scores are frozen."))
        if not has_permission(actor, InnovationPermission.SCORE, evaluation):
            raise _deny()
        if not result.had_plan:
            raise ServiceError(_("A district without last year's plan has no indicator scores."))
        indicator = (
            Indicator.objects.filter(evaluation=evaluation, pk=indicator_id).first()
            if str(indicator_id).isdigit()
            else None
        )
        if indicator is None:
            raise ServiceError(_("Choose an indicator of this evaluation."), field="indicator")
        if not 0 <= value <= indicator.max_points:
            raise ServiceError(
                _("%(code)s takes 0 to %(max)s points.")
                % {"code": indicator.code, "max": indicator.max_points},
                field="points",
            )
        score, _created = IndicatorScore.objects.update_or_create(
            result=result, indicator=indicator, defaults={"points": value, "evidence": evidence}
        )
        audit_record(
            kind="innovation.score_entered",
            actor=actor,
            subject=result.municipality.name,
            municipality=evaluation.municipality,
            data={"code": indicator.code, "points": value, "evidence": evidence},
        )
    return score


def pb_score_set(*, actor: Any, result_id: Any, points: Any) -> DistrictResult:
    value = _points(points, "pb_score")
    if not 0 <= value <= 40:
        raise ServiceError(_("The PB-system score is between 0 and 40."), field="pb_score")
    with transaction.atomic():
        result = get_authorised(
            DistrictResult.objects.select_related("evaluation__municipality", "municipality"),
            actor,
            result_id,
            InnovationPermission.VIEW_RESULT,
            lock=True,
        )
        evaluation = EvaluationRound.objects.select_for_update().get(pk=result.evaluation_id)
        if not has_permission(actor, InnovationPermission.SCORE, evaluation):
            if evaluation.state == EvaluationState.PUBLISHED:
                raise Conflict(_("The evaluation is published: its scores are frozen."))
            raise _deny()
        result.pb_score = value
        result.save(update_fields=["pb_score"])
        audit_record(
            kind="innovation.score_entered",
            actor=actor,
            subject=result.municipality.name,
            municipality=evaluation.municipality,
            data={"code": "pb", "points": value},
        )
    return result


def evaluation_publish(*, actor: Any, evaluation_id: Any) -> EvaluationRound:
    """Publish the grading: the scores freeze, and the grades and funding are written to the
    audit log as they stood."""
    from maeul.innovation.selectors import grading_of

    with transaction.atomic():
        evaluation = get_authorised(
            EvaluationRound.objects.select_related("municipality"),
            actor,
            evaluation_id,
            InnovationPermission.REVIEW,
            lock=True,
        )
        if evaluation.state == EvaluationState.PUBLISHED:
            raise Conflict(_("The evaluation is already published."))
        grading = grading_of(evaluation)
        evaluation.state = EvaluationState.PUBLISHED
        evaluation.published_at = timezone.now()
        evaluation.save(update_fields=["state", "published_at"])
        audit_record(
            kind="innovation.evaluation_published",
            actor=actor,
            subject=evaluation,
            municipality=evaluation.municipality,
            data={
                "year": evaluation.year,
                "ranking": [
                    [g.district, g.total_text, g.rank, g.grade, g.funding_won]
                    for g in grading.districts
                ],
                "total_amount_won": grading.funding_total_won,
            },
        )
        announce_published(evaluation, grading)
    return evaluation


PART_NAMES = {
    "basic": Part.BASIC,
    "기본조건": Part.BASIC,
    "기본조건평가": Part.BASIC,
    "process": Part.PROCESS,
    "과정관리": Part.PROCESS,
    "과정관리평가": Part.PROCESS,
    "impact": Part.IMPACT,
    "영향": Part.IMPACT,
    "영향평가": Part.IMPACT,
}
INDICATOR_COLUMNS = ("part", "code", "title", "max_points")


def parse_tiers(text: str) -> list[tuple[str, int, int]]:
    """Grades written ``NAME:COUNT:WON``, separated by commas or lines, best grade first
    (Seoul 2021: ``가:7:1100000000, 나:11:1000000000, 다:7:900000000``)."""
    tiers: list[tuple[str, int, int]] = []
    items = [i.strip() for i in str(text or "").replace("\n", ",").split(",") if i.strip()]
    for number, item in enumerate(items, start=1):
        parts = [p.strip() for p in item.split(":")]
        if (
            len(parts) != 3
            or not parts[0]
            or len(parts[0]) > 20
            or not parts[1].isdigit()
            or not parts[2].replace("_", "").isdigit()
        ):
            raise ServiceError(
                _("Grade %(n)d: write NAME:COUNT:WON, e.g. 가:7:1100000000.") % {"n": number},
                field="tiers",
            )
        amount = int(parts[2].replace("_", ""))
        if amount > MAX_WON or int(parts[1]) > 1000:
            raise ServiceError(
                _("Grade %(n)d: the amount is at most %(max)s won.")
                % {"n": number, "max": f"{MAX_WON:,}"},
                field="tiers",
            )
        tiers.append((parts[0], int(parts[1]), amount))
    if not tiers:
        raise ServiceError(_("Give at least one grade."), field="tiers")
    if len({name for name, _c, _w in tiers}) != len(tiers):
        raise ServiceError(_("Each grade needs its own name."), field="tiers")
    return tiers


def _csv_lines(data: bytes | str, field: str) -> list[list[str]]:
    """The cells of an uploaded or pasted CSV (UTF-8, a spreadsheet's BOM allowed)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ServiceError(
                _("Save the file as CSV in UTF-8 (the spreadsheet's 'CSV UTF-8')."), field=field
            ) from None
    try:
        return list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    except csv.Error:
        raise ServiceError(_("The file is not a readable CSV table."), field=field) from None


def _indicator(row: Mapping[str, str], where: str) -> tuple[str, str, str, Decimal]:
    part = PART_NAMES.get(row["part"].lower())
    if part is None:
        raise ServiceError(
            _("%(where)s, column part: write basic, process or impact.") % {"where": where},
            field="indicators",
        )
    code = row["code"]
    if not code or len(code) > 12 or code.lower() == "pb":
        raise ServiceError(
            _("%(where)s, column code: a code of 1 to 12 characters (not pb).") % {"where": where},
            field="indicators",
        )
    title = row["title"]
    if not title or len(title) > textlimits.LABEL:
        raise ServiceError(
            _("%(where)s, column title: a title of at most %(n)d characters.")
            % {"where": where, "n": textlimits.LABEL},
            field="indicators",
        )
    try:
        top = Decimal(row["max_points"])
    except InvalidOperation:
        top = Decimal(-1)
    if not top.is_finite() or not 0 < top < 1000 or top != top.quantize(Decimal("0.01")):
        raise ServiceError(
            _("%(where)s, column max_points: points above 0 with at most two decimals.")
            % {"where": where},
            field="indicators",
        )
    return part, code, title, top


def parse_indicators(data: bytes | str) -> list[tuple[str, str, str, Decimal]]:
    """An indicator catalogue as CSV (``part,code,title,max_points``; part ``basic``,
    ``process`` or ``impact``, or their Korean names). Errors name the row and column."""
    lines = _csv_lines(data, "indicators")
    if not lines:
        raise ServiceError(_("Give the indicator catalogue."), field="indicators")
    header = [cell.strip().lower() for cell in lines[0]]
    missing = [name for name in INDICATOR_COLUMNS if name not in header]
    if missing:
        raise ServiceError(
            _("row 1: missing column(s) %(names)s; the columns are %(all)s.")
            % {"names": ", ".join(missing), "all": ",".join(INDICATOR_COLUMNS)},
            field="indicators",
        )
    if len(lines) > 501:
        raise ServiceError(_("A catalogue has at most 500 indicators."), field="indicators")
    found: list[tuple[str, str, str, Decimal]] = []
    for number, cells in enumerate(lines[1:], start=2):
        row = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        if not any(row.values()):
            continue
        where = _("row %(n)d") % {"n": number}
        indicator = _indicator(row, where)
        if any(indicator[1] == other[1] for other in found):
            raise ServiceError(
                _("%(where)s, column code: %(code)s appears twice.")
                % {"where": where, "code": indicator[1]},
                field="indicators",
            )
        found.append(indicator)
    if not found:
        raise ServiceError(_("Give the indicator catalogue."), field="indicators")
    return found


def evaluation_create(
    *,
    actor: Any,
    city: Municipality,
    year: int,
    funding_year: int,
    tiers: Sequence[tuple[str, int, int]],
    indicators: Sequence[tuple[str, str, str, Decimal]],
    districts: Sequence[tuple[Municipality, bool]],
    note: str = "",
) -> EvaluationRound:
    """An evaluation round: its tiers (name, count, won), its indicator catalogue (part,
    code, title, maximum points) and the districts evaluated (with whether each ran a plan
    last year)."""
    if not has_permission(actor, InnovationPermission.REVIEW, city):
        raise _deny()
    if not 2000 <= int(year) <= 2100 or not int(year) < int(funding_year) <= int(year) + 5:
        raise ServiceError(
            _("Give the year evaluated (2000–2100) and a later funding year."), field="year"
        )
    if not tiers:
        raise ServiceError(_("Give at least one grade."), field="tiers")
    if not districts:
        raise ServiceError(_("Tick the districts evaluated."), field="districts")
    if sum(count for _name, count, _won in tiers) != len(districts):
        raise ServiceError(
            _("The grades count %(n)d districts but %(m)d are evaluated.")
            % {"n": sum(c for _n, c, _w in tiers), "m": len(districts)},
            field="tiers",
        )
    codes = [code for _part, code, _title, _max in indicators]
    if len(set(codes)) != len(codes):
        raise ServiceError(_("Each indicator needs its own code."), field="indicators")
    for part, code, title, top in indicators:
        if part not in Part.values or not code or len(code) > 12 or code == "pb":
            raise ServiceError(_("Each indicator needs a part and a code."), field="indicators")
        if not title or len(title) > textlimits.LABEL or not 0 < top < 1000:
            raise ServiceError(
                _("Each indicator needs a title and points above 0."), field="indicators"
            )
    for district, _had in districts:
        if district.parent_id != city.pk:
            raise ServiceError(
                _("%(place)s is not a district of the city.") % {"place": district.name},
                field="districts",
            )
    with transaction.atomic():
        try:
            with transaction.atomic():
                evaluation = EvaluationRound.objects.create(
                    municipality=city,
                    year=year,
                    funding_year=funding_year,
                    tiers=[[name, count, amount] for name, count, amount in tiers],
                    note=note[: textlimits.REASON],
                )
        except IntegrityError:
            raise Conflict(
                _("This city already has an evaluation for that year."), field="year"
            ) from None
        Indicator.objects.bulk_create(
            Indicator(evaluation=evaluation, part=part, code=code, title=title, max_points=top)
            for part, code, title, top in indicators
        )
        DistrictResult.objects.bulk_create(
            DistrictResult(evaluation=evaluation, municipality=district, had_plan=had)
            for district, had in districts
        )
        audit_record(
            kind="innovation.evaluation_created",
            actor=actor,
            subject=evaluation,
            municipality=city,
            data={
                "year": year,
                "indicators": len(indicators),
                "groups": [[n, c, a] for n, c, a in tiers],
                "count": len(districts),
            },
        )
    return evaluation


def _scoring(actor: Any, evaluation_id: Any, *, lock: bool = True) -> EvaluationRound:
    """The evaluation if ``actor`` may still score it (a district never may); locked unless
    only asked before a transaction opens."""
    evaluation = get_authorised(
        EvaluationRound.objects.select_related("municipality"),
        actor,
        evaluation_id,
        InnovationPermission.VIEW_RESULT,
        lock=lock,
    )
    if evaluation.state == EvaluationState.PUBLISHED:
        raise Conflict(_("The evaluation is published: its scores are frozen."))
    if not has_permission(actor, InnovationPermission.SCORE, evaluation):
        raise _deny()
    return evaluation


SCORE_COLUMNS = ("district", "code", "points")
MAX_UPLOAD_ROWS = 5000  # 25 districts × 53 indicators + PB is about 1,400


def read_scores_csv(data: bytes | str) -> list[dict[str, str]]:
    """The rows of an uploaded score table (``district,code,points[,evidence]``; UTF-8 with
    or without a BOM, as spreadsheets save it). Errors name the file's row (the header is
    row 1) and the column."""
    lines = _csv_lines(data, "file")
    if not lines:
        raise ServiceError(_("The file is empty."), field="file")
    header = [cell.strip().lower() for cell in lines[0]]
    missing = [name for name in SCORE_COLUMNS if name not in header]
    if missing:
        raise ServiceError(
            _("row 1: missing column(s) %(names)s; the columns are %(all)s.")
            % {"names": ", ".join(missing), "all": "district,code,points,evidence"},
            field="file",
        )
    if len(lines) - 1 > MAX_UPLOAD_ROWS:
        raise ServiceError(
            _("A file has at most %(n)d rows.") % {"n": MAX_UPLOAD_ROWS}, field="file"
        )
    rows = []
    for cells in lines[1:]:
        if not any(cell.strip() for cell in cells):
            cells = []  # a blank line still counts as a row, so numbers match the file
        rows.append({name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)})
    if not any(any(v.strip() for v in row.values()) for row in rows):
        raise ServiceError(_("The file has no scores."), field="file")
    return rows


def scores_upload(*, actor: Any, evaluation_id: Any, data: bytes | str) -> int:
    """An uploaded CSV of scores, all or nothing: permission first (a district learns
    nothing from a file's errors), then every row checked as ``scores_record`` does."""
    _scoring(actor, evaluation_id, lock=False)
    rows = read_scores_csv(data)
    return scores_record(actor=actor, evaluation_id=evaluation_id, rows=rows, first_row=2)


def scores_record(
    *,
    actor: Any,
    evaluation_id: Any,
    rows: Sequence[Mapping[str, Any]],
    first_row: int = 1,
) -> int:
    """Many scores at once (a table from the evaluation committee): each row has
    ``district`` (Korean name), ``code`` (an indicator's code, or ``pb``), ``points`` and
    optionally ``evidence``. Every row is checked first; one bad row saves nothing and the
    message names it."""
    with transaction.atomic():
        evaluation = _scoring(actor, evaluation_id)
        results = {
            r.municipality.name: r for r in evaluation.results.select_related("municipality")
        }
        indicators = {i.code: i for i in evaluation.indicators.all()}
        scores: list[IndicatorScore] = []
        pb: dict[int, Decimal] = {}
        seen: set[tuple[int, int]] = set()
        for number, row in enumerate(rows, start=first_row):
            if not any(str(v or "").strip() for v in row.values()):
                continue  # a blank line of a spreadsheet; numbering still follows the file
            where = _("row %(n)d") % {"n": number}
            name = str(row.get("district") or "").strip()
            result = results.get(name)
            if result is None:
                raise ServiceError(
                    _("%(where)s, column district: %(name)s is not evaluated in this round.")
                    % {"where": where, "name": name or "—"},
                    field="district",
                )
            value = _points(row.get("points"), "points")
            code = str(row.get("code") or "").strip()
            if code == "pb":
                if not 0 <= value <= 40:
                    raise ServiceError(
                        _("%(where)s, column points: the PB-system score is between 0 and 40.")
                        % {"where": where},
                        field="points",
                    )
                pb[result.pk] = value
                continue
            indicator = indicators.get(code)
            if indicator is None:
                raise ServiceError(
                    _("%(where)s, column code: no indicator %(code)s.")
                    % {"where": where, "code": code or "—"},
                    field="code",
                )
            if not result.had_plan:
                raise ServiceError(
                    _("%(where)s: %(name)s ran no plan last year and has no indicator scores.")
                    % {"where": where, "name": name},
                    field="district",
                )
            if not 0 <= value <= indicator.max_points:
                raise ServiceError(
                    _("%(where)s, column points: %(code)s takes 0 to %(max)s points.")
                    % {"where": where, "code": code, "max": indicator.max_points},
                    field="points",
                )
            if (result.pk, indicator.pk) in seen:
                raise ServiceError(
                    _("%(where)s: %(name)s has %(code)s twice in the table.")
                    % {"where": where, "name": name, "code": code},
                    field="code",
                )
            seen.add((result.pk, indicator.pk))
            evidence = str(row.get("evidence") or "").strip()[: textlimits.REASON]
            scores.append(
                IndicatorScore(result=result, indicator=indicator, points=value, evidence=evidence)
            )
        IndicatorScore.objects.filter(
            result__evaluation=evaluation,
            result_id__in={s.result_id for s in scores},
            indicator_id__in={s.indicator_id for s in scores},
        ).delete()
        IndicatorScore.objects.bulk_create(scores)
        for result_id, value in pb.items():
            DistrictResult.objects.filter(pk=result_id).update(pb_score=value)
        audit_record(
            kind="innovation.scores_recorded",
            actor=actor,
            subject=evaluation,
            municipality=evaluation.municipality,
            data={"rows": len(rows), "count": len(scores) + len(pb)},
        )
    return len(scores) + len(pb)


def consultation_record(
    *,
    actor: Any,
    district: Municipality,
    year: int,
    kind: str,
    held_on: dt.date,
    officials: int,
    civil: int,
    topic: str = "",
) -> Consultation:
    """A consulting or training session the city held for a district (seed 004 reports them
    by district and year of participation, with officials and civil participants apart)."""
    if district.parent_id is None or not has_permission(
        actor, InnovationPermission.REVIEW, district.parent
    ):
        raise _deny()
    if kind not in ConsultationKind.values:
        raise ServiceError(_("Choose consulting or training."), field="kind")
    if not 2000 <= int(year) <= 2100:
        raise ServiceError(_("Give a year between 2000 and 2100."), field="year")
    for name, value in (("officials", officials), ("civil", civil)):
        if not 0 <= int(value) <= 100_000:
            raise ServiceError(_("Write a whole number of people."), field=name)
    topic = str(topic or "").strip()
    if len(topic) > textlimits.LABEL:
        raise ServiceError(_("At most %(n)d characters.") % {"n": textlimits.LABEL}, field="topic")
    with transaction.atomic():
        session = Consultation.objects.create(
            municipality=district,
            year=year,
            kind=kind,
            held_on=held_on,
            topic=topic,
            officials=officials,
            civil=civil,
        )
        audit_record(
            kind="innovation.consultation_recorded",
            actor=actor,
            subject=session,
            municipality=district,
            data={"year": year, "kind": kind, "held_on": held_on, "attended": officials + civil},
        )
    return session
