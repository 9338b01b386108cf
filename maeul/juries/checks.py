"""Checks of what people type before any state change: the term, a volunteer's details, the
population shares. Pure reads, shared by the services and the pool importer, so a row of a CSV
file is refused with the same words as the same volunteer typed into the intake form."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from maeul.core.errors import ServiceError
from maeul.juries.dongs import records_dongs
from maeul.juries.models import (
    AGE_FEATURE,
    DISTRICT_FEATURE,
    GENDER_FEATURE,
    AgeBand,
    Jury,
)
from maeul.places.models import Municipality

GENDERS = ("female", "male", "other")
# Not a policy cap (a jury's term is its own setting) but the end of what a person can sit
# through: it keeps a typing slip such as 1200 for 12 from becoming a century-long term.
LONGEST_TERM_MONTHS = 600


def term_last_day(start: dt.date, months: int) -> dt.date:
    """The last day of a term of ``months`` months from ``start``: the day before the same
    day ``months`` later (a 3-month term from 10 May ends on 9 August; from 31 January, the
    month's last day stands in for a missing 31st)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last_of_month = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last_of_month)) - dt.timedelta(days=1)


def check_term_months(months: int | None) -> int:
    """A term length the jury can have: a whole number of months, at least one."""
    if months is None or isinstance(months, bool) or int(months) < 1:
        raise ServiceError(_("A jury sits for at least one month."), field="term_months")
    if int(months) > LONGEST_TERM_MONTHS:
        raise ServiceError(
            _("A term of %(months)s months is longer than anyone can sit.") % {"months": months},
            field="term_months",
        )
    return int(months)


def term_end_limit(start: dt.date, months: int, cap_days: int | None = None) -> dt.date:
    """The latest last day of a term of ``months`` from ``start``, shortened to ``cap_days``
    days in all (``start`` counted as the first) where the municipality's rules cap it."""
    last = term_last_day(start, months)
    if cap_days is not None:
        last = min(last, start + dt.timedelta(days=cap_days - 1))
    return last


def check_term(start: dt.date, end: dt.date, months: int, cap_days: int | None = None) -> None:
    """The term's dates in order and within the jury's own term length (its setting, which
    starts from the municipality's rule: no hard cap for standing juries) and, where the
    municipality's rules bound a sitting in days (``cap_days``), within that bound too."""
    if end < start:
        raise ServiceError(_("The term cannot end before it starts."), field="term_end")
    months = check_term_months(months)
    last = term_end_limit(start, months, cap_days)
    if end <= last:
        return
    if cap_days is not None and last < term_last_day(start, months):
        raise ServiceError(
            _(
                "This municipality's rules let a jury sit for at most %(days)s days, so from "
                "%(start)s the term ends on %(last)s at the latest. Choose an earlier end."
            )
            % {"days": cap_days, "start": start, "last": last},
            field="term_end",
        )
    raise ServiceError(
        _(
            "This jury's term is %(months)s months, so from %(start)s it ends on "
            "%(last)s at the latest. Lengthen the term or choose an earlier end."
        )
        % {"months": months, "start": start, "last": last},
        field="term_end",
    )


def check_volunteer(
    jury: Jury, *, name: str, birth_year: int | None, gender: str, dong: Municipality | None
) -> None:
    """A volunteer the jury can take: named, of age in the recruitment year, living in one of
    the municipality's dongs (when Maeul records its dongs)."""
    if not (name or "").strip():
        raise ServiceError(_("Enter the volunteer's name."), field="name")
    if gender not in GENDERS:
        raise ServiceError(_("Choose female, male or other."), field="gender")
    if birth_year is None or not 1900 <= int(birth_year) <= jury.recruitment_year:
        raise ServiceError(_("Enter a valid birth year."), field="birth_year")
    if jury.recruitment_year - int(birth_year) < jury.min_age:
        raise ServiceError(
            _("Volunteers must be at least %(age)s years old in %(year)s.")
            % {"age": jury.min_age, "year": jury.recruitment_year},
            field="birth_year",
        )
    _check_dong(jury, dong)


def _check_dong(jury: Jury, dong: Municipality | None) -> None:
    if dong is None:
        if records_dongs(jury.municipality):
            raise ServiceError(
                _("Choose a neighbourhood (dong) of %(municipality)s.")
                % {"municipality": jury.municipality.name},
                field="dong",
            )
    elif not dong.is_within(jury.municipality) or dong.level != 3:
        raise ServiceError(
            _("Choose a neighbourhood (dong) of %(municipality)s.")
            % {"municipality": jury.municipality.name},
            field="dong",
        )


def clean_shares(
    jury: Jury, shares: Mapping[str, Mapping[str, Decimal | int | float]]
) -> dict[str, dict[str, Decimal]]:
    """Population shares per feature as exact decimals, every feature and value one the jury
    knows (its district groups for ``district``), none negative, each feature above zero."""
    allowed = {
        GENDER_FEATURE: set(GENDERS),
        AGE_FEATURE: set(AgeBand.values),
        DISTRICT_FEATURE: set(jury.district_groups.values_list("key", flat=True)),
    }
    cleaned: dict[str, dict[str, Decimal]] = {}
    for feature, values in shares.items():
        if feature not in allowed:
            raise ServiceError(
                _("Unknown feature %(feature)s.") % {"feature": feature}, field="shares"
            )
        unknown = sorted(set(values) - allowed[feature])
        if unknown:
            raise ServiceError(
                _("%(feature)s: unknown values %(values)s (use %(allowed)s).")
                % {
                    "feature": feature,
                    "values": ", ".join(unknown),
                    "allowed": ", ".join(sorted(allowed[feature])),
                },
                field="shares",
            )
        cleaned[feature] = {value: _share(feature, value, share) for value, share in values.items()}
        if sum(cleaned[feature].values()) <= 0:
            raise ServiceError(
                _("The shares of %(feature)s add up to 0.") % {"feature": feature}, field="share"
            )
    return cleaned


def _share(feature: str, value: str, share: Decimal | int | float) -> Decimal:
    try:
        number = Decimal(str(share))
    except ArithmeticError as error:
        raise ServiceError(
            _("%(feature)s %(value)s: the share must be a number.")
            % {"feature": feature, "value": value},
            field="share",
        ) from error
    if not number.is_finite() or number < 0:
        raise ServiceError(
            _("%(feature)s %(value)s: the share cannot be negative.")
            % {"feature": feature, "value": value},
            field="share",
        )
    return number
