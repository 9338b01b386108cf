"""Award tables and the expiry policy: what each activity earns, from which date, and how long
points and vouchers stay valid. A version is published whole and never changed, so every
recorded award can name the table it was made under.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import ServiceError
from maeul.places.models import Municipality
from maeul.points.models import (
    Activity,
    AwardRule,
    AwardTable,
    CapPeriod,
    PointsPolicy,
    PointsTransaction,
    TransactionKind,
)
from maeul.points.rules import PointsPermission
from maeul.points.services._ledger import KST


def award_table_publish(
    *,
    actor: Any,
    municipality: Municipality,
    effective_from: dt.date,
    rules: list[dict[str, Any]],
    note: str = "",
) -> AwardTable:
    """Publish a new version of the award table, whole, with its rules.

    ``rules`` are dicts with ``activity``, ``points`` and optionally ``cap_points``,
    ``cap_period``, ``residents_only``, ``verified_only``. A version must come into force
    after the latest one and after every award already made under the current one, so that no
    recorded award would have been made under a different table.
    """
    if actor is not None:
        require_permission(actor, PointsPermission.MANAGE_AWARD_TABLE, municipality)
    if not rules:
        raise ServiceError(_("An award table needs at least one activity."), field="rules")
    seen: set[str] = set()
    built = []
    for item in rules:
        activity = item.get("activity", "")
        if activity not in Activity.values:
            raise ServiceError(
                _("Unknown activity: %(activity)s") % {"activity": activity}, field="rules"
            )
        if activity in seen:
            raise ServiceError(
                _("Each activity may appear once: %(activity)s") % {"activity": activity},
                field="rules",
            )
        seen.add(activity)
        points = int(item.get("points") or 0)
        if points < 1:
            raise ServiceError(_("Points must be a positive whole number."), field="rules")
        cap_points = item.get("cap_points")
        cap_period = item.get("cap_period", "") if cap_points else ""
        if cap_points and cap_period not in CapPeriod.values:
            raise ServiceError(_("A cap needs a period (month or year)."), field="rules")
        built.append(
            AwardRule(
                activity=activity,
                points=points,
                cap_points=int(cap_points) if cap_points else None,
                cap_period=cap_period,
                residents_only=bool(item.get("residents_only", True)),
                verified_only=bool(item.get("verified_only", False)),
            )
        )
    start = dt.datetime.combine(effective_from, dt.time.min, tzinfo=KST)
    with transaction.atomic(durable=True):
        # Serialise publications per municipality on its row.
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        latest = AwardTable.objects.filter(municipality=municipality).order_by("-version").first()
        if latest is not None and effective_from <= latest.effective_from:
            raise ServiceError(
                _("A new version must come into force after %(date)s.")
                % {"date": latest.effective_from.isoformat()},
                field="effective_from",
            )
        if PointsTransaction.objects.filter(
            municipality=municipality, kind=TransactionKind.EARN, occurred_at__gte=start
        ).exists():
            raise ServiceError(
                _("Points were already awarded for activities on or after %(date)s.")
                % {"date": effective_from.isoformat()},
                field="effective_from",
            )
        table = AwardTable.objects.create(
            municipality=municipality,
            version=(latest.version + 1) if latest else 1,
            effective_from=effective_from,
            note=note,
            created_by=actor,
        )
        for rule in built:
            rule.table = table
        AwardRule.objects.bulk_create(built)
        audit_record(
            kind="points.award_table_published",
            actor=actor,
            subject=table,
            municipality=municipality,
            data={
                "version": table.version,
                "effective_from": effective_from,
                "rules": {r.activity: r.points for r in built},
            },
        )
    return table


def points_policy_set(
    *,
    actor: Any,
    municipality: Municipality,
    points_valid_months: int | None,
    voucher_valid_months: int,
) -> PointsPolicy:
    """Set the expiry rules: how long earned points and issued vouchers stay valid."""
    if actor is not None:
        require_permission(actor, PointsPermission.MANAGE_AWARD_TABLE, municipality)
    if points_valid_months is not None and points_valid_months < 1:
        raise ServiceError(_("Enter at least one month."), field="points_valid_months")
    if voucher_valid_months < 1:
        raise ServiceError(_("Enter at least one month."), field="voucher_valid_months")
    with transaction.atomic(durable=True):
        policy, _created = PointsPolicy.objects.select_for_update().get_or_create(
            municipality=municipality,
            defaults={
                "points_valid_months": points_valid_months,
                "voucher_valid_months": voucher_valid_months,
            },
        )
        if (policy.points_valid_months, policy.voucher_valid_months) != (
            points_valid_months,
            voucher_valid_months,
        ) or _created:
            policy.points_valid_months = points_valid_months
            policy.voucher_valid_months = voucher_valid_months
            policy.save()
            audit_record(
                kind="points.policy_set",
                actor=actor,
                subject=policy,
                municipality=municipality,
                data={
                    "points_valid_months": points_valid_months,
                    "voucher_valid_months": voucher_valid_months,
                },
            )
    return policy
