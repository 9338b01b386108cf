"""The demo tells its resident what happened (issue 15, done-when): after ``maeul demo``, the
resident who proposed in Geumcheon-gu finds in their inbox that their proposals were received
and the screening outcome of each screened one (with the department), once each, and the
officials who screen find what waited for them."""

from __future__ import annotations

from maeul.accounts.models import User
from maeul.budgeting.models import Proposal, ProposalStatus
from maeul.notifications.models import Notice

SCREENING = {
    ProposalStatus.FEASIBLE: "budgeting.proposal_feasible",
    ProposalStatus.INFEASIBLE: "budgeting.proposal_infeasible",
    ProposalStatus.MERGED: "budgeting.proposal_merged",
}


def test_the_demo_resident_has_the_screening_outcome_in_the_inbox(shared_demo: None) -> None:
    resident = User.objects.get(username="resident.geumcheon")
    inbox = Notice.objects.filter(recipient=resident)
    screened = Proposal.objects.filter(author=resident, status__in=list(SCREENING))
    assert screened.exists()
    for proposal in screened:
        notice = inbox.get(
            kind=SCREENING[ProposalStatus(proposal.status)],
            event_key=f"budgeting.proposal:{proposal.pk}:screened:{proposal.status}",
        )
        assert notice.data["title"] == proposal.title
        assert notice.data["department"] == proposal.department
    received = inbox.filter(kind="budgeting.proposal_received").count()
    assert received == Proposal.objects.filter(author=resident).exclude(status="draft").count()
    manager = User.objects.get(username="manager.geumcheon")
    assert Notice.objects.filter(recipient=manager, kind="budgeting.proposals_to_screen").exists()
    # Nobody heard twice of one event, and no replayed 2020 vote was announced as news.
    assert inbox.count() == len(set(inbox.values_list("kind", "event_key")))
    assert not Notice.objects.filter(kind="voting.poll_results").exists()
