"""Issue 13 finding: participatory-budgeting votes outlived their cycle — after the cycle moved
to its results phase and the result was published, a resident still cast a ballot in its
mobile vote.

Now advancing to the results phase closes the cycle's open votes (and cancels those not yet
open) in the same transaction, publishing refuses while a vote still takes ballots, and a ballot
sent afterwards is refused on every path: the web form, the API and, on PostgreSQL, the
one-statement fast path — even from a process that still caches the poll as open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maeul.auditlog.models import AuditEntry
from maeul.budgeting import services as pb
from maeul.budgeting.models import Cycle, MobileVote, Phase, Proposal
from maeul.core.errors import Conflict
from maeul.voting import fastpath
from maeul.voting import services as voting
from maeul.voting.errors import PollClosed
from maeul.voting.models import Ballot, Participation, Poll, PollOption
from tests.budgeting.conftest import (  # noqa: F401 (fixtures)
    advance_to,
    cycle,
    manager,
    resident,
    setup_cycle,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting_cycle(cycle: Cycle, manager: Any, resident: Any) -> Cycle:  # noqa: F811
    for group, cost in [("parks", 90_000_000), ("parks", 80_000_000), ("welfare", 50_000_000)]:
        submit(cycle, resident, group=group, cost=cost)
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    for p in Proposal.objects.all():
        pb.proposal_screen(actor=manager, proposal=p, decision="feasible", department="x")
    return advance_to(cycle, manager, Phase.VOTING)


def _open_mobile_vote(cycle: Cycle, manager: Any) -> Poll:  # noqa: F811
    now = timezone.now()
    pb.mobile_vote_open(
        actor=manager,
        cycle=cycle,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=7),
    )
    return Poll.objects.get(code=f"pb-{cycle.pk}-parks")


def _first_option(poll: Poll) -> int:
    return PollOption.objects.filter(poll=poll).order_by("position").values_list("pk", flat=True)[0]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _refused_everywhere(poll: Poll, stale: Poll, late: Any) -> None:
    """A ballot after the close: web form, API and the service with a stale poll object."""
    option = _first_option(poll)
    before = Ballot.objects.filter(poll=poll).count()
    client = _client(late)
    page = client.post(f"/votes/{poll.pk}/cast", {"key": "late-web", "choice": str(option)})
    assert page.status_code == 409
    api = client.post(
        f"/api/polls/{poll.pk}/ballots", {"choices": [option]}, content_type="application/json"
    )
    assert api.status_code == 409 and api.json()["code"] == "poll_closed", api.content
    assert stale.closed_at is None  # what a process cached before the close
    if connection.vendor == "postgresql":
        assert fastpath.applies(stale)  # the one-statement path decides here
    with pytest.raises(PollClosed):
        voting.ballot_cast(voter=late, poll=stale, choices=[option])
    assert Ballot.objects.filter(poll=poll).count() == before
    assert not Participation.objects.filter(poll=poll, resident=late).exists()


def test_results_phase_closes_the_mobile_vote_and_later_ballots_are_refused(
    voting_cycle: Cycle,
    manager: Any,  # noqa: F811
    places: dict[str, Any],
    make_resident: Any,
) -> None:
    poll = _open_mobile_vote(voting_cycle, manager)
    early, late = (make_resident(places["geumcheon"], places["gasan"]) for _ in range(2))
    voting.ballot_cast(voter=early, poll=poll, choices=[_first_option(poll)])
    stale = Poll.objects.get(pk=poll.pk)  # rules locked, still open: what a cache would hold
    if connection.vendor == "postgresql":
        fastpath._POLLS.clear()
        assert fastpath.poll_for_cast(late, poll.pk).closed_at is None  # cached as open

    # The official moves the cycle on; the confirmation page lists the vote it will close.
    client = _client(manager)
    url = reverse("budgeting:manage", args=[voting_cycle.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and poll.title in asked.content.decode()
    assert Cycle.objects.get(pk=voting_cycle.pk).phase == Phase.VOTING
    client.post(url, {"confirmed": "1"})
    assert Cycle.objects.get(pk=voting_cycle.pk).phase == Phase.RESULTS
    poll.refresh_from_db()
    assert poll.closed_at is not None and poll.closed_at < poll.closes_at
    closed = AuditEntry.objects.filter(kind="voting.poll_closed_early")
    assert closed.count() == 1 and voting_cycle.title in closed.get().data["reason"]

    _refused_everywhere(poll, stale, late)

    # The closed vote's tally is taken as the mobile channel; the result is published.
    pb.mobile_vote_import(actor=manager, cycle=voting_cycle)
    pb.vote_counts_record(
        actor=manager,
        cycle=Cycle.objects.get(pk=voting_cycle.pk),
        committee_voters=3,
        mobile_voters=1,
        counts={p.number: (1, p.mobile_approvals) for p in Proposal.objects.all()},
    )
    current = Cycle.objects.get(pk=voting_cycle.pk)
    run = pb.result_compute(actor=manager, cycle=current)
    pb.result_publish(actor=manager, run=run)
    _refused_everywhere(poll, stale, late)
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_publishing_is_refused_while_a_vote_of_the_cycle_takes_ballots(
    voting_cycle: Cycle,
    manager: Any,  # noqa: F811
) -> None:
    current = advance_to(voting_cycle, manager, Phase.RESULTS)
    pb.vote_counts_record(
        actor=manager,
        cycle=current,
        committee_voters=3,
        mobile_voters=3,
        counts={p.number: (1, 1) for p in Proposal.objects.all()},
    )
    # A vote linked to the cycle that still runs (opened before the check existed).
    now = timezone.now()
    poll = voting.poll_create(
        actor=manager,
        municipality=current.municipality,
        options=["a", "b"],
        code=f"pb-{current.pk}-parks",
        title="Still open",
        kind="single",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
    )
    voting.poll_announce(actor=manager, poll=poll)
    group = current.groups.get(code="parks")
    MobileVote.objects.create(cycle=current, group=group, poll=poll, numbers=[1, 2])
    run = pb.result_compute(actor=manager, cycle=current)
    with pytest.raises(Conflict) as refused:
        pb.result_publish(actor=manager, run=run)
    assert "Still open" in refused.value.message
    assert not current.results.filter(published_at__isnull=False).exists()


def test_a_vote_not_yet_open_is_cancelled_by_the_results_phase(
    voting_cycle: Cycle,
    manager: Any,  # noqa: F811
) -> None:
    later = timezone.now() + dt.timedelta(days=2)
    pb.mobile_vote_open(
        actor=manager, cycle=voting_cycle, opens_at=later, closes_at=later + dt.timedelta(days=7)
    )
    advance_to(voting_cycle, manager, Phase.RESULTS)
    for poll in Poll.objects.filter(code__startswith=f"pb-{voting_cycle.pk}-"):
        assert poll.cancelled_at is not None and poll.closed_at is None
