"""Writes of the grants app: calls, organisations, applications, review and selection.

Every function takes the acting user, runs in one transaction, checks permission through the
rules module and raises ``ServiceError`` with a message in the user's language on bad input,
changing nothing. Every consequential change is written to the audit log. The eligibility and
selection arithmetic is the pure engine's (``maeul.engine.grants``); this module stores its
answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.auditlog.services import audit_record
from maeul.core import textlimits
from maeul.core.errors import Conflict, NotAllowed, ServiceError, violates
from maeul.core.uploads import DOCUMENTS, IMAGES, MB, check_upload
from maeul.engine.grants import (
    TIE_KEYS,
    GrantsError,
    bonus_points,
    call_from_dict,
    candidate,
    grade_bands,
    grade_for,
    select,
)
from maeul.engine.grants.model import CATEGORIES
from maeul.grants import notices
from maeul.grants.models import (
    Application,
    ApplicationState,
    Attachment,
    BudgetLine,
    CallState,
    ConflictOfInterest,
    ConsortiumMember,
    GrantCall,
    OnMisfit,
    Organisation,
    OrganisationKind,
    OrganisationMember,
    Reviewer,
    ReviewScore,
    ScoreStage,
)
from maeul.grants.rules import GrantPermission, acts_for
from maeul.grants.rulesdata import (
    call_rules,
    decimal,
    district_of,
    fraction,
    member_district,
    reason_texts,
    rule_district,
    screening,
    stored_reasons,
)
from maeul.places.models import Municipality

MAX_BUDGET_LINES = 50
MAX_ATTACHMENTS = 10
ATTACHMENT_MAX_BYTES = 20 * MB
MAX_WON = 10**15
"""No call or grant reaches a thousand trillion won; anything above is a typing error."""

CALL_MOVES = {
    CallState.OPEN: CallState.DRAFT,
    CallState.REVIEW: CallState.OPEN,
}


# ---- input cleaning ------------------------------------------------------------------------


def _text(data: Mapping[str, Any], key: str, label: str, *, limit: int, required: bool) -> str:
    value = str(data.get(key) or "").strip()
    if required and not value:
        raise ServiceError(_("Fill in: %(field)s.") % {"field": label}, field=key)
    if len(value) > limit:
        raise ServiceError(
            _("%(field)s has at most %(n)d characters.") % {"field": label, "n": limit}, field=key
        )
    return value


def clean_won(value: Any, field: str, *, positive: bool = False) -> int:
    """Whole won from a form or JSON: digits only (commas allowed), never negative, never a
    fraction of a won."""
    if isinstance(value, bool):
        value = None
    if isinstance(value, int):
        amount = value
    else:
        text = str(value if value is not None else "").strip().replace(",", "")
        if not text.isdigit():
            if text.startswith("-") and text[1:].isdigit():
                raise ServiceError(_("An amount cannot be negative."), field=field)
            raise ServiceError(
                _("Write the amount in whole won, digits only (e.g. 30000000)."), field=field
            )
        amount = int(text)
    if amount < 0:
        raise ServiceError(_("An amount cannot be negative."), field=field)
    if positive and amount == 0:
        raise ServiceError(_("The amount must be more than zero."), field=field)
    if amount > MAX_WON:
        raise ServiceError(_("This amount is too large."), field=field)
    return amount


def clean_score(value: Any, field: str = "score") -> Decimal:
    """A score from 0 to 100 with at most two decimals."""
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        score = Decimal("NaN")
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
        raise ServiceError(_("A score is a number from 0 to 100."), field=field)
    if score != score.quantize(Decimal("0.01")):
        raise ServiceError(_("A score has at most two decimals."), field=field)
    return score.quantize(Decimal("0.01"))


def clean_datetime(value: Any, field: str) -> Any:
    from datetime import datetime

    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as error:
        raise ServiceError(_("Give a date and time (YYYY-MM-DD HH:MM)."), field=field) from error
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _clean_call(data: Mapping[str, Any], municipality: Municipality) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": _text(data, "title", _("title"), limit=textlimits.LABEL, required=True),
        "description": _text(
            data, "description", _("description"), limit=textlimits.TEXT, required=False
        ),
        "budget_won": clean_won(data.get("budget_won"), "budget_won", positive=True),
        "max_grant_won": clean_won(data.get("max_grant_won"), "max_grant_won", positive=True),
    }
    try:
        values["max_grantees"] = int(data.get("max_grantees") or 0)
        values["min_members"] = int(data.get("min_members") or 1)
        values["max_staff_share_percent"] = int(data.get("max_staff_share_percent", 100))
        values["max_reviewers"] = int(data.get("max_reviewers") or 7)
    except (TypeError, ValueError) as error:
        raise ServiceError(_("Counts and percentages are whole numbers.")) from error
    if values["max_grantees"] < 1:
        raise ServiceError(_("At least one grantee."), field="max_grantees")
    if values["min_members"] < 1:
        raise ServiceError(_("At least one member organisation."), field="min_members")
    if not 0 <= values["max_staff_share_percent"] <= 100:
        raise ServiceError(_("A share is from 0 to 100%."), field="max_staff_share_percent")
    if not 1 <= values["max_reviewers"] <= 7:
        raise ServiceError(_("A review panel has 1 to 7 members."), field="max_reviewers")
    if values["max_grant_won"] > values["budget_won"]:
        raise ServiceError(
            _("The maximum grant cannot exceed the total budget."), field="max_grant_won"
        )
    values["capital_allowed"] = bool(data.get("capital_allowed", True))
    kinds = list(data.get("member_kinds") or [])
    if any(k not in OrganisationKind.values for k in kinds):
        raise ServiceError(
            _("Choose the kinds of organisation from the list."), field="member_kinds"
        )
    values["member_kinds"] = kinds
    district = data.get("district")
    if district is not None and not isinstance(district, Municipality):
        raise ServiceError(_("Choose the district from the list."), field="district")
    if district is not None and not district.is_within(municipality):
        raise ServiceError(
            _("The district must lie within the call's municipality."), field="district"
        )
    values["district"] = district
    values["per_district"] = bool(data.get("per_district", False))
    if values["per_district"] and district is not None:
        raise ServiceError(
            _(
                "A city-wide call by district has no single district: each consortium's members "
                "must be located in the lead organisation's district. Leave the district empty."
            ),
            field="district",
        )
    try:
        values["overspend_tolerance_percent"] = int(data.get("overspend_tolerance_percent") or 0)
    except (TypeError, ValueError) as error:
        raise ServiceError(
            _("Counts and percentages are whole numbers."), field="overspend_tolerance_percent"
        ) from error
    if not 0 <= values["overspend_tolerance_percent"] <= 100:
        raise ServiceError(_("A share is from 0 to 100%."), field="overspend_tolerance_percent")
    values.update(_clean_call_data(data, values))
    values["opens_at"] = clean_datetime(data.get("opens_at"), "opens_at")
    values["closes_at"] = clean_datetime(data.get("closes_at"), "closes_at")
    if values["closes_at"] <= values["opens_at"]:
        raise ServiceError(_("The deadline must come after the opening."), field="closes_at")
    return values


def _clean_call_data(data: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The rules stored as data: project types, bonuses, tie rule, grade bands, schedule."""
    values = dict(values)
    types = list(data.get("project_types") or [])
    try:
        call_from_dict(
            {
                "budget_won": values["budget_won"],
                "max_grant_won": values["max_grant_won"],
                "max_grantees": values["max_grantees"],
                "project_types": types,
            }
        )
    except GrantsError as error:
        raise ServiceError(
            _("The project types are not valid: %(detail)s")
            % {"detail": error.text(get_language() or "ko")},
            field="project_types",
        ) from error
    values["project_types"] = types
    bonuses = dict(data.get("bonuses") or {})
    if any(
        not isinstance(p, int) or isinstance(p, bool) or not 0 <= p <= 100 for p in bonuses.values()
    ):
        raise ServiceError(_("Bonus points are whole numbers from 0 to 100."), field="bonuses")
    values["bonuses"] = bonuses
    tie = list(data.get("tie_rule") or [])
    if any(k not in TIE_KEYS for k in tie) or len(set(tie)) != len(tie):
        raise ServiceError(_("Choose the tie-break rules from the list."), field="tie_rule")
    values["tie_rule"] = tie
    on_misfit = str(data.get("on_misfit") or OnMisfit.STOP)
    if on_misfit not in OnMisfit.values:
        raise ServiceError(_("Choose what happens when a grant does not fit."), field="on_misfit")
    values["on_misfit"] = on_misfit
    bands = list(data.get("grade_bands") or [])
    try:
        grade_bands([(str(g), int(m)) for g, m in bands])
    except (GrantsError, TypeError, ValueError) as error:
        raise ServiceError(
            _("Grade bands are pairs of a grade and a lowest total."), field="grade_bands"
        ) from error
    values["grade_bands"] = [[str(g), int(m)] for g, m in bands]
    values["schedule"] = list(data.get("schedule") or [])
    return values


# ---- calls ---------------------------------------------------------------------------------


def _locked_call(actor: Any, call_id: Any) -> GrantCall:
    return get_authorised(
        GrantCall.objects.select_related("municipality", "district"),
        actor,
        call_id,
        GrantPermission.MANAGE_CALL,
        lock=True,
    )


def call_create(*, actor: Any, municipality: Municipality, data: Mapping[str, Any]) -> GrantCall:
    """A draft call of ``municipality`` with its rules."""
    if not has_permission(actor, GrantPermission.MANAGE_CALL, municipality):
        raise NotAllowed(_("You do not have permission to do this."))
    values = _clean_call(data, municipality)
    with transaction.atomic():
        call = GrantCall.objects.create(municipality=municipality, **values)
        audit_record(
            kind="grants.call_created",
            actor=actor,
            subject=call,
            municipality=municipality,
            data={
                "title": call.title,
                "budget_won": call.budget_won,
                "max_grant_won": call.max_grant_won,
                "max_grantees": call.max_grantees,
            },
        )
    return call


FROZEN_FIELDS = (
    # eligibility
    "max_grant_won",
    "min_members",
    "member_kinds",
    "district",
    "per_district",
    "max_staff_share_percent",
    "capital_allowed",
    "project_types",
    # scoring and selection
    "bonuses",
    "tie_rule",
    "on_misfit",
    "grade_bands",
    "max_reviewers",
    # settlement
    "overspend_tolerance_percent",
)
"""Rules an applicant relied on: once one application is submitted they no longer change, so
every application of a call is screened and scored by the same rules."""


def call_update(*, actor: Any, call_id: Any, data: Mapping[str, Any]) -> GrantCall:
    """Edit a call before its deadline. After the first submission the eligibility, scoring
    and settlement rules are frozen: a change to any of them is refused (naming them), while
    the title, description, schedule, dates, budget and grantee count may still change."""
    with transaction.atomic():
        call = _locked_call(actor, call_id)
        if call.state not in (CallState.DRAFT, CallState.OPEN) or timezone.now() >= call.closes_at:
            raise Conflict(_("A call can be edited only before its deadline."))
        values = _clean_call(data, call.municipality)
        for key in ("project_types", "schedule", "on_misfit", "max_reviewers"):
            if key not in data:  # the officials' form does not show these: they stay
                values[key] = getattr(call, key)
        changed = [k for k, v in values.items() if getattr(call, k) != v]
        submitted = call.applications.filter(submitted_at__isnull=False).exists()
        frozen = [k for k in changed if k in FROZEN_FIELDS]
        if submitted and frozen:
            raise Conflict(
                _(
                    "Applications have been submitted: the eligibility, scoring and settlement "
                    "rules are frozen. These cannot change any more: %(fields)s."
                )
                % {
                    "fields": ", ".join(
                        str(getattr(GrantCall._meta.get_field(k), "verbose_name", k))
                        for k in frozen
                    )
                },
                field=frozen[0],
            )
        if call.state == CallState.OPEN and values["closes_at"] <= timezone.now():
            raise ServiceError(_("The new deadline must be in the future."), field="closes_at")
        if not changed:
            return call
        before = {k: _jsonable(getattr(call, k)) for k in changed}
        for key in changed:
            setattr(call, key, values[key])
        call.save(update_fields=changed)
        audit_record(
            kind="grants.call_edited",
            actor=actor,
            subject=call,
            municipality=call.municipality,
            data={
                "fields": changed,
                "before": before,
                "after": {k: _jsonable(getattr(call, k)) for k in changed},
            },
        )
    return call


def _jsonable(value: Any) -> Any:
    if isinstance(value, Municipality):
        return value.slug
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)


def call_move(*, actor: Any, call_id: Any, to: str) -> GrantCall:
    """Open a draft call, or close an open one for review (which screens every submitted
    application). Grantees are announced by ``grantees_select``."""
    with transaction.atomic():
        call = _locked_call(actor, call_id)
        if CALL_MOVES.get(to) != call.state:  # type: ignore[call-overload]
            raise Conflict(_("The call cannot move to this state from its current state."))
        call.state = to
        call.save(update_fields=["state"])
        screened = 0
        if to == CallState.REVIEW:
            screened = _screen_submitted(call)
        audit_record(
            kind="grants.call_state",
            actor=actor,
            subject=call,
            municipality=call.municipality,
            data={"state": to, "count": screened},
        )
    return call


def _screen_submitted(call: GrantCall) -> int:
    rows = list(
        call.applications.filter(state=ApplicationState.SUBMITTED).select_related(
            "call__district", "organisation__municipality"
        )
    )
    for application in rows:
        result = screening(application)
        application.eligible = result.eligible
        application.reasons = stored_reasons(result)
        application.bonus = Decimal(bonus_points(application.tags, call.bonuses))
        application.save(update_fields=["eligible", "reasons", "bonus"])
        notices.screened(application)
    return len(rows)


def _actor_id(actor: Any) -> int:
    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed(_("Sign in first."))
    return int(actor.pk)


# ---- organisations -------------------------------------------------------------------------


def organisation_register(*, actor: Any, data: Mapping[str, Any]) -> Organisation:
    """A new organisation; the person registering it acts for it as its representative."""
    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed(_("Sign in to register an organisation."))
    name = _text(data, "name", _("name"), limit=textlimits.LABEL, required=True)
    kind = str(data.get("kind") or "")
    if kind not in OrganisationKind.values:
        raise ServiceError(_("Choose the kind of organisation."), field="kind")
    place = data.get("municipality")
    if not isinstance(place, Municipality):
        raise ServiceError(_("Choose where the organisation is located."), field="municipality")
    number = _text(data, "registration_number", _("registration number"), limit=40, required=False)
    address = _text(data, "address", _("address"), limit=textlimits.LABEL, required=False)
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                name=name,
                kind=kind,
                municipality=place,
                registration_number=number,
                address=address,
            )
            OrganisationMember.objects.create(
                organisation=organisation, user=actor, is_representative=True
            )
            audit_record(
                kind="grants.organisation_registered",
                actor=actor,
                subject=organisation,
                municipality=place,
                data={"name": name, "kind": kind},
            )
    except IntegrityError as error:
        if violates(error, "grants_one_organisation_per_registration", "registration_number"):
            raise Conflict(
                _("An organisation with this registration number is already registered."),
                field="registration_number",
            ) from error
        raise
    return organisation


def organisation_add_person(*, actor: Any, organisation_id: Any, user: Any) -> OrganisationMember:
    """Let another account act for the organisation (only its representative may)."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().filter(pk=organisation_id).first()
        if (
            organisation is None
            or not OrganisationMember.objects.filter(
                organisation=organisation,
                user_id=_actor_id(actor),
                is_representative=True,
            ).exists()
        ):
            raise NotAllowed(_("Only the organisation's representative can add people."))
        member, created = OrganisationMember.objects.get_or_create(
            organisation=organisation, user=user
        )
        if created:
            audit_record(
                kind="grants.organisation_person_added",
                actor=actor,
                subject=organisation,
                municipality=organisation.municipality,
                data={"user": user.pk},
            )
    return member


# ---- applications --------------------------------------------------------------------------


def _clean_lines(raw: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, int]]:
    if len(raw) > MAX_BUDGET_LINES:
        raise ServiceError(
            _("At most %(n)d budget lines.") % {"n": MAX_BUDGET_LINES}, field="budget"
        )
    lines = []
    for number, line in enumerate(raw, start=1):
        item = str(line.get("item") or "").strip()
        amount_raw = line.get("amount_won")
        if not item and amount_raw in (None, ""):
            continue
        if not item or len(item) > textlimits.LABEL:
            raise ServiceError(
                _("Budget line %(n)d: name the item (at most %(limit)d characters).")
                % {"n": number, "limit": textlimits.LABEL},
                field="budget",
            )
        category = str(line.get("category") or "")
        if category not in CATEGORIES:
            raise ServiceError(
                _("Budget line %(n)d: choose a category.") % {"n": number}, field="budget"
            )
        try:
            amount = clean_won(amount_raw, "budget")
        except ServiceError as error:
            raise ServiceError(
                _("Budget line %(n)d: %(error)s") % {"n": number, "error": error.message},
                field="budget",
            ) from error
        lines.append((item, category, amount))
    return lines


def _clean_application(call: GrantCall, data: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": _text(data, "title", _("project title"), limit=textlimits.LABEL, required=True),
        "summary": _text(data, "summary", _("summary"), limit=textlimits.TEXT, required=False),
        "requested_won": clean_won(data.get("requested_won"), "requested_won", positive=True),
    }
    project_type = str(data.get("project_type") or "")
    keys = [t["key"] for t in call.project_types]
    if keys and project_type not in keys:
        raise ServiceError(_("Choose a project type of this call."), field="project_type")
    values["project_type"] = project_type
    tags = [str(t) for t in (data.get("tags") or [])]
    if any(t not in call.bonuses for t in tags):
        raise ServiceError(_("Choose tags from the call's list."), field="tags")
    values["tags"] = tags
    return values


def _check_member(
    call: GrantCall, organisation: Organisation, application: Application | None = None
) -> None:
    """Refuse, before anything is saved, an organisation the call can never accept."""
    district = rule_district(call, application)
    if district is not None and member_district(call, organisation, application) != district.name:
        raise ServiceError(
            _(
                "%(name)s is located in %(place)s, outside %(district)s: this call accepts only "
                "organisations located in the district."
            )
            % {
                "name": organisation.name,
                "place": organisation.municipality.name,
                "district": district.name,
            },
            field="organisation",
        )
    if call.member_kinds and organisation.kind not in call.member_kinds:
        raise ServiceError(
            _("%(name)s is a %(kind)s; this call accepts only: %(kinds)s.")
            % {
                "name": organisation.name,
                "kind": organisation.get_kind_display(),
                "kinds": ", ".join(str(OrganisationKind(k).label) for k in call.member_kinds),
            },
            field="organisation",
        )


def _open_call(call_id: Any, *, lock: bool = False) -> GrantCall:
    rows = GrantCall.objects.select_related("municipality", "district")
    if lock:
        rows = rows.select_for_update(of=("self",))
    call = rows.filter(pk=call_id).first()
    if call is None or call.state == CallState.DRAFT:
        raise ServiceError(_("This call does not exist."), field="call")
    if not call.is_open:
        raise Conflict(_("The deadline of this call has passed; applications are closed."))
    return call


def application_create(
    *, actor: Any, call_id: Any, organisation_id: Any, data: Mapping[str, Any]
) -> Application:
    """A draft application of an organisation the actor acts for."""
    organisation = (
        Organisation.objects.select_related("municipality").filter(pk=organisation_id).first()
    )
    if organisation is None or not acts_for(actor, organisation.pk):
        raise NotAllowed(_("You can only apply for an organisation you act for."))
    call = _open_call(call_id)
    if call.per_district:
        # A city-wide call by district: the lead organisation's district is the applying
        # district; its officials see the application and every member must lie within it.
        district = district_of(organisation.municipality)
        if district is None or not district.is_within(call.municipality):
            raise ServiceError(
                _("%(name)s is not located in a district of %(city)s.")
                % {"name": organisation.name, "city": call.municipality.name},
                field="organisation",
            )
    else:
        district = None
        _check_member(call, organisation)
    values = _clean_application(call, data)
    values["district"] = district
    lines = _clean_lines(data.get("budget") or [])
    try:
        with transaction.atomic():
            application = Application.objects.create(call=call, organisation=organisation, **values)
            _write_lines(application, lines)
            _audit_application(actor, application, "grants.application_saved")
    except IntegrityError as error:
        if violates(
            error, "grants_one_live_application_per_organisation", "call_id", "organisation_id"
        ):
            raise Conflict(
                _("This organisation already has an application to this call."),
                field="organisation",
            ) from error
        raise
    return application


def _write_lines(application: Application, lines: list[tuple[str, str, int]]) -> None:
    application.lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(application=application, item=i, category=c, amount_won=a, position=n)
        for n, (i, c, a) in enumerate(lines)
    )


def _audit_application(actor: Any, application: Application, kind: str, **extra: Any) -> None:
    audit_record(
        kind=kind,
        actor=actor,
        subject=application,
        municipality=application.call.municipality,
        data={
            "call": application.call_id,
            "organisation": application.organisation_id,
            "requested_won": application.requested_won,
            **extra,
        },
    )


def _locked_application(actor: Any, application_id: Any, permission: str) -> Application:
    return get_authorised(
        Application.objects.select_related("call__municipality", "call__district", "organisation"),
        actor,
        application_id,
        permission,
        lock=True,
    )


def application_update(*, actor: Any, application_id: Any, data: Mapping[str, Any]) -> Application:
    """Change a draft (title, amounts, budget lines); a submitted application is final."""
    with transaction.atomic():
        application = _locked_application(actor, application_id, GrantPermission.EDIT_APPLICATION)
        if application.state != ApplicationState.DRAFT:
            raise Conflict(_("Only a draft can be changed."))
        if not application.call.is_open:
            raise Conflict(_("The deadline of this call has passed; applications are closed."))
        values = _clean_application(application.call, data)
        lines = _clean_lines(data.get("budget") or [])
        for key, value in values.items():
            setattr(application, key, value)
        application.save()
        _write_lines(application, lines)
        _audit_application(actor, application, "grants.application_saved")
    return application


def consortium_add(*, actor: Any, application_id: Any, organisation_id: Any) -> ConsortiumMember:
    """List another organisation as a consortium member; it must confirm."""
    with transaction.atomic():
        application = _locked_application(actor, application_id, GrantPermission.EDIT_APPLICATION)
        if application.state != ApplicationState.DRAFT:
            raise Conflict(_("Only a draft can be changed."))
        organisation = (
            Organisation.objects.select_related("municipality").filter(pk=organisation_id).first()
        )
        if organisation is None:
            raise ServiceError(_("Choose a registered organisation."), field="organisation")
        if (
            organisation.pk == application.organisation_id
            or application.consortium.filter(organisation=organisation).exists()
        ):
            raise Conflict(_("This organisation is already a member."), field="organisation")
        _check_member(application.call, organisation, application)
        member = ConsortiumMember.objects.create(application=application, organisation=organisation)
        _audit_application(
            actor, application, "grants.consortium_member_added", member=organisation.pk
        )
    return member


def consortium_confirm(
    *, actor: Any, application_id: Any, organisation_id: Any
) -> ConsortiumMember:
    """A person acting for a listed organisation confirms that it takes part."""
    with transaction.atomic():
        member = (
            ConsortiumMember.objects.select_for_update()
            .select_related("application__call__municipality")
            .filter(application_id=application_id, organisation_id=organisation_id)
            .first()
        )
        if member is None or not acts_for(actor, member.organisation_id):
            raise NotAllowed(_("Only a person acting for the listed organisation can confirm."))
        if member.application.state != ApplicationState.DRAFT:
            raise Conflict(_("Only a draft can be changed."))
        if member.confirmed_at is None:
            member.confirmed_at = timezone.now()
            member.confirmed_by = actor
            member.save(update_fields=["confirmed_at", "confirmed_by"])
            _audit_application(
                actor, member.application, "grants.consortium_confirmed", member=organisation_id
            )
    return member


def attachment_add(*, actor: Any, application_id: Any, upload: Any) -> Attachment:
    checked = check_upload(upload, types=(*DOCUMENTS, *IMAGES), max_bytes=ATTACHMENT_MAX_BYTES)
    with transaction.atomic():
        application = _locked_application(actor, application_id, GrantPermission.EDIT_APPLICATION)
        if application.state != ApplicationState.DRAFT:
            raise Conflict(_("Only a draft can be changed."))
        if application.attachments.count() >= MAX_ATTACHMENTS:
            raise ServiceError(
                _("At most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}, field="file"
            )
        attachment = Attachment(application=application, name=checked.name, uploaded_by=actor)
        attachment.file.save(checked.name, upload, save=True)
        _audit_application(actor, application, "grants.attachment_added", name=checked.name)
    return attachment


def application_submit(*, actor: Any, application_id: Any) -> Application:
    """Submit before the deadline: every consortium member confirmed and every rule of the
    call met (the reasons are given, in the applicant's language, when not)."""
    with transaction.atomic():
        # The call's lock first, then the application's: closing the call for review takes
        # them in the same order (it screens the submitted applications), so the two wait for
        # each other instead of deadlocking.
        peek = get_authorised(
            Application.objects.all(), actor, application_id, GrantPermission.EDIT_APPLICATION
        )
        _open_call(peek.call_id, lock=True)
        application = _locked_application(actor, application_id, GrantPermission.EDIT_APPLICATION)
        if application.state != ApplicationState.DRAFT:
            raise Conflict(_("Only a draft can be submitted."))
        unconfirmed = [
            m.organisation.name
            for m in application.consortium.select_related("organisation")
            if m.confirmed_at is None
        ]
        if unconfirmed:
            raise Conflict(
                _("Waiting for these members to confirm: %(names)s.")
                % {"names": ", ".join(unconfirmed)}
            )
        result = screening(application)
        if not result.eligible:
            raise ServiceError(" ".join(reason_texts(stored_reasons(result))), field="eligibility")
        application.state = ApplicationState.SUBMITTED
        application.submitted_at = timezone.now()
        application.eligible = True
        application.reasons = []
        application.save(update_fields=["state", "submitted_at", "eligible", "reasons"])
        _audit_application(actor, application, "grants.application_submitted")
        notices.application_received(application)
    return application


def application_withdraw(*, actor: Any, application_id: Any) -> Application:
    """Withdraw a draft or a submitted application until grantees are announced."""
    with transaction.atomic():
        application = _locked_application(actor, application_id, GrantPermission.EDIT_APPLICATION)
        if application.state == ApplicationState.WITHDRAWN:
            raise Conflict(_("This application is already withdrawn."))
        if application.call.state == CallState.ANNOUNCED:
            raise Conflict(_("Grantees are announced; an application can no longer be withdrawn."))
        application.state = ApplicationState.WITHDRAWN
        application.withdrawn_at = timezone.now()
        application.save(update_fields=["state", "withdrawn_at"])
        _audit_application(actor, application, "grants.application_withdrawn")
    return application


# ---- review --------------------------------------------------------------------------------


def reviewer_assign(*, actor: Any, call_id: Any, user: Any) -> Reviewer:
    """Put a person on the call's panel (at most the call's panel size, 7 at most)."""
    with transaction.atomic():
        call = _locked_call(actor, call_id)
        if call.reviewers.filter(user=user).exists():
            raise Conflict(_("This person is already on the panel."))
        if call.reviewers.count() >= call.max_reviewers:
            raise Conflict(
                _("The panel already has %(n)d members, the most this call allows.")
                % {"n": call.max_reviewers}
            )
        reviewer = Reviewer.objects.create(call=call, user=user)
        audit_record(
            kind="grants.reviewer_assigned",
            actor=actor,
            subject=call,
            municipality=call.municipality,
            data={"user": user.pk},
        )
        notices.reviewer_assigned(reviewer)
    return reviewer


def _reviewer(actor: Any, application: Application) -> Reviewer:
    reviewer = Reviewer.objects.filter(
        call_id=application.call_id, user_id=_actor_id(actor)
    ).first()
    if reviewer is None:
        raise NotAllowed(_("You are not on this call's review panel."))
    return reviewer


def conflict_declare(*, actor: Any, application_id: Any, reason: str = "") -> ConflictOfInterest:
    """A reviewer declares a conflict of interest: from then on they neither see nor score
    the application, and a score already given no longer counts."""
    with transaction.atomic():
        application = (
            Application.objects.select_related("call__municipality")
            .filter(pk=application_id, state=ApplicationState.SUBMITTED)
            .first()
        )
        if application is None:
            raise ServiceError(_("This application does not exist."))
        reviewer = _reviewer(actor, application)
        if len(reason) > textlimits.LABEL:
            raise ServiceError(_("The reason is too long."), field="reason")
        conflict, created = ConflictOfInterest.objects.get_or_create(
            reviewer=reviewer, application=application, defaults={"reason": reason.strip()}
        )
        if created:
            ReviewScore.objects.filter(reviewer=reviewer, application=application).delete()
            _audit_application(actor, application, "grants.conflict_declared")
    return conflict


def score_enter(
    *,
    actor: Any,
    application_id: Any,
    score: Any,
    stage: str = ScoreStage.SELECTION,
    comment: str = "",
) -> ReviewScore:
    """A panel member's qualitative score (0–100) for the selection or the evaluation."""
    value = clean_score(score)
    if stage not in ScoreStage.values:
        raise ServiceError(_("Choose the stage of the review."), field="stage")
    if len(comment) > textlimits.REASON:
        raise ServiceError(_("The comment is too long."), field="comment")
    with transaction.atomic():
        application = _locked_application(actor, application_id, GrantPermission.REVIEW_APPLICATION)
        _check_stage(application, stage)
        reviewer = _reviewer(actor, application)
        row, _created = ReviewScore.objects.update_or_create(
            reviewer=reviewer,
            application=application,
            stage=stage,
            defaults={"score": value, "comment": comment.strip(), "scored_at": timezone.now()},
        )
        _audit_application(
            actor, application, "grants.score_entered", stage=stage, score=str(value)
        )
    return row


def _check_stage(application: Application, stage: str) -> None:
    if stage == ScoreStage.SELECTION and application.call.state != CallState.REVIEW:
        raise Conflict(_("Selection scores are given while the call is under review."))
    if stage == ScoreStage.EVALUATION and not (
        application.call.state == CallState.ANNOUNCED and application.selected
    ):
        raise Conflict(_("Only grantees are evaluated, once the grantees are announced."))


def quantitative_set(
    *,
    actor: Any,
    application_id: Any,
    score: Any,
    stage: str = ScoreStage.SELECTION,
    figures: Mapping[str, Any] | None = None,
) -> Application:
    """The city's quantitative score (0–100); at the evaluation with the grantee's figures
    (events, participants, outputs) it is based on."""
    value = clean_score(score)
    with transaction.atomic():
        application = _locked_application(actor, application_id, GrantPermission.VIEW_APPLICATION)
        if not has_permission(actor, GrantPermission.MANAGE_CALL, application.call):
            raise NotAllowed(_("You do not have permission to do this."))
        if application.state != ApplicationState.SUBMITTED:
            raise Conflict(_("Only submitted applications are scored."))
        _check_stage(application, stage)
        fields = ["quantitative"]
        if stage == ScoreStage.SELECTION:
            application.quantitative = value
        else:
            application.evaluation_quantitative = value
            fields = ["evaluation_quantitative"]
            for key in ("events", "participants", "outputs"):
                raw = (figures or {}).get(key)
                if raw in (None, ""):
                    continue
                try:
                    number = int(str(raw))
                except ValueError as error:
                    raise ServiceError(_("Counts are whole numbers."), field=key) from error
                if number < 0:
                    raise ServiceError(_("Counts cannot be negative."), field=key)
                setattr(application, key, number)
                fields.append(key)
        application.save(update_fields=fields)
        _audit_application(
            actor, application, "grants.quantitative_set", stage=stage, score=str(value)
        )
    return application


def _panel_scores(application: Application, stage: str) -> list[Decimal]:
    """Scores of reviewers without a conflict on the application."""
    conflicted = ConflictOfInterest.objects.filter(application=application).values("reviewer_id")
    return list(
        ReviewScore.objects.filter(application=application, stage=stage)
        .exclude(reviewer_id__in=conflicted)
        .values_list("score", flat=True)
    )


def grantees_select(*, actor: Any, call_id: Any) -> GrantCall:
    """Rank the eligible applications by total and select within the budget and the grantee
    cap, by the call's tie rule; announce. Refused while a score is missing."""
    with transaction.atomic():
        call = _locked_call(actor, call_id)
        if call.state != CallState.REVIEW:
            raise Conflict(_("Grantees are selected once the call is under review."))
        rows = list(
            call.applications.filter(state=ApplicationState.SUBMITTED, eligible=True).order_by("pk")
        )
        missing = []
        candidates = []
        for application in rows:
            scores = _panel_scores(application, ScoreStage.SELECTION)
            if application.quantitative is None or not scores:
                missing.append(application.title)
                continue
            candidates.append(
                candidate(
                    str(application.pk),
                    application.requested_won,
                    fraction(application.quantitative),
                    [fraction(s) for s in scores],
                    fraction(application.bonus),
                    max_reviewers=call.max_reviewers,
                )
            )
        if missing:
            raise Conflict(
                _("Scores are missing (the quantitative score or any panel score) for: %(titles)s.")
                % {"titles": ", ".join(missing)}
            )
        result = select(
            candidates,
            budget_won=call.budget_won,
            max_grantees=call.max_grantees,
            tie_rule=call.tie_rule,
            on_misfit=call.on_misfit,
        )
        by_id = {str(a.pk): a for a in rows}
        for decision in result.decisions:
            application = by_id[decision.id]
            application.total = decimal(decision.total)
            application.rank = decision.rank
            application.selected = decision.selected
            application.decision_note = decision.note
            application.save(update_fields=["total", "rank", "selected", "decision_note"])
            notices.selection_result(application)
        call.state = CallState.ANNOUNCED
        call.announced_at = timezone.now()
        call.spent_won = result.spent_won
        call.save(update_fields=["state", "announced_at", "spent_won"])
        audit_record(
            kind="grants.grantees_selected",
            actor=actor,
            subject=call,
            municipality=call.municipality,
            data={
                "selected": result.selected_ids,
                "spent_won": result.spent_won,
                "budget_won": call.budget_won,
            },
        )
    return call


def grantee_grade(*, actor: Any, application_id: Any) -> Application:
    """End-of-year grade: quantitative evaluation + panel's evaluation mean → total → band."""
    from maeul.engine.grants import mean

    with transaction.atomic():
        application = _locked_application(actor, application_id, GrantPermission.VIEW_APPLICATION)
        if not has_permission(actor, GrantPermission.MANAGE_CALL, application.call):
            raise NotAllowed(_("You do not have permission to do this."))
        _check_stage(application, ScoreStage.EVALUATION)
        scores = _panel_scores(application, ScoreStage.EVALUATION)
        if application.evaluation_quantitative is None or not scores:
            raise Conflict(_("The evaluation needs the quantitative score and panel scores."))
        total = fraction(application.evaluation_quantitative) + (
            mean([fraction(s) for s in scores]) or 0
        )
        bands = grade_bands([(g, m) for g, m in application.call.grade_bands])
        application.evaluation_total = decimal(total)
        application.grade = grade_for(total, bands)
        application.save(update_fields=["evaluation_total", "grade"])
        _audit_application(actor, application, "grants.grantee_graded", grade=application.grade)
        notices.grade_published(application)
    return application


__all__ = ["call_rules"]
