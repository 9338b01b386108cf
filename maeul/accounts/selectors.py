"""Read-side queries of accounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from maeul.accounts.models import Gender, Official, ResidentProfile
from maeul.accounts.permissions import has_permission, municipality_of
from maeul.accounts.services import VerificationOutcome


@dataclass(frozen=True)
class Difference:
    """One fact the resident declared that the register says otherwise."""

    field: str
    label: str
    declared: str
    registered: str


def _gender_label(value: str) -> str:
    try:
        return str(Gender(value).label)
    except ValueError:
        return value


def profile_differences(profile: ResidentProfile, outcome: VerificationOutcome) -> list[Difference]:
    """What verification would change in the declared profile: the birth year, and the
    gender where the adapter reports one. An empty list means nothing to confirm."""
    found = []
    if profile.birth_year != outcome.birth_year:
        found.append(
            Difference(
                "birth_year", _("Birth year"), str(profile.birth_year), str(outcome.birth_year)
            )
        )
    if outcome.gender and profile.gender != outcome.gender:
        found.append(
            Difference(
                "gender",
                _("Gender"),
                _gender_label(profile.gender),
                _gender_label(outcome.gender),
            )
        )
    return found


def officials_holding(permission: str, obj: Any) -> list[int]:
    """User ids of the active officials who hold ``permission`` on ``obj``: the people a
    programme tells about work waiting for them (notices to officials).

    Only officials whose scope covers ``obj``'s municipality can hold a permission on it, and
    those sit at that municipality or above it (its path), so the candidates are a handful of
    rows read in one query; each is then asked of the permission rule itself, so who is told
    and who may act are decided by the same code. Officials of another municipality are never
    candidates. Superusers without an official record are platform operators, not staff of a
    municipality, and are not told about a municipality's work here.
    """
    target = municipality_of(obj)
    if target is None or not target.path:
        return []
    ids = [int(part) for part in target.path.strip("/").split("/") if part]
    officials = (
        Official.objects.filter(municipality_id__in=ids, user__is_active=True)
        .select_related("user", "municipality")
        .prefetch_related("roles")
        .order_by("user_id")
    )
    chosen = []
    for official in officials:
        official._role_cache = frozenset(r.role for r in official.roles.all())
        if has_permission(official.user, permission, obj):
            chosen.append(official.user_id)
    return chosen
