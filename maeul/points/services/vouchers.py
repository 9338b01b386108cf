"""Vouchers: a resident exchanges points for 10,000-won vouchers, an official approves or
rejects the request and issues the vouchers. The points are redeemed at once under the
account's row lock; an official's action locks the request row first (``get_authorised`` with
``lock=True``, one read that checks scope and locks) and the resident account after it, so
locks are always taken in one order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import get_authorised, require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, NotAllowed, ServiceError, violates
from maeul.places.models import Municipality
from maeul.points import notices
from maeul.points.models import (
    VOUCHER_TRANSITIONS,
    VOUCHER_UNIT,
    AccountKind,
    PointsPolicy,
    PointsTransaction,
    TransactionKind,
    Voucher,
    VoucherRequest,
    VoucherRequestKey,
)
from maeul.points.rules import PointsPermission
from maeul.points.selectors import voucher_number
from maeul.points.services._ledger import (
    IdempotencyKeyReused,
    InsufficientPoints,
    _dong_of,
    _locked_account,
    _locked_or_opened_account,
    _months_before,
    _post,
    _system_account,
    local_month,
)

MAX_VOUCHERS_PER_REQUEST = 50


@dataclass(frozen=True)
class VoucherSubmission:
    """What ``voucher_request_submit`` did: ``replayed`` when an earlier request with the same
    ``Idempotency-Key`` is returned instead of a new one."""

    request: VoucherRequest
    replayed: bool = False


def voucher_request_create(
    *, resident: Any, municipality: Municipality, units: int
) -> VoucherRequest:
    """A resident exchanges points for ``units`` 10,000-won vouchers (no idempotency key)."""
    return voucher_request_submit(resident=resident, municipality=municipality, units=units).request


def _key_token(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def voucher_request_submit(
    *,
    resident: Any,
    municipality: Municipality,
    units: int,
    idempotency_key: str | None = None,
) -> VoucherSubmission:
    """A resident exchanges points for ``units`` 10,000-won vouchers.

    The points are redeemed at once under the account's row lock, so concurrent requests can
    never spend the same points twice; an official then approves and issues the vouchers.

    With ``idempotency_key`` a retried request returns the first request (``replayed``) —
    however many copies arrive at once: the key's unique constraint
    ``points_voucher_idempotency_key`` decides, never a look-up before the insert. The same key
    with another municipality or number of vouchers raises ``IdempotencyKeyReused``.
    """
    require_permission(resident, PointsPermission.REQUEST_VOUCHER, municipality)
    if not isinstance(units, int) or units < 1:
        raise ServiceError(
            _("Request at least one voucher (%(unit)s points).") % {"unit": f"{VOUCHER_UNIT:,}"},
            field="units",
        )
    if units > MAX_VOUCHERS_PER_REQUEST:
        raise ServiceError(
            _("Request at most %(n)s vouchers at a time.") % {"n": MAX_VOUCHERS_PER_REQUEST},
            field="units",
        )
    if idempotency_key is not None and not (1 <= len(idempotency_key) <= 200):
        raise ServiceError(
            _("The Idempotency-Key must have 1 to 200 characters."), field="idempotency_key"
        )
    token = _key_token(idempotency_key) if idempotency_key is not None else None
    fingerprint = hashlib.sha256(f"{municipality.pk}:{units}".encode()).hexdigest()
    try:
        return VoucherSubmission(
            _voucher_request_redeem(
                resident=resident,
                municipality=municipality,
                units=units,
                token=token,
                fingerprint=fingerprint,
            )
        )
    except IntegrityError as error:
        if token is None or not violates(
            error, "points_voucher_idempotency_key", "resident_id", "token"
        ):
            raise
    # The key was taken by a request that has committed since: answer with that request.
    key = VoucherRequestKey.objects.select_related("request").get(resident=resident, token=token)
    if key.fingerprint != fingerprint or key.request is None:
        raise IdempotencyKeyReused(
            _(
                "This Idempotency-Key was already used for a different voucher request. Send "
                "a new key with a new request."
            ),
            field="idempotency_key",
        )
    return VoucherSubmission(key.request, replayed=True)


def _voucher_request_redeem(
    *,
    resident: Any,
    municipality: Municipality,
    units: int,
    token: str | None,
    fingerprint: str,
) -> VoucherRequest:
    amount = units * VOUCHER_UNIT
    with transaction.atomic(durable=True):
        now = timezone.now()
        key = None
        if token is not None:
            # First, before any row lock: a concurrent retry with the same key waits here on
            # the unique index, then fails on it (lock order: key, account, system accounts).
            key = VoucherRequestKey.objects.create(
                resident=resident, token=token, fingerprint=fingerprint, created_at=now
            )
        account = _locked_account(municipality, resident)
        balance = account.balance if account is not None else 0
        if account is None or balance < VOUCHER_UNIT:
            raise InsufficientPoints(
                _(
                    "Vouchers can be requested from %(unit)s points; your balance is "
                    "%(balance)s points."
                )
                % {"unit": f"{VOUCHER_UNIT:,}", "balance": f"{balance:,}"},
                field="units",
            )
        if balance < amount:
            raise InsufficientPoints(
                _("%(units)s vouchers need %(amount)s points; your balance is %(balance)s points.")
                % {"units": units, "amount": f"{amount:,}", "balance": f"{balance:,}"},
                field="units",
            )
        txn = PointsTransaction.objects.create(
            municipality=municipality,
            kind=TransactionKind.REDEEM,
            resident=resident,
            amount=amount,
            occurred_at=now,
            month=local_month(now),
            dong=_dong_of(resident),
            recorded_by=resident,
        )
        _post(
            txn,
            [(account, -amount), (_system_account(municipality, AccountKind.REDEMPTION), amount)],
        )
        request = VoucherRequest.objects.create(
            municipality=municipality,
            resident=resident,
            units=units,
            amount=amount,
            requested_at=now,
            redeem_transaction=txn,
        )
        audit_record(
            kind="points.voucher_requested",
            actor=resident,
            subject=request,
            municipality=municipality,
            data={"units": units, "points": amount},
        )
        if key is not None:
            key.request = request
            key.save(update_fields=["request"])
    return request


def _locked_for_official(actor: Any, request_id: int) -> VoucherRequest:
    """The request ``request_id``, locked, if ``actor`` may handle vouchers of its municipality;
    404 otherwise (another municipality's ids reveal nothing). Call inside the transaction."""
    return get_authorised(
        VoucherRequest.objects.select_related("municipality", "resident"),
        actor,
        request_id,
        PointsPermission.HANDLE_VOUCHERS,
        lock=True,
    )


def _transition(request: VoucherRequest, action: str) -> str:
    target = VOUCHER_TRANSITIONS.get((request.status, action))
    if target is None:
        raise Conflict(
            _("This request is %(status)s; it cannot be %(action)s.")
            % {"status": request.get_status_display(), "action": _action_label(action)}
        )
    return target


def _action_label(action: str) -> str:
    return {
        "approve": _("approved"),
        "reject": _("rejected"),
        "cancel": _("cancelled"),
        "issue": _("issued"),
    }[action]


def _refund(request: VoucherRequest, actor: Any, reason: str) -> PointsTransaction:
    account = _locked_or_opened_account(request.municipality, request.resident)
    now = timezone.now()
    txn = PointsTransaction.objects.create(
        municipality=request.municipality,
        kind=TransactionKind.REFUND,
        resident=request.resident,
        amount=request.amount,
        occurred_at=now,
        month=local_month(now),
        dong=_dong_of(request.resident),
        note=reason,
        recorded_by=actor,
    )
    redemption = _system_account(request.municipality, AccountKind.REDEMPTION)
    _post(txn, [(account, request.amount), (redemption, -request.amount)])
    return txn


def voucher_request_approve(*, actor: Any, request_id: int) -> VoucherRequest:
    with transaction.atomic(durable=True):
        request = _locked_for_official(actor, request_id)
        request.status = _transition(request, "approve")
        request.approved_by = actor
        request.approved_at = timezone.now()
        request.save(update_fields=["status", "approved_by", "approved_at"])
        audit_record(
            kind="points.voucher_approved",
            actor=actor,
            subject=request,
            municipality=request.municipality,
            data={"units": request.units},
        )
    return request


def voucher_request_reject(*, actor: Any, request_id: int, reason: str) -> VoucherRequest:
    """Refuse a request and return its points to the resident; the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the resident a reason."), field="reason")
    with transaction.atomic(durable=True):
        request = _locked_for_official(actor, request_id)
        request.status = _transition(request, "reject")
        request.refund_transaction = _refund(request, actor, reason)
        request.decision_reason = reason
        request.save(update_fields=["status", "refund_transaction", "decision_reason"])
        audit_record(
            kind="points.voucher_rejected",
            actor=actor,
            subject=request,
            municipality=request.municipality,
            data={"units": request.units, "reason": reason},
        )
    return request


def voucher_request_cancel(*, resident: Any, request_id: int) -> VoucherRequest:
    """The resident withdraws a request not yet approved; the points come back."""
    with transaction.atomic(durable=True):
        request = (
            VoucherRequest.objects.select_for_update()
            .select_related("municipality", "resident")
            .filter(pk=request_id, resident=resident)
            .first()
        )
        if request is None:
            raise NotAllowed(_("No such voucher request of yours."))
        request.status = _transition(request, "cancel")
        request.refund_transaction = _refund(request, resident, _("Cancelled by the resident."))
        request.save(update_fields=["status", "refund_transaction"])
        audit_record(
            kind="points.voucher_cancelled",
            actor=resident,
            subject=request,
            municipality=request.municipality,
            data={"units": request.units},
        )
    return request


def voucher_request_issue(
    *, actor: Any, request_id: int, handed_to: str, note: str = ""
) -> VoucherRequest:
    """Issue an approved request's vouchers and record the hand-over, exactly once.

    Three guards: the request row is locked, the state machine allows "issue" only from
    "approved", and ``(request, sequence)`` is unique on the vouchers — so concurrent presses
    of "issue" yield one set of vouchers and a clear "already issued" for the others.
    """
    handed_to = (handed_to or "").strip()
    if not handed_to:
        raise ServiceError(_("Record to whom the vouchers were handed."), field="handed_to")
    try:
        with transaction.atomic(durable=True):
            request = _locked_for_official(actor, request_id)
            request.status = _transition(request, "issue")
            policy = PointsPolicy.objects.filter(municipality=request.municipality).first()
            months = policy.voucher_valid_months if policy else 12
            now = timezone.now()
            request.issued_by = actor
            request.issued_at = now
            request.handed_to = handed_to
            request.handover_note = (note or "").strip()
            valid_until = _months_before(timezone.localdate(now), -months)
            Voucher.objects.bulk_create(
                [
                    Voucher(
                        request=request,
                        sequence=i,
                        number=voucher_number(request, i),
                        face_value=VOUCHER_UNIT,
                        valid_until=valid_until,
                        issued_at=now,
                    )
                    for i in range(1, request.units + 1)
                ]
            )
            request.save(
                update_fields=["status", "issued_by", "issued_at", "handed_to", "handover_note"]
            )
            audit_record(
                kind="points.voucher_issued",
                actor=actor,
                subject=request,
                municipality=request.municipality,
                data={
                    "units": request.units,
                    "first": voucher_number(request, 1),
                    "handed_to": handed_to,
                },
            )
            notices.voucher_issued(request, valid_until)
    except IntegrityError as error:
        if violates(error, "points_voucher_once_per_slot", "request_id", "sequence") or violates(
            error, "points_voucher_number_unique", "number"
        ):
            raise Conflict(_("These vouchers were already issued.")) from None
        raise
    return request
