"""The grants programme's cards on a municipality's home page: its calls open or announced
(a city's call shows on its districts' pages too) and its innovation contests."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.core.prepared import prepared_rows
from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.grants.models import CallState, Contest, ContestState, GrantCall
from maeul.grants.selectors import PUBLIC_CALLS, public_calls, public_contests

SHOWN = 6


def _cards(municipality: Any) -> list[ProgrammeCard]:
    """The calls of the place and of the cities above it (``selectors.public_calls``), newest
    first, then its contests, ``SHOWN`` cards at most. Each query's text is compiled once per
    process (``maeul.core.prepared``; the number of places above and of free slots are part of
    its key) and reads only what the cards show."""
    places = [municipality.pk, *(m.pk for m in municipality.ancestors())]
    rows = prepared_rows(
        f"grants.home_calls.{len(places)}",
        GrantCall,
        [*places, *PUBLIC_CALLS],
        lambda: public_calls(municipality).values("pk", "title", "state")[:SHOWN],
    )
    cards = [
        ProgrammeCard(
            title=row["title"],
            url=reverse("grants:call", args=[row["pk"]]),
            status=str(CallState(row["state"]).label),
        )
        for row in rows
    ]
    # The calls come first and only ``SHOWN`` cards show: with that many calls, no contest
    # would, so their query is not made.
    free = SHOWN - len(cards)
    if free:
        rows = prepared_rows(
            f"grants.home_contests.{free}",
            Contest,
            [municipality.pk, ContestState.DRAFT],
            lambda: public_contests(municipality).values("pk", "title", "state")[:free],
        )
        cards += [
            ProgrammeCard(
                title=row["title"],
                url=reverse("grants:contest", args=[row["pk"]]),
                status=str(ContestState(row["state"]).label),
            )
            for row in rows
        ]
    return cards


def _cards_for_many(municipalities: list[Any]) -> dict[int, list[ProgrammeCard]]:
    """Every place's own calls and contests in two queries (the index page of all places)."""
    ids = [m.pk for m in municipalities]
    found: dict[int, list[ProgrammeCard]] = {pk: [] for pk in ids}
    calls = GrantCall.objects.filter(municipality_id__in=ids, state__in=PUBLIC_CALLS)
    for call in calls.order_by("-opens_at", "-pk"):
        found[call.municipality_id].append(
            ProgrammeCard(
                call.title, reverse("grants:call", args=[call.pk]), str(call.get_state_display())
            )
        )
    contests = Contest.objects.filter(municipality_id__in=ids).exclude(state=ContestState.DRAFT)
    for contest in contests.order_by("-pk"):
        found[contest.municipality_id].append(
            ProgrammeCard(
                contest.title,
                reverse("grants:contest", args=[contest.pk]),
                str(contest.get_state_display()),
            )
        )
    return {pk: cards[:SHOWN] for pk, cards in found.items()}


register_programme(
    Programme(
        key="grants",
        title=_("Grant calls"),
        description=_(
            "Calls for projects by resident groups and non-profits: eligibility rules as data, "
            "online applications by consortia, review panels, selection within the budget and "
            "grades; and the innovation contest with its online vote."
        ),
        order=85,
        cards=_cards,
        cards_for_many=_cards_for_many,
    )
)
