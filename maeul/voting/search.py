"""What the voting app offers the search page (``maeul.search``): the votes a visitor may see
listed, matched by title, narrowed by the year they open and their state."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.core import textsearch
from maeul.places.models import Municipality
from maeul.voting import clock
from maeul.voting.models import Poll, PollState
from maeul.voting.selectors import listed_polls, poll_state, state_label

POLL_SEARCH_FIELDS = ("title",)
POLL_SEARCH_TEXT = ("description",)  # long text (search.0002_trigram_long_text)


def search_statuses() -> list[tuple[str, str]]:
    """The states a search can be narrowed to (drafts are never searched)."""
    return [(str(s.value), str(s.label)) for s in PollState if s != PollState.DRAFT]


def state_condition(state: str) -> Q:
    """``poll_state(poll) == state`` as a database condition, at the voting clock's now."""
    now = clock.now()
    running = Q(announced_at__isnull=False, cancelled_at__isnull=True, published_at__isnull=True)
    conditions = {
        PollState.CANCELLED: Q(cancelled_at__isnull=False),
        PollState.PUBLISHED: Q(cancelled_at__isnull=True, published_at__isnull=False),
        PollState.UPCOMING: running & Q(closed_at__isnull=True, opens_at__gt=now),
        PollState.OPEN: running & Q(closed_at__isnull=True, opens_at__lte=now, closes_at__gt=now),
        PollState.CLOSED: running & (Q(closed_at__isnull=False) | Q(closes_at__lte=now)),
    }
    return conditions.get(PollState(state), Q(pk__in=[])) if state in PollState.values else Q()


def search_polls(
    term: str,
    *,
    user: Any,
    places: QuerySet[Municipality] | None,
    year: int | None = None,
    status: str = "",
) -> textsearch.Source:
    """Votes listed to ``user`` (committee votes only to their roll, ``listed_polls``) in
    ``places`` whose title contains ``term``, the latest closing first."""
    rows = (
        listed_polls(user)
        .filter(textsearch.matching(term, *POLL_SEARCH_FIELDS, long=POLL_SEARCH_TEXT))
        .select_related("municipality")
        .order_by("-closes_at", "pk")
    )
    if places is not None:
        rows = rows.filter(municipality__in=places)
    if year is not None:
        rows = rows.filter(opens_at__year=year)
    if status:
        rows = rows.filter(state_condition(status))

    def hit(poll: Poll) -> textsearch.Hit:
        return textsearch.Hit(
            kind="poll",
            kind_label=_("Vote"),
            title=poll.title,
            url=reverse("voting:detail", args=[poll.pk]),
            place=poll.municipality.display_name,
            year=timezone.localtime(poll.opens_at).year,
            status=state_label(poll_state(poll)),
            excerpt=textsearch.excerpt(poll.description, term),
        )

    return textsearch.Source(kind="poll", rows=rows, hit=hit)
