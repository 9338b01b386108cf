"""Permission rules of the platform foundation (see maeul/accounts/permissions.py)."""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import (
    Permission,
    covers,
    has_role,
    municipality_of,
    official_of,
    rule,
)


class PlatformPermission(Permission):
    """The permissions this module decides: callers name them by member, never by string."""

    USE_BACKOFFICE = "core.use_backoffice"
    VIEW_MUNICIPALITY = "places.view_municipality"
    ADD_PLACE = "places.add_place"
    CHANGE_MUNICIPALITY = "places.change_municipality"
    VIEW_PEOPLE = "accounts.view_people"
    MANAGE_OFFICIALS = "accounts.manage_officials"
    VIEW_LOG = "audit.view_log"
    DOWNLOAD = "exports.download"


@rule(PlatformPermission.USE_BACKOFFICE)
def use_backoffice(user: Any, obj: Any) -> bool:
    """Officials reach the back office (the admin and officials' screens)."""
    return official_of(user) is not None


@rule(PlatformPermission.VIEW_MUNICIPALITY)
def view_municipality(user: Any, obj: Any) -> bool:
    """Places are public information."""
    return True


@rule(PlatformPermission.ADD_PLACE)
def add_place(user: Any, obj: Any) -> bool:
    """Administrators add places (dongs and other sub-places) under a municipality of their
    scope, their own included; ``obj`` is the parent."""
    return has_role(user, obj, [Role.ADMINISTRATOR])


@rule(PlatformPermission.CHANGE_MUNICIPALITY)
def change_municipality(user: Any, obj: Any) -> bool:
    """Administrators rename or move the places *below* their own municipality; their own
    municipality's record and parent are the platform operator's (issue 13)."""
    target = municipality_of(obj)
    official = official_of(user)
    return (
        target is not None
        and official is not None
        and target.pk != official.municipality_id
        and has_role(user, target, [Role.ADMINISTRATOR])
    )


@rule(PlatformPermission.VIEW_PEOPLE)
def view_people(user: Any, obj: Any) -> bool:
    """Administrators and programme managers see the residents and officials of their scope."""
    return has_role(user, obj, [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER])


@rule(PlatformPermission.MANAGE_OFFICIALS)
def manage_officials(user: Any, obj: Any) -> bool:
    """Administrators give officials places of their own scope, at district level or below:
    a city-, metropolitan- or province-level official is the platform operator's to create
    (superusers pass every rule), so no administrator can widen anyone's scope, their own
    included (issue 13)."""
    target = municipality_of(obj)
    return target is not None and target.level >= 2 and has_role(user, target, [Role.ADMINISTRATOR])


@rule(PlatformPermission.VIEW_LOG)
def view_audit_log(user: Any, obj: Any) -> bool:
    """Auditors and administrators read the audit log of their municipality."""
    return has_role(user, obj, [Role.AUDITOR, Role.ADMINISTRATOR])


@rule(PlatformPermission.DOWNLOAD)
def download_export(user: Any, obj: Any) -> bool:
    """Any official may download the registered tables of their scope."""
    return covers(user, obj)
