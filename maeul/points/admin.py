"""Back office for points: read-only views of the ledger, award tables and vouchers.

The ledger is append-only and every change goes through a service (awards, corrections,
voucher decisions), so the operator's admin offers no add, change or delete; officials act on
the purpose-built screens under /points/m/<municipality>/.
"""

from __future__ import annotations

from django.contrib import admin

from maeul.core.admin_base import OperatorAdmin, OperatorTabularInline
from maeul.points.models import (
    AwardRule,
    AwardTable,
    LedgerEntry,
    PointsAccount,
    PointsPolicy,
    PointsTransaction,
    Voucher,
    VoucherRequest,
)


class AwardRuleInline(OperatorTabularInline):
    model = AwardRule
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "activity",
        "points",
        "cap_points",
        "cap_period",
        "residents_only",
        "verified_only",
    )
    read_only = True


@admin.register(AwardTable)
class AwardTableAdmin(OperatorAdmin):
    list_display = ["municipality", "version", "effective_from", "created_at"]
    list_filter = ["municipality"]
    inlines = [AwardRuleInline]


@admin.register(PointsPolicy)
class PointsPolicyAdmin(OperatorAdmin):
    list_display = ["municipality", "points_valid_months", "voucher_valid_months"]


@admin.register(PointsAccount)
class PointsAccountAdmin(OperatorAdmin):
    list_display = ["municipality", "kind", "resident", "balance"]
    list_filter = ["kind", "municipality"]
    search_fields = ["resident__username", "resident__name"]
    list_select_related = ["municipality", "resident"]


class LedgerEntryInline(OperatorTabularInline):
    model = LedgerEntry
    extra = 0
    can_delete = False
    fields = readonly_fields = ("account", "amount")
    read_only = True


@admin.register(PointsTransaction)
class PointsTransactionAdmin(OperatorAdmin):
    list_display = [
        "occurred_at",
        "municipality",
        "kind",
        "resident",
        "activity",
        "amount",
        "table_version",
        "dong",
    ]
    list_filter = ["kind", "activity", "month", "municipality"]
    search_fields = ["resident__username", "resident__name", "source_key", "note"]
    list_select_related = ["municipality", "resident", "dong"]
    date_hierarchy = "occurred_at"
    inlines = [LedgerEntryInline]


class VoucherInline(OperatorTabularInline):
    model = Voucher
    extra = 0
    can_delete = False
    fields = readonly_fields = ("sequence", "number", "face_value", "valid_until", "issued_at")
    read_only = True


@admin.register(VoucherRequest)
class VoucherRequestAdmin(OperatorAdmin):
    list_display = [
        "pk",
        "municipality",
        "resident",
        "units",
        "status",
        "requested_at",
        "issued_at",
    ]
    list_filter = ["status", "municipality"]
    search_fields = ["resident__username", "resident__name", "vouchers__number", "handed_to"]
    list_select_related = ["municipality", "resident"]
    inlines = [VoucherInline]


@admin.register(Voucher)
class VoucherAdmin(OperatorAdmin):
    list_display = ["number", "request", "face_value", "valid_until", "issued_at"]
    search_fields = ["number"]
    list_select_related = ["request"]
