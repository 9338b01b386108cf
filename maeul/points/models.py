"""Participation points (주민참여포인트제): award tables, a double-entry ledger, vouchers.

The ledger is the truth. Every movement of points is one ``PointsTransaction`` with two or
more ``LedgerEntry`` rows on ``PointsAccount``s whose amounts sum to zero (double entry):
an award moves points from the municipality's *pool* to a resident's account, a voucher
request moves them from the resident to the municipality's *redemption* account, expiry to the
*expiry* account. Transactions and entries are never updated or deleted (append-only); a
mistake is repaired by a correction, which carries a reason and the approving official.

A resident account's ``balance`` is a cached sum of its entries, written in the same
transaction as the entries under a row lock, and guarded by a database check
(``points_resident_balance_not_negative``), so no interleaving of requests can overdraw it.
See docs/subsystems/points-ledger.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField

VOUCHER_UNIT = 10_000
"""One traditional-market voucher (전통시장상품권) is worth 10,000 won = 10,000 points."""


class Activity(models.TextChoices):
    """What residents earn points for. Other apps name these when they award points."""

    MOBILE_VOTE = "mobile_vote", _("Mobile vote")
    DESK_BALLOT = "desk_ballot", _("Ballot cast at a desk")
    PAPER_BALLOT = "paper_ballot", _("Paper ballot")
    ASSEMBLY_BALLOT = "assembly_ballot", _("Vote at a resident assembly")
    SURVEY = "survey", _("Survey response")
    PB_PROPOSAL_SUBMITTED = "pb_proposal_submitted", _("Budget proposal submitted")
    PB_PROPOSAL_ADOPTED = "pb_proposal_adopted", _("Budget proposal adopted")
    COMMITTEE_ATTENDANCE = "committee_attendance", _("Committee meeting attended")
    COUNCIL_ATTENDANCE = "council_attendance", _("Council session attended")
    VOLUNTEERING = "volunteering", _("Volunteering")
    EDUCATION_COURSE = "education_course", _("Education course completed")
    JURY_SERVICE = "jury_service", _("Citizens' jury service")
    SNS_POST = "sns_post", _("SNS reporter post")
    COURSE_ATTENDANCE = "course_attendance", _("Course session attended")


class CapPeriod(models.TextChoices):
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")


class PointsPolicy(models.Model):
    """A municipality's expiry rules; absent means points never expire and vouchers are valid
    for a year."""

    municipality = models.OneToOneField(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="points_policy",
    )
    points_valid_months = models.PositiveSmallIntegerField(
        _("points valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Unused points expire this many months after they were earned; empty: never."),
    )
    voucher_valid_months = models.PositiveSmallIntegerField(
        _("vouchers valid for (months)"), default=12
    )

    class Meta:
        verbose_name = _("points policy")
        verbose_name_plural = _("points policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(points_valid_months__isnull=True) | Q(points_valid_months__gte=1),
                name="points_policy_points_validity_positive",
            ),
            models.CheckConstraint(
                condition=Q(voucher_valid_months__gte=1),
                name="points_policy_voucher_validity_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self.municipality)


class AwardTable(models.Model):
    """One version of a municipality's award table (포인트 부여 기준표).

    A version is created whole with its rules and never edited afterwards; a change is a new
    version with a later ``effective_from``. An award uses the version in force on the date of
    the activity and records the rule it used, so a new version never rewrites past awards.
    """

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="award_tables",
    )
    version = models.PositiveSmallIntegerField(_("version"))
    effective_from = models.DateField(_("in force from"))
    note = BoundedTextField(_("note"), blank=True, max_length=textlimits.REASON)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("award table")
        verbose_name_plural = _("award tables")
        ordering = ["municipality", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "version"], name="points_award_table_version_unique"
            ),
            models.UniqueConstraint(
                fields=["municipality", "effective_from"],
                name="points_award_table_date_unique",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="points_award_table_version"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} v{self.version} ({self.effective_from:%Y-%m-%d})"


class AwardRule(models.Model):
    """Points for one activity in one table version, with an optional cap and eligibility."""

    table = models.ForeignKey(
        AwardTable, verbose_name=_("award table"), on_delete=models.PROTECT, related_name="rules"
    )
    activity = models.CharField(_("activity"), max_length=40, choices=Activity.choices)
    points = models.PositiveIntegerField(_("points"))
    cap_points = models.PositiveIntegerField(
        _("cap (points)"),
        null=True,
        blank=True,
        help_text=_("At most this many points per resident for this activity in each period."),
    )
    cap_period = models.CharField(
        _("cap period"), max_length=10, choices=CapPeriod.choices, blank=True
    )
    residents_only = models.BooleanField(
        _("residents of the municipality only"),
        default=True,
        help_text=_("Only residents whose home district is this municipality earn points."),
    )
    verified_only = models.BooleanField(_("verified residents only"), default=False)

    class Meta:
        verbose_name = _("award rule")
        verbose_name_plural = _("award rules")
        ordering = ["table", "activity"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "activity"], name="points_award_rule_one_per_activity"
            ),
            models.CheckConstraint(condition=Q(points__gte=1), name="points_award_rule_positive"),
            models.CheckConstraint(
                condition=(Q(cap_points__isnull=True) & Q(cap_period=""))
                | (Q(cap_points__gte=1) & ~Q(cap_period="")),
                name="points_award_rule_cap_has_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()}: {self.points}"

    def get_municipality(self) -> object:
        return self.table.municipality


class AccountKind(models.TextChoices):
    POOL = "pool", _("Points pool")
    RESIDENT = "resident", _("Resident")
    REDEMPTION = "redemption", _("Redeemed for vouchers")
    EXPIRY = "expiry", _("Expired")


class PointsAccount(models.Model):
    """An account of the ledger. Each municipality running points has one pool, one
    redemption and one expiry account, and one account per resident who earned there.

    ``balance`` is the sum of the account's entries. The pool's balance is negative: it is
    the points the municipality has put into circulation.

    ``earned`` and ``earners`` keep the figures of the scheme's card on the municipality's
    home ("N residents have earned P points") so the page reads one row instead of counting
    every award (issue 23). ``earned`` is the points of the account's *earn* transactions: a
    resident's lifetime awards, and on the pool every resident's. ``earners`` (pool only) is
    the number of residents whose ``earned`` went above zero. Corrections, vouchers, refunds
    and expiry leave both alone: the card counts awards only. ``_post`` moves them with the
    balances, in the award's transaction, on rows the award writes anyway.
    """

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="points_accounts",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AccountKind.choices)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points_accounts",
    )
    balance = models.BigIntegerField(_("balance"), default=0)
    earned = models.PositiveBigIntegerField(_("points earned"), default=0)
    earners = models.PositiveIntegerField(_("residents who earned"), default=0)
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("points account")
        verbose_name_plural = _("points accounts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="resident") | Q(balance__gte=0),
                name="points_resident_balance_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(kind="resident") & Q(resident__isnull=False))
                | (~Q(kind="resident") & Q(resident__isnull=True)),
                name="points_account_resident_iff_kind",
            ),
            models.UniqueConstraint(
                fields=["municipality", "resident"],
                condition=Q(kind="resident"),
                name="points_one_account_per_resident",
            ),
            models.UniqueConstraint(
                fields=["municipality", "kind"],
                condition=~Q(kind="resident"),
                name="points_one_system_account_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="pool") | Q(earners=0), name="points_earners_on_pool_only"
            ),
        ]

    def __str__(self) -> str:
        if self.kind == AccountKind.RESIDENT:
            return f"{self.resident} @ {self.municipality}"
        return f"{self.get_kind_display()} @ {self.municipality}"


class TransactionKind(models.TextChoices):
    EARN = "earn", _("Earned")
    REDEEM = "redeem", _("Redeemed")
    REFUND = "refund", _("Returned")
    EXPIRE = "expire", _("Expired")
    CORRECTION = "correction", _("Correction")


class AppendOnly(models.Model):
    """Rows that may be inserted but never changed or deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("Ledger records cannot be changed; record a correction."))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Ledger records cannot be deleted; record a correction."))


class PointsTransaction(AppendOnly):
    """One movement of points; its entries balance to zero.

    ``amount`` is the number of points moved (always positive); which way they moved is in the
    entries. ``source_key`` makes automatic awards idempotent: one source event awards at most
    once per municipality (``points_award_once_per_source``).
    """

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="points_transactions",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TransactionKind.choices)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="points_transactions",
    )
    amount = models.PositiveIntegerField(_("points"))
    activity = models.CharField(_("activity"), max_length=40, choices=Activity.choices, blank=True)
    rule = models.ForeignKey(
        AwardRule,
        verbose_name=_("award rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    table_version = models.PositiveSmallIntegerField(
        _("award table version"), null=True, blank=True
    )
    occurred_at = models.DateTimeField(_("activity date"))
    month = models.CharField(_("month"), max_length=7, help_text=_("YYYY-MM in Korean time"))
    dong = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("neighbourhood (dong)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_key = models.CharField(_("source event"), max_length=120, null=True, blank=True)
    note = BoundedTextField(_("note"), blank=True, max_length=textlimits.REASON)
    evidence = models.FileField(_("evidence"), upload_to="points/evidence/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("points transaction")
        verbose_name_plural = _("points transactions")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "kind", "month"], name="points_txn_period_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source_key"], name="points_award_once_per_source"
            ),
            models.CheckConstraint(condition=Q(amount__gte=1), name="points_txn_amount_positive"),
            models.CheckConstraint(
                condition=~Q(kind="correction") | (~Q(note="") & Q(approved_by__isnull=False)),
                name="points_correction_reason_and_approver",
            ),
            models.CheckConstraint(
                condition=~Q(kind="earn") | ~Q(activity=""), name="points_earn_has_activity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.resident})"


class LedgerEntry(AppendOnly):
    """One side of a transaction on one account; a transaction's entries sum to zero."""

    transaction = models.ForeignKey(
        PointsTransaction,
        verbose_name=_("transaction"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    account = models.ForeignKey(
        PointsAccount, verbose_name=_("account"), on_delete=models.PROTECT, related_name="entries"
    )
    amount = models.BigIntegerField(_("points"))

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="points_entry_not_zero"),
            models.UniqueConstraint(
                fields=["transaction", "account"], name="points_entry_one_per_account"
            ),
        ]


class VoucherStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


VOUCHER_TRANSITIONS: dict[tuple[str, str], str] = {
    # (status, action) -> next status. Anything absent is refused with a clear message.
    (VoucherStatus.REQUESTED, "approve"): VoucherStatus.APPROVED,
    (VoucherStatus.REQUESTED, "reject"): VoucherStatus.REJECTED,
    (VoucherStatus.REQUESTED, "cancel"): VoucherStatus.CANCELLED,
    (VoucherStatus.APPROVED, "issue"): VoucherStatus.ISSUED,
    (VoucherStatus.APPROVED, "reject"): VoucherStatus.REJECTED,
}
"""The voucher request's state machine, as data (tests and docs read it)."""


class VoucherRequest(models.Model):
    """A resident's request to exchange points for market vouchers in 10,000-won units.

    The points leave the resident's account when the request is made (a redeem transaction),
    so they cannot be spent twice while an official decides; a rejection or cancellation
    returns them (a refund transaction).
    """

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="voucher_requests",
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="voucher_requests",
    )
    units = models.PositiveSmallIntegerField(_("vouchers"))
    amount = models.PositiveIntegerField(_("points"))
    status = models.CharField(
        _("status"), max_length=10, choices=VoucherStatus.choices, default=VoucherStatus.REQUESTED
    )
    requested_at = models.DateTimeField(_("requested at"))
    redeem_transaction = models.OneToOneField(
        PointsTransaction, on_delete=models.PROTECT, related_name="voucher_request"
    )
    refund_transaction = models.OneToOneField(
        PointsTransaction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunded_request",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    handed_to = models.CharField(_("handed over to"), max_length=80, blank=True)
    handover_note = BoundedTextField(_("hand-over note"), blank=True, max_length=textlimits.REASON)
    decision_reason = BoundedTextField(_("reason"), blank=True, max_length=textlimits.REASON)

    class Meta:
        verbose_name = _("voucher request")
        verbose_name_plural = _("voucher requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(units__gte=1), name="points_voucher_units_positive"),
            models.CheckConstraint(
                condition=Q(amount=F("units") * VOUCHER_UNIT), name="points_voucher_amount_units"
            ),
            models.CheckConstraint(
                condition=~Q(status="issued")
                | (
                    Q(issued_by__isnull=False)
                    & Q(issued_at__isnull=False)
                    & Q(approved_by__isnull=False)
                    & ~Q(handed_to="")
                ),
                name="points_voucher_issued_has_handover",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "cancelled"])
                | Q(refund_transaction__isnull=False),
                name="points_voucher_refund_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.resident} × {self.units}"


class VoucherRequestKey(models.Model):
    """The ``Idempotency-Key`` of a voucher request (docs/subsystems/concurrency.md, rule 5).

    A phone that retries a request it never saw answered must not redeem twice. The key row is
    inserted first in the request's transaction under ``points_voucher_idempotency_key``: a
    concurrent retry waits on that unique index until the first commits, fails on it, and is
    answered with the first request; a retry after a rollback finds no row and starts afresh.
    ``token`` is a SHA-256 of the client's key (any length up to 200 characters fits the
    column) and ``fingerprint`` of the request's body, so the same key with another body is
    refused rather than answered with a request the client did not ask for.
    """

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    token = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)
    # Set in the same transaction that inserts the row, so never seen empty by another.
    request = models.OneToOneField(
        VoucherRequest,
        null=True,
        on_delete=models.PROTECT,
        related_name="idempotency_key",
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("voucher request key")
        verbose_name_plural = _("voucher request keys")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "token"], name="points_voucher_idempotency_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id}:{self.token[:8]}"


class Voucher(models.Model):
    """One issued 10,000-won voucher. ``(request, sequence)`` is unique, so however many
    officials press "issue" at once, a request yields its vouchers once."""

    request = models.ForeignKey(
        VoucherRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="vouchers"
    )
    sequence = models.PositiveSmallIntegerField(_("sequence"))
    number = models.CharField(_("voucher number"), max_length=40)
    face_value = models.PositiveIntegerField(_("face value"), default=VOUCHER_UNIT)
    valid_until = models.DateField(_("valid until"))
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["request", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="points_voucher_number_unique"),
            models.UniqueConstraint(
                fields=["request", "sequence"], name="points_voucher_once_per_slot"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_municipality(self) -> object:
        return self.request.municipality
