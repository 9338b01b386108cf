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


def overview(user: Any) -> Overview:
    """Counts and the latest few of each kind of the user's activity."""
    proposals = budgeting.proposals_of(user)
    participations = voting.participations_of(user)
    entries = points.entries_of(user)
    volunteering = juries.volunteering_of(user)
    return Overview(
        proposals=Section(proposals.count(), list(proposals[:LATEST])),
        ballots=Section(participations.count(), voting.my_ballots(participations[:LATEST])),
        points=Section(entries.count(), list(entries[:LATEST])),
        juries=Section(volunteering.count(), list(volunteering[:LATEST])),
        balances=points.accounts_of(user),
    )


proposals_of = budgeting.proposals_of
participations_of = voting.participations_of
my_ballots = voting.my_ballots
entries_of = points.entries_of
accounts_of = points.accounts_of
volunteering_of = juries.volunteering_of
