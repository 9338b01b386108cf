"""Named permission functions: the one place that decides who may do what.

Every check in Maeul — views, the admin, the API, management commands — asks
``has_permission(user, "app.action", obj)``. A name that nobody registered is denied (deny by
default), so a typo fails closed. Apps register their rules in ``<app>/rules.py`` with
``@rule("app.action")``; tests walk the whole role x municipality x action matrix.

Scope: an official belongs to one municipality and acts on it and everything below it (Seoul's
officials see Geumcheon-gu; Geumcheon's officials do not see Gwanak-gu or Seoul).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register ``func(user, obj) -> bool`` as the permission called ``name``."""

    def register(func: Rule) -> Rule:
        if name in _RULES and _RULES[name] is not func:
            raise ValueError(f"permission {name!r} registered twice")
        _RULES[name] = func
        return func

    return register


def registered() -> dict[str, Rule]:
    return dict(_RULES)


def has_permission(user: Any, name: str, obj: Any = None) -> bool:
    func = _RULES.get(name)
    if func is None or user is None or not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return bool(func(user, obj))


def require_permission(user: Any, name: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` (HTTP 403) unless ``user`` holds ``name`` on ``obj``."""
    if not has_permission(user, name, obj):
        raise PermissionDenied(_("You do not have permission to do this."))


# ---- predicates the rules are built from -------------------------------------------------


def official_of(user: Any) -> Any:
    """The user's Official record, or None for residents and anonymous visitors."""
    if not getattr(user, "is_authenticated", False):
        return None
    return user.official_or_none


def municipality_of(obj: Any) -> Any:
    """The municipality an object belongs to (a Municipality is its own)."""
    from maeul.places.models import Municipality

    if obj is None:
        return None
    if isinstance(obj, Municipality):
        return obj
    getter = getattr(obj, "get_municipality", None)
    if callable(getter):
        return getter()
    return getattr(obj, "municipality", None)


def covers(user: Any, obj: Any) -> bool:
    """True when ``user`` is an official whose scope includes ``obj``'s municipality."""
    official = official_of(user)
    target = municipality_of(obj)
    if official is None or target is None:
        return False
    return bool(target.is_within(official.municipality))


def has_role(user: Any, obj: Any, roles: Iterable[str]) -> bool:
    """An official covering ``obj`` and holding at least one of ``roles``."""
    official = official_of(user)
    if official is None or not covers(user, obj):
        return False
    return not official.role_set().isdisjoint(set(roles))


def scope_ids(user: Any) -> list[int] | None:
    """Municipality ids an official may see; None means everything (superuser)."""

    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    official = official_of(user)
    if official is None:
        return []
    return list(official.municipality.subtree().values_list("pk", flat=True))


def scope_filter(user: Any, queryset: Any, field: str = "municipality") -> Any:
    """Limit ``queryset`` to rows whose ``field`` lies within the user's scope."""
    ids = scope_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})
