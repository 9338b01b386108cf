"""The outreach programme on a municipality's home page: one card linking its outreach page,
shown only where the municipality has something to show."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.core.sqlplan import Plan
from maeul.outreach.selectors import municipality_with_outreach


def _card(municipality: Any) -> ProgrammeCard:
    return ProgrammeCard(
        title=str(_("Reporters, academies, autonomy programmes and records")),
        url=reverse("outreach:index", args=[municipality.slug]),
    )


# Whether one place has something to show (compiled once per process: ``maeul.core.sqlplan``).
_HOME_EXISTS = Plan(
    lambda pk: municipality_with_outreach().filter(pk=pk).order_by().values("pk")[:1], int
)


def _cards(municipality: Any) -> list[ProgrammeCard]:
    shows = _HOME_EXISTS.dicts(municipality.pk)
    return [_card(municipality)] if shows else []


def _cards_for_many(municipalities: list[Any]) -> dict[int, list[ProgrammeCard]]:
    shown = set(
        municipality_with_outreach()
        .filter(pk__in=[m.pk for m in municipalities])
        .values_list("pk", flat=True)
    )
    return {m.pk: [_card(m)] if m.pk in shown else [] for m in municipalities}


register_programme(
    Programme(
        key="outreach",
        title=_("Outreach, education and records"),
        description=_(
            "SNS reporters and their posts, academy and school courses, resident autonomy "
            "programmes in each dong, and the office's records: lawsuits, legal advice, local "
            "laws and council business."
        ),
        order=90,
        cards=_cards,
        cards_for_many=_cards_for_many,
    )
)
