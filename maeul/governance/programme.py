"""The governance programme's card on a municipality's home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.governance import selectors


def _card_list(municipality: Any, bodies: int, latest_year: int | None) -> list[ProgrammeCard]:
    cards = []
    if bodies:
        cards.append(
            ProgrammeCard(
                title=_("Councils and committees"),
                url=reverse("governance:bodies", args=[municipality.slug]),
                summary=_("%(count)s governance bodies") % {"count": bodies},
            )
        )
    if latest_year is not None:
        cards.append(
            ProgrammeCard(
                title=_("Deliberation statistics"),
                url=reverse("governance:statistics", args=[municipality.slug]),
                status=str(latest_year),
                summary=_("Attendance, hours and meetings of deliberation sessions by district."),
            )
        )
    return cards


def _cards(municipality: Any) -> list[ProgrammeCard]:
    return _cards_for_many([municipality], within=municipality)[municipality.pk]


def _cards_for_many(
    municipalities: list[Any], within: Any = None
) -> dict[int, list[ProgrammeCard]]:
    """Every place's cards from two grouped queries, whatever the number of places and bodies:
    bodies counted per place and the latest accepted session per place, each rolled up to the
    places above it by their paths (``/governance/`` ran 85 queries, three per place)."""
    bodies, latest = selectors.programme_figures(within)
    cards = {}
    for municipality in municipalities:
        below = [path for path in {*bodies, *latest} if path.startswith(municipality.path)]
        count = sum(bodies.get(path, 0) for path in below)
        years = [latest[path] for path in below if path in latest]
        cards[municipality.pk] = _card_list(municipality, count, max(years, default=None))
    return cards


register_programme(
    Programme(
        key="governance",
        title=gettext_lazy("Governance councils and deliberation"),
        description=gettext_lazy(
            "Councils where residents, council members and officials decide together, and the "
            "records of their deliberation sessions."
        ),
        order=70,
        cards=_cards,
        cards_for_many=_cards_for_many,
    )
)
