"""Base class for back-office admin pages scoped by municipality.

Officials see only rows of their own municipality and below (``municipality_lookup`` names
the path from the model to its municipality); whether they may add, change or delete is asked
of the named permission functions with the object, never of Django's permission table.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from maeul.accounts.permissions import has_permission, scope_filter


class ScopedAdmin(admin.ModelAdmin):
    municipality_lookup = "municipality"
    view_permission = ""
    change_permission = ""
    add_permission = ""
    delete_permission = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope_filter(request.user, super().get_queryset(request), self.municipality_lookup)

    def _target(self, request: HttpRequest, obj: Any) -> Any:
        if obj is not None:
            return obj
        official = getattr(request.user, "official_or_none", None)
        return official.municipality if official else None

    def _allowed(self, request: HttpRequest, name: str, obj: Any) -> bool:
        return bool(name) and has_permission(request.user, name, self._target(request, obj))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, self.view_permission, obj) or self.has_change_permission(
            request, obj
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, self.change_permission, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, self.add_permission, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, self.delete_permission, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)
