"""A Geumcheon cycle set up like the 2021 plan: 1,000,000,000 won, two project types (general
<= 100,000,000; programme/event <= 20,000,000) and five groups whose caps add up to the total."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from maeul.budgeting import services
from maeul.budgeting.models import CategoryGroup, Cycle, Phase, Proposal, ProposalStatus

GROUPS = [
    ("transport", "교통·주택", "Transport and housing", 250_000_000),
    ("welfare", "복지·여성", "Welfare and women", 200_000_000),
    ("economy", "경제·문화·관광", "Economy, culture and tourism", 150_000_000),
    ("parks", "공원·환경", "Parks and environment", 200_000_000),
    ("education", "교육·청소년", "Education and youth", 200_000_000),
]


def advance_to(cycle: Cycle, actor: Any, phase: str) -> Cycle:
    while cycle.phase != phase:
        cycle = services.cycle_advance(actor=actor, cycle=cycle)
    return cycle


@pytest.fixture
def manager(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["geumcheon"], "programme_manager", "reviewer")


@pytest.fixture
def setup_cycle(places: dict[str, Any], manager: Any) -> Cycle:
    cycle = services.cycle_create(
        actor=manager,
        municipality=places["geumcheon"],
        cycle_year=2021,
        budget_year=2022,
        title="2022년도 주민참여예산",
        total_amount_won=1_000_000_000,
    )
    services.project_type_save(
        actor=manager, cycle=cycle, code="general", name="일반사업", cap_won=100_000_000
    )
    services.project_type_save(
        actor=manager, cycle=cycle, code="program", name="프로그램(행사성)", cap_won=20_000_000
    )
    for order, (code, name, name_en, cap) in enumerate(GROUPS):
        services.group_save(
            actor=manager,
            cycle=cycle,
            code=code,
            name=name,
            name_en=name_en,
            cap_won=cap,
            sort_order=order,
        )
    start = dt.date(2021, 3, 2)
    for i, phase in enumerate(Phase.values[1:]):
        services.phase_window_set(
            actor=manager,
            cycle=cycle,
            phase=phase,
            starts_on=start + dt.timedelta(days=30 * i),
            ends_on=start + dt.timedelta(days=30 * i + 27),
        )
    return Cycle.objects.get(pk=cycle.pk)


@pytest.fixture
def cycle(setup_cycle: Cycle, manager: Any) -> Cycle:
    """The cycle in its proposal phase."""
    return services.cycle_advance(actor=manager, cycle=setup_cycle)


@pytest.fixture
def resident(places: dict[str, Any], make_resident: Any) -> Any:
    return make_resident(places["geumcheon"], places["gasan"])


def proposal_data(
    cycle: Cycle, group: str = "parks", type: str = "general", cost: int = 50_000_000, **extra: Any
) -> dict[str, Any]:
    return {
        "title": extra.pop("title", "가산동 쌈지공원 조성"),
        "description": "주민 쉼터가 필요합니다.",
        "address": "가산동 123",
        "group": cycle.groups.get(code=group),
        "type": cycle.types.get(code=type),
        "estimated_cost_won": cost,
        **extra,
    }


def submit(cycle: Cycle, author: Any, **kwargs: Any) -> Any:
    return services.proposal_save(
        actor=author, cycle=cycle, data=proposal_data(cycle, **kwargs), submit=True
    )


@pytest.fixture
def voted_cycle(cycle: Cycle, manager: Any, resident: Any) -> tuple[Cycle, list[Any]]:
    """Six feasible proposals in two groups with tallies, in the results phase."""
    specs = [
        ("parks", 90_000_000, 30, 600),
        ("parks", 80_000_000, 25, 700),
        ("parks", 60_000_000, 10, 200),
        ("welfare", 100_000_000, 28, 500),
        ("welfare", 90_000_000, 20, 450),
        ("welfare", 20_000_000, 5, 90),
    ]
    proposals = []
    for i, (group, cost, _c, _m) in enumerate(specs):
        kind = "program" if cost <= 20_000_000 else "general"
        proposals.append(
            submit(cycle, resident, group=group, cost=cost, type=kind, title=f"사업 {i + 1}")
        )
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    for p in proposals:
        services.proposal_screen(
            actor=manager, proposal=p, decision=ProposalStatus.FEASIBLE, department="공원녹지과"
        )
    cycle = advance_to(cycle, manager, Phase.VOTING)
    services.vote_counts_record(
        actor=manager,
        cycle=cycle,
        committee_voters=40,
        mobile_voters=1256,
        counts={p.number: (c, m) for p, (_g, _cost, c, m) in zip(proposals, specs, strict=True)},
    )
    cycle = advance_to(cycle, manager, Phase.RESULTS)
    return cycle, proposals


def link_bodies(cycle: Cycle, manager: Any) -> tuple[Any, Any, Any]:
    """Geumcheon's PB committee with one subcommittee and the proposal-support group in the
    governance register, linked to ``cycle``; composition rules off (tests add few members)."""
    from maeul.governance import services as governance

    def body(name: str, kind: str, parent: Any = None) -> Any:
        return governance.body_create(
            actor=manager,
            municipality=cycle.municipality,
            name=name,
            kind=kind,
            parent=parent,
            min_gender_percent=None,
            min_civil_percent=None,
        )

    committee = body("금천구 주민참여예산위원회", "pb_committee")
    subcommittee = body("공원·환경 분과", "subcommittee", parent=committee)
    support = body("금천구 구민제안참여단", "working_group")
    services.cycle_bodies_set(
        actor=manager, cycle=cycle, committee_body=committee, support_body=support
    )
    return committee, subcommittee, support


def enrol(
    manager: Any,
    body: Any,
    user: Any = None,
    *,
    name: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Any:
    """A running term (30 days ago to a year ahead unless told) through the governance
    service; ``user`` None records a member by name only."""
    from django.utils import timezone

    from maeul.governance import services as governance

    today = timezone.localdate()
    return governance.membership_add(
        actor=manager,
        body=body,
        draft=governance.MemberDraft(
            person_name=name or (user.username if user else "이름만 위원"),
            sector="civil",
            gender="female",
            appointment="commissioned",
            role="member",
            term_start=start or today - dt.timedelta(days=30),
            term_end=end or today + dt.timedelta(days=365),
            user_id=user.pk if user else None,
        ),
        acknowledge=True,
    )


@pytest.fixture
def ballot_cycle(cycle: Cycle, manager: Any, resident: Any) -> Cycle:
    """Two groups with a mobile vote open now: 복지·여성 (#4, #5; up to 2) then 공원·환경
    (#1-#3; up to 2). 경제 has a single project and so no poll."""
    for group, cost, title in [
        ("parks", 90_000_000, "쌈지공원"),
        ("parks", 80_000_000, "그늘막"),
        ("parks", 60_000_000, "꽃길"),
        ("welfare", 50_000_000, "경로당 수리"),
        ("welfare", 40_000_000, "돌봄교실"),
        ("economy", 30_000_000, "골목시장"),
    ]:
        submit(cycle, resident, group=group, cost=cost, title=title)
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    for p in Proposal.objects.all():
        services.proposal_screen(actor=manager, proposal=p, decision="feasible", department="x")
    cycle = advance_to(cycle, manager, Phase.VOTING)
    CategoryGroup.objects.filter(cycle=cycle, code="parks").update(max_picks=2)
    now = timezone.now()
    services.mobile_vote_open(
        actor=manager,
        cycle=cycle,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
    )
    return cycle
