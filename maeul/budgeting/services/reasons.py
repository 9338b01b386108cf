"""The coded list of screening reasons (부적격 사유) of a municipality: its officials keep the
codes and their Korean and English labels; a screening picks one and may add free text
beside it, so rejections are counted and published by reason."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting.models import ScreeningReason
from maeul.budgeting.rules import BudgetingPermission
from maeul.core.errors import Conflict, ServiceError
from maeul.places.models import Municipality

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")
LABEL_MAX = 120


def _check(code: str, label: str, label_en: str) -> tuple[str, str, str]:
    code, label, label_en = code.strip(), " ".join(label.split()), " ".join(label_en.split())
    if not CODE_PATTERN.match(code):
        raise ServiceError(
            _(
                "The code is 1 to 30 lowercase letters, digits or hyphens, starting with a "
                "letter or digit (for example over-cap)."
            ),
            field="code",
        )
    if not label:
        raise ServiceError(_("Give the reason's Korean label."), field="label")
    for value, field in ((label, "label"), (label_en, "label_en")):
        if len(value) > LABEL_MAX:
            raise ServiceError(
                _("A label has at most %(n)s characters.") % {"n": LABEL_MAX}, field=field
            )
    return code, label, label_en


def screening_reason_save(
    *,
    actor: Any,
    municipality: Municipality,
    code: str,
    label: str,
    label_en: str = "",
    active: bool = True,
    sort_order: int = 0,
    reason: ScreeningReason | None = None,
) -> ScreeningReason:
    """Add a reason to ``municipality``'s list, or change ``reason`` (its code included, as
    long as no other reason of the list has it). Only the municipality's managers may."""
    require_permission(actor, BudgetingPermission.MANAGE, municipality)
    if reason is not None and reason.municipality_id != municipality.pk:
        raise ServiceError(_("This reason belongs to another municipality."), field="code")
    code, label, label_en = _check(code, label, label_en)
    if sort_order < 0 or sort_order > 32767:
        raise ServiceError(_("The order is a number from 0 to 32767."), field="sort_order")
    taken = ScreeningReason.objects.filter(municipality=municipality, code=code)
    if reason is not None:
        taken = taken.exclude(pk=reason.pk)
    if taken.exists():
        raise Conflict(
            _("The code %(code)s is already in the list.") % {"code": code}, field="code"
        )
    try:
        with transaction.atomic(durable=True):
            if reason is None:
                saved = ScreeningReason.objects.create(
                    municipality=municipality,
                    code=code,
                    label=label,
                    label_en=label_en,
                    active=active,
                    sort_order=sort_order,
                )
            else:
                saved = ScreeningReason.objects.select_for_update().get(pk=reason.pk)
                saved.code, saved.label, saved.label_en = code, label, label_en
                saved.active, saved.sort_order = active, sort_order
                saved.save()
            audit_record(
                kind="budgeting.screening_reason_saved",
                actor=actor,
                subject=saved,
                municipality=municipality,
                data={"code": code, "label": label, "label_en": label_en, "active": active},
            )
    except IntegrityError as error:  # two officials adding the same code at once
        raise Conflict(
            _("The code %(code)s is already in the list.") % {"code": code}, field="code"
        ) from error
    return saved
