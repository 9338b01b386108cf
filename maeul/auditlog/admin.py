"""The audit log in the operator's admin: read-only, never edited or deleted by anyone.
Auditors and administrators read their municipality's log on /audit/."""

from django.contrib import admin

from maeul.auditlog.models import AuditEntry
from maeul.core.admin_base import OperatorAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(OperatorAdmin):
    list_display = ("seq", "created_at", "kind", "actor_label", "municipality_code", "subject")
    list_filter = ("kind",)
    search_fields = ("kind", "subject", "actor_label")
