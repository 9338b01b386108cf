from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from maeul.accounts.models import Official, OfficialRole, ResidentProfile, User
from maeul.core.admin_base import ScopedAdmin


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts are a platform-operator concern (superusers); officials manage people through
    the resident and official pages below, which are scoped to their municipality."""

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
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(ResidentProfile)
class ResidentProfileAdmin(ScopedAdmin):
    municipality_lookup = "district"
    view_permission = "accounts.view_people"
    list_display = ("user", "birth_year", "gender", "district", "dong", "verification_status")
    list_filter = ("verification_status", "gender")
    search_fields = ("user__username", "user__name")
    list_select_related = ("user", "district", "dong")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in ResidentProfile._meta.fields]


class OfficialRoleInline(admin.TabularInline):
    model = OfficialRole
    extra = 0


@admin.register(Official)
class OfficialAdmin(ScopedAdmin):
    view_permission = "accounts.view_people"
    change_permission = "accounts.manage_officials"
    list_display = ("user", "municipality", "department")
    search_fields = ("user__username", "user__name", "department")
    list_select_related = ("user", "municipality")
    inlines = [OfficialRoleInline]
    readonly_fields = ("user",)
