"""The outside-grant register's card on a municipality's home page: a link to the public
yearly summary, for a municipality that keeps a register (one query per page, one for the
index of all places)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.core.sqlplan import Plan
from maeul.outsidegrants.models import OutsideProgramme


def _card(municipality: Any) -> ProgrammeCard:
    return ProgrammeCard(
        title=_("Outside grant programmes: yearly figures"),
        url=reverse("outsidegrants:summary", args=[municipality.slug]),
    )


# Whether one place keeps a register (compiled once per process: ``maeul.core.sqlplan``).
_HOME_EXISTS = Plan(
    lambda pk: OutsideProgramme.objects.filter(municipality=pk).values("pk")[:1], int
)


def _cards(municipality: Any) -> list[ProgrammeCard]:
    keeps = _HOME_EXISTS.dicts(municipality.pk)
    return [_card(municipality)] if keeps else []


def _cards_for_many(municipalities: list[Any]) -> dict[int, list[ProgrammeCard]]:
    ids = [m.pk for m in municipalities]
    keeping = set(
        OutsideProgramme.objects.filter(municipality_id__in=ids)
        .values_list("municipality_id", flat=True)
        .distinct()
    )
    return {m.pk: [_card(m)] if m.pk in keeping else [] for m in municipalities}


register_programme(
    Programme(
        key="outsidegrants",
        title=gettext_lazy("Outside grant programmes"),
        description=gettext_lazy(
            "Funds that the central government, the city and private funders offer by open "
            "call: which ones the district follows by field, applies for and wins, and the "
            "incentives it pays its departments."
        ),
        order=87,
        cards=_cards,
        cards_for_many=_cards_for_many,
    )
)
