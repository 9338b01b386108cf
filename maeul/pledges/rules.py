"""Who may do what with pledges (see maeul/accounts/permissions.py).

Pledge sheets, figures and published jury opinions are public information. Any official of
the municipality (a department) may submit a progress report; the planning office —
administrators and programme managers — edits sheets, imports the table and approves or
returns reports.
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, covers, has_role, rule


class PledgePermission(Permission):
    """The permissions this module decides: callers name them by member, never by string."""

    VIEW = "pledges.view"
    VIEW_BACKOFFICE = "pledges.view_backoffice"
    SUBMIT_REPORT = "pledges.submit_report"
    EDIT = "pledges.edit"
    REVIEW_REPORT = "pledges.review_report"
    IMPORT_TABLE = "pledges.import_table"


PLANNING_OFFICE = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


@rule(PledgePermission.VIEW)
def view(user: Any, obj: Any) -> bool:
    """Pledge sheets and their figures are public."""
    return True


@rule(PledgePermission.VIEW_BACKOFFICE)
def view_backoffice(user: Any, obj: Any) -> bool:
    return covers(user, obj)


@rule(PledgePermission.SUBMIT_REPORT)
def submit_report(user: Any, obj: Any) -> bool:
    """Departments (any official of the municipality) report progress on its pledges."""
    return covers(user, obj)


@rule(PledgePermission.EDIT)
def edit(user: Any, obj: Any) -> bool:
    return has_role(user, obj, PLANNING_OFFICE)


@rule(PledgePermission.REVIEW_REPORT)
def review_report(user: Any, obj: Any) -> bool:
    return has_role(user, obj, PLANNING_OFFICE)


@rule(PledgePermission.IMPORT_TABLE)
def import_table(user: Any, obj: Any) -> bool:
    return has_role(user, obj, PLANNING_OFFICE)
