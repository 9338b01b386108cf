"""The voting programme's cards on a municipality's home page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from maeul.core.programmes import Cards, Programme, ProgrammeCard, register_programme
from maeul.core.sqlplan import Plan
from maeul.places.models import Municipality
from maeul.voting.models import Poll
from maeul.voting.selectors import listed_polls, poll_state, polls_within, state_label

SHOWN = 8
# What ``poll_state`` reads, and what the card shows.
_STATE_FIELDS = (
    "cancelled_at",
    "published_at",
    "announced_at",
    "closed_at",
    "opens_at",
    "closes_at",
)


def _latest(path: str) -> Any:
    """The latest polls listed to the public (never a committee's roll poll, nor a cancelled
    one), as ``/votes/`` lists them, at most ``SHOWN``. The total rides on the shown rows as a
    window count (evaluated before the LIMIT), so the card takes one query rather than a
    second ``COUNT`` when there are more to see. ``path`` is the place's: its subtree's."""
    listed = listed_polls(None).filter(cancelled_at__isnull=True)
    return (
        polls_within(listed, Municipality(path=path))
        .annotate(listed_total=Window(Count("pk")))
        .order_by("-closes_at", "pk")
        .values(
            "pk",
            "title",
            *_STATE_FIELDS,
            "municipality__name",
            "municipality__name_en",
            "listed_total",
        )[:SHOWN]
    )


# Compiled once per process (``maeul.core.sqlplan``): its one value is the place's path.
_HOME_CARDS = Plan(_latest, str)


def _cards(municipality: Any) -> list[ProgrammeCard]:
    rows = _HOME_CARDS.dicts(municipality.path)
    total = rows[0]["listed_total"] if len(rows) == SHOWN else len(rows)
    cards = []
    names: dict[tuple[str, str], str] = {}  # the shown polls are mostly of one or two places
    for row in rows:
        poll = Poll(pk=row["pk"], **{name: row[name] for name in _STATE_FIELDS})
        place = (row["municipality__name"], row["municipality__name_en"])
        if place not in names:
            names[place] = Municipality(name=place[0], name_en=place[1]).display_name
        cards.append(
            ProgrammeCard(
                title=row["title"],
                url=reverse("voting:detail", args=[poll.pk]),
                status=state_label(poll_state(poll)),
                summary=names[place],
            )
        )
    more_url = f"{reverse('voting:list')}?{urlencode({'m': municipality.slug})}"
    return Cards(cards, total=total, more_url=more_url)


register_programme(
    Programme(
        key="voting",
        title=_("Resident decisions by vote"),
        description=_(
            "Residents decide local matters by mobile vote, at on-site desks, on paper or at a "
            "resident assembly; one person, one ballot."
        ),
        order=20,
        cards=_cards,
    )
)
