"""A city's citizen participatory budget (시민참여예산) and the districts' shares of it.

Seoul and Gwangju run a citizen PB of their own besides their districts' PB: residents propose
in their district, the city decides. What a district got out of it (Gwangju Nam-gu 2021: 8
projects, 350 million won) belongs to the city's programme, recorded as the district's share,
and is shown on both the city's and the district's PB pages. Only the city's officials record
it: the city decides, the district reads.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.auditlog.services import audit_record
from maeul.budgeting.models import CityProgramme, DistrictShare
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.services._guards import OverCap, won
from maeul.core.errors import Conflict, ServiceError, violates
from maeul.places.models import Municipality

CITY_LEVEL = 1  # a special or metropolitan city, a province (the tree's first level)


def city_programme_create(
    *,
    actor: Any,
    city: Municipality,
    budget_year: int,
    title: str,
    title_en: str = "",
    total_amount_won: int | None = None,
    source: str = "",
) -> CityProgramme:
    """Open the city's citizen PB of ``budget_year``."""
    require_permission(actor, BudgetingPermission.MANAGE, city)
    if city.level != CITY_LEVEL:
        raise ServiceError(
            _("A citizen PB with district shares is run by a city with districts."), field="city"
        )
    if not title.strip():
        raise ServiceError(_("Give the programme a title."), field="title")
    if total_amount_won is not None and total_amount_won <= 0:
        raise ServiceError(_("The amount must be positive."), field="total_amount_won")
    try:
        with transaction.atomic(durable=True):
            programme = CityProgramme.objects.create(
                city=city,
                budget_year=budget_year,
                title=title.strip(),
                title_en=title_en.strip(),
                total_amount_won=total_amount_won,
                source=source.strip(),
            )
            audit_record(
                kind="budgeting.city_programme_created",
                actor=actor,
                subject=programme,
                municipality=city,
                data={"budget_year": budget_year, "total_amount_won": total_amount_won},
            )
    except IntegrityError as error:
        if violates(error, "pb_city_programme_year", "city_id", "budget_year"):
            raise Conflict(
                _("%(year)s already has a citizen PB here.") % {"year": budget_year},
                field="budget_year",
            ) from None
        raise
    return programme


def district_share_record(
    *,
    actor: Any,
    programme: CityProgramme,
    district: Municipality,
    projects: int,
    amount_won: int,
    source: str = "",
    note: str = "",
) -> DistrictShare:
    """Record (or correct) what ``district`` got from the city's programme: the number of
    projects proposed there and selected by the city, and their amount. The shares never add
    up to more than the programme's total, where the total is known."""
    require_permission(actor, BudgetingPermission.MANAGE, programme)
    if district.parent_id != programme.city_id:
        raise ServiceError(
            _("Choose one of %(city)s's districts.") % {"city": programme.city.display_name},
            field="district",
        )
    if projects <= 0:
        raise ServiceError(_("At least one project is selected."), field="projects")
    if amount_won <= 0:
        raise ServiceError(_("The amount must be positive."), field="amount_won")
    with transaction.atomic(durable=True):
        locked = CityProgramme.objects.select_for_update().get(pk=programme.pk)
        if locked.total_amount_won is not None:
            others = (
                locked.shares.exclude(district=district).aggregate(total=Sum("amount_won"))["total"]
                or 0
            )
            if others + amount_won > locked.total_amount_won:
                raise OverCap(
                    _(
                        "The districts' shares would come to %(total)s won, above the"
                        " programme's %(amount)s won."
                    )
                    % {"total": won(others + amount_won), "amount": won(locked.total_amount_won)},
                    field="amount_won",
                )
        share, created = DistrictShare.objects.update_or_create(
            programme=locked,
            district=district,
            defaults={
                "projects": projects,
                "amount_won": amount_won,
                "source": source.strip(),
                "note": note.strip(),
            },
        )
        audit_record(
            kind="budgeting.district_share_recorded",
            actor=actor,
            subject=share,
            municipality=locked.city,
            data={
                "district": district.slug,
                "projects": projects,
                "amount_won": amount_won,
                "corrected": not created,
            },
        )
    return share
