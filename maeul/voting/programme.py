"""The voting programme's cards on a municipality's home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.core.programmes import Programme, ProgrammeCard, register_programme
from maeul.voting.models import Poll
from maeul.voting.selectors import poll_state, state_label


def _cards(municipality: Any) -> list[ProgrammeCard]:
    polls = (
        Poll.objects.filter(
            announced_at__isnull=False, municipality__path__startswith=municipality.path
        )
        .select_related("municipality")
        .order_by("-closes_at")[:8]
    )
    cards = []
    for poll in polls:
        state = poll_state(poll)
        cards.append(
            ProgrammeCard(
                title=poll.title,
                url=reverse("voting:detail", args=[poll.pk]),
                status=state_label(state),
                summary=poll.municipality.display_name,
            )
        )
    return cards


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
