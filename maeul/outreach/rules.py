"""Who may do what in outreach (see maeul/accounts/permissions.py).

Everything the office publishes here is public: reporters' posts, courses and their figures,
autonomy programmes and the records register's counts (lawsuit records carry no party names).
Signed-in residents sign up for an autonomy programme. Administrators and programme managers of
the municipality's scope record posts, attendance, programmes and records; auditors of the
scope may read the officials' pages. A learner sees their own certificate; officials of the
scope see every certificate of their courses.
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, has_role, rule


class OutreachPermission(Permission):
    MANAGE = "outreach.manage"
    VIEW_BACKOFFICE = "outreach.view_backoffice"
    SIGN_UP = "outreach.sign_up"
    VIEW_CERTIFICATE = "outreach.view_certificate"


MANAGERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


@rule(OutreachPermission.MANAGE)
def manage(user: Any, obj: Any) -> bool:
    return has_role(user, obj, MANAGERS)


@rule(OutreachPermission.VIEW_BACKOFFICE)
def view_backoffice(user: Any, obj: Any) -> bool:
    return has_role(user, obj, [*MANAGERS, Role.AUDITOR])


@rule(OutreachPermission.SIGN_UP)
def sign_up(user: Any, obj: Any) -> bool:
    """Residents may try; capacity and doubles are the service's."""
    return bool(getattr(user, "is_authenticated", False)) and user.resident_or_none is not None


@rule(OutreachPermission.VIEW_CERTIFICATE)
def view_certificate(user: Any, enrolment: Any) -> bool:
    """The learner's own, or officials covering the course."""
    if getattr(user, "is_authenticated", False) and enrolment.user_id == user.pk:
        return True
    return has_role(user, enrolment, [*MANAGERS, Role.AUDITOR])
