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
from maeul.accounts.permissions import Permission, covers, has_role, rule


class JuryPermission(Permission):
    """The permissions this module decides: callers name them by member, never by string."""

    VIEW = "juries.view"
    VIEW_BACKOFFICE = "juries.view_backoffice"
    MANAGE = "juries.manage"
    DRAW = "juries.draw"
    ANSWER = "juries.answer"
    APPLY = "juries.apply"
    REVIEW = "juries.review"


ORGANISERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]

# How long a jury sits by default, per municipality (slug), in months. A jury's own
# ``term_months`` starts from this and officials may change it: there is no hard cap.
# Geumcheon-gu's 2021 plan (seed 002) runs its pledge evaluation jury for at most 90 days;
# Nam-gu's juries (seed 000) are standing bodies that sit through a year of half-yearly
# reports and field visits (the 5th from October 2018 through December 2019), so Maeul
# starts them at two years, the length of Nam-gu's other commissioned bodies' terms.
TERM_MONTHS = {
    "seoul-geumcheon-gu": 3,
    "gwangju-nam-gu": 24,
}


# A municipality whose rules bound a jury's sitting in days as well: Geumcheon-gu's 2021 plan
# (seed 002, SPEC §3) runs its pledge evaluation jury for at most 90 days, and three calendar
# months can reach 92. The cap goes with the default length: a jury whose length an official
# sets otherwise follows its own setting (there is no hard cap, issue 21).
TERM_DAYS_CAP = {
    "seoul-geumcheon-gu": 90,
}


def term_days_cap_for(municipality: Any) -> int | None:
    """The most days a jury of the municipality may sit (its own rule, else its nearest
    ancestor's), or ``None`` where the rules name no such bound."""
    place = municipality
    while place is not None:
        if place.slug in TERM_DAYS_CAP:
            return TERM_DAYS_CAP[place.slug]
        place = place.parent
    return None


def term_months_for(municipality: Any) -> int:
    """The municipality's default term (its own rule, else its nearest ancestor's), else the
    model's fallback."""
    from maeul.juries.models import FALLBACK_TERM_MONTHS

    place = municipality
    while place is not None:
        if place.slug in TERM_MONTHS:
            return TERM_MONTHS[place.slug]
        place = place.parent
    return FALLBACK_TERM_MONTHS


def municipality_of_jury(obj: Any) -> Any:
    return getattr(obj, "municipality", None)


@rule(JuryPermission.VIEW)
def view(user: Any, obj: Any) -> bool:
    """Juries, their members' counts and their reports are public, logged in or not."""
    return True


@rule(JuryPermission.VIEW_BACKOFFICE)
def view_backoffice(user: Any, obj: Any) -> bool:
    """Officials whose scope covers the jury: they learn that its organisers' pages exist
    (403 without the role); anyone else gets 404 for them."""
    return covers(user, obj)


@rule(JuryPermission.MANAGE)
def manage(user: Any, obj: Any) -> bool:
    return has_role(user, obj, ORGANISERS)


@rule(JuryPermission.DRAW)
def draw(user: Any, obj: Any) -> bool:
    return has_role(user, obj, ORGANISERS)


@rule(JuryPermission.ANSWER)
def answer(user: Any, obj: Any) -> bool:
    """The mayor's office answers the jury: administrators and programme managers."""
    return has_role(user, obj, ORGANISERS)


@rule(JuryPermission.APPLY)
def apply(user: Any, obj: Any) -> bool:
    """A logged-in resident whose home district is the jury's municipality (or below it)."""
    if not getattr(user, "is_authenticated", False):
        return False
    resident = user.resident_or_none
    municipality = municipality_of_jury(obj)
    if resident is None or municipality is None:
        return False
    return bool(resident.district.is_within(municipality))


@rule(JuryPermission.REVIEW)
def review(user: Any, obj: Any) -> bool:
    """A juror of this jury (obj is the jury)."""
    from maeul.juries.models import VolunteerStatus

    if not getattr(user, "is_authenticated", False) or obj is None:
        return False
    return bool(obj.volunteers.filter(user=user, status=VolunteerStatus.JUROR).exists())
