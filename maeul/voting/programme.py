"""The voting programme's cards on a municipality's home page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from maeul.core.programmes import Cards, Programme, ProgrammeCard, register_programme
from maeul.voting.selectors import listed_polls, poll_state, polls_within, state_label

SHOWN = 8


def _cards(municipality: Any) -> list[ProgrammeCard]:
    """The latest polls listed to the public (never a committee's roll poll, nor a cancelled
    one), at most ``SHOWN``, with the total and a link to all of them on ``/votes/?m=``."""
    listed = listed_polls(None).filter(cancelled_at__isnull=True)  # as /votes/ lists them
    polls = polls_within(listed, municipality).select_related("municipality")
    # The total rides on the shown rows as a window count (evaluated before the LIMIT), so
    # the card takes one query rather than a second ``COUNT`` when there are more to see.
    shown = list(
        polls.annotate(listed_total=Window(Count("pk"))).order_by("-closes_at", "pk")[:SHOWN]
    )
    total = shown[0].listed_total if len(shown) == SHOWN else len(shown)
    cards = [
        ProgrammeCard(
            title=poll.title,
            url=reverse("voting:detail", args=[poll.pk]),
            status=state_label(poll_state(poll)),
            summary=poll.municipality.display_name,
        )
        for poll in shown
    ]
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
