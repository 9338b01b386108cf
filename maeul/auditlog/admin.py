from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from maeul.accounts.permissions import has_permission, official_of
from maeul.auditlog.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited or deleted, by anyone, through the site."""

    list_display = ("seq", "created_at", "kind", "actor_label", "municipality_code", "subject")
    list_filter = ("kind",)
    search_fields = ("kind", "subject", "actor_label")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        official = official_of(request.user)
        if official is None:
            return queryset.none()
        return queryset.filter(
            municipality_code__in=[m.code for m in official.municipality.subtree()]
        )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        official = official_of(request.user)
        scope = official.municipality if official else None
        return bool(request.user.is_superuser) or has_permission(
            request.user, "audit.view_log", scope
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
