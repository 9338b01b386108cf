"""State changes of participation points: one entry point per change, each one transaction.

Locking rule (docs/subsystems/points-ledger.md): every service that moves points first locks
the resident's account row (``SELECT ... FOR UPDATE``), then reads what it needs (balance,
points earned in the cap period, duplicates), then writes the transaction, its entries and the
balances, and records the audit entry last. The system accounts (pool, redemption, expiry) are
always written after the resident account, so locks are taken in one order and cannot
deadlock. Voucher requests are locked (``voucher_request_for_official``) before the resident
account for the same reason.

Other apps award points through exactly one function, ``points_award_for_event``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import mimetypes
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import has_permission, require_permission
from maeul.auditlog.services import audit_record
from maeul.core.errors import Conflict, NotAllowed, ServiceError, violates
from maeul.places.models import Municipality
from maeul.points.models import (
    VOUCHER_TRANSITIONS,
    VOUCHER_UNIT,
    AccountKind,
    Activity,
    AwardRule,
    AwardTable,
    CapPeriod,
    LedgerEntry,
    PointsAccount,
    PointsPolicy,
    PointsTransaction,
    TransactionKind,
    Voucher,
    VoucherRequest,
    VoucherRequestKey,
)

KST = ZoneInfo("Asia/Seoul")
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_TYPES = {
    # extension -> leading bytes of a genuine file of that type
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
MAX_VOUCHERS_PER_REQUEST = 50


class CapReached(Conflict):
    code = "cap_reached"


class InsufficientPoints(ServiceError):
    code = "insufficient_points"
    status = 422


class IdempotencyKeyReused(ServiceError):
    """The same ``Idempotency-Key`` came with another request body."""

    code = "idempotency_key_reused"
    status = 422


@dataclass(frozen=True)
class AwardResult:
    """What ``points_award_for_event`` did.

    ``created`` is True when this call wrote the award; ``transaction`` is the award (new, or
    the one an earlier delivery of the same event wrote); ``reason`` says why nothing was
    awarded: "duplicate", "no_award_table", "activity_not_awarded", "not_a_resident",
    "not_eligible", "not_verified" or "cap_reached".
    """

    transaction: PointsTransaction | None
    created: bool
    reason: str = ""

    @property
    def points(self) -> int:
        return self.transaction.amount if self.transaction is not None and self.created else 0


# ---- ledger internals ----------------------------------------------------------------------


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
    """Write the entries of ``txn`` and move the cached balances (double entry: sum is 0)."""
    if sum(amount for _account, amount in legs) != 0:
        raise ValueError("ledger legs must balance")
    LedgerEntry.objects.bulk_create(
        [LedgerEntry(transaction=txn, account=account, amount=amount) for account, amount in legs]
    )
    for account, amount in legs:
        PointsAccount.objects.filter(pk=account.pk).update(balance=F("balance") + amount)
        account.balance += amount


def _dong_of(resident: Any) -> Municipality | None:
    profile = resident.resident_or_none
    return profile.dong if profile is not None else None


def _period_months(rule: AwardRule, month: str) -> dict[str, Any]:
    if rule.cap_period == CapPeriod.YEAR:
        return {"month__startswith": month[:4]}
    return {"month": month}


# ---- award tables ----------------------------------------------------------------------------


def award_table_in_force(municipality: Municipality, on: dt.date) -> AwardTable | None:
    """The version of ``municipality``'s award table in force on ``on`` (a local date)."""
    return (
        AwardTable.objects.filter(municipality=municipality, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


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
        require_permission(actor, "points.manage_award_table", municipality)
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
        require_permission(actor, "points.manage_award_table", municipality)
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


# ---- awards ----------------------------------------------------------------------------------


def _award(
    *,
    resident: Any,
    municipality: Municipality,
    activity: str,
    source_key: str,
    occurred_at: dt.datetime,
    actor: Any,
    note: str = "",
    evidence: UploadedFile[bytes] | None = None,
) -> AwardResult:
    if activity not in Activity.values:
        raise ServiceError(
            _("Unknown activity: %(activity)s") % {"activity": activity}, field="activity"
        )
    if not source_key or len(source_key) > 120:
        raise ServiceError(_("A source key of 1 to 120 characters is required."), field="source")
    occurred_at = _aware(occurred_at, "occurred_at")
    existing = PointsTransaction.objects.filter(
        municipality=municipality, source_key=source_key
    ).first()
    if existing is not None:
        return AwardResult(existing, False, "duplicate")
    table = award_table_in_force(municipality, occurred_at.astimezone(KST).date())
    if table is None:
        return AwardResult(None, False, "no_award_table")
    rule = table.rules.filter(activity=activity).first()
    if rule is None:
        return AwardResult(None, False, "activity_not_awarded")
    profile = resident.resident_or_none
    if profile is None:
        return AwardResult(None, False, "not_a_resident")
    if rule.residents_only and not profile.district.is_within(municipality):
        return AwardResult(None, False, "not_eligible")
    if rule.verified_only and not profile.is_verified:
        return AwardResult(None, False, "not_verified")
    month = local_month(occurred_at)
    try:
        with transaction.atomic(durable=True):
            account = _locked_or_opened_account(municipality, resident)
            points = rule.points
            if rule.cap_points is not None:
                earned = (
                    PointsTransaction.objects.filter(
                        municipality=municipality,
                        resident=resident,
                        kind=TransactionKind.EARN,
                        activity=activity,
                        **_period_months(rule, month),
                    ).aggregate(total=Sum("amount"))["total"]
                    or 0
                )
                points = min(points, rule.cap_points - earned)
                if points <= 0:
                    return AwardResult(None, False, "cap_reached")
            txn = PointsTransaction(
                municipality=municipality,
                kind=TransactionKind.EARN,
                resident=resident,
                amount=points,
                activity=activity,
                rule=rule,
                table_version=table.version,
                occurred_at=occurred_at,
                month=month,
                dong=profile.dong,
                source_key=source_key,
                note=note,
                recorded_by=actor,
            )
            if evidence is not None:
                txn.evidence = evidence
            txn.save()
            _post(
                txn, [(account, points), (_system_account(municipality, AccountKind.POOL), -points)]
            )
            audit_record(
                kind="points.awarded",
                actor=actor,
                subject=txn,
                municipality=municipality,
                data={
                    "resident": resident.pk,
                    "activity": activity,
                    "points": points,
                    "table_version": table.version,
                    "source": source_key,
                },
            )
    except IntegrityError as error:
        if violates(error, "points_award_once_per_source", "municipality_id", "source_key"):
            existing = PointsTransaction.objects.get(
                municipality=municipality, source_key=source_key
            )
            return AwardResult(existing, False, "duplicate")
        raise
    return AwardResult(txn, True)


def points_award_for_event(
    *,
    resident: Any,
    municipality: Municipality,
    activity: str,
    source_key: str,
    occurred_at: dt.datetime,
    actor: Any = None,
) -> AwardResult:
    """Award points for one participation event; THE entry point for other apps.

    Call it once the event is committed (e.g. from ``transaction.on_commit`` after a ballot
    is cast, attendance recorded or a proposal adopted) — it opens its own durable
    transaction, so it cannot run inside yours. It is idempotent: ``source_key`` names the
    event ("voting.ballot:<poll>:<resident>", "pb.proposal_adopted:<id>"...), and a
    municipality awards one source key at most once, enforced by the unique constraint
    ``points_award_once_per_source``; a second delivery, even concurrent, returns the first
    award with ``created=False, reason="duplicate"``. Retrying after an error is always safe.

    The award uses the award table in force on ``occurred_at``'s date (Korean time) and
    records that rule and version. Events that earn nothing are not errors: the result says
    why (no table, activity not in the table, not eligible, cap reached). ``actor`` is None
    for system events, or the official who recorded them.
    """
    return _award(
        resident=resident,
        municipality=municipality,
        activity=activity,
        source_key=source_key,
        occurred_at=occurred_at,
        actor=actor,
    )


def _check_evidence(evidence: UploadedFile[bytes] | None) -> None:
    if evidence is None:
        return
    name = (evidence.name or "").lower()
    extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in EVIDENCE_TYPES:
        raise ServiceError(_("Evidence must be a PDF, PNG or JPEG file."), field="evidence")
    if evidence.size is None or evidence.size > EVIDENCE_MAX_BYTES:
        raise ServiceError(_("Evidence files may be at most 5 MB."), field="evidence")
    evidence.seek(0)
    head = evidence.read(16)
    evidence.seek(0)
    if not head.startswith(EVIDENCE_TYPES[extension]):
        raise ServiceError(
            _("The file's content does not match its type %(type)s.")
            % {"type": mimetypes.types_map.get(extension, extension)},
            field="evidence",
        )


def points_award_manual(
    *,
    actor: Any,
    resident: Any,
    municipality: Municipality,
    activity: str,
    occurred_at: dt.datetime,
    note: str,
    idempotency_key: str,
    evidence: UploadedFile[bytes] | None = None,
) -> AwardResult:
    """An official awards points for an activity recorded off-line, with evidence.

    ``note`` (what happened, e.g. the meeting and date) is required; ``evidence`` is an
    optional PDF/PNG/JPEG of at most 5 MB whose content must match its extension.
    ``idempotency_key`` comes from the form, so a double submission awards once. Unlike
    events, an award that cannot be made is refused with the reason.
    """
    require_permission(actor, "points.award_manual", municipality)
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("Describe the activity as evidence."), field="note")
    _check_evidence(evidence)
    if occurred_at > timezone.now():
        raise ServiceError(_("The activity cannot be in the future."), field="occurred_at")
    result = _award(
        resident=resident,
        municipality=municipality,
        activity=activity,
        source_key=f"manual:{idempotency_key}",
        occurred_at=occurred_at,
        actor=actor,
        note=note,
        evidence=evidence,
    )
    messages = {
        "no_award_table": _("No award table was in force on that date."),
        "activity_not_awarded": _("This activity earns no points in the award table."),
        "not_a_resident": _("Points are awarded to residents only."),
        "not_eligible": _("This resident does not live in the municipality."),
        "not_verified": _("This activity earns points for verified residents only."),
        "cap_reached": _("The resident has reached this activity's cap for the period."),
    }
    if result.reason in messages:
        error_class = CapReached if result.reason == "cap_reached" else ServiceError
        raise error_class(messages[result.reason], field="activity")
    return result


def points_correct(
    *, actor: Any, resident: Any, municipality: Municipality, points: int, reason: str
) -> PointsTransaction:
    """Correct a resident's balance by ``points`` (positive adds, negative removes).

    The acting administrator is recorded as the approving official; the reason is required
    (also by the database check ``points_correction_reason_and_approver``).
    """
    require_permission(actor, "points.correct", municipality)
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


def _months_before(day: dt.date, months: int) -> dt.date:
    """``day`` moved back ``months`` calendar months (forward when negative), clamped to the
    month's last day (31 March minus one month is 28 or 29 February)."""
    year, month = divmod(day.year * 12 + (day.month - 1) - months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def points_expire(*, actor: Any, municipality: Municipality, as_of: dt.date) -> dict[int, int]:
    """Expire points earned more than the policy's validity before ``as_of`` and not used.

    First in, first out: what a resident has spent (vouchers, expiry, negative corrections,
    net of refunds) is taken from their oldest points. Running it again for the same date
    expires nothing more. Returns {resident id: points expired}.
    """
    if actor is not None:
        require_permission(actor, "points.expire", municipality)
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
            if amount <= 0:
                continue
            txn = PointsTransaction.objects.create(
                municipality=municipality,
                kind=TransactionKind.EXPIRE,
                resident_id=account.resident_id,
                amount=amount,
                occurred_at=now,
                month=local_month(now),
                note=_("Points earned before %(date)s expired.") % {"date": cutoff_day.isoformat()},
                recorded_by=actor,
            )
            _post(txn, [(account, -amount), (expiry, amount)])
            expired[account.resident_id] = amount
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
    return expired


# ---- vouchers --------------------------------------------------------------------------------


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
    require_permission(resident, "points.request_voucher", municipality)
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


def voucher_request_for_official(
    user: Any, request_id: int, *, lock: bool = False
) -> VoucherRequest:
    """Fetch a voucher request an official may handle; lock it for update when asked.

    A request outside the official's scope answers "not found", not "forbidden", so ids of
    other municipalities reveal nothing.
    """
    queryset = VoucherRequest.objects.select_related("municipality", "resident")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    request = queryset.filter(pk=request_id).first()
    if request is None or not has_permission(user, "points.handle_vouchers", request.municipality):
        raise NotAllowed(_("No such voucher request in your municipality."))
    return request


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
        request = voucher_request_for_official(actor, request_id, lock=True)
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
        request = voucher_request_for_official(actor, request_id, lock=True)
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


def voucher_number(request: VoucherRequest, sequence: int) -> str:
    """ "29155-2026-0000123-01": municipality, year of issue, request, voucher in request."""
    code = (request.municipality.admin_code or f"M{request.municipality_id}")[:5]
    year = timezone.localtime(request.issued_at).year if request.issued_at else ""
    return f"{code}-{year}-{request.pk:07d}-{sequence:02d}"


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
            request = voucher_request_for_official(actor, request_id, lock=True)
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
    except IntegrityError as error:
        if violates(error, "points_voucher_once_per_slot", "request_id", "sequence") or violates(
            error, "points_voucher_number_unique", "number"
        ):
            raise Conflict(_("These vouchers were already issued.")) from None
        raise
    return request
