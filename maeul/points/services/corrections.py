"""Corrections and expiry: the two ways points leave a balance other than vouchers. Both are
new ledger entries (nothing is erased), under the resident account's row lock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import ServiceError
from maeul.places.models import Municipality
from maeul.points import notices
from maeul.points.models import (
    AccountKind,
    LedgerEntry,
    PointsAccount,
    PointsPolicy,
    PointsTransaction,
    TransactionKind,
)
from maeul.points.rules import PointsPermission
from maeul.points.services._ledger import (
    KST,
    InsufficientPoints,
    _dong_of,
    _locked_account,
    _locked_or_opened_account,
    _months_before,
    _post,
    _system_account,
    local_month,
)


def points_correct(
    *, actor: Any, resident: Any, municipality: Municipality, points: int, reason: str
) -> PointsTransaction:
    """Correct a resident's balance by ``points`` (positive adds, negative removes).

    The acting administrator is recorded as the approving official; the reason is required
    (also by the database check ``points_correction_reason_and_approver``).
    """
    require_permission(actor, PointsPermission.CORRECT, municipality)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("A correction needs a reason."), field="reason")
    if not points:
        raise ServiceError(_("Enter a number of points other than zero."), field="points")
    with transaction.atomic(durable=True):
        account = (
            _locked_or_opened_account(municipality, resident)
            if points > 0
            else _locked_account(municipality, resident)
        )
        balance = account.balance if account is not None else 0
        if account is None or balance + points < 0:
            raise InsufficientPoints(
                _("The balance is %(balance)s points; it cannot go below zero.")
                % {"balance": f"{balance:,}"},
                field="points",
            )
        now = timezone.now()
        txn = PointsTransaction.objects.create(
            municipality=municipality,
            kind=TransactionKind.CORRECTION,
            resident=resident,
            amount=abs(points),
            occurred_at=now,
            month=local_month(now),
            dong=_dong_of(resident),
            note=reason,
            recorded_by=actor,
            approved_by=actor,
        )
        _post(txn, [(account, points), (_system_account(municipality, AccountKind.POOL), -points)])
        audit_record(
            kind="points.corrected",
            actor=actor,
            subject=txn,
            municipality=municipality,
            data={"resident": resident.pk, "points": points, "reason": reason},
        )
    return txn


def points_expire(*, actor: Any, municipality: Municipality, as_of: dt.date) -> dict[int, int]:
    """Expire points earned more than the policy's validity before ``as_of`` and not used.

    First in, first out: what a resident has spent (vouchers, expiry, negative corrections,
    net of refunds) is taken from their oldest points. Running it again for the same date
    expires nothing more. Returns {resident id: points expired}.
    """
    if actor is not None:
        require_permission(actor, PointsPermission.EXPIRE, municipality)
    policy = PointsPolicy.objects.filter(municipality=municipality).first()
    if policy is None or policy.points_valid_months is None:
        raise ServiceError(_("Points do not expire in this municipality."))
    cutoff_day = _months_before(as_of, policy.points_valid_months)
    cutoff = dt.datetime.combine(cutoff_day, dt.time.min, tzinfo=KST)
    expired: dict[int, int] = {}
    with transaction.atomic(durable=True):
        accounts = list(
            PointsAccount.objects.select_for_update()
            .filter(municipality=municipality, kind=AccountKind.RESIDENT, balance__gt=0)
            .order_by("pk")
        )
        expiry = _system_account(municipality, AccountKind.EXPIRY)
        now = timezone.now()
        for account in accounts:
            entries = LedgerEntry.objects.filter(account=account)
            old_credits = (
                entries.filter(
                    amount__gt=0,
                    transaction__kind__in=[TransactionKind.EARN, TransactionKind.CORRECTION],
                    transaction__occurred_at__lt=cutoff,
                ).aggregate(total=Sum("amount"))["total"]
                or 0
            )
            debits = entries.filter(amount__lt=0).aggregate(total=Sum("amount"))["total"] or 0
            refunds = (
                entries.filter(transaction__kind=TransactionKind.REFUND).aggregate(
                    total=Sum("amount")
                )["total"]
                or 0
            )
            spent = -debits - refunds
            amount = min(account.balance, max(0, old_credits - spent))
            resident_id = account.resident_id
            if amount <= 0 or resident_id is None:  # resident accounts always have a resident
                continue
            txn = PointsTransaction.objects.create(
                municipality=municipality,
                kind=TransactionKind.EXPIRE,
                resident_id=resident_id,
                amount=amount,
                occurred_at=now,
                month=local_month(now),
                note=_("Points earned before %(date)s expired.") % {"date": cutoff_day.isoformat()},
                recorded_by=actor,
            )
            _post(txn, [(account, -amount), (expiry, amount)])
            expired[resident_id] = amount
        if expired:
            audit_record(
                kind="points.expired",
                actor=actor,
                subject=f"points:{municipality.code}",
                municipality=municipality,
                data={
                    "as_of": as_of,
                    "cutoff": cutoff_day,
                    "residents": len(expired),
                    "points": sum(expired.values()),
                },
            )
            notices.points_expired(municipality, expired, cutoff_day, as_of)
    return expired


def points_expire_due(*, as_of: dt.date) -> dict[str, int]:
    """The nightly expiry run (beat): :func:`points_expire` as the system for every
    municipality whose policy lets points expire, one transaction each, so one municipality's
    failure leaves the others' run done. Safe to repeat on the same day. Answers
    {municipality code: points expired}."""
    done: dict[str, int] = {}
    policies = PointsPolicy.objects.filter(points_valid_months__isnull=False).select_related(
        "municipality"
    )
    for policy in policies.order_by("municipality_id"):
        expired = points_expire(actor=None, municipality=policy.municipality, as_of=as_of)
        done[policy.municipality.code] = sum(expired.values())
    return done
