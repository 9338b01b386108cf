"""Authentication backend that answers ``user.has_perm`` from the named permission rules."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from maeul.accounts.permissions import has_permission, registered


class MaeulBackend(ModelBackend):
    """Password login as usual; authorisation only through the named rules.

    Django's per-model permission table is not used: a permission name that no rule answers is
    granted to superusers only, so nothing is open by accident.
    """

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not getattr(user_obj, "is_active", False):
            return False
        if perm in registered():
            return has_permission(user_obj, perm, obj)
        return bool(getattr(user_obj, "is_superuser", False))

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return bool(getattr(user_obj, "is_active", False) and user_obj.is_staff)
