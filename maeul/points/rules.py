"""Who may do what with participation points (see maeul/accounts/permissions.py).

``obj`` is the municipality running the points scheme (or an object that has one). Residents
act only on their own accounts; officials act within their scope and by role: programme
managers award and handle vouchers, administrators also correct the ledger, publish award
tables and run expiry; auditors and reviewers read the totals.
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, has_role, municipality_of, rule


class PointsPermission(Permission):
    """The permissions this module decides: callers name them by member, never by string."""

    VIEW_STATEMENT = "points.view_statement"
    VIEW_TOTALS = "points.view_totals"
    AWARD_MANUAL = "points.award_manual"
    CORRECT = "points.correct"
    MANAGE_AWARD_TABLE = "points.manage_award_table"
    EXPIRE = "points.expire"
    HANDLE_VOUCHERS = "points.handle_vouchers"
    REQUEST_VOUCHER = "points.request_voucher"


READERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER, Role.REVIEWER, Role.AUDITOR]
OPERATORS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


@rule(PointsPermission.VIEW_STATEMENT)
def view_statement(user: Any, obj: Any) -> bool:
    """A resident reads their own statement (``obj`` is the resident's user)."""
    return bool(getattr(user, "is_authenticated", False)) and obj is not None and user.pk == obj.pk


@rule(PointsPermission.VIEW_TOTALS)
def view_totals(user: Any, obj: Any) -> bool:
    """Officials of the scope read totals, per-resident ledgers and evidence."""
    return has_role(user, obj, READERS)


@rule(PointsPermission.AWARD_MANUAL)
def award_manual(user: Any, obj: Any) -> bool:
    return has_role(user, obj, OPERATORS)


@rule(PointsPermission.CORRECT)
def correct(user: Any, obj: Any) -> bool:
    """Corrections need an administrator, who is recorded as the approving official."""
    return has_role(user, obj, [Role.ADMINISTRATOR])


@rule(PointsPermission.MANAGE_AWARD_TABLE)
def manage_award_table(user: Any, obj: Any) -> bool:
    return has_role(user, obj, [Role.ADMINISTRATOR])


@rule(PointsPermission.EXPIRE)
def expire(user: Any, obj: Any) -> bool:
    return has_role(user, obj, [Role.ADMINISTRATOR])


@rule(PointsPermission.HANDLE_VOUCHERS)
def handle_vouchers(user: Any, obj: Any) -> bool:
    """Approve, reject and issue voucher requests of the scope."""
    return has_role(user, obj, OPERATORS)


@rule(PointsPermission.REQUEST_VOUCHER)
def request_voucher(user: Any, obj: Any) -> bool:
    """A resident requests vouchers from a municipality they hold points in; whether they
    hold enough is the service's business (it answers with the balance)."""
    if not getattr(user, "is_authenticated", False) or user.resident_or_none is None:
        return False
    return municipality_of(obj) is not None
