"""The votes' link to their polls moved from a poll code to a foreign key (migrations
0007-0009): existing links keep their poll both ways — back to the code and forward to the
key — on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from maeul.budgeting import services
from maeul.budgeting.models import Cycle, MobileVote, Phase, Proposal
from tests.migrations import migrate, migrate_to_latest

from .conftest import advance_to, submit

BEFORE = [("budgeting", "0006_text_length_limits")]
AFTER = [("budgeting", "0009_vote_poll_key_required")]


@pytest.mark.django_db(transaction=True)
def test_links_keep_their_polls_through_the_migration(
    cycle: Cycle, manager: Any, resident: Any
) -> None:
    for group, cost in [("parks", 90_000_000), ("parks", 80_000_000)]:
        submit(cycle, resident, group=group, cost=cost)
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    for p in Proposal.objects.all():
        services.proposal_screen(actor=manager, proposal=p, decision="feasible", department="x")
    cycle = advance_to(cycle, manager, Phase.VOTING)
    start = timezone.now() + dt.timedelta(hours=1)
    [link] = services.mobile_vote_open(
        actor=manager, cycle=cycle, opens_at=start, closes_at=start + dt.timedelta(days=1)
    )
    poll_id, code = link.poll_id, link.poll.code

    try:
        old = migrate(BEFORE)
        [row] = old.get_model("budgeting", "MobileVote").objects.all()
        assert row.poll_code == code  # the way back wrote the code again
        migrate(AFTER)
    finally:
        migrate_to_latest()

    assert MobileVote.objects.get().poll_id == poll_id
