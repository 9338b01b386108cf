"""The foundation's permission functions as a role x municipality x action matrix.

Scope: an official acts on their municipality and everything below it; nothing above or
beside it. Unknown permission names are denied to everyone but superusers.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from maeul.accounts.permissions import has_permission, require_permission, scope_filter
from maeul.places.models import Municipality

ROLES = ["administrator", "programme_manager", "reviewer", "auditor"]
# action -> roles that hold it (within scope); None = everyone, even anonymous.
EXPECTED: dict[str, set[str] | None] = {
    "places.view_municipality": None,
    "places.change_municipality": {"administrator"},
    "places.add_place": {"administrator"},
    "accounts.view_people": {"administrator", "programme_manager"},
    "accounts.manage_officials": {"administrator"},
    "audit.view_log": {"administrator", "auditor"},
    "exports.download": set(ROLES),
    "core.use_backoffice": set(ROLES),
}
# The official works in Geumcheon-gu; targets in and out of that scope.
TARGETS = {"geumcheon": True, "gasan": True, "seoul": False, "gwanak": False, "namgu": False}
UNSCOPED = {"core.use_backoffice"}  # holds wherever the object is
BELOW_ONLY = {"places.change_municipality"}  # never the official's own municipality (issue 13)


@pytest.mark.parametrize("role", ROLES)
def test_official_matrix(places: dict[str, Any], make_official: Any, role: str) -> None:
    """Every action x target for an official of Geumcheon-gu holding ``role``."""
    official = make_official(places["geumcheon"], role)
    wrong = []
    for action, allowed_roles in sorted(EXPECTED.items()):
        for target, inside in sorted(TARGETS.items()):
            in_scope = (inside or action in UNSCOPED) and not (
                action in BELOW_ONLY and target == "geumcheon"
            )
            expected = allowed_roles is None or (role in allowed_roles and in_scope)
            if has_permission(official, action, places[target]) is not expected:
                wrong.append((action, target, expected))
    assert wrong == []


def test_residents_and_anonymous_hold_only_public_permissions(
    places: dict[str, Any], make_resident: Any
) -> None:
    resident = make_resident(places["geumcheon"])
    for action, allowed_roles in EXPECTED.items():
        public = allowed_roles is None
        assert has_permission(resident, action, places["geumcheon"]) is public, action
        assert has_permission(AnonymousUser(), action, places["geumcheon"]) is public, action


def test_city_official_covers_its_districts(places: dict[str, Any], make_official: Any) -> None:
    city = make_official(places["seoul"], "administrator")
    assert has_permission(city, "places.change_municipality", places["gwanak"])
    assert has_permission(city, "places.change_municipality", places["gasan"])
    assert not has_permission(city, "places.change_municipality", places["namgu"])


def test_unknown_permission_is_denied(places: dict[str, Any], make_official: Any) -> None:
    official = make_official(places["geumcheon"], *ROLES)
    assert not has_permission(official, "places.delete_everything", places["geumcheon"])
    with pytest.raises(PermissionDenied):
        require_permission(official, "no.such.permission")


def test_inactive_official_holds_nothing(places: dict[str, Any], make_official: Any) -> None:
    official = make_official(places["geumcheon"], "administrator")
    official.is_active = False
    official.save()
    assert not has_permission(official, "places.change_municipality", places["gasan"])


def test_superuser_holds_registered_permissions(
    places: dict[str, Any], django_user_model: Any
) -> None:
    root = django_user_model.objects.create_superuser("root", "root@x.org", "pw-long-enough-1")
    assert has_permission(root, "audit.view_log", places["namgu"])
    assert not has_permission(root, "made.up")


def test_scope_filter_limits_querysets(places: dict[str, Any], make_official: Any) -> None:
    official = make_official(places["geumcheon"], "reviewer")
    visible = set(
        scope_filter(official, Municipality.objects.all(), "pk").values_list("slug", flat=True)
    )
    assert visible == {"seoul-geumcheon-gu", "geumcheon-gasan-dong", "geumcheon-doksan-1-dong"}
