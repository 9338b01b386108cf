"""What 내 활동 shows, read through each programme's own "mine" selector.

Each programme says what is the resident's (``budgeting.selectors.proposals_of``,
``voting.selectors.participations_of`` / ``my_ballots``, ``points.selectors.entries_of``,
``juries.selectors.volunteering_of``); this module only puts them side by side. Secret
ballots stay secret: the voting selector gives the poll, the channel and the kept receipt,
never a choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from maeul.budgeting import selectors as budgeting
from maeul.juries import selectors as juries
from maeul.points import selectors as points
from maeul.voting import selectors as voting

LATEST = 3
"""Items of each kind on the overview; the rest are one click away, on paginated pages."""


@dataclass
class Section:
    count: int
    latest: list[Any]


@dataclass
class Overview:
    proposals: Section
    ballots: Section
    points: Section
    juries: Section
    balances: list[Any]

    @property
    def empty(self) -> bool:
        return not (
            self.proposals.count or self.ballots.count or self.points.count or self.juries.count
        )


def _latest_and_count(rows: Any) -> tuple[list[Any], int]:
    """The first ``LATEST`` of the ordered queryset ``rows`` and how many there are in all.

    Most residents have fewer than ``LATEST`` of a kind: then the rows read are all of them and
    their number is the count, so the ``COUNT(*)`` query is only sent when there may be more
    (it was four of the overview's fourteen queries, for nothing, on a typical account).
    """
    latest = list(rows[:LATEST])
    return latest, (len(latest) if len(latest) < LATEST else rows.count())


def overview(user: Any) -> Overview:
    """Counts and the latest few of each kind of the user's activity."""
    proposals, n_proposals = _latest_and_count(budgeting.proposals_of(user))
    participations, n_ballots = _latest_and_count(voting.participations_of(user))
    entries, n_entries = _latest_and_count(points.entries_of(user))
    volunteering, n_volunteering = _latest_and_count(juries.volunteering_of(user))
    return Overview(
        proposals=Section(n_proposals, proposals),
        ballots=Section(n_ballots, voting.my_ballots(participations)),
        points=Section(n_entries, entries),
        juries=Section(n_volunteering, volunteering),
        balances=points.accounts_of(user),
    )


proposals_of = budgeting.proposals_of
participations_of = voting.participations_of
my_ballots = voting.my_ballots
entries_of = points.entries_of
accounts_of = points.accounts_of
volunteering_of = juries.volunteering_of
