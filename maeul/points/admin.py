"""Back office for points: read-only views of the ledger, award tables and vouchers.

The ledger is append-only and every change goes through a service (awards, corrections,
voucher decisions), so the admin offers no add, change or delete: officials read here and act
on the purpose-built screens under /points/m/<municipality>/.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maeul.core.admin_base import ScopedAdmin
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


class ReadOnlyScopedAdmin(ScopedAdmin):
    view_permission = "points.view_totals"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]


class AwardRuleInline(admin.TabularInline):
    model = AwardRule
    extra = 0
    can_delete = False
    fields = ["activity", "points", "cap_points", "cap_period", "residents_only", "verified_only"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AwardTable)
class AwardTableAdmin(ReadOnlyScopedAdmin):
    list_display = ["municipality", "version", "effective_from", "created_at"]
    list_filter = ["municipality"]
    inlines = [AwardRuleInline]


@admin.register(PointsPolicy)
class PointsPolicyAdmin(ReadOnlyScopedAdmin):
    list_display = ["municipality", "points_valid_months", "voucher_valid_months"]


@admin.register(PointsAccount)
class PointsAccountAdmin(ReadOnlyScopedAdmin):
    list_display = ["municipality", "kind", "resident", "balance"]
    list_filter = ["kind", "municipality"]
    search_fields = ["resident__username", "resident__name"]
    list_select_related = ["municipality", "resident"]


class LedgerEntryInline(admin.TabularInline):
    model = LedgerEntry
    extra = 0
    can_delete = False
    fields = ["account", "amount"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PointsTransaction)
class PointsTransactionAdmin(ReadOnlyScopedAdmin):
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


class VoucherInline(admin.TabularInline):
    model = Voucher
    extra = 0
    can_delete = False
    fields = ["sequence", "number", "face_value", "valid_until", "issued_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(VoucherRequest)
class VoucherRequestAdmin(ReadOnlyScopedAdmin):
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
class VoucherAdmin(ReadOnlyScopedAdmin):
    municipality_lookup = "request__municipality"
    list_display = ["number", "request", "face_value", "valid_until", "issued_at"]
    search_fields = ["number"]
    list_select_related = ["request"]
