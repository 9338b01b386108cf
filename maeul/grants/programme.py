"""The grants programme's cards on a municipality's home page: its calls open or announced
(a city's call shows on its districts' pages too) and its innovation contests."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.core.sqlplan import Plan
from maeul.grants.models import CallState, Contest, ContestState, GrantCall
from maeul.grants.selectors import PUBLIC_CALLS, calls_of_places, public_contests
from maeul.places.models import Municipality

SHOWN = 6


def _calls(*places: int) -> QuerySet[Any]:
    return calls_of_places(places).values("pk", "title", "state")[:SHOWN]


def _contests(free: int) -> Plan:
    return Plan(
        lambda pk: public_contests(Municipality(pk=pk)).values("pk", "title", "state")[:free], int
    )


# The home page's queries, compiled once per process (``maeul.core.sqlplan``): the calls for
# each number of places (the place and the cities above it: their ids are an IN list), the
# contests for each number of cards left free (their LIMIT).
_HOME_CALLS: dict[int, Plan] = {}
_HOME_CONTESTS = {free: _contests(free) for free in range(1, SHOWN + 1)}


def _cards(municipality: Any) -> list[ProgrammeCard]:
    """The calls of the place and of the cities above it (``selectors.public_calls``), newest
    first, then its contests, ``SHOWN`` cards at most, read by planned queries of only what
    the cards show."""
    places = [municipality.pk, *(m.pk for m in municipality.ancestors())]
    plan = _HOME_CALLS.get(len(places))
    if plan is None:
        plan = _HOME_CALLS.setdefault(len(places), Plan(_calls, *(int,) * len(places)))
    rows = plan.dicts(*places)
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
        rows = _HOME_CONTESTS[free].dicts(municipality.pk)
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
