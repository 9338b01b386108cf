"""Who may do what with pledges (see maeul/accounts/permissions.py).

Pledge sheets, figures and published jury opinions are public information. Any official of
the municipality (a department) may submit a progress report; the planning office —
administrators and programme managers — edits sheets, imports the table and approves or
returns reports.
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import covers, has_role, rule

PLANNING_OFFICE = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


@rule("pledges.view")
def view(user: Any, obj: Any) -> bool:
    """Pledge sheets and their figures are public."""
    return True


@rule("pledges.view_backoffice")
def view_backoffice(user: Any, obj: Any) -> bool:
    return covers(user, obj)


@rule("pledges.submit_report")
def submit_report(user: Any, obj: Any) -> bool:
    """Departments (any official of the municipality) report progress on its pledges."""
    return covers(user, obj)


@rule("pledges.edit")
def edit(user: Any, obj: Any) -> bool:
    return has_role(user, obj, PLANNING_OFFICE)


@rule("pledges.review_report")
def review_report(user: Any, obj: Any) -> bool:
    return has_role(user, obj, PLANNING_OFFICE)


@rule("pledges.import_table")
def import_table(user: Any, obj: Any) -> bool:
    return has_role(user, obj, PLANNING_OFFICE)
