"""Creating and editing councils and committees: the body's rules are data (thresholds,
terms, meeting rule), checked before they are saved so a body can never hold rules that make
no sense. A duplicate name is refused by the constraint's name, never a 500.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, ServiceError, violates
from maeul.governance.models import Body, BodyKind, MeetingPeriod
from maeul.governance.rules import GovernancePermission
from maeul.governance.services._base import _require
from maeul.places.models import Municipality

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
    _require(actor, GovernancePermission.MANAGE_BODIES, municipality)
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
    _require(actor, GovernancePermission.MANAGE_BODIES, original.municipality)
    _require(actor, GovernancePermission.MANAGE_BODIES, body.municipality)
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
