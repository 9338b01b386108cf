"""The grants programme's cards on a municipality's home page: its calls open or announced
(a city's call shows on its districts' pages too) and its innovation contests."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.grants.selectors import public_calls, public_contests

SHOWN = 6


def _cards(municipality: Any) -> list[ProgrammeCard]:
    cards = [
        ProgrammeCard(
            title=call.title,
            url=reverse("grants:call", args=[call.pk]),
            status=str(call.get_state_display()),
        )
        for call in public_calls(municipality)[:SHOWN]
    ]
    # The calls come first and only ``SHOWN`` cards show: with that many calls, no contest
    # would, so their query is not made.
    if len(cards) < SHOWN:
        cards += [
            ProgrammeCard(
                title=contest.title,
                url=reverse("grants:contest", args=[contest.pk]),
                status=str(contest.get_state_display()),
            )
            for contest in public_contests(municipality)[: SHOWN - len(cards)]
        ]
    return cards


def _cards_for_many(municipalities: list[Any]) -> dict[int, list[ProgrammeCard]]:
    """Every place's own calls and contests in two queries (the index page of all places)."""
    from maeul.grants.models import Contest, ContestState, GrantCall
    from maeul.grants.selectors import PUBLIC_CALLS

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
