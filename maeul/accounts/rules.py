"""Permission rules of the platform foundation (see maeul/accounts/permissions.py)."""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import covers, has_role, municipality_of, official_of, rule


@rule("core.use_backoffice")
def use_backoffice(user: Any, obj: Any) -> bool:
    """Officials reach the back office (the admin and officials' screens)."""
    return official_of(user) is not None


@rule("places.view_municipality")
def view_municipality(user: Any, obj: Any) -> bool:
    """Places are public information."""
    return True


@rule("places.add_place")
def add_place(user: Any, obj: Any) -> bool:
    """Administrators add places (dongs and other sub-places) under a municipality of their
    scope, their own included; ``obj`` is the parent."""
    return has_role(user, obj, [Role.ADMINISTRATOR])


@rule("places.change_municipality")
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


@rule("accounts.view_people")
def view_people(user: Any, obj: Any) -> bool:
    """Administrators and programme managers see the residents and officials of their scope."""
    return has_role(user, obj, [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER])


@rule("accounts.manage_officials")
def manage_officials(user: Any, obj: Any) -> bool:
    """Administrators give officials places of their own scope, at district level or below:
    a city-, metropolitan- or province-level official is the platform operator's to create
    (superusers pass every rule), so no administrator can widen anyone's scope, their own
    included (issue 13)."""
    target = municipality_of(obj)
    return target is not None and target.level >= 2 and has_role(user, target, [Role.ADMINISTRATOR])


@rule("audit.view_log")
def view_audit_log(user: Any, obj: Any) -> bool:
    """Auditors and administrators read the audit log of their municipality."""
    return has_role(user, obj, [Role.AUDITOR, Role.ADMINISTRATOR])


@rule("exports.download")
def download_export(user: Any, obj: Any) -> bool:
    """Any official may download the registered tables of their scope."""
    return covers(user, obj)
