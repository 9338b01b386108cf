"""The PB committee from the governance register, and its vote on the voting core: one secret
poll per group whose roll is the committee's members in term with an account; the closed
polls' tallies become the committee approvals and their distinct participants the committee
voters; the result then runs by the Korean mixed rule as with entered tallies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maeul.auditlog.models import AuditEntry
from maeul.budgeting import results, services
from maeul.budgeting.models import PHASE_ORDER, CommitteeVote, Cycle, Phase, Proposal
from maeul.core.errors import Conflict, ServiceError
from maeul.voting import clock
from maeul.voting import services as voting
from maeul.voting.errors import NotEligible
from maeul.voting.models import Poll, PollOption, PollVoter

from .conftest import advance_to, enrol, link_bodies, submit

PAST = (timezone.now() - dt.timedelta(hours=3), timezone.now() - dt.timedelta(hours=1))


def _feasible(cycle: Cycle, manager: Any, resident: Any) -> Cycle:
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
    return cycle


@pytest.fixture
def committee(
    cycle: Cycle, manager: Any, places: dict[str, Any], make_resident: Any, make_official: Any
) -> dict[str, Any]:
    body, subcommittee, support = link_bodies(cycle, manager)
    today = timezone.localdate()
    people = {
        "chair": make_resident(places["geumcheon"], places["gasan"]),
        "sub": make_resident(places["geumcheon"], places["doksan"]),  # in a subcommittee only
        "ex_officio": make_official(places["geumcheon"], "reviewer"),  # an official member
        "ended": make_resident(places["geumcheon"], places["gasan"]),
        "supporter": make_resident(places["geumcheon"], places["gasan"]),
    }
    enrol(manager, body, people["chair"])
    enrol(manager, subcommittee, people["sub"])
    enrol(manager, body, people["ex_officio"])
    enrol(
        manager,
        body,
        people["ended"],
        start=today - dt.timedelta(days=400),
        end=today - dt.timedelta(days=10),
    )
    enrol(manager, body, None, name="계정 없는 위원")
    enrol(manager, support, people["supporter"])
    return {"body": body, "subcommittee": subcommittee, "support": support, **people}


@pytest.fixture
def voting_cycle(cycle: Cycle, manager: Any, resident: Any, committee: dict[str, Any]) -> Cycle:
    return advance_to(_feasible(cycle, manager, resident), manager, Phase.VOTING)


def _options(poll: Poll) -> dict[int, int]:
    """Proposal number -> option id."""
    return {int(o.label.split()[0].lstrip("#")): o.pk for o in PollOption.objects.filter(poll=poll)}


def test_committee_vote_through_the_voting_core(
    voting_cycle: Cycle, manager: Any, committee: dict[str, Any], resident: Any
) -> None:
    cycle = voting_cycle
    start, end = PAST
    links = services.committee_vote_open(actor=manager, cycle=cycle, opens_at=start, closes_at=end)
    assert [link.group.code for link in links] == ["welfare", "parks"]  # economy: one proposal
    assert (
        services.committee_vote_open(actor=manager, cycle=cycle, opens_at=start, closes_at=end)
        == []
    )
    parks = Poll.objects.get(code=f"pbc-{cycle.pk}-parks")
    welfare = Poll.objects.get(code=f"pbc-{cycle.pk}-welfare")
    roll = set(PollVoter.objects.filter(poll=parks).values_list("user_id", flat=True))
    # In term with an account, the subcommittee included; not the ended term, not the
    # support group, not the member recorded by name only.
    assert roll == {committee["chair"].pk, committee["sub"].pk, committee["ex_officio"].pk}
    assert parks.by_roll and parks.is_secret and parks.kind == "multiple"
    assert parks.max_choices == 3 and parks.announced_at is not None
    p_opts, w_opts = _options(parks), _options(welfare)
    with clock.replaying(start + dt.timedelta(minutes=30)):
        voting.ballot_cast(voter=committee["chair"], poll=parks, choices=[p_opts[1], p_opts[2]])
        voting.ballot_cast(voter=committee["sub"], poll=parks, choices=[p_opts[1]])
        voting.ballot_cast(voter=committee["ex_officio"], poll=welfare, choices=[w_opts[5]])
        for outsider in (committee["ended"], committee["supporter"], resident):
            with pytest.raises(NotEligible):
                voting.ballot_cast(voter=outsider, poll=parks, choices=[p_opts[3]])
    # Mobile tallies entered by hand stay as they are.
    services.vote_counts_record(
        actor=manager,
        cycle=cycle,
        committee_voters=0,
        mobile_voters=100,
        counts={n: (0, 10 * n) for n in range(1, 7)},
    )
    services.committee_vote_import(actor=manager, cycle=cycle)
    cycle.refresh_from_db()
    assert (cycle.committee_voters, cycle.mobile_voters) == (3, 100)
    rows = Proposal.objects.order_by("number").values_list(
        "number", "committee_approvals", "mobile_approvals"
    )
    assert list(rows) == [(1, 2, 10), (2, 1, 20), (3, 0, 30), (4, 0, 40), (5, 1, 50), (6, 0, 60)]
    kinds = list(
        AuditEntry.objects.filter(kind__startswith="budgeting.committee_vote").values_list(
            "kind", flat=True
        )
    )
    assert kinds.count("budgeting.committee_vote_opened") == 2
    assert kinds.count("budgeting.committee_vote_imported") == 1
    # The result runs by the Korean mixed rule on the imported committee approvals.
    cycle = advance_to(cycle, manager, Phase.RESULTS)
    run = services.result_compute(actor=manager, cycle=cycle)
    assert run.data == results.compute(cycle)
    assert results.compute(cycle)["selected"]


def test_committee_vote_refusals(
    cycle: Cycle, manager: Any, resident: Any, committee: dict[str, Any]
) -> None:
    start, end = PAST
    with pytest.raises(services.PhaseClosed) as info:
        services.committee_vote_open(actor=manager, cycle=cycle, opens_at=start, closes_at=end)
    assert "2021" in info.value.message  # the voting phase's dates are named
    with pytest.raises(services.PhaseClosed):
        services.committee_vote_import(actor=manager, cycle=cycle)
    cycle = advance_to(_feasible(cycle, manager, resident), manager, Phase.VOTING)
    with pytest.raises(ServiceError) as info:
        services.committee_vote_open(
            actor=manager, cycle=cycle, opens_at=start.replace(tzinfo=None), closes_at=end
        )
    assert info.value.field == "opens_at"
    with pytest.raises(Conflict):  # nothing opened yet
        services.committee_vote_import(actor=manager, cycle=cycle)
    # Nobody in term on the opening day: the roll would be empty.
    later = timezone.now() + dt.timedelta(days=800)
    with pytest.raises(Conflict) as info:
        services.committee_vote_open(
            actor=manager, cycle=cycle, opens_at=later, closes_at=later + dt.timedelta(days=1)
        )
    assert info.value.field == "committee_body"
    soon = timezone.now() + dt.timedelta(days=1)
    services.committee_vote_open(
        actor=manager,
        cycle=cycle,
        opens_at=soon,
        closes_at=soon + dt.timedelta(days=7),
        any_number=True,
    )
    assert Poll.objects.get(code=f"pbc-{cycle.pk}-parks").kind == "approval"
    with pytest.raises(Conflict):  # still open
        services.committee_vote_import(actor=manager, cycle=cycle)
    with pytest.raises(Conflict) as info:  # the rolls were drawn from this committee
        services.cycle_bodies_set(actor=manager, cycle=cycle, committee_body=None)
    assert info.value.field == "committee_body"


def test_committee_vote_needs_a_linked_committee(cycle: Cycle, manager: Any, resident: Any) -> None:
    cycle = advance_to(_feasible(cycle, manager, resident), manager, Phase.VOTING)
    with pytest.raises(Conflict) as info:
        services.committee_vote_open(
            actor=manager, cycle=cycle, opens_at=PAST[0], closes_at=PAST[1]
        )
    assert info.value.field == "committee_body"
    assert not CommitteeVote.objects.exists()


def test_linking_checks_the_body(
    cycle: Cycle, manager: Any, places: dict[str, Any], make_official: Any
) -> None:
    from maeul.governance import services as governance

    elsewhere = governance.body_create(
        actor=make_official(places["gwanak"], "administrator"),
        municipality=places["gwanak"],
        name="관악구 주민참여예산위원회",
        kind="pb_committee",
    )
    with pytest.raises(ServiceError) as info:
        services.cycle_bodies_set(actor=manager, cycle=cycle, committee_body=elsewhere)
    assert info.value.field == "committee_body"
    council = governance.body_create(
        actor=manager, municipality=cycle.municipality, name="협치회의", kind="governance_committee"
    )
    with pytest.raises(ServiceError) as info:
        services.cycle_bodies_set(actor=manager, cycle=cycle, committee_body=council)
    assert "committee" in info.value.message or "위원회" in info.value.message
    services.cycle_bodies_set(actor=manager, cycle=cycle, support_body=council)
    cycle.refresh_from_db()
    assert cycle.support_body == council


def test_membership_follows_the_register(
    cycle: Cycle, manager: Any, committee: dict[str, Any]
) -> None:
    """Comment rights come from running terms: an ended term no longer counts, a resignation
    ends it the day after."""
    from maeul.accounts.permissions import has_permission
    from maeul.governance import services as governance

    cycle.refresh_from_db()  # linked by the fixture
    for key, allowed in (("chair", True), ("sub", True), ("supporter", True), ("ended", False)):
        assert has_permission(committee[key], "budgeting.comment", cycle) is allowed, key
    assert has_permission(committee["chair"], "budgeting.committee_vote", cycle)
    assert not has_permission(committee["supporter"], "budgeting.committee_vote", cycle)
    term = committee["body"].memberships.get(user=committee["chair"])
    governance.membership_end(
        actor=manager,
        membership=term,
        on=timezone.localdate() - dt.timedelta(days=1),
        reason="사임",
        acknowledge=True,
    )
    assert not has_permission(committee["chair"], "budgeting.comment", cycle)


# ---- permissions: who x phase x the new actions -------------------------------------------

ACTORS = ["resident", "member", "official", "official_elsewhere", "auditor"]
PHASES = [Phase.PROPOSALS, Phase.SCREENING, Phase.DELIBERATION, Phase.VOTING, Phase.RESULTS]


@pytest.mark.parametrize("phase", PHASES)
def test_permission_matrix(
    cycle: Cycle,
    manager: Any,
    resident: Any,
    committee: dict[str, Any],
    places: dict[str, Any],
    make_official: Any,
    phase: str,
) -> None:
    actors = {
        "resident": resident,
        "member": committee["chair"],
        "official": manager,
        "official_elsewhere": make_official(places["gwanak"], "administrator"),
        "auditor": make_official(places["geumcheon"], "auditor"),
    }
    if PHASE_ORDER.index(phase) >= PHASE_ORDER.index(Phase.VOTING):
        cycle = advance_to(_feasible(cycle, manager, resident), manager, Phase.VOTING)
        if phase == Phase.RESULTS:
            services.committee_vote_open(
                actor=manager, cycle=cycle, opens_at=PAST[0], closes_at=PAST[1]
            )
    cycle = advance_to(cycle, manager, phase)

    def attempt(action: str, who: str) -> str:
        actor = actors[who]
        try:
            if action == "link":
                services.cycle_bodies_set(
                    actor=actor,
                    cycle=cycle,
                    committee_body=committee["body"],
                    support_body=committee["support"],
                )
            elif action == "open":
                services.committee_vote_open(
                    actor=actor, cycle=cycle, opens_at=PAST[0], closes_at=PAST[1]
                )
            else:
                services.committee_vote_import(actor=actor, cycle=cycle)
        except PermissionDenied:
            return "denied"
        except services.PhaseClosed:
            return "phase"
        return "ok"

    for action in ("link", "open", "import"):
        for who in ACTORS:
            outcome = attempt(action, who)
            if who != "official":
                expected = "denied"
            elif action == "link":
                expected = "ok"
            elif action == "open":
                expected = "ok" if phase == Phase.VOTING else "phase"
            else:
                expected = "ok" if phase in (Phase.VOTING, Phase.RESULTS) else "phase"
            assert outcome == expected, (action, who, phase)


# ---- screens --------------------------------------------------------------------------------


def test_official_screen_and_member_link(
    voting_cycle: Cycle, manager: Any, committee: dict[str, Any], resident: Any
) -> None:
    client = Client()
    client.force_login(manager)
    url = reverse("budgeting:votes", args=[voting_cycle.pk])
    page = client.get(url).content.decode()
    assert "위원회 투표 시작" in page and "계정 없이 등록" in page
    open_url = reverse("budgeting:committee_vote_open", args=[voting_cycle.pk])
    response = client.post(
        open_url,
        {
            "committee-opens_at": "2021-07-26T09:00",
            "committee-closes_at": "2021-07-26T08:00",
        },
        follow=True,
    )
    assert CommitteeVote.objects.count() == 0 and response.status_code == 200
    soon = timezone.localtime() + dt.timedelta(hours=1)
    client.post(
        open_url,
        {
            "committee-opens_at": soon.strftime("%Y-%m-%dT%H:%M"),
            "committee-closes_at": (soon + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert CommitteeVote.objects.count() == 2
    import_url = reverse("budgeting:committee_vote_import", args=[voting_cycle.pk])
    response = client.post(import_url, follow=True)
    assert "마감" in response.content.decode()  # still open: refused with the closing time
    cycle_url = reverse("budgeting:cycle", args=[voting_cycle.municipality.slug, 2021])
    member = Client()
    member.force_login(committee["chair"])
    assert "위원회 투표" in member.get(cycle_url).content.decode()
    poll_url = reverse(
        "voting:detail", args=[Poll.objects.get(code__startswith="pbc-", code__endswith="parks").pk]
    )
    assert poll_url in member.get(cycle_url).content.decode()
    other = Client()
    other.force_login(resident)
    assert poll_url not in other.get(cycle_url).content.decode()
    deliberation = Client().get(
        reverse("budgeting:deliberation", args=[voting_cycle.municipality.slug, 2021])
    )
    text = deliberation.content.decode()
    assert "금천구 주민참여예산위원회" in text and committee["sub"].username in text
    assert committee["ended"].username not in text
