"""Demo data: Geumcheon-gu's participatory budgeting (주민참여예산제) from its 2021 plan.

Three cycles with the figures the district reported (SPEC §1: 2018, 2019 and 2020 cycles,
e.g. 766 of 906 million won executed in the 2018 cycle, an execution rate of 84.5%), and the
2021 cycle (2022 budget) set up as the plan describes it: 1,000,000,000 won, general projects
up to 100,000,000 won and programme/event projects up to 20,000,000 won, five category groups
with caps, committee 50% + mobile vote 50%. Its sample proposals are illustrative; the cycle
is left in its proposal phase so that every later phase can be walked through on screen. The
cycle links to Geumcheon's PB committee and proposal-support group in the governance register
(created by ``maeul.governance.demo.load_geumcheon_pb``, which this demo calls because it runs
first), whose members comment and vote in the committee vote.

Idempotent: cycles are keyed by (municipality, cycle year) and created only when absent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from maeul.accounts.models import User
from maeul.budgeting import services
from maeul.budgeting.models import Cycle, Phase
from maeul.governance import interface as governance_interface
from maeul.places.models import Municipality

ORDER = 45
SOURCE = "금천구 2021년 주요업무계획 (주민참여예산제 확대 운영)"

REPORTED: list[tuple[int, int, str, dict[str, Any]]] = [
    # cycle year, budget year, phase, figures
    (
        2018,
        2019,
        Phase.CLOSED,
        {
            "proposals": 116,
            "proposed_amount_won": 4_817_000_000,
            "adopted": 35,
            "adopted_amount_won": 906_000_000,
            "executed_amount_won": 766_000_000,
            "mobile_voters": 2_649,
            "school_sessions": 5,
            "school_attendance": 137,
        },
    ),
    (
        2019,
        2020,
        Phase.EXECUTION,
        {
            "proposals": 120,
            "proposed_amount_won": 4_110_000_000,
            "adopted": 41,
            "adopted_amount_won": 842_000_000,
            "executed_amount_won": None,
            "mobile_voters": 2_892,
            "school_sessions": 5,
            "school_attendance": 682,
        },
    ),
    (
        2020,
        2021,
        Phase.RESULTS,
        {
            "proposals": 125,
            "proposed_amount_won": 2_166_000_000,
            "adopted": 39,
            "adopted_amount_won": 987_000_000,
            "executed_amount_won": None,
            "mobile_voters": 1_256,
        },
    ),
]

TYPES = [
    ("general", "일반사업", "General project", 100_000_000),
    ("program", "프로그램(행사성) 사업", "Programme or event", 20_000_000),
]

GROUPS = [
    # code, name, English, cap (set by the committee), max picks in the mobile vote
    ("transport", "교통·주택", "Transport and housing", 250_000_000, 3),
    ("welfare", "복지·여성", "Welfare and women", 200_000_000, 3),
    ("economy", "경제·문화·관광", "Economy, culture and tourism", 150_000_000, 2),
    ("parks", "공원·환경", "Parks and environment", 200_000_000, 3),
    ("education", "교육·청소년", "Education and youth (with the youth council)", 200_000_000, 3),
]

WINDOWS = [
    (Phase.PROPOSALS, dt.date(2021, 3, 2), dt.date(2021, 4, 30)),
    (Phase.SCREENING, dt.date(2021, 5, 3), dt.date(2021, 6, 11)),
    (Phase.DELIBERATION, dt.date(2021, 6, 14), dt.date(2021, 7, 23)),
    (Phase.VOTING, dt.date(2021, 7, 26), dt.date(2021, 8, 13)),
    (Phase.RESULTS, dt.date(2021, 8, 16), dt.date(2021, 8, 31)),
    (Phase.EXECUTION, dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
]

PROPOSALS = [
    # title, group, type, cost, dong slug, address, description
    (
        "가산디지털단지역 보행로 야간 조명 개선",
        "transport",
        "general",
        85_000_000,
        "gasan-dong",
        "가산디지털단지역 4번 출구 ~ 디지털로",
        "퇴근 시간 이후 보행로가 어두워 안전이 걱정됩니다. LED 보안등을 늘려 주세요.",
    ),
    (
        "독산동 골목길 노후 보도블록 정비",
        "transport",
        "general",
        60_000_000,
        "doksan-1-dong",
        "독산1동 주택가 골목",
        "깨진 보도블록 때문에 어르신과 유모차가 다니기 어렵습니다.",
    ),
    (
        "시흥대로 버스정류장 온열의자 설치",
        "transport",
        "general",
        30_000_000,
        "siheung-1-dong",
        "시흥대로 버스정류장 8곳",
        "겨울철 버스를 기다리는 주민을 위해 온열의자를 설치합니다.",
    ),
    (
        "홀몸어르신 안부 확인 스마트 플러그 보급",
        "welfare",
        "general",
        45_000_000,
        "siheung-5-dong",
        "시흥5동 일대",
        "전력 사용이 없으면 동주민센터에 알리는 플러그로 고독사를 예방합니다.",
    ),
    (
        "여성 1인 가구 안심 택배함 확대",
        "welfare",
        "general",
        40_000_000,
        "doksan-3-dong",
        "독산3동 주민센터 등 4곳",
        "여성 1인 가구가 안심하고 택배를 받을 수 있도록 무인 택배함을 늘립니다.",
    ),
    (
        "장애인 가족 나들이 프로그램",
        "welfare",
        "program",
        15_000_000,
        None,
        "금천구 전역",
        "장애인 가족이 함께하는 계절별 나들이와 체험 프로그램을 운영합니다.",
    ),
    (
        "금천 하천변 야시장 시범 운영",
        "economy",
        "program",
        20_000_000,
        "gasan-dong",
        "안양천 가산 둔치",
        "지역 상인과 청년 창업가가 참여하는 야시장을 봄·가을에 운영합니다.",
    ),
    (
        "골목상권 공동 배달 플랫폼 홍보",
        "economy",
        "program",
        18_000_000,
        "doksan-4-dong",
        "독산4동 상점가",
        "수수료가 낮은 공공배달앱 가입과 홍보를 지원합니다.",
    ),
    (
        "금천 역사문화 탐방 안내판 설치",
        "economy",
        "general",
        35_000_000,
        "siheung-3-dong",
        "호암산성 일대",
        "호암산성과 지역 문화재를 잇는 탐방로에 안내판을 설치합니다.",
    ),
    (
        "독산동 자투리땅 쌈지공원 조성",
        "parks",
        "general",
        95_000_000,
        "doksan-2-dong",
        "독산2동 주택가 공터",
        "방치된 공터를 주민 쉼터와 작은 정원으로 바꿉니다.",
    ),
    (
        "안양천 산책로 그늘막 및 벤치 설치",
        "parks",
        "general",
        50_000_000,
        "gasan-dong",
        "안양천 산책로",
        "여름철 햇볕을 피할 그늘막과 쉼터 벤치가 필요합니다.",
    ),
    (
        "우리 동네 재활용 분리배출 교육",
        "parks",
        "program",
        12_000_000,
        "siheung-2-dong",
        "시흥2동 공동주택 단지",
        "분리배출 방법을 알려 주는 찾아가는 교육을 운영합니다.",
    ),
    (
        "청소년 진로체험 박람회",
        "education",
        "program",
        20_000_000,
        None,
        "금천구청 광장",
        "청소년의회가 제안한 진로체험 박람회를 엽니다.",
    ),
    (
        "초등학교 통학로 안전 펜스 설치",
        "education",
        "general",
        70_000_000,
        "siheung-4-dong",
        "시흥4동 초등학교 앞",
        "차도와 통학로를 분리하는 안전 펜스를 설치합니다.",
    ),
    (
        "작은도서관 주말 독서 프로그램",
        "education",
        "program",
        10_000_000,
        "doksan-1-dong",
        "독산1동 작은도서관",
        "주말마다 어린이와 부모가 함께하는 독서 프로그램을 운영합니다.",
    ),
]


def load(stdout: Any = None) -> None:
    geumcheon = Municipality.objects.get(slug="seoul-geumcheon-gu")
    actor = User.objects.get(username="admin.geumcheon")
    for year, budget_year, phase, figures in REPORTED:
        if Cycle.objects.filter(municipality=geumcheon, cycle_year=year).exists():
            continue
        services.cycle_record_reported(
            actor=actor,
            municipality=geumcheon,
            cycle_year=year,
            budget_year=budget_year,
            title=f"{budget_year}년도 주민참여예산",
            total_amount_won=figures["adopted_amount_won"],
            phase=phase,
            figures={**figures, "source": SOURCE},
        )
    if not Cycle.objects.filter(municipality=geumcheon, cycle_year=2021).exists():
        _cycle_2021(geumcheon, actor)
    cycle = Cycle.objects.get(municipality=geumcheon, cycle_year=2021)
    if cycle.committee_body_id is None:
        committee, support = governance_interface.load_demo_pb_bodies()
        services.cycle_bodies_set(
            actor=actor, cycle=cycle, committee_body=committee, support_body=support
        )
    if stdout is not None:
        stdout.write(f"budgeting: {Cycle.objects.filter(municipality=geumcheon).count()} cycles")


def _cycle_2021(geumcheon: Municipality, actor: Any) -> None:
    cycle = services.cycle_create(
        actor=actor,
        municipality=geumcheon,
        cycle_year=2021,
        budget_year=2022,
        title="2022년도 주민참여예산",
        total_amount_won=1_000_000_000,
    )
    for code, name, name_en, cap in TYPES:
        services.project_type_save(
            actor=actor, cycle=cycle, code=code, name=name, name_en=name_en, cap_won=cap
        )
    for order, (code, name, name_en, cap, picks) in enumerate(GROUPS):
        services.group_save(
            actor=actor,
            cycle=cycle,
            code=code,
            name=name,
            name_en=name_en,
            cap_won=cap,
            max_picks=picks,
            sort_order=order,
        )
    for phase, starts_on, ends_on in WINDOWS:
        services.phase_window_set(
            actor=actor, cycle=cycle, phase=phase, starts_on=starts_on, ends_on=ends_on
        )
    cycle = services.cycle_advance(actor=actor, cycle=cycle)
    author = User.objects.get(username="resident.geumcheon")
    groups = {g.code: g for g in cycle.groups.all()}
    types = {t.code: t for t in cycle.types.all()}
    for title, group, kind, cost, dong, address, description in PROPOSALS:
        services.proposal_save(
            actor=author,
            cycle=cycle,
            data={
                "title": title,
                "description": description,
                "address": address,
                "dong": Municipality.objects.get(slug=f"geumcheon-{dong}") if dong else None,
                "group": groups[group],
                "type": types[kind],
                "estimated_cost_won": cost,
            },
            submit=True,
        )
    services.school_session_record(
        actor=actor,
        cycle=cycle,
        held_on=dt.date(2021, 2, 24),
        title="온라인 예산학교: 주민참여예산 제안서 작성법",
        attendance=84,
        online=True,
    )
