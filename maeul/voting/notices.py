"""What the voting core tells people (issue 15).

Residents: a vote they may take part in was announced, it closes within 24 hours and they
have not voted yet, its results are published (to those who took part). Officials who may
publish a vote's results: its time is up and it waits to be closed and published.

Who may vote is the voting core's own rule (``selectors.eligible_residents``: the poll's
place, its dongs, minimum age, verification; a roll poll's roll), read as one query of user
ids, so a Nam-gu vote reaches Nam-gu's eligible residents and nobody in Geumcheon-gu, and a
vote of 100,000 residents costs one indexed query plus the batched fan-out of ``notify``.

No notice says what anyone chose: the data are the poll's title, link and times only, on
every kind of poll, secret or not. History replayed by the demo loader (``clock.replaying``)
is not news and tells nobody.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify
from maeul.voting import clock
from maeul.voting.models import Participation, Poll, PollVoter
from maeul.voting.selectors import eligible_residents

OPENED = register(
    NoticeKind(
        code="voting.poll_opened",
        audience=Audience.RESIDENT,
        label=_("A vote I may take part in was announced"),
        subject=_("A vote for you: “%(title)s”"),
        body=_("Voting runs from %(opens)s to %(closes)s (Korea time)."),
    )
)
CLOSING = register(
    NoticeKind(
        code="voting.poll_closing",
        audience=Audience.RESIDENT,
        label=_("A vote I have not taken part in closes within 24 hours"),
        subject=_("“%(title)s” closes within 24 hours"),
        body=_("The vote closes at %(closes)s (Korea time)."),
    )
)
RESULTS = register(
    NoticeKind(
        code="voting.poll_results",
        audience=Audience.RESIDENT,
        label=_("The results of a vote I took part in are published"),
        subject=_("The results of “%(title)s” are published"),
    )
)
TO_CLOSE = register(
    NoticeKind(
        code="voting.poll_to_close",
        audience=Audience.OFFICIAL,
        label=_("A vote's time is up and its results wait to be published"),
        subject=_("“%(title)s” has ended: close it and publish its results"),
        body=_("Its voting time ended at %(closes)s (Korea time)."),
    )
)


def _kst(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def data_of(poll: Poll) -> dict[str, Any]:
    return {"title": poll.title, "opens": _kst(poll.opens_at), "closes": _kst(poll.closes_at)}


def eligible_user_ids(poll: Poll) -> QuerySet[Any]:
    """User ids of everyone who may vote in ``poll``: the roll of a roll poll (official
    accounts on it included), otherwise the eligible residents (the voting core's rule)."""
    if poll.by_roll:
        return PollVoter.objects.filter(poll=poll).values_list("user_id", flat=True)
    return eligible_residents(poll).values_list("user_id", flat=True)


def poll_announced(poll: Poll) -> None:
    """``poll`` was announced: everyone who may vote in it is told."""
    if clock.is_replaying():
        return
    notify(
        OPENED.code,
        eligible_user_ids(poll),
        event_key=f"voting.poll:{poll.pk}:opened",
        data=data_of(poll),
        url=reverse("voting:detail", args=[poll.pk]),
        municipality_id=poll.municipality_id,
    )


def poll_published(poll: Poll) -> None:
    """The results of ``poll`` are published: those who took part are told (that they took
    part is known to the poll; what they chose is not in the notice)."""
    if clock.is_replaying():
        return
    notify(
        RESULTS.code,
        Participation.objects.filter(poll=poll).values_list("resident_id", flat=True),
        event_key=f"voting.poll:{poll.pk}:results",
        data=data_of(poll),
        url=reverse("voting:results", args=[poll.pk]),
        municipality_id=poll.municipality_id,
    )
