"""The Django admin is the platform operator's tool, and only theirs.

Officials work in Maeul's own scoped pages under ``/manage/``: the admin's forms offer every
row of every municipality and skip the services' checks, so an official in the admin could
widen their own scope or write into another district (issue 13). The site therefore admits
active superusers only (:class:`OperatorAdminSite`), and every model admin answers its
``has_*_permission`` questions for the operator alone (:class:`OperatorAdmin`), so that no
official role, resident or visitor can view, add, change or delete anything here, even if
a model admin were registered on another site.

What the operator may change here goes through the services, exactly as on the officials'
pages: :class:`ServiceAdmin` runs its form view *outside* the admin's own transaction,
because every public service opens its own ``transaction.atomic(durable=True)`` and a
durable block cannot be nested in another (the admin's default wrapping answered 500).
Everything else is read-only; nothing is deleted through the admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect

from maeul.core.errors import ServiceError


def is_operator(user: Any) -> bool:
    """A platform operator: an active superuser."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_superuser", False)
    )


class OperatorAdminSite(admin.AdminSite):
    """The admin site, open to platform operators only (officials get the login page)."""

    site_header = "Maeul 마을"
    site_title = "Maeul"

    def has_permission(self, request: HttpRequest) -> bool:
        return is_operator(request.user)


if TYPE_CHECKING:  # Django's admin classes are generic for the type checker only
    _ModelAdmin = admin.ModelAdmin[Any]
    _TabularInline = admin.TabularInline[Any, Any]
    _StackedInline = admin.StackedInline[Any, Any]
else:
    _ModelAdmin = admin.ModelAdmin
    _TabularInline = admin.TabularInline
    _StackedInline = admin.StackedInline


class OperatorAdmin(_ModelAdmin):
    """Read-only for the operator, invisible to everyone else. Subclasses that save through
    the services set ``writable = True`` (and usually derive from :class:`ServiceAdmin`)."""

    writable = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_operator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.writable and is_operator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.writable and is_operator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ServiceAdmin(OperatorAdmin):
    """Saves through the services, each its own durable transaction, so the form view runs
    without the admin's outer transaction; a refused change comes back as a message."""

    writable = True

    @method_decorator(csrf_protect)
    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            # Django's form view without its transaction.atomic (a private method the stubs
            # do not declare): each service opens its own durable transaction.
            view: Any = self._changeform_view  # type: ignore[attr-defined]
            response: HttpResponse = view(request, object_id, form_url, extra_context)
            return response
        except ServiceError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(request.get_full_path())
        except PermissionDenied as error:
            if not is_operator(request.user):
                raise
            messages.error(request, str(error))
            return HttpResponseRedirect(request.get_full_path())


class _OperatorInlineMixin:
    """Inlines follow their parent: the operator only, and never a delete unless allowed."""

    read_only = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_operator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_operator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_operator(request.user)


class OperatorTabularInline(_OperatorInlineMixin, _TabularInline):
    pass


class OperatorStackedInline(_OperatorInlineMixin, _StackedInline):
    pass
