"""Authentication backend that answers ``user.has_perm`` from the named permission rules."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from maeul.accounts.permissions import has_permission, registered
from maeul.core.rawload import load_one


class MaeulBackend(ModelBackend):
    """Password login as usual; authorisation only through the named rules.

    Django's per-model permission table is not used: a permission name that no rule answers is
    granted to superusers only, so nothing is open by accident.
    """

    def get_user(self, user_id: Any) -> Any:
        """As ``ModelBackend.get_user`` — the account, or None when it is gone or inactive —
        with one plain query instead of the ORM's: every signed-in request runs it."""
        model = get_user_model()
        pk = model._meta.pk
        assert pk is not None and pk.column is not None  # a concrete model's primary key
        user = load_one(model, pk.column, pk.to_python(user_id))
        return user if user is not None and self.user_can_authenticate(user) else None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not getattr(user_obj, "is_active", False):
            return False
        if perm in registered():
            return has_permission(user_obj, perm, obj)
        return bool(getattr(user_obj, "is_superuser", False))

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return bool(getattr(user_obj, "is_active", False) and user_obj.is_staff)
