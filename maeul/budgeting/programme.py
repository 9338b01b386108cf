"""Participatory budgeting's cards on a municipality's home page: the current cycle, the
yearly history, and the city's citizen PB (a city's programme, or a district's share of it)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.budgeting.models import CityProgramme, Cycle, CycleSummary, DistrictShare, Phase
from maeul.budgeting.selectors import CityPB, city_pb_many
from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.core.sqlplan import Plan
from maeul.places.models import Municipality


def _city_cards(municipality: Any, found: CityPB) -> list[ProgrammeCard]:
    """The city's citizen PB (for a city) or the district's share of it (for a district)."""
    if found.programmes:
        latest = found.programmes[0]
        return _programme_card(municipality, latest.display_title, len(latest.shares.all()))
    if found.shares:
        return _share_card(municipality, found.shares[0])
    return []


def _programme_card(municipality: Any, title: str, shares: int) -> list[ProgrammeCard]:
    return [
        ProgrammeCard(
            title=title,
            url=reverse("budgeting:city_pb", args=[municipality.slug]),
            summary=_(
                "Projects proposed in the districts and decided by the city: %(n)s"
                " districts' shares recorded."
            )
            % {"n": shares},
        )
    ]


def _share_card(municipality: Any, share: DistrictShare) -> list[ProgrammeCard]:
    return [
        ProgrammeCard(
            title=share.programme.display_title,
            url=reverse("budgeting:city_pb", args=[municipality.slug]),
            summary=_("%(n)s projects proposed here, %(amount)s won, selected by %(city)s.")
            % {
                "n": share.projects,
                "amount": f"{share.amount_won:,}",
                "city": share.programme.city.display_name,
            },
        )
    ]


def _cycle_cards(municipality: Any, current: Cycle | None, count: int) -> list[ProgrammeCard]:
    """The current cycle (unless it is a reported one) and the yearly history: ``current`` is
    the municipality's newest public cycle, with ``has_summary`` annotated, of ``count``."""
    if current is None:
        return []
    cards = []
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
            % {"n": count},
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


def _newest(cycles: list[Cycle]) -> tuple[Cycle | None, int]:
    return (cycles[0] if cycles else None), len(cycles)


# One place's home-page reads (by its id), compiled once per process (``maeul.core.sqlplan``),
# of only the columns the cards show: its public cycles, newest first, and its city programme
# (a city) or its latest district share (a place below one).
_HOME_CYCLES = Plan(
    lambda pk: (
        Cycle.objects.filter(municipality=pk)
        .exclude(phase=Phase.SETUP)
        .order_by("-cycle_year")
        .values("title", "cycle_year", "phase", "budget_year", "total_amount_won", "summary__id")
    ),
    int,
)
_HOME_CITY_PROGRAMME = Plan(
    lambda pk: (
        CityProgramme.objects.filter(city=pk)
        .annotate(shares_recorded=Count("shares"))
        .order_by("-budget_year")
        .values("title", "title_en", "shares_recorded")[:1]
    ),
    int,
)
_HOME_DISTRICT_SHARE = Plan(
    lambda pk: (
        DistrictShare.objects.filter(district=pk)
        .order_by("-programme__budget_year")
        .values(
            "projects",
            "amount_won",
            "programme__title",
            "programme__title_en",
            "programme__city__name",
            "programme__city__name_en",
        )[:1]
    ),
    int,
)


def _cards(municipality: Any) -> list[ProgrammeCard]:
    """One place's cards (its home page), as ``_cards_for_many`` gives them, from two planned
    queries: the place's cycles, and its city programme or district share."""
    rows = _HOME_CYCLES.dicts(municipality.pk)
    current = None
    if rows:
        summary = rows[0].pop("summary__id")
        current = Cycle(**rows[0])
        current.has_summary = summary is not None  # type: ignore[attr-defined]
    return _cycle_cards(municipality, current, len(rows)) + _city_card(municipality)


def _city_card(municipality: Any) -> list[ProgrammeCard]:
    """``_city_cards`` for one place: only a city (no parent) runs a programme and only a
    place below one receives a share (as ``selectors.city_pb_many`` reads them), and the card
    shows the latest programme (with its number of shares) or the latest share."""
    if municipality.parent_id is None:
        rows = _HOME_CITY_PROGRAMME.dicts(municipality.pk)
        if not rows:
            return []
        programme = CityProgramme(title=rows[0]["title"], title_en=rows[0]["title_en"])
        return _programme_card(municipality, programme.display_title, rows[0]["shares_recorded"])
    rows = _HOME_DISTRICT_SHARE.dicts(municipality.pk)
    if not rows:
        return []
    row = rows[0]
    city = Municipality(name=row["programme__city__name"], name_en=row["programme__city__name_en"])
    programme = CityProgramme(
        title=row["programme__title"], title_en=row["programme__title_en"], city=city
    )
    share = DistrictShare(projects=row["projects"], amount_won=row["amount_won"])
    share.programme = programme
    return _share_card(municipality, share)


def _cards_for_many(municipalities: list[Any]) -> dict[int, list[ProgrammeCard]]:
    """Every place's cards in a fixed number of queries (``/pb/`` lists every city and
    district: it made one query per place before)."""
    cycles = _public_cycles(municipalities)
    city = city_pb_many(municipalities)
    return {
        m.pk: _cycle_cards(m, *_newest(cycles.get(m.pk, []))) + _city_cards(m, city[m.pk])
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
