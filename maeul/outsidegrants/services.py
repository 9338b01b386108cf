"""Recording on the register of outside grant programmes. Every step checks the permission
and the input here and is written to the audit log; views only call these.

A programme moves ``monitoring`` → ``applying`` or ``declined`` when the district records its
application (with the pre-check, scored by ``maeul.engine.scoring.precheck``); the outcome
(selected with the amount awarded, or not selected) can only follow a decision to apply. Bad
input raises ``ServiceError`` with a message in the reader's language and saves nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.auditlog.services import audit_record
from maeul.core import textlimits
from maeul.core.errors import NotAllowed, ServiceError
from maeul.engine.scoring.precheck import GEUMCHEON_POLICY, InvalidPrecheck, PrecheckPolicy, score
from maeul.outsidegrants import notices
from maeul.outsidegrants.models import (
    Decision,
    DepartmentIncentive,
    DistrictApplication,
    Field,
    FunderKind,
    Outcome,
    OutsideProgramme,
    ProgrammeStatus,
)
from maeul.outsidegrants.rules import OutsideGrantPermission
from maeul.places.models import Municipality

MAX_WON = 10**13
"""Ten trillion won: more than any grant or budget line; a larger figure is a typing slip."""


def today() -> dt.date:
    return timezone.localdate()


def policy_for(municipality: Municipality) -> PrecheckPolicy:
    """The pre-check indicators a municipality scores with. Only Geumcheon-gu's
    (illustrative) set exists; a municipality with its own would be looked up here."""
    return GEUMCHEON_POLICY


# ---- reading input ------------------------------------------------------------------------


def _text(data: Mapping[str, Any], key: str, *, limit: int, required: str | None) -> str:
    text = str(data.get(key) or "").strip()
    if required and not text:
        raise ServiceError(required, field=key)
    if len(text) > limit:
        raise ServiceError(_("At most %(limit)s characters.") % {"limit": limit}, field=key)
    return text


def parse_won(value: Any, *, field: str, required: bool = True) -> int:
    """Whole won, not negative: ``1,500,000`` and ``1500000`` are read; ``1.5``, ``-3`` and
    words are refused with a message naming the field."""
    text = str(value if value is not None else "").strip().replace(",", "")
    if not text:
        if required:
            raise ServiceError(_("Enter an amount in won."), field=field)
        return 0
    if not text.isdigit():
        raise ServiceError(
            _("Amounts are whole won, not negative (for example 1500000)."), field=field
        )
    amount = int(text)
    if amount > MAX_WON:
        raise ServiceError(_("The amount is implausibly large."), field=field)
    return amount


def _date(value: Any, *, field: str, required: bool = False) -> dt.date | None:
    text = str(value or "").strip()
    if not text:
        if required:
            raise ServiceError(_("Enter a date."), field=field)
        return None
    try:
        return dt.date.fromisoformat(text.replace(".", "-").replace("/", "-"))
    except ValueError:
        raise ServiceError(_("Enter a date as YYYY-MM-DD."), field=field) from None


def _year(value: Any, *, field: str = "year") -> int:
    text = str(value or "").strip()
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise ServiceError(_("Enter a year between 2000 and 2100."), field=field)
    return int(text)


def _choice(value: Any, choices: Any, *, field: str, message: str) -> str:
    text = str(value or "").strip()
    if text not in choices.values:
        raise ServiceError(message, field=field)
    return text


def _url(value: Any) -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(text) > 500:
        raise ServiceError(_("The web address must start with http:// or https://."), field="url")
    return text


def _flag(value: Any) -> bool:
    return str(value or "").strip().lower() in {"1", "on", "true", "yes", "예"}


def programme_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a programme from a form (or an import row already read), checked."""
    return {
        "year": _year(data.get("year")),
        "funder": _text(data, "funder", limit=textlimits.LABEL, required=_("Enter the funder.")),
        "funder_kind": _choice(
            data.get("funder_kind"),
            FunderKind,
            field="funder_kind",
            message=_("Choose the kind of funder."),
        ),
        "field": _choice(
            data.get("field"), Field, field="field", message=_("Choose the programme's field.")
        ),
        "title": _text(data, "title", limit=textlimits.LABEL, required=_("Enter a title.")),
        "deadline": _date(data.get("deadline"), field="deadline"),
        "amount_offered_won": parse_won(
            data.get("amount_offered_won"), field="amount_offered_won", required=False
        ),
        "matching_required": _flag(data.get("matching_required")),
        "url": _url(data.get("url")),
        "note": _text(data, "note", limit=textlimits.TEXT, required=None),
    }


# ---- programmes ---------------------------------------------------------------------------


def _require(actor: Any, municipality: Municipality) -> None:
    if not has_permission(actor, OutsideGrantPermission.MANAGE, municipality):
        raise NotAllowed(_("You do not have permission to do this."))


def programme_create(
    *, actor: Any, municipality: Municipality, data: Mapping[str, Any]
) -> OutsideProgramme:
    _require(actor, municipality)
    values = programme_values(data)
    with transaction.atomic():
        programme = OutsideProgramme.objects.create(municipality=municipality, **values)
        audit_record(
            kind="outsidegrants.programme_created",
            actor=actor,
            subject=programme,
            municipality=municipality,
            data={"title": programme.title, "field": programme.field, "year": programme.year},
        )
    return programme


def programmes_import(
    *, actor: Any, municipality: Municipality, content: bytes, name: str = ""
) -> int:
    """Every row of the file or none (``TableInvalid`` lists each row's errors)."""
    from maeul.outsidegrants.table import read_register

    _require(actor, municipality)
    rows = read_register(content, name=name)
    with transaction.atomic():
        OutsideProgramme.objects.bulk_create(
            OutsideProgramme(municipality=municipality, **values) for values in rows
        )
        audit_record(
            kind="outsidegrants.programmes_imported",
            actor=actor,
            subject=municipality,
            municipality=municipality,
            data={"rows": len(rows), "file": name[:100]},
        )
    return len(rows)


# ---- applications, outcomes, incentives ---------------------------------------------------


def _programme(actor: Any, programme_id: Any) -> OutsideProgramme:
    return get_authorised(
        OutsideProgramme.objects.select_related("municipality"),
        actor,
        programme_id,
        OutsideGrantPermission.MANAGE,
        lock=True,
    )


def application_record(
    *, actor: Any, programme_id: Any, data: Mapping[str, Any]
) -> DistrictApplication:
    """The district's decision on a programme with its pre-check and cost estimate; recorded
    again (a corrected pre-check) while no outcome is known."""
    with transaction.atomic():
        programme = _programme(actor, programme_id)
        existing = DistrictApplication.objects.filter(programme=programme).first()
        if existing is not None and existing.outcome != Outcome.PENDING:
            raise ServiceError(_("The outcome is recorded; the application can no longer change."))
        department = _text(
            data, "department", limit=100, required=_("Enter the department that applies.")
        )
        policy = policy_for(programme.municipality)
        scores = {i.code: data.get(f"score_{i.code}", "") for i in policy.indicators}
        try:
            result = score(policy, scores)
        except InvalidPrecheck as failure:
            field = failure.field or ""
            maximum = next((i.maximum for i in policy.indicators if i.code == field), 0)
            raise ServiceError(
                _("Each pre-check score is a whole number from 0 to %(maximum)s.")
                % {"maximum": maximum},
                field=f"score_{field}",
            ) from None
        cost = parse_won(data.get("estimated_cost_won"), field="estimated_cost_won")
        matching = parse_won(data.get("matching_won"), field="matching_won", required=False)
        if matching > cost:
            raise ServiceError(
                _("The district's matching funds cannot exceed the estimated cost."),
                field="matching_won",
            )
        decision = _choice(
            data.get("decision"),
            Decision,
            field="decision",
            message=_("Choose whether the district applies."),
        )
        submitted = _date(data.get("submitted_on"), field="submitted_on")
        if decision == Decision.DECLINE and submitted is not None:
            raise ServiceError(
                _("A programme the district does not apply for has no submission date."),
                field="submitted_on",
            )
        values = {
            "department": department,
            "policy": policy.as_data(),
            "scores": {code: int(str(v).strip()) for code, v in scores.items()},
            "precheck_total": result.total_shown,
            "recommended": result.recommended,
            "reasons": [{"code": r.code, "ko": r.ko, "en": r.en} for r in result.reasons],
            "estimated_cost_won": cost,
            "matching_won": matching,
            "decision": decision,
            "submitted_on": submitted,
            "recorded_by": actor,
        }
        application, _created = DistrictApplication.objects.update_or_create(
            programme=programme, defaults=values
        )
        programme.status = (
            ProgrammeStatus.APPLYING if decision == Decision.APPLY else ProgrammeStatus.DECLINED
        )
        programme.save(update_fields=["status"])
        audit_record(
            kind="outsidegrants.application_recorded",
            actor=actor,
            subject=programme,
            municipality=programme.municipality,
            data={
                "department": department,
                "decision": decision,
                "score": str(result.total_shown),
                "recommendation": result.recommended,
                "cost_won": cost,
            },
        )
    return application


def outcome_record(
    *, actor: Any, programme_id: Any, data: Mapping[str, Any]
) -> DistrictApplication:
    with transaction.atomic():
        programme = _programme(actor, programme_id)
        application = DistrictApplication.objects.filter(programme=programme).first()
        if application is None or application.decision != Decision.APPLY:
            raise ServiceError(_("Record the district's application before its outcome."))
        outcome = _choice(
            data.get("outcome"),
            Outcome,
            field="outcome",
            message=_("Choose the outcome: selected, not selected or pending."),
        )
        awarded = parse_won(
            data.get("amount_awarded_won"),
            field="amount_awarded_won",
            required=outcome == Outcome.SELECTED,
        )
        if outcome != Outcome.SELECTED and awarded:
            raise ServiceError(
                _("Only a selected application is awarded an amount."),
                field="amount_awarded_won",
            )
        if outcome == Outcome.SELECTED and awarded == 0:
            raise ServiceError(
                _("Enter the amount awarded to the selected application."),
                field="amount_awarded_won",
            )
        application.outcome = outcome
        application.amount_awarded_won = awarded
        application.outcome_on = _date(data.get("outcome_on"), field="outcome_on") or (
            today() if outcome != Outcome.PENDING else None
        )
        application.save(update_fields=["outcome", "amount_awarded_won", "outcome_on"])
        audit_record(
            kind="outsidegrants.outcome_recorded",
            actor=actor,
            subject=programme,
            municipality=programme.municipality,
            data={"status": outcome, "amount_won": awarded},
        )
        if outcome != Outcome.PENDING:
            notices.outcome_recorded(application)
    return application


def incentive_record(
    *, actor: Any, municipality: Municipality, data: Mapping[str, Any]
) -> DepartmentIncentive:
    _require(actor, municipality)
    department = _text(data, "department", limit=100, required=_("Enter the department rewarded."))
    year = _year(data.get("year"))
    reason = _text(
        data, "reason", limit=textlimits.LABEL, required=_("Enter the reason for the incentive.")
    )
    amount = parse_won(data.get("amount_won"), field="amount_won")
    if amount == 0:
        raise ServiceError(_("An incentive is more than 0 won."), field="amount_won")
    paid_on = _date(data.get("paid_on"), field="paid_on")
    application = None
    chosen = str(data.get("application") or "").strip()
    if chosen:
        application = (
            DistrictApplication.objects.filter(
                pk=int(chosen) if chosen.isdigit() else 0,
                programme__municipality=municipality,
            )
            .select_related("programme")
            .first()
        )
        if application is None:
            raise ServiceError(_("Choose an application from the list."), field="application")
    with transaction.atomic():
        incentive = DepartmentIncentive.objects.create(
            municipality=municipality,
            department=department,
            year=year,
            reason=reason,
            amount_won=amount,
            paid_on=paid_on,
            application=application,
        )
        audit_record(
            kind="outsidegrants.incentive_recorded",
            actor=actor,
            subject=incentive,
            municipality=municipality,
            data={"department": department, "year": year, "amount_won": amount},
        )
    return incentive


# ---- the daily job ------------------------------------------------------------------------


def deadline_remind(*, on: dt.date | None = None) -> int:
    """Tell the managing officials of each undecided programme whose deadline falls within
    ``notices.DEADLINE_DAYS`` days of ``on`` (today by default); the notice's event key makes a
    second run on the same day, or the next day, tell nobody twice."""
    day = on or today()
    due = OutsideProgramme.objects.filter(
        status=ProgrammeStatus.MONITORING,
        deadline__gte=day,
        deadline__lte=day + dt.timedelta(days=notices.DEADLINE_DAYS),
    ).select_related("municipality")
    count = 0
    for programme in due:
        with transaction.atomic():
            notices.deadline_near(programme)
        count += 1
    return count
