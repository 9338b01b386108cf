"""The ledger's internals every points service shares, and the errors they raise.

Locking rule (docs/subsystems/points-ledger.md): every service that moves points first locks
the resident's account row (``SELECT ... FOR UPDATE``), then reads what it needs (balance,
points earned in the cap period, duplicates), then writes the transaction, its entries and the
balances, and records the audit entry last. The system accounts (pool, redemption, expiry) are
always written after the resident account, so locks are taken in one order and cannot
deadlock.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.core.errors import Conflict, ServiceError, violates
from maeul.places.models import Municipality
from maeul.points.models import (
    AccountKind,
    AwardRule,
    CapPeriod,
    LedgerEntry,
    PointsAccount,
    PointsTransaction,
    TransactionKind,
)

KST = ZoneInfo("Asia/Seoul")


class CapReached(Conflict):
    code = "cap_reached"


class InsufficientPoints(ServiceError):
    code = "insufficient_points"
    status = 422


class IdempotencyKeyReused(ServiceError):
    """The same ``Idempotency-Key`` came with another request body."""

    code = "idempotency_key_reused"
    status = 422


def local_month(moment: dt.datetime) -> str:
    """The "YYYY-MM" month of ``moment`` in Korean time (periods are counted locally)."""
    return moment.astimezone(KST).strftime("%Y-%m")


def _aware(moment: dt.datetime, field: str) -> dt.datetime:
    if timezone.is_naive(moment):
        raise ServiceError(_("The time must include a time zone."), field=field)
    return moment


def _system_account(municipality: Municipality, kind: str) -> PointsAccount:
    account = PointsAccount.objects.filter(municipality=municipality, kind=kind).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return PointsAccount.objects.create(municipality=municipality, kind=kind)
    except IntegrityError:
        return PointsAccount.objects.get(municipality=municipality, kind=kind)


def _locked_account(municipality: Municipality, resident: Any) -> PointsAccount | None:
    """The resident's account in ``municipality``, locked for the rest of the transaction."""
    return (
        PointsAccount.objects.select_for_update()
        .filter(municipality=municipality, resident=resident, kind=AccountKind.RESIDENT)
        .first()
    )


def _locked_or_opened_account(municipality: Municipality, resident: Any) -> PointsAccount:
    """Like ``_locked_account``, opening the account first if the resident has none."""
    account = _locked_account(municipality, resident)
    if account is not None:
        return account
    try:
        with transaction.atomic():
            PointsAccount.objects.create(
                municipality=municipality, resident=resident, kind=AccountKind.RESIDENT
            )
    except IntegrityError as error:
        # Opened concurrently by another award: lock that one.
        if not violates(error, "points_one_account_per_resident", "municipality_id", "resident_id"):
            raise
    return PointsAccount.objects.select_for_update().get(
        municipality=municipality, resident=resident, kind=AccountKind.RESIDENT
    )


def _post(txn: PointsTransaction, legs: list[tuple[PointsAccount, int]]) -> None:
    """Write the entries of ``txn`` and move the cached balances (double entry: sum is 0).

    An *earn* also moves the stored figures of the points card (``PointsAccount.earned`` and
    the pool's ``earners``, see :func:`_earned_changes`), in the same ``UPDATE`` of the same
    rows, so they are exact whenever the balances are and cost no lock or statement more.
    """
    if sum(amount for _account, amount in legs) != 0:
        raise ValueError("ledger legs must balance")
    LedgerEntry.objects.bulk_create(
        [LedgerEntry(transaction=txn, account=account, amount=amount) for account, amount in legs]
    )
    earned = _earned_changes(txn, legs)
    for account, amount in legs:
        changes = earned.get(account.pk, {})
        PointsAccount.objects.filter(pk=account.pk).update(balance=F("balance") + amount, **changes)
        account.balance += amount
        if changes:
            account.earned += txn.amount


def _earned_changes(
    txn: PointsTransaction, legs: list[tuple[PointsAccount, int]]
) -> dict[int, dict[str, Any]]:
    """The card's figures an earn moves, by account: the resident's and the pool's ``earned``
    grow by the award, and the pool's ``earners`` by one when this is the resident's first.

    Whether it is the first is decided by the database, not by the instance in memory: the
    resident's row is updated first (the legs follow the locking rule), so when the pool's
    row is updated a resident whose ``earned`` now equals this award had none before. A
    concurrent award to the same resident waits on that row until this transaction ends and
    then sees the sum of both, so the resident is counted once however the awards interleave.
    """
    if txn.kind != TransactionKind.EARN:
        return {}
    kinds = [account.kind for account, _amount in legs]
    if kinds != [AccountKind.RESIDENT, AccountKind.POOL]:
        raise ValueError("an earn moves points from the pool to a resident, resident leg first")
    resident, pool = legs[0][0], legs[1][0]
    first = Exists(PointsAccount.objects.filter(pk=resident.pk, earned=txn.amount))
    return {
        resident.pk: {"earned": F("earned") + txn.amount},
        pool.pk: {
            "earned": F("earned") + txn.amount,
            "earners": F("earners") + Case(When(first, then=Value(1)), default=Value(0)),
        },
    }


def _dong_of(resident: Any) -> Municipality | None:
    profile = resident.resident_or_none
    return profile.dong if profile is not None else None


def _period_months(rule: AwardRule, month: str) -> dict[str, Any]:
    if rule.cap_period == CapPeriod.YEAR:
        return {"month__startswith": month[:4]}
    return {"month": month}


def _months_before(day: dt.date, months: int) -> dt.date:
    """``day`` moved back ``months`` calendar months (forward when negative), clamped to the
    month's last day (31 March minus one month is 28 or 29 February)."""
    year, month = divmod(day.year * 12 + (day.month - 1) - months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
