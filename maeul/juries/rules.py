"""Who may do what with juries (see maeul/accounts/permissions.py).

The public sees each jury, its draw record (seed, hash, version: no personal data) and its
published opinions. Residents of the municipality volunteer. The programme's officials —
administrators and programme managers of the municipality — take phone intakes, import
volunteers, set quotas, run the draw, replace drop-outs, schedule sessions and publish;
jurors review the pledges of their subgroup.
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import has_role, rule

ORGANISERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


def municipality_of_jury(obj: Any) -> Any:
    return getattr(obj, "municipality", None)


@rule("juries.view")
def view(user: Any, obj: Any) -> bool:
    return True


@rule("juries.manage")
def manage(user: Any, obj: Any) -> bool:
    return has_role(user, obj, ORGANISERS)


@rule("juries.draw")
def draw(user: Any, obj: Any) -> bool:
    return has_role(user, obj, ORGANISERS)


@rule("juries.answer")
def answer(user: Any, obj: Any) -> bool:
    """The mayor's office answers the jury: administrators and programme managers."""
    return has_role(user, obj, ORGANISERS)


@rule("juries.apply")
def apply(user: Any, obj: Any) -> bool:
    """A logged-in resident whose home district is the jury's municipality (or below it)."""
    if not getattr(user, "is_authenticated", False):
        return False
    resident = user.resident_or_none
    municipality = municipality_of_jury(obj)
    if resident is None or municipality is None:
        return False
    return bool(resident.district.is_within(municipality))


@rule("juries.review")
def review(user: Any, obj: Any) -> bool:
    """A juror of this jury (obj is the jury)."""
    from maeul.juries.models import VolunteerStatus

    if not getattr(user, "is_authenticated", False) or obj is None:
        return False
    return obj.volunteers.filter(user=user, status=VolunteerStatus.JUROR).exists()
