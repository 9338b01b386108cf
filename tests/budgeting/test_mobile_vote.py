"""The public mobile vote on the voting core: one poll per group with the group's maximum
picks, residents cast there, the closed polls' tallies become the mobile approvals and the
distinct participants the mobile voters; the result then runs as with entered tallies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from maeul.budgeting import results, services
from maeul.budgeting.models import Cycle, MobileVote, Phase, Proposal
from maeul.core.errors import Conflict, ServiceError
from maeul.voting import clock
from maeul.voting import services as voting
from maeul.voting.models import Poll, PollOption

from .conftest import advance_to, submit


@pytest.fixture
def voting_cycle(cycle: Cycle, manager: Any, resident: Any) -> Cycle:
    for group, cost in [
        ("parks", 90_000_000),
        ("parks", 80_000_000),
        ("parks", 60_000_000),
        ("welfare", 50_000_000),
        ("welfare", 40_000_000),
        ("economy", 30_000_000),
    ]:
        submit(cycle, resident, group=group, cost=cost)
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    for p in Proposal.objects.all():
        services.proposal_screen(actor=manager, proposal=p, decision="feasible", department="x")
    return advance_to(cycle, manager, Phase.VOTING)


def _options(poll: Poll) -> dict[int, int]:
    """Proposal number -> option id."""
    return {int(o.label.split()[0].lstrip("#")): o.pk for o in PollOption.objects.filter(poll=poll)}


def test_mobile_vote_through_the_voting_core(
    voting_cycle: Cycle, manager: Any, places: dict[str, Any], make_resident: Any
) -> None:
    cycle = voting_cycle
    start = timezone.now() - dt.timedelta(hours=3)
    end = timezone.now() - dt.timedelta(hours=1)
    links = services.mobile_vote_open(actor=manager, cycle=cycle, opens_at=start, closes_at=end)
    assert [link.group.code for link in links] == ["welfare", "parks"]  # economy: one proposal
    assert (
        services.mobile_vote_open(actor=manager, cycle=cycle, opens_at=start, closes_at=end) == []
    )
    parks = Poll.objects.get(code=f"pb-{cycle.pk}-parks")
    welfare = Poll.objects.get(code=f"pb-{cycle.pk}-welfare")
    assert parks.max_choices == 3 and parks.announced_at is not None
    voters = [make_resident(places["geumcheon"], places["gasan"]) for _ in range(4)]
    p_opts, w_opts = _options(parks), _options(welfare)
    with clock.replaying(start + dt.timedelta(minutes=30)):
        for i, voter in enumerate(voters):
            voting.ballot_cast(
                voter=voter, poll=parks, choices=[p_opts[1], p_opts[2]] if i < 3 else [p_opts[3]]
            )
        voting.ballot_cast(voter=voters[0], poll=welfare, choices=[w_opts[4]])
    services.mobile_vote_import(actor=manager, cycle=cycle)
    cycle.refresh_from_db()
    assert cycle.mobile_voters == 4
    approvals = dict(Proposal.objects.values_list("number", "mobile_approvals"))
    assert approvals == {1: 3, 2: 3, 3: 1, 4: 1, 5: 0, 6: 0}
    assert MobileVote.objects.filter(cycle=cycle).count() == 2
    mes = {g["group"].code: g for g in results.mes_outcome(cycle)}
    assert mes["parks"]["ballots"] == 4 and "1" in mes["parks"]["selected"]
    assert "3" not in mes["parks"]["selected"]  # one voter's equal share cannot pay for it
    services.vote_counts_record(
        actor=manager,
        cycle=cycle,
        committee_voters=10,
        mobile_voters=4,
        counts={n: (5, m) for n, m in approvals.items()},
    )
    cycle = advance_to(cycle, manager, Phase.RESULTS)
    services.result_publish(actor=manager, run=services.result_compute(actor=manager, cycle=cycle))
    from django.test import Client
    from django.urls import reverse

    page = Client().get(reverse("budgeting:analysis", args=[cycle.municipality.slug, 2021]))
    assert '<th scope="col">MES</th>' in page.content.decode()


def test_mobile_vote_rules(voting_cycle: Cycle, manager: Any, cycle: Cycle) -> None:
    later = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ServiceError):
        services.mobile_vote_open(
            actor=manager, cycle=voting_cycle, opens_at=later.replace(tzinfo=None), closes_at=later
        )
    with pytest.raises(Conflict):
        services.mobile_vote_import(actor=manager, cycle=voting_cycle)
    services.mobile_vote_open(
        actor=manager, cycle=voting_cycle, opens_at=later, closes_at=later + dt.timedelta(days=7)
    )
    with pytest.raises(Conflict):  # still open
        services.mobile_vote_import(actor=manager, cycle=voting_cycle)


def test_official_screen_opens_and_imports(voting_cycle: Cycle, manager: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(manager)
    url = reverse("budgeting:votes", args=[voting_cycle.pk])
    assert "모바일투표 시작" in client.get(url).content.decode()
    open_url = reverse("budgeting:mobile_vote_open", args=[voting_cycle.pk])
    response = client.post(
        open_url, {"opens_at": "2021-07-26T09:00", "closes_at": "2021-07-26T08:00"}, follow=True
    )
    assert MobileVote.objects.count() == 0 and response.status_code == 200
    client.post(open_url, {"opens_at": "2021-07-26T09:00", "closes_at": "2021-08-13T18:00"})
    assert MobileVote.objects.count() == 2
    import_url = reverse("budgeting:mobile_vote_import", args=[voting_cycle.pk])
    response = client.post(import_url, follow=True)
    assert "모바일투표 집계를 가져왔습니다" in response.content.decode()
    page = Client().get(reverse("budgeting:cycle", args=[voting_cycle.municipality.slug, 2021]))
    assert "분야 투표하기" in page.content.decode()
