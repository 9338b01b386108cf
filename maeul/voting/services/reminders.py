"""Daily and hourly jobs of the voting core (sent by beat through ``voting.tasks``): reminders
of votes closing within 24 hours to those who have not voted, and of votes whose time is up
to the officials who publish results. Both are safe to run any number of times: each poll's
reminder reaches each person once (its ``event_key`` names the poll)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from maeul.accounts.selectors import officials_holding
from maeul.notifications.services import notify
from maeul.voting import clock, notices
from maeul.voting.models import Participation, Poll
from maeul.voting.rules import VotingPermission
from maeul.voting.selectors import state_filter

REMIND_WITHIN = dt.timedelta(hours=24)


def remind_closing(moment: dt.datetime | None = None) -> int:
    """Remind the eligible people who have not voted of each open poll closing within the
    next 24 hours; answers how many polls were reminded of. Safe to run any number of times
    (hourly by beat): each poll's reminder reaches each person once."""
    moment = moment or clock.now()
    polls = Poll.objects.filter(state_filter("open", moment), closes_at__lte=moment + REMIND_WITHIN)
    count = 0
    for poll in polls.order_by("pk"):
        voted = Participation.objects.filter(poll=poll).values("resident_id")
        notify(
            notices.CLOSING.code,
            notices.eligible_user_ids(poll).exclude(user_id__in=voted),
            event_key=f"voting.poll:{poll.pk}:closing",
            data=notices.data_of(poll),
            url=reverse("voting:detail", args=[poll.pk]),
            municipality_id=poll.municipality_id,
        )
        count += 1
    return count


def remind_to_close(moment: dt.datetime | None = None) -> int:
    """Tell the officials who may publish results about each vote whose time ran out and whose
    close nobody has recorded yet (``poll_close`` or publication); once per vote. A vote closed
    early, or ended by its programme (a budgeting cycle moving on), was closed by someone who
    knows. Answers how many votes were named."""
    moment = moment or clock.now()
    polls = Poll.objects.filter(
        state_filter("closed", moment), closed_at__isnull=True
    ).select_related("municipality")
    count = 0
    for poll in polls.order_by("pk"):
        notify(
            notices.TO_CLOSE.code,
            officials_holding(VotingPermission.PUBLISH_RESULTS, poll),
            event_key=f"voting.poll:{poll.pk}:to_close",
            data=notices.data_of(poll),
            url=reverse("voting:detail", args=[poll.pk]),
            municipality_id=poll.municipality_id,
        )
        count += 1
    return count
