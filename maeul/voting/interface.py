"""What other apps may ask of the voting app (DESIGN: apps meet through interface modules).

Programmes that run their decisions as polls of the voting core — participatory budgeting's
mobile and committee votes — identify their polls by code and use these functions to make the
votes follow the programme: list the ones still running, end them as the programme moves on,
and refuse to publish while one still takes ballots.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maeul.voting.closing import end_in_transaction, polls_still_running
from maeul.voting.models import Poll
from maeul.voting.selectors import poll_state, state_label

__all__ = ["describe", "end_polls", "polls_by_code", "running_polls"]


def polls_by_code(codes: Iterable[str]) -> list[Poll]:
    return list(
        Poll.objects.filter(code__in=list(codes)).select_related("municipality").order_by("pk")
    )


def running_polls(codes: Iterable[str]) -> list[Poll]:
    """The polls of ``codes`` that take ballots now or may later (draft, upcoming, open)."""
    return polls_still_running(polls_by_code(codes))


def describe(poll: Poll) -> str:
    """One line for a person: the poll's title, state and what ending it will do."""
    state = poll_state(poll)
    if state == "open":
        return _("%(title)s: voting open until %(time)s; it will be closed now.") % {
            "title": poll.title,
            "time": date_format(timezone.localtime(poll.closes_at), "Y-m-d H:i"),
        }
    return _("%(title)s: %(state)s, no ballots; it will be cancelled.") % {
        "title": poll.title,
        "state": state_label(state),
    }


def end_polls(*, actor: Any, codes: Iterable[str], reason: str) -> list[Poll]:
    """Inside the caller's transaction, close early the open polls of ``codes`` and cancel the
    ones that cannot have ballots yet (audited one by one with ``reason``)."""
    return end_in_transaction(actor=actor, polls=polls_by_code(codes), reason=reason)
