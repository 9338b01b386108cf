"""Read-side queries of accounts."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from maeul.accounts.models import Gender, ResidentProfile
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
