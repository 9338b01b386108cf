"""Who may do what with governance records (see maeul/accounts/permissions.py).

``obj`` is a municipality or a record that has one (a body, a session, a report). Bodies,
members and accepted statistics are public; everything else is for officials whose scope
covers the record's municipality: a district's officials see and edit only their district,
Seoul's officials see every district below the city. Reports are *submitted* by the
district's own officials and *reviewed* (accepted or returned) only by officials of a higher
level — the city — never by the district that submitted them.
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, has_role, municipality_of, official_of, rule


class GovernancePermission(Permission):
    """The permissions this module decides: callers name them by member, never by string."""

    VIEW_RECORDS = "governance.view_records"
    MANAGE_BODIES = "governance.manage_bodies"
    RECORD_SESSIONS = "governance.record_sessions"
    SUBMIT_REPORT = "governance.submit_report"
    REVIEW_REPORT = "governance.review_report"


READERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER, Role.REVIEWER, Role.AUDITOR]
EDITORS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]
REVIEWERS = [Role.ADMINISTRATOR, Role.REVIEWER]

PERMISSIONS = tuple(GovernancePermission)
"""Every governance permission, for the tests' matrices (members compare equal to strings)."""


@rule(GovernancePermission.VIEW_RECORDS)
def view_records(user: Any, obj: Any) -> bool:
    """Unreviewed sessions, reports, alerts and imports of the scope."""
    return has_role(user, obj, READERS)


@rule(GovernancePermission.MANAGE_BODIES)
def manage_bodies(user: Any, obj: Any) -> bool:
    """Create bodies, add members, end memberships."""
    return has_role(user, obj, EDITORS)


@rule(GovernancePermission.RECORD_SESSIONS)
def record_sessions(user: Any, obj: Any) -> bool:
    """Record sessions, import the quarterly sheet, attach files."""
    return has_role(user, obj, EDITORS)


@rule(GovernancePermission.SUBMIT_REPORT)
def submit_report(user: Any, obj: Any) -> bool:
    return has_role(user, obj, EDITORS)


@rule(GovernancePermission.REVIEW_REPORT)
def review_report(user: Any, obj: Any) -> bool:
    """Officials above the report's district (the city) with a reviewing role."""
    official = official_of(user)
    target = municipality_of(obj)
    if official is None or target is None or official.municipality_id == target.pk:
        return False
    return has_role(user, obj, REVIEWERS)
