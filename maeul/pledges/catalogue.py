"""The pledge catalogue as officials keep it: goals (목표), fields (분야), pledges and the tables
of each pledge's sheet. These are the planning office's writes that used to happen in the
Django admin; the officials' pages call them (DESIGN.md: one entry point per state change).

Every function takes the acting user keyword-only, checks ``pledges.edit`` on the
municipality, runs in one durable transaction and writes one audit entry. Choices are
confined to the municipality (a field of another municipality's goal is refused), and a
duplicate is matched by the database constraint's *name* (``pledge_number_unique``...), so
the message is the same on SQLite and PostgreSQL.

Locking: a pledge's table replacement locks the pledge row first, like every other pledge
service (``services._lock_pledge``), so two officials editing the same sheet serialise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.accounts.permissions import get_authorised, require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, ServiceError, violates
from maeul.places.models import Municipality
from maeul.pledges.models import (
    Execution,
    FundingPlan,
    Milestone,
    Pledge,
    PledgeField,
    PledgeGoal,
    PledgeStatus,
    PledgeTask,
    PolicyDecision,
    StatusChange,
    YearPlan,
)
from maeul.pledges.rules import PledgePermission

PLEDGE_FIELDS = (
    "number",
    "title",
    "field",
    "status",
    "term_kind",
    "owner",
    "is_new",
    "timing",
    "funding_type",
    "department",
    "contacts",
    "policy_goals",
    "target_group",
    "period",
    "summary",
    "next_steps",
    "problems",
    "publicity",
    "expected_effects",
    "execution_as_of",
)
"""The sheet's header as officials edit it; figures live in the tables below."""


@dataclass(frozen=True)
class SheetTable:
    """One table of the pledge sheet: its rows' model, editable columns and unique key."""

    model: type[models.Model]
    fields: tuple[str, ...]
    label: Any
    key: tuple[str, ...] = ()


SHEET_TABLES: dict[str, SheetTable] = {
    "decisions": SheetTable(
        PolicyDecision,
        ("stage", "decided_on", "document_number", "reason"),
        gettext_lazy("Policy decision"),
        key=("stage",),
    ),
    "tasks": SheetTable(PledgeTask, ("order", "name", "details"), gettext_lazy("Tasks")),
    "funding": SheetTable(
        FundingPlan,
        ("source", "period", "order", "in_term", "amount_won"),
        gettext_lazy("Funding plan"),
        key=("source", "period"),
    ),
    "executions": SheetTable(
        Execution,
        ("source", "period", "order", "amount_won"),
        gettext_lazy("Execution to date"),
        key=("source", "period"),
    ),
    "year_plans": SheetTable(
        YearPlan, ("period", "order", "steps", "details"), gettext_lazy("Yearly plan")
    ),
    "milestones": SheetTable(Milestone, ("when", "sort_date", "text"), gettext_lazy("Milestones")),
}
"""The tables the admin's inlines edited (indicators have their own service, because their
achievements are exact fractions checked together: ``services.pledge_indicators_replace``)."""


def _audit(kind: str, actor: Any, subject: Any, municipality: Municipality, **data: Any) -> None:
    audit_record(
        kind=f"pledges.{kind}", actor=actor, subject=subject, municipality=municipality, data=data
    )


def _name(value: str, field: str) -> str:
    name = (value or "").strip()
    if not name:
        raise ServiceError(_("Enter a name."), field=field)
    return name


# ---- goals and fields -------------------------------------------------------------------


def goal_create(*, actor: Any, municipality: Municipality, name: str, order: int = 0) -> PledgeGoal:
    require_permission(actor, PledgePermission.EDIT, municipality)
    name = _name(name, "name")
    try:
        with transaction.atomic(durable=True):
            goal = PledgeGoal.objects.create(municipality=municipality, name=name, order=order)
            _audit("goal_created", actor, goal, municipality, name=name, order=order)
    except IntegrityError as error:
        if violates(error, "pledge_goal_unique", "municipality_id", "name"):
            raise Conflict(
                _("A goal called %(name)s already exists here.") % {"name": name}, field="name"
            ) from None
        raise
    return goal


def goal_update(*, actor: Any, goal: PledgeGoal, name: str, order: int) -> PledgeGoal:
    require_permission(actor, PledgePermission.EDIT, goal.municipality)
    name = _name(name, "name")
    try:
        with transaction.atomic(durable=True):
            locked = get_authorised(
                PledgeGoal.objects.select_related("municipality"),
                actor,
                goal.pk,
                PledgePermission.EDIT,
                lock=True,
            )
            old = {"name": locked.name, "order": locked.order}
            locked.name, locked.order = name, order
            locked.save(update_fields=["name", "order"])
            _audit(
                "goal_updated",
                actor,
                locked,
                locked.municipality,
                before=old,
                name=name,
                order=order,
            )
    except IntegrityError as error:
        if violates(error, "pledge_goal_unique", "municipality_id", "name"):
            raise Conflict(
                _("A goal called %(name)s already exists here.") % {"name": name}, field="name"
            ) from None
        raise
    return locked


def _goal_of(municipality: Municipality, goal: PledgeGoal) -> PledgeGoal:
    if goal.municipality_id != municipality.pk:
        raise ServiceError(_("Choose one of this municipality's goals."), field="goal")
    return goal


def field_create(
    *, actor: Any, municipality: Municipality, goal: PledgeGoal, name: str, order: int = 0
) -> PledgeField:
    require_permission(actor, PledgePermission.EDIT, municipality)
    _goal_of(municipality, goal)
    name = _name(name, "name")
    try:
        with transaction.atomic(durable=True):
            row = PledgeField.objects.create(goal=goal, name=name, order=order)
            _audit("field_created", actor, row, municipality, goal=goal.name, name=name)
    except IntegrityError as error:
        if violates(error, "pledge_field_unique", "goal_id", "name"):
            raise Conflict(
                _("The goal %(goal)s already has a field called %(name)s.")
                % {"goal": goal.name, "name": name},
                field="name",
            ) from None
        raise
    return row


def field_update(
    *, actor: Any, field: PledgeField, goal: PledgeGoal, name: str, order: int
) -> PledgeField:
    municipality = field.goal.municipality
    require_permission(actor, PledgePermission.EDIT, municipality)
    _goal_of(municipality, goal)
    name = _name(name, "name")
    try:
        with transaction.atomic(durable=True):
            locked = get_authorised(
                PledgeField.objects.select_related("goal__municipality"),
                actor,
                field.pk,
                PledgePermission.EDIT,
                lock=True,
            )
            old = {"goal": locked.goal_id, "name": locked.name, "order": locked.order}
            locked.goal, locked.name, locked.order = goal, name, order
            locked.save(update_fields=["goal", "name", "order"])
            _audit(
                "field_updated", actor, locked, municipality, before=old, goal=goal.pk, name=name
            )
    except IntegrityError as error:
        if violates(error, "pledge_field_unique", "goal_id", "name"):
            raise Conflict(
                _("The goal %(goal)s already has a field called %(name)s.")
                % {"goal": goal.name, "name": name},
                field="name",
            ) from None
        raise
    return locked


# ---- pledges ------------------------------------------------------------------------------


def _checked_values(municipality: Municipality, data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(data) - set(PLEDGE_FIELDS))
    if unknown:
        raise ServiceError(_("Unknown pledge fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    values = dict(data)
    field = values.get("field")
    if not isinstance(field, PledgeField) or field.goal.municipality_id != municipality.pk:
        raise ServiceError(_("Choose one of this municipality's fields."), field="field")
    try:
        number = int(values.get("number") or 0)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ServiceError(_("The pledge number must be 1 or more."), field="number")
    values["number"] = number
    values["title"] = (values.get("title") or "").strip()
    if not values["title"]:
        raise ServiceError(_("Enter the pledge's title."), field="title")
    if "status" in values and values["status"] not in PledgeStatus.values:
        raise ServiceError(_("Unknown status."), field="status")
    return values


def _verbose_name(model: type[models.Model], name: str) -> Any:
    """The column's name as people read it (a reverse relation has none: its own name)."""
    field = model._meta.get_field(name)
    return field.verbose_name if isinstance(field, models.Field) else name


def _clean(pledge: Pledge) -> None:
    """The model's own field checks (choices, lengths), as messages naming the field."""
    try:
        pledge.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ServiceError(f"{_verbose_name(Pledge, field)}: {messages[0]}", field=field) from None


def _save_pledge(pledge: Pledge) -> None:
    try:
        with transaction.atomic():
            pledge.save()
    except IntegrityError as error:
        if violates(error, "pledge_number_unique", "municipality_id", "number"):
            raise Conflict(
                _("Pledge number %(number)s already exists here.") % {"number": pledge.number},
                field="number",
            ) from None
        raise


def pledge_create(*, actor: Any, municipality: Municipality, data: Mapping[str, Any]) -> Pledge:
    """Add a pledge to the catalogue (header of its sheet; tables are edited afterwards)."""
    require_permission(actor, PledgePermission.EDIT, municipality)
    values = _checked_values(municipality, data)
    pledge = Pledge(municipality=municipality, **values)
    _clean(pledge)
    with transaction.atomic(durable=True):
        _save_pledge(pledge)
        StatusChange.objects.create(
            pledge=pledge,
            old_status="",
            new_status=pledge.status,
            changed_at=timezone.now(),
            changed_by=actor,
        )
        _audit(
            "pledge_created",
            actor,
            pledge,
            municipality,
            number=pledge.number,
            title=pledge.title,
            field=pledge.field.name,
            status=pledge.status,
        )
    return pledge


def pledge_update(*, actor: Any, pledge: Pledge, data: Mapping[str, Any]) -> Pledge:
    """Change a pledge's header; a status change is kept in the status history."""
    municipality = pledge.municipality
    require_permission(actor, PledgePermission.EDIT, municipality)
    values = _checked_values(municipality, data)
    with transaction.atomic(durable=True):
        locked = get_authorised(
            Pledge.objects.select_related("field", "municipality"),
            actor,
            pledge.pk,
            PledgePermission.EDIT,
            lock=True,
        )
        old_status = locked.status
        changed = sorted(name for name, value in values.items() if getattr(locked, name) != value)
        for name, value in values.items():
            setattr(locked, name, value)
        _clean(locked)
        if not changed:
            return locked
        _save_pledge(locked)
        if locked.status != old_status:
            StatusChange.objects.create(
                pledge=locked,
                old_status=old_status,
                new_status=locked.status,
                changed_at=timezone.now(),
                changed_by=actor,
            )
        _audit(
            "pledge_saved",
            actor,
            locked,
            municipality,
            number=locked.number,
            changed=changed,
            status=locked.status,
        )
    return locked


# ---- the tables of the sheet ----------------------------------------------------------------


def _row_error(index: int, table: SheetTable, field: str, message: str) -> ServiceError:
    label = _verbose_name(table.model, field) if field != "__all__" else ""
    return ServiceError(
        _("Row %(row)s, %(column)s: %(message)s")
        % {"row": index, "column": label, "message": message},
        field=field,
    )


def pledge_table_replace(
    *, actor: Any, pledge: Pledge, table: str, rows: Sequence[Mapping[str, Any]]
) -> int:
    """Replace every row of one table of a pledge's sheet (all rows or none).

    Each row is checked by the model's field rules first; amounts are whole won, zero or
    more; a key that must be unique (a decision's stage, a funding line's source and period)
    may appear once. Only then is the pledge locked and the table rewritten. Returns the
    number of rows now in the table.
    """
    require_permission(actor, PledgePermission.EDIT, pledge.municipality)
    spec = SHEET_TABLES.get(table)
    if spec is None:
        raise ServiceError(_("Unknown table."), field="table")
    objects: list[Any] = []  # rows of spec.model, each with its ``pledge`` foreign key
    seen: dict[tuple[Any, ...], int] = {}
    for index, row in enumerate(rows, start=1):
        unknown = set(row) - set(spec.fields)
        if unknown:
            raise ServiceError(
                _("Unknown columns: %(columns)s.") % {"columns": ", ".join(sorted(unknown))}
            )
        obj = spec.model(pledge=pledge, **row)
        try:
            obj.full_clean(exclude=["pledge"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            raise _row_error(index, spec, field, messages[0]) from None
        amount = row.get("amount_won")
        if amount is not None and int(amount) < 0:
            raise _row_error(index, spec, "amount_won", _("the amount cannot be negative"))
        if spec.key:
            key = tuple(row.get(k) for k in spec.key)
            if key in seen:
                raise _row_error(
                    index,
                    spec,
                    spec.key[-1],
                    _("the same as row %(other)s; each may appear once") % {"other": seen[key]},
                )
            seen[key] = index
        objects.append(obj)
    with transaction.atomic(durable=True):
        locked = get_authorised(
            Pledge.objects.select_related("municipality"),
            actor,
            pledge.pk,
            PledgePermission.EDIT,
            lock=True,
        )
        manager = spec.model._default_manager
        before = manager.filter(pledge=locked).count()
        manager.filter(pledge=locked).delete()
        for obj in objects:
            obj.pledge = locked
        manager.bulk_create(objects)
        locked.save(update_fields=["updated_at"])
        _audit(
            "sheet_rows_saved",
            actor,
            locked,
            locked.municipality,
            number=locked.number,
            table=table,
            before=before,
            after=len(objects),
        )
    return len(objects)
