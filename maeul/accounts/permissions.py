"""Named permission functions: the one place that decides who may do what.

Every check in Maeul — views, the admin, the API, management commands — asks
``has_permission(user, Permission, obj)``. Each app names its permissions as members of a
``Permission`` enum in ``<app>/rules.py`` (``VotingPermission.MANAGE_POLL``) and registers a
rule for each with ``@rule(member)``, so a reader (or grep, or mypy) can follow a permission
from the view that asks to the function that decides. A name that nobody registered is denied
(deny by default), so a typo fails closed; a test checks that every member is registered.
Rules decide for anonymous visitors too (public reading is a rule, not a special case beside
it); only deactivated accounts are refused before any rule runs.

Fetching by id is ``get_authorised``: one call that looks the row up, checks the permission
and answers 404 outside scope (so ids do not leak), taking the row lock when a service asks.

Scope: an official belongs to one municipality and acts on it and everything below it (Seoul's
officials see Geumcheon-gu; Geumcheon's officials do not see Gwanak-gu or Seoul).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, Rule] = {}
M = TypeVar("M", bound=Model)


class Permission(StrEnum):
    """Base of every app's permission enum. Members are strings (``"voting.manage_poll"``), so
    the audit log, the tests' matrices and old callers read the same names."""


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register ``func(user, obj) -> bool`` as the permission called ``name`` (a member of the
    app's ``Permission`` enum)."""

    def register(func: Rule) -> Rule:
        key = str(name)
        if key in _RULES and _RULES[key] is not func:
            raise ValueError(f"permission {key!r} registered twice")
        _RULES[key] = func
        return func

    return register


def registered() -> dict[str, Rule]:
    return dict(_RULES)


def has_permission(user: Any, name: str, obj: Any = None) -> bool:
    """Whether ``user`` (an account or an anonymous visitor) holds ``name`` on ``obj``.

    Deactivated accounts hold nothing; anonymous visitors are asked of the rule like anyone
    else, and the rules give them only what is public. Active superusers hold every
    registered permission."""
    func = _RULES.get(str(name))
    if func is None or user is None:
        return False
    if getattr(user, "is_authenticated", False):
        if not getattr(user, "is_active", False):
            return False
        if getattr(user, "is_superuser", False):
            return True
    return bool(func(user, obj))


def require_permission(user: Any, name: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` (HTTP 403) unless ``user`` holds ``name`` on ``obj``."""
    if not has_permission(user, name, obj):
        raise PermissionDenied(_("You do not have permission to do this."))


def get_authorised(
    queryset: QuerySet[M], user: Any, pk: Any, permission: str, *, lock: bool = False
) -> M:
    """The row ``pk`` of ``queryset`` if ``user`` holds ``permission`` on it; 404 otherwise.

    A row outside the user's scope answers exactly like a missing one, so ids cannot be
    probed. With ``lock=True`` the row is read ``SELECT ... FOR UPDATE`` (call it inside the
    service's transaction), so a service checks and locks in one read instead of fetching
    twice. A malformed id is a missing row, never a server error.
    """
    rows = queryset.select_for_update(of=("self",)) if lock else queryset
    try:
        row = rows.filter(pk=pk).first()
    except (TypeError, ValueError):
        row = None
    if row is None or not has_permission(user, permission, row):
        raise Http404(str(permission))
    return row


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
