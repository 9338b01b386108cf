"""Permission rules of the platform foundation (see maeul/accounts/permissions.py)."""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import covers, has_role, official_of, rule


@rule("core.use_backoffice")
def use_backoffice(user: Any, obj: Any) -> bool:
    """Officials reach the back office (the admin and officials' screens)."""
    return official_of(user) is not None


@rule("places.view_municipality")
def view_municipality(user: Any, obj: Any) -> bool:
    """Places are public information."""
    return True


@rule("places.change_municipality")
def change_municipality(user: Any, obj: Any) -> bool:
    return has_role(user, obj, [Role.ADMINISTRATOR])


@rule("accounts.view_people")
def view_people(user: Any, obj: Any) -> bool:
    """Administrators and programme managers see the residents and officials of their scope."""
    return has_role(user, obj, [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER])


@rule("accounts.manage_officials")
def manage_officials(user: Any, obj: Any) -> bool:
    return has_role(user, obj, [Role.ADMINISTRATOR])


@rule("audit.view_log")
def view_audit_log(user: Any, obj: Any) -> bool:
    """Auditors and administrators read the audit log of their municipality."""
    return has_role(user, obj, [Role.AUDITOR, Role.ADMINISTRATOR])


@rule("exports.download")
def download_export(user: Any, obj: Any) -> bool:
    """Any official may download the registered tables of their scope."""
    return covers(user, obj)
