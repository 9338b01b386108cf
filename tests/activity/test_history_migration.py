"""Proposals from before the status history (budgeting migration 0011) get the steps their own
fields still show: submitted, screened with the reason, in the vote, selected or not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from maeul.budgeting import services
from maeul.budgeting.models import Cycle, Phase, Proposal, ProposalEvent
from tests.budgeting.conftest import advance_to, submit
from tests.migrations import migrate, migrate_to_latest

BEFORE = [("budgeting", "0010_proposal_location")]
AFTER = [("budgeting", "0011_proposal_status_history")]


@pytest.mark.django_db(transaction=True)
def test_older_proposals_get_their_history(cycle: Cycle, manager: Any, resident: Any) -> None:
    feasible = [submit(cycle, resident, cost=90_000_000), submit(cycle, resident)]
    refused = submit(cycle, resident, title="사유지 공원")
    draft = services.proposal_save(
        actor=resident,
        cycle=cycle,
        data={
            "title": "임시",
            "description": "x",
            "address": "가산동",
            "group": cycle.groups.get(code="parks"),
            "type": cycle.types.get(code="general"),
            "estimated_cost_won": 1_000_000,
        },
    )
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    for p in feasible:
        services.proposal_screen(actor=manager, proposal=p, decision="feasible", department="x")
    services.proposal_screen(
        actor=manager, proposal=refused, decision="infeasible", department="x", reason="사유지"
    )
    cycle = advance_to(cycle, manager, Phase.VOTING)
    start = timezone.now() + dt.timedelta(hours=1)
    services.mobile_vote_open(
        actor=manager, cycle=cycle, opens_at=start, closes_at=start + dt.timedelta(days=1)
    )
    ProposalEvent.objects.all().delete()  # as if they were made before the history existed
    try:
        migrate(BEFORE)
        migrate(AFTER)
    finally:
        migrate_to_latest()
    kinds = {
        p.pk: [(e.kind, e.detail, e.reason) for e in p.history.order_by("at", "pk")]
        for p in Proposal.objects.all()
    }
    assert kinds[feasible[0].pk] == [
        ("submitted", "", ""),
        ("feasible", "", ""),
        ("in_vote", "mobile", ""),
    ]
    assert kinds[refused.pk] == [("submitted", "", ""), ("infeasible", "", "사유지")]
    assert kinds[draft.pk] == []
