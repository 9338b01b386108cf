"""Participatory budgeting's cards on a municipality's home page: the current cycle, the
yearly history, and the city's citizen PB (a city's programme, or a district's share of it)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.budgeting.models import Cycle, CycleSummary, Phase
from maeul.budgeting.selectors import CityPB, city_pb_many
from maeul.core.programmes import Programme, ProgrammeCard, register_programme


def _city_cards(municipality: Any, found: CityPB) -> list[ProgrammeCard]:
    """The city's citizen PB (for a city) or the district's share of it (for a district)."""
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


def _cycle_cards(municipality: Any, cycles: list[Cycle]) -> list[ProgrammeCard]:
    """The current cycle (unless it is a reported one) and the yearly history; ``cycles`` are
    the municipality's public cycles, newest first, with ``has_summary`` annotated."""
    if not cycles:
        return []
    cards = []
    current = cycles[0]
    if not current.has_summary:  # type: ignore[attr-defined]
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
    return cards


def _public_cycles(municipalities: list[Any]) -> dict[int, list[Cycle]]:
    """The public cycles of ``municipalities`` by municipality id, newest first: one query,
    whether a cycle has a reported summary read as a column (not a related row)."""
    summaries = CycleSummary.objects.filter(cycle=OuterRef("pk"))
    by_place: dict[int, list[Cycle]] = defaultdict(list)
    for cycle in (
        Cycle.objects.filter(municipality__in=[m.pk for m in municipalities])
        .exclude(phase=Phase.SETUP)
        .annotate(has_summary=Exists(summaries))
        .order_by("municipality_id", "-cycle_year")
    ):
        by_place[cycle.municipality_id].append(cycle)
    return by_place


def _cards(municipality: Any) -> list[ProgrammeCard]:
    return _cards_for_many([municipality])[municipality.pk]


def _cards_for_many(municipalities: list[Any]) -> dict[int, list[ProgrammeCard]]:
    """Every place's cards in a fixed number of queries (``/pb/`` lists every city and
    district: it made one query per place before)."""
    cycles = _public_cycles(municipalities)
    city = city_pb_many(municipalities)
    return {
        m.pk: _cycle_cards(m, cycles.get(m.pk, [])) + _city_cards(m, city[m.pk])
        for m in municipalities
    }


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
        cards_for_many=_cards_for_many,
    )
)
