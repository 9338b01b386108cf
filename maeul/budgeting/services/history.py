"""The status history of proposals and the participation they announce, written by the
services that move a proposal on (inside their transaction, never on their own).

Each step is a ``ProposalEvent``; steps that happen once per proposal (submitted, in a vote,
selected or not) are unique in the database (``pb_proposal_event_once``), so a service run
again after a failure adds nothing twice. A resident's own submission and the adoption of
their proposal are announced as participation (``maeul.core.participation``): points arrive
after the transaction commits, only for what the municipality's award table lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from maeul.budgeting.models import Proposal, ProposalEvent
from maeul.core import participation
from maeul.core.participation import ActivityCode, ParticipationEvent


def step_record(
    proposal: Proposal,
    kind: str,
    *,
    detail: str = "",
    reason: str = "",
    at: dt.datetime | None = None,
) -> ProposalEvent:
    """Append one step to ``proposal``'s history."""
    return ProposalEvent.objects.create(
        proposal=proposal, kind=kind, detail=detail, reason=reason, at=at or timezone.now()
    )


def steps_record(events: Iterable[ProposalEvent]) -> None:
    """Append many steps at once; a once-per-proposal step already recorded is skipped."""
    ProposalEvent.objects.bulk_create(list(events), ignore_conflicts=True)


def _by_resident(proposal: Proposal) -> bool:
    """Proposals entered by an official for someone on paper earn the official nothing."""
    return not proposal.offline_proposer


def announce_submitted(proposal: Proposal) -> None:
    if _by_resident(proposal) and proposal.submitted_at is not None:
        participation.announce(
            ParticipationEvent(
                activity=ActivityCode.PROPOSAL_SUBMITTED,
                resident_id=proposal.author_id,
                municipality_id=proposal.cycle.municipality_id,
                source_key=f"pb.proposal_submitted:{proposal.pk}",
                occurred_at=proposal.submitted_at,
            )
        )


def announce_adopted(proposals: Iterable[Proposal], *, municipality_id: int, at: Any) -> None:
    for proposal in proposals:
        if _by_resident(proposal):
            participation.announce(
                ParticipationEvent(
                    activity=ActivityCode.PROPOSAL_ADOPTED,
                    resident_id=proposal.author_id,
                    municipality_id=municipality_id,
                    source_key=f"pb.proposal_adopted:{proposal.pk}",
                    occurred_at=at,
                )
            )
