"""Participatory budgeting's cards on a municipality's home page: the current cycle, the
yearly history, and the city's citizen PB (a city's programme, or a district's share of it)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.budgeting.models import Phase
from maeul.budgeting.selectors import city_pb, cycles_of
from maeul.core.programmes import Programme, ProgrammeCard, register_programme


def _city_cards(municipality: Any) -> list[ProgrammeCard]:
    """The city's citizen PB (for a city) or the district's share of it (for a district)."""
    found = city_pb(municipality)
    if not found:
        return []
    url = reverse("budgeting:city_pb", args=[municipality.slug])
    if found.programmes:
        latest = found.programmes[0]
        shares = list(latest.shares.all())
        return [
            ProgrammeCard(
                title=latest.display_title,
                url=url,
                summary=_(
                    "Projects proposed in the districts and decided by the city: %(n)s"
                    " districts' shares recorded."
                )
                % {"n": len(shares)},
            )
        ]
    share = found.shares[0]
    return [
        ProgrammeCard(
            title=share.programme.display_title,
            url=url,
            summary=_("%(n)s projects proposed here, %(amount)s won, selected by %(city)s.")
            % {
                "n": share.projects,
                "amount": f"{share.amount_won:,}",
                "city": share.programme.city.display_name,
            },
        )
    ]


def _cards(municipality: Any) -> list[ProgrammeCard]:
    city_cards = _city_cards(municipality)
    cycles = list(cycles_of(municipality).exclude(phase=Phase.SETUP).order_by("-cycle_year"))
    if not cycles:
        return city_cards
    cards = []
    current = cycles[0]
    if not hasattr(current, "summary"):
        cards.append(
            ProgrammeCard(
                title=current.title,
                url=reverse("budgeting:cycle", args=[municipality.slug, current.cycle_year]),
                status=str(Phase(current.phase).label),
                summary=_("Budget year %(year)s, %(amount)s won for residents' proposals.")
                % {"year": current.budget_year, "amount": f"{current.total_amount_won:,}"},
            )
        )
    cards.append(
        ProgrammeCard(
            title=_("Participatory budgeting by year"),
            url=reverse("budgeting:history", args=[municipality.slug]),
            summary=_("%(n)s cycles: proposals, adopted projects and execution rates.")
            % {"n": len(cycles)},
        )
    )
    return cards + city_cards


register_programme(
    Programme(
        key="budgeting",
        title=gettext_lazy("Participatory budgeting"),
        description=gettext_lazy(
            "Residents propose projects for next year's budget; departments screen them, dong "
            "meetings and the committee deliberate, and the committee and a mobile vote decide."
        ),
        order=10,
        cards=_cards,
    )
)
