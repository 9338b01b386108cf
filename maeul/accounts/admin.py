"""Accounts in the operator's admin. Officials and their roles are managed by the
municipalities' administrators on /manage/officials/ (scoped, through the services); the
operator reads them here and keeps user accounts (passwords, superusers)."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest

from maeul.accounts.models import Official, OfficialRole, ResidentProfile, User
from maeul.auditlog.services import audit_record
from maeul.core.admin_base import OperatorAdmin, OperatorTabularInline, is_operator

# Maeul's permissions are named rules (accounts/rules.py), never Django's groups.
admin.site.unregister(Group)


if TYPE_CHECKING:  # Django's form and admin classes are generic for the type checker only
    _UserAdmin = DjangoUserAdmin[User]
else:
    _UserAdmin = DjangoUserAdmin


@admin.register(User)
class UserAdmin(_UserAdmin):
    """User accounts for the platform operator; every save is written to the audit log."""

    list_display = ("username", "name", "email", "is_staff", "is_active", "date_joined")
    search_fields = ("username", "name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Profile", {"fields": ("name", "email")}),
        (
            "Status",
            {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")},
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_operator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_operator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            kind="accounts.user_saved_by_operator",
            actor=request.user,
            subject=obj,
            data={"fields": sorted(form.changed_data), "created": not change},
        )


@admin.register(ResidentProfile)
class ResidentProfileAdmin(OperatorAdmin):
    list_display = ("user", "birth_year", "gender", "district", "dong", "verification_status")
    list_filter = ("verification_status", "gender")
    search_fields = ("user__username", "user__name")
    list_select_related = ("user", "district", "dong")


class OfficialRoleInline(OperatorTabularInline):
    model = OfficialRole
    extra = 0
    read_only = True


@admin.register(Official)
class OfficialAdmin(OperatorAdmin):
    """Read-only: officials are created and changed on /manage/officials/."""

    list_display = ("user", "municipality", "department")
    search_fields = ("user__username", "user__name", "department")
    list_select_related = ("user", "municipality")
    inlines = [OfficialRoleInline]
