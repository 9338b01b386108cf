"""Demo data: Geumcheon-gu's participatory budgeting (주민참여예산제), its history and its present.

History. Three cycles with the figures the district reported (SPEC §1: 2018, 2019 and 2020
cycles, e.g. 766 of 906 million won executed in the 2018 cycle, an execution rate of 84.5%)
and their adopted projects with execution records adding up to those figures, so the rates
are computed from records (``reported_projects``: placeholder projects, illustrative split),
and the 2021 cycle (2022 budget) set up as the district's 2021 plan describes it:
1,000,000,000 won, general projects up to 100,000,000 won and programme/event projects up to
20,000,000 won, five category groups with caps, committee 50% + mobile vote 50%, with its 2021
phase dates. Its sample proposals and vote totals are illustrative; it is walked through to a
published result and execution, so it reads as the finished cycle it is by now.

The present. Three cycles whose phase dates are counted from the day the demo loads (``today``),
so that whatever the date a new Geumcheon-gu resident finds something to do in each:

- last year's cycle (``today.year - 1``): voted and published, its budget year (this year) in
  execution — the results and their explanation can be read;
- this year's cycle: in its voting phase, the mobile vote (모바일투표) and the committee's vote
  open on the voting core from a week ago to two weeks ahead — the residents' ballot
  ``/pb/m/<slug>/<year>/ballot/``;
- next year's cycle: taking proposals (상시 제안, from two weeks ago to a month ahead).

Gwangju's citizen PB of 2021 holds Nam-gu's share of it: 8 projects, 350 million won
(``_load_city_pb``).

Every cycle run on Maeul links to Geumcheon's PB committee and proposal-support group in the
governance register (created by ``maeul.governance.demo.load_geumcheon_pb``, which this demo
calls because it runs first), whose members comment on proposals and vote in the
committee's vote.

Each step goes through the services an official would use (screening, vote totals entered as
the tally reports them, the Korean mixed rule, publishing), so the pages show real rows.

Idempotent and resumable: cycles are keyed by (municipality, cycle year); a cycle found short
of its phase (a half-finished load, or a database loaded by an older demo) is walked on from
where it stands, and one already there is left alone. Deterministic for a given day: the
dates come from ``today`` and the vote totals from seeded generators.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from maeul.accounts.models import User
from maeul.budgeting import demo_records, services
from maeul.budgeting.models import (
    CityProgramme,
    CommitteeVote,
    Cycle,
    ExecutionStatus,
    MobileVote,
    Phase,
    ProposalStatus,
    ScreeningReason,
    Track,
)
from maeul.budgeting.services import city as city_services
from maeul.budgeting.services.records import ReportedProject, reported_projects_record
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
        Phase.EXECUTION,
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


# The present: what each cycle holds. Proposals are (title, group, type, cost, dong slug,
# address, description) as above; the titles in ``INFEASIBLE`` are screened out with the reason.
VOTING_PROPOSALS = [
    (
        "가산동 출퇴근길 횡단보도 보행신호 연장",
        "transport",
        "general",
        25_000_000,
        "gasan-dong",
        "가산디지털1로 교차로 3곳",
        "출퇴근 시간에 보행자가 많아 신호 안에 다 건너지 못합니다. 보행신호를 늘리고 "
        "잔여시간 표시기를 달아 주세요.",
    ),
    (
        "독산로 자전거도로 끊긴 구간 잇기",
        "transport",
        "general",
        90_000_000,
        "doksan-4-dong",
        "독산로 독산4동 구간 약 600m",
        "자전거도로가 중간에 끊겨 차도로 내려가야 합니다. 끊긴 구간을 이어 주세요.",
    ),
    (
        "시흥동 언덕길 미끄럼 방지 포장",
        "transport",
        "general",
        40_000_000,
        "siheung-3-dong",
        "시흥3동 주택가 언덕길",
        "겨울마다 빙판길 사고가 나는 경사로에 미끄럼 방지 포장을 합니다.",
    ),
    (
        "금천구청역 승강장 엘리베이터 교체",
        "transport",
        "general",
        80_000_000,
        "siheung-1-dong",
        "금천구청역",
        "자주 멈추는 역 엘리베이터를 새것으로 바꿔 주세요.",
    ),
    (
        "독산동 공유부엌 만들기",
        "welfare",
        "general",
        60_000_000,
        "doksan-2-dong",
        "독산2동 주민센터 2층",
        "혼자 사는 주민과 어르신이 함께 요리하고 식사하는 공유부엌을 만듭니다.",
    ),
    (
        "발달장애인 가족 주말 쉼 프로그램",
        "welfare",
        "program",
        18_000_000,
        None,
        "금천구 전역",
        "돌봄에 지친 발달장애인 가족이 주말에 쉬어 갈 수 있는 프로그램을 운영합니다.",
    ),
    (
        "치매 어르신 안심 위치 밴드 보급",
        "welfare",
        "general",
        30_000_000,
        "siheung-1-dong",
        "시흥1동 일대",
        "길을 잃은 어르신을 빨리 찾을 수 있도록 위치 알림 밴드를 나눠 드립니다.",
    ),
    (
        "G밸리 점심시간 거리 공연",
        "economy",
        "program",
        15_000_000,
        "gasan-dong",
        "가산디지털단지 쉼터 광장",
        "직장인과 주민이 점심시간에 즐기는 거리 공연을 봄부터 가을까지 엽니다.",
    ),
    (
        "독산동 먹자골목 간판 정비",
        "economy",
        "general",
        70_000_000,
        "doksan-1-dong",
        "독산1동 먹자골목",
        "낡고 어지러운 간판을 정비해 골목상권을 살립니다.",
    ),
    (
        "호암산 숲길 쉼터 데크 설치",
        "parks",
        "general",
        80_000_000,
        "siheung-2-dong",
        "호암산 숲길 입구",
        "등산객과 어르신이 쉬어 갈 수 있는 데크 쉼터를 만듭니다.",
    ),
    (
        "안양천 반려견 배변봉투함 설치",
        "parks",
        "general",
        15_000_000,
        "gasan-dong",
        "안양천 산책로 10곳",
        "산책로에 배변봉투함을 두어 깨끗한 산책길을 만듭니다.",
    ),
    (
        "골목 화단 주민 정원사 양성",
        "parks",
        "program",
        12_000_000,
        "doksan-3-dong",
        "독산3동 골목 화단",
        "주민 정원사를 길러 골목 화단을 함께 가꿉니다.",
    ),
    (
        "중학교 앞 청소년 공부방 운영",
        "education",
        "general",
        65_000_000,
        "siheung-4-dong",
        "시흥4동 중학교 앞 상가",
        "청소년이 방과 후 머물며 공부할 수 있는 공간을 운영합니다.",
    ),
    (
        "어린이 코딩 교실 방학 프로그램",
        "education",
        "program",
        16_000_000,
        "gasan-dong",
        "가산동 작은도서관",
        "방학 동안 초등학생에게 코딩 교실을 엽니다.",
    ),
]

PUBLISHED_PROPOSALS = [
    (
        "시흥대로 버스정류장 스마트 쉼터 설치",
        "transport",
        "general",
        95_000_000,
        "siheung-1-dong",
        "시흥대로 버스정류장 4곳",
        "냉난방과 공기청정 기능이 있는 버스정류장 쉼터를 설치합니다.",
    ),
    (
        "독산역 앞 어린이보호구역 CCTV",
        "transport",
        "general",
        45_000_000,
        "doksan-1-dong",
        "독산역 앞 초등학교 주변",
        "어린이보호구역의 불법 주정차와 과속을 막는 CCTV를 설치합니다.",
    ),
    (
        "가산동 골목 반사경 정비",
        "transport",
        "general",
        20_000_000,
        "gasan-dong",
        "가산동 주택가 골목 20곳",
        "깨지고 흐린 반사경을 바꿔 골목 교통사고를 줄입니다.",
    ),
    (
        "1인 가구 안부 문자 서비스",
        "welfare",
        "program",
        12_000_000,
        None,
        "금천구 전역",
        "혼자 사는 주민에게 안부 문자를 보내고 답이 없으면 동주민센터가 찾아갑니다.",
    ),
    (
        "어르신 찾아가는 이·미용 봉사",
        "welfare",
        "program",
        18_000_000,
        "siheung-4-dong",
        "시흥4동 경로당",
        "거동이 불편한 어르신을 찾아가 머리를 다듬어 드립니다.",
    ),
    (
        "점자블록 보수",
        "welfare",
        "general",
        55_000_000,
        "doksan-3-dong",
        "독산3동 보도 일대",
        "깨지고 끊긴 점자블록을 보수해 시각장애인의 길을 잇습니다.",
    ),
    (
        "전통시장 장보기 배달 시범 운영",
        "economy",
        "program",
        20_000_000,
        "siheung-4-dong",
        "금천 남문시장",
        "전통시장에서 산 물건을 집까지 배달해 주는 서비스를 시범 운영합니다.",
    ),
    (
        "금천 하모니 축제 주민 부스",
        "economy",
        "program",
        14_000_000,
        None,
        "금천구청 광장",
        "구 축제에 동별 주민 부스를 열어 마을 상점을 알립니다.",
    ),
    (
        "안양천 꽃길 조성",
        "parks",
        "general",
        70_000_000,
        "gasan-dong",
        "안양천 가산 둔치",
        "안양천 둔치에 계절 꽃길을 만듭니다.",
    ),
    (
        "도시텃밭 빗물 저금통 설치",
        "parks",
        "general",
        25_000_000,
        "doksan-2-dong",
        "독산2동 도시텃밭",
        "빗물을 모아 텃밭에 쓰는 저금통을 설치합니다.",
    ),
    (
        "청소년 자치 공간 새단장",
        "education",
        "general",
        85_000_000,
        "siheung-5-dong",
        "시흥5동 청소년센터",
        "청소년이 직접 꾸미고 운영하는 자치 공간으로 새단장합니다.",
    ),
    (
        "방과후 돌봄교실 교구 지원",
        "education",
        "general",
        30_000_000,
        "doksan-4-dong",
        "독산4동 우리동네키움센터",
        "돌봄교실 아이들이 쓰는 교구와 책을 지원합니다.",
    ),
]

PROPOSAL_PHASE_PROPOSALS = [
    (
        "가산디지털단지 보행자 그늘 쉼터",
        "parks",
        "general",
        60_000_000,
        "gasan-dong",
        "가산디지털단지역 5번 출구 앞",
        "여름 한낮에 그늘 하나 없는 길목에 그늘 쉼터를 만들어 주세요.",
    ),
    (
        "독산동 어린이 놀이터 바닥 교체",
        "education",
        "general",
        50_000_000,
        "doksan-1-dong",
        "독산1동 어린이공원",
        "닳아서 딱딱해진 놀이터 바닥을 충격을 흡수하는 바닥재로 바꿔 주세요.",
    ),
    (
        "경로당 스마트폰 배움 교실",
        "welfare",
        "program",
        10_000_000,
        "siheung-5-dong",
        "시흥5동 경로당",
        "어르신이 키오스크와 스마트폰 쓰는 법을 배우는 교실을 엽니다.",
    ),
]

INFEASIBLE = {
    "금천구청역 승강장 엘리베이터 교체": (
        "철도 역사 시설은 한국철도공사 소관이라 구 예산으로 집행할 수 없습니다. 의견은 "
        "한국철도공사에 전달했습니다."
    ),
    "점자블록 보수": "같은 구간이 구의 보도 정비 사업에 이미 반영되어 있어 중복됩니다.",
}
INFEASIBLE_CODES = {
    "금천구청역 승강장 엘리베이터 교체": "not-competence",
    "점자블록 보수": "duplicate",
}
"""The coded reason of each demo rejection, from the district's list (``demo_records``)."""

DEPARTMENTS = {
    "transport": "교통행정과",
    "welfare": "복지정책과",
    "economy": "일자리경제과",
    "parks": "공원녹지과",
    "education": "교육협력과",
}

KST = dt.timezone(dt.timedelta(hours=9))
FIRST_PRESENT_YEAR = 2023  # the present's last-year cycle must come after the 2021 history


@dataclass(frozen=True)
class CycleSpec:
    """One cycle of the demo: its rules, dates, proposals and the phase it is walked to."""

    cycle_year: int
    budget_year: int
    reach: str
    windows: Sequence[tuple[str, dt.date, dt.date]]
    proposals: Sequence[tuple[Any, ...]]
    total_amount_won: int = 1_000_000_000
    vote: tuple[dt.datetime, dt.datetime] | None = None
    school: tuple[dt.date, str, int] | None = None
    offline_every: int = 0  # every n-th proposal came in on paper (0: none)
    youth_council: bool = False  # the education/youth group run with the youth council

    @property
    def title(self) -> str:
        return f"{self.budget_year}년도 주민참여예산"


def _days(today: dt.date, first: int, last: int) -> tuple[dt.date, dt.date]:
    return today + dt.timedelta(days=first), today + dt.timedelta(days=last)


def _windows(
    today: dt.date, offsets: Sequence[tuple[str, int, int]], budget_year: int
) -> list[tuple[str, dt.date, dt.date]]:
    """Phase windows ``offsets`` days from ``today``, then the budget year's execution (from
    the day after the results if those run into the budget year)."""
    out = [(phase, *_days(today, first, last)) for phase, first, last in offsets]
    execution_start = max(dt.date(budget_year, 1, 1), out[-1][2] + dt.timedelta(days=1))
    return [*out, (Phase.EXECUTION, execution_start, dt.date(budget_year, 12, 31))]


def present_cycles(today: dt.date) -> list[CycleSpec]:
    """The three cycles of the present, dated from ``today``: last year's published and in
    execution, this year's in its mobile vote (open from a week ago to two weeks ahead), next
    year's taking proposals (from two weeks ago to a month ahead)."""
    if today.year - 1 < FIRST_PRESENT_YEAR:
        raise ValueError(f"the demo's present starts in {FIRST_PRESENT_YEAR + 1}, not {today}")
    year = today.year
    voting = [
        (Phase.PROPOSALS, -130, -91),
        (Phase.SCREENING, -90, -51),
        (Phase.DELIBERATION, -50, -8),
        (Phase.VOTING, -7, 14),
        (Phase.RESULTS, 15, 30),
    ]
    # Last year's cycle ran on the same calendar some 13 months earlier, so its results came
    # out before its budget year (this year) began.
    published = [(phase, first - 400, last - 400) for phase, first, last in voting]
    proposals = [
        (Phase.PROPOSALS, -14, 30),
        (Phase.SCREENING, 31, 75),
        (Phase.DELIBERATION, 76, 110),
        (Phase.VOTING, 111, 125),
        (Phase.RESULTS, 126, 140),
    ]
    opens = dt.datetime.combine(today - dt.timedelta(days=7), dt.time(9), tzinfo=KST)
    closes = dt.datetime.combine(today + dt.timedelta(days=14), dt.time(18), tzinfo=KST)
    return [
        CycleSpec(
            cycle_year=year - 1,
            budget_year=year,
            reach=Phase.EXECUTION,
            windows=_windows(today, published, year),
            proposals=PUBLISHED_PROPOSALS,
            offline_every=3,
            school=(today - dt.timedelta(days=420), "온라인 예산학교: 우리 동네 제안서 쓰기", 61),
        ),
        CycleSpec(
            cycle_year=year,
            budget_year=year + 1,
            reach=Phase.VOTING,
            windows=_windows(today, voting, year + 1),
            proposals=VOTING_PROPOSALS,
            offline_every=4,
            vote=(opens, closes),
            school=(today - dt.timedelta(days=140), "예산학교: 주민참여예산 제안서 작성법", 47),
            # Its education/youth group is voted by the youth council's members only, so the
            # group's cap is the youth council's to spend (seed 002).
            youth_council=True,
        ),
        CycleSpec(
            cycle_year=year + 1,
            budget_year=year + 2,
            reach=Phase.PROPOSALS,
            windows=_windows(today, proposals, year + 2),
            proposals=PROPOSAL_PHASE_PROPOSALS,
            youth_council=True,
        ),
    ]


def history_cycle() -> CycleSpec:
    """The 2021 cycle as the district's plan set it up, taken through to its published result
    and the execution phase of its budget year (2022)."""
    return CycleSpec(
        cycle_year=2021,
        budget_year=2022,
        reach=Phase.EXECUTION,
        windows=WINDOWS,
        proposals=PROPOSALS,
        school=(dt.date(2021, 2, 24), "온라인 예산학교: 주민참여예산 제안서 작성법", 84),
        youth_council=True,
    )


# What was executed of each reported cycle's adopted amount, for the execution records: the
# 2018 cycle's is the district's (766 of 906 million won, 84.5%). The plan reports the 2019
# cycle's execution as "in progress" and the 2020 cycle's as not begun (it was written in
# December 2020), so those two cycles get their adopted projects and no spending: Maeul shows
# no executed amount rather than one the source does not give.
REPORTED_EXECUTED = {2018: 766_000_000}
MILLION = 1_000_000


def split_amount(total: int, parts: int, *, seed: str, low: int, high: int) -> list[int]:
    """``total`` won in ``parts`` whole-million amounts, each between ``low`` and ``high``
    million (before the last part takes what is left), drawn from a generator seeded with
    ``seed``: the same split on every load."""
    rng = random.Random(seed)
    amounts = [rng.randint(low, high) * MILLION for _ in range(parts - 1)]
    rest = total - sum(amounts)
    while rest < low * MILLION or rest > high * 2 * MILLION:  # the last part in range too
        step = MILLION if rest < low * MILLION else -MILLION
        index = rng.randrange(parts - 1)
        if amounts[index] - step >= low * MILLION:
            amounts[index] -= step
            rest += step
    return [*amounts, rest]


def reported_projects(cycle_year: int, figures: dict[str, Any]) -> list[ReportedProject]:
    """The adopted projects of a reported cycle with their execution records.

    The plan gives each cycle's totals, not its projects, so the projects are placeholders
    ("2019년 예산 주민참여사업 01", like the governance demo's "협치위원 01") and the split of
    the amounts is illustrative; the totals are the district's. Each project is executed in
    two payments in its budget year; the unexecuted remainder (906 - 766 = 140 million won in
    2018) falls on every third project as a balance left unspent (집행잔액) on a completed
    project. A cycle whose execution the plan does not report (2019 in progress, 2020 not
    begun) gets its projects without payments."""
    budget_year = cycle_year + 1
    count, adopted_total = figures["adopted"], figures["adopted_amount_won"]
    amounts = split_amount(adopted_total, count, seed=f"geumcheon-pb-{cycle_year}", low=8, high=45)
    if cycle_year not in REPORTED_EXECUTED:
        status = ExecutionStatus.IN_PROGRESS if cycle_year == 2019 else ExecutionStatus.PLANNED
        return [
            ReportedProject(
                title=f"{budget_year}년 예산 주민참여사업 {i + 1:02d}",
                adopted_amount_won=amount,
                executions=(),
                status=status,
            )
            for i, amount in enumerate(amounts)
        ]
    unexecuted = adopted_total - REPORTED_EXECUTED[cycle_year]
    short = [i for i in range(count) if i % 3 == 2]
    left_out = dict.fromkeys(range(count), 0)
    for i in short:  # spread the unexecuted remainder over the short projects, whole millions
        share = min(unexecuted // len(short) // MILLION * MILLION, amounts[i] - MILLION)
        left_out[i] = share
    remainder = unexecuted - sum(left_out.values())
    for i in short:
        extra = min(remainder, amounts[i] - MILLION - left_out[i])
        left_out[i] += extra
        remainder -= extra
    if remainder:
        raise ValueError(f"cannot leave {remainder} won unexecuted in {cycle_year}")
    projects = []
    for i, amount in enumerate(amounts):
        executed = amount - left_out[i]
        first = executed // 2 // MILLION * MILLION or executed
        payments = [(dt.date(budget_year, 4, 1 + i % 28), first)]
        if executed - first:
            payments.append((dt.date(budget_year, 11, 1 + i % 28), executed - first))
        projects.append(
            ReportedProject(
                title=f"{budget_year}년 예산 주민참여사업 {i + 1:02d}",
                adopted_amount_won=amount,
                executions=payments,
                status=ExecutionStatus.COMPLETED,
            )
        )
    return projects


def load(stdout: Any = None) -> None:
    today = timezone.localdate()
    geumcheon = Municipality.objects.get(slug="seoul-geumcheon-gu")
    actor = User.objects.get(username="admin.geumcheon")
    for year, budget_year, phase, figures in REPORTED:
        cycle = Cycle.objects.filter(municipality=geumcheon, cycle_year=year).first()
        if cycle is None:
            cycle = services.cycle_record_reported(
                actor=actor,
                municipality=geumcheon,
                cycle_year=year,
                budget_year=budget_year,
                title=f"{budget_year}년도 주민참여예산",
                total_amount_won=figures["adopted_amount_won"],
                phase=phase,
                figures={**figures, "source": SOURCE},
            )
        if not cycle.proposals.exists():
            reported_projects_record(
                actor=actor, cycle=cycle, projects=reported_projects(year, figures)
            )
    demo_records.load_reasons(geumcheon, actor)
    demo_records.load_assemblies(geumcheon, actor)
    for spec in [history_cycle(), *present_cycles(today)]:
        cycle = Cycle.objects.filter(municipality=geumcheon, cycle_year=spec.cycle_year).first()
        if cycle is None:
            cycle = _create(spec, geumcheon, actor)
        if cycle.committee_body_id is None:
            committee, support = governance_interface.load_demo_pb_bodies()
            cycle = services.cycle_bodies_set(
                actor=actor, cycle=cycle, committee_body=committee, support_body=support
            )
        cycle = _walk(spec, cycle, actor)
        if spec.reach == Phase.EXECUTION and spec.cycle_year == today.year - 1:
            demo_records.load_present_assembly(cycle, actor)
    _load_city_pb()
    if stdout is not None:
        stdout.write(f"budgeting: {Cycle.objects.filter(municipality=geumcheon).count()} cycles")


NAMGU_SOURCE = (
    "광주광역시 남구 자치분권 추진계획(2020~2022): 2021년 시민참여예산 최종 선정 8건/350백만원"
)


def _load_city_pb() -> None:
    """Gwangju's citizen PB of 2021 (광주광역시 시민참여예산) with Nam-gu's share: 8 projects,
    350 million won, proposed in Nam-gu (지역참여형) and selected by the city (seed 000). The
    seed gives neither Gwangju's total nor the other districts' shares, so neither is
    recorded. Recorded by the platform administrator: the demo has no Gwangju official."""
    gwangju = Municipality.objects.get(slug="gwangju")
    namgu = Municipality.objects.get(slug="gwangju-nam-gu")
    actor = User.objects.filter(is_superuser=True).order_by("pk").first()
    programme = CityProgramme.objects.filter(city=gwangju, budget_year=2021).first()
    if programme is None:
        programme = city_services.city_programme_create(
            actor=actor,
            city=gwangju,
            budget_year=2021,
            title="2021년 광주광역시 시민참여예산",
            title_en="Gwangju citizen participatory budget 2021",
            source=NAMGU_SOURCE,
        )
    if not programme.shares.filter(district=namgu).exists():
        city_services.district_share_record(
            actor=actor,
            programme=programme,
            district=namgu,
            projects=8,
            amount_won=350_000_000,
            source=NAMGU_SOURCE,
            note="지역참여형 시민참여예산 제안사업",
        )


def _create(spec: CycleSpec, geumcheon: Municipality, actor: Any) -> Cycle:
    cycle = services.cycle_create(
        actor=actor,
        municipality=geumcheon,
        cycle_year=spec.cycle_year,
        budget_year=spec.budget_year,
        title=spec.title,
        total_amount_won=spec.total_amount_won,
    )
    if spec.school is not None:
        held_on, title, attendance = spec.school
        services.school_session_record(
            actor=actor,
            cycle=cycle,
            held_on=held_on,
            title=title,
            attendance=attendance,
            online=title.startswith("온라인"),
        )
    return cycle


def _walk(spec: CycleSpec, cycle: Cycle, actor: Any) -> Cycle:
    """Take ``cycle`` from the phase it is in to ``spec.reach``, doing in each phase what the
    district would have done there. Each step checks what is already done, so a cycle found
    at its phase is left as it is."""
    while True:
        phase = cycle.phase
        if phase == Phase.SETUP:
            _set_up(spec, cycle, actor)
        elif phase == Phase.PROPOSALS:
            _propose(spec, cycle)
        elif phase == Phase.SCREENING:
            _screen(cycle)
        elif phase == Phase.VOTING and spec.vote is not None:
            _open_votes(cycle, actor, *spec.vote)
        elif phase == Phase.RESULTS:
            _count_and_publish(cycle, actor)
        if phase == spec.reach:
            return cycle
        cycle = services.cycle_advance(actor=actor, cycle=cycle)


def _open_votes(cycle: Cycle, actor: Any, opens: dt.datetime, closes: dt.datetime) -> None:
    """The mobile vote (the residents' ballot) and the committee's vote, side by side."""
    if not MobileVote.objects.filter(cycle=cycle).exists():
        services.mobile_vote_open(actor=actor, cycle=cycle, opens_at=opens, closes_at=closes)
    if not CommitteeVote.objects.filter(cycle=cycle).exists():
        services.committee_vote_open(actor=actor, cycle=cycle, opens_at=opens, closes_at=closes)


def _set_up(spec: CycleSpec, cycle: Cycle, actor: Any) -> None:
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
    if spec.youth_council:
        services.group_body_set(
            actor=actor,
            group=cycle.groups.get(code=demo_records.YOUTH_GROUP),
            body=governance_interface.load_demo_youth_council(),
        )
    for phase, starts_on, ends_on in spec.windows:
        services.phase_window_set(
            actor=actor, cycle=cycle, phase=phase, starts_on=starts_on, ends_on=ends_on
        )


# Approximate centres of Geumcheon-gu's dongs (illustrative, like the rest of the demo), so the
# cycle maps have markers; each proposal is nudged around its dong's centre on a 3×3 grid.
DONG_CENTRES = {
    "gasan-dong": ("37.4770", "126.8880"),
    "doksan-1-dong": ("37.4730", "126.8960"),
    "doksan-2-dong": ("37.4640", "126.8990"),
    "doksan-3-dong": ("37.4660", "126.9070"),
    "doksan-4-dong": ("37.4600", "126.9040"),
    "siheung-1-dong": ("37.4540", "126.9010"),
    "siheung-2-dong": ("37.4500", "126.9100"),
    "siheung-3-dong": ("37.4420", "126.9060"),
    "siheung-4-dong": ("37.4570", "126.9050"),
    "siheung-5-dong": ("37.4470", "126.9000"),
}
NUDGE = Decimal("0.0012")


def demo_point(dong: str, index: int) -> tuple[Decimal | None, Decimal | None]:
    """A map point near ``dong``'s centre, different for neighbouring indexes so markers do
    not sit on each other; no point for a proposal without a dong."""
    if dong not in DONG_CENTRES:
        return None, None
    lat, lng = (Decimal(v) for v in DONG_CENTRES[dong])
    return lat + NUDGE * (index % 3 - 1), lng + NUDGE * (index // 3 % 3 - 1)


def _propose(spec: CycleSpec, cycle: Cycle) -> None:
    """The spec's proposals, submitted by the demo resident (every ``offline_every``-th one
    entered by the budget team from a paper form, as the district's offline intake does)."""
    if cycle.proposals.exists():
        return
    author = User.objects.get(username="resident.geumcheon")
    desk = User.objects.get(username="manager.geumcheon")
    groups = {g.code: g for g in cycle.groups.all()}
    if any(g.voting_body_id for g in groups.values()):
        governance_interface.load_demo_youth_council()  # its members' accounts
    youth = User.objects.filter(username=demo_records.YOUTH_AUTHOR).first()
    types = {t.code: t for t in cycle.types.all()}
    for index, (title, group, kind, cost, dong, address, description) in enumerate(
        spec.proposals, start=1
    ):
        data = {
            "title": title,
            "description": description,
            "address": address,
            "dong": Municipality.objects.get(slug=f"geumcheon-{dong}") if dong else None,
            "group": groups[group],
            "type": types[kind],
            "estimated_cost_won": cost,
        }
        data["latitude"], data["longitude"] = demo_point(dong, index)
        if spec.offline_every and index % spec.offline_every == 0:
            services.proposal_record_offline(
                actor=desk, cycle=cycle, data=data, proposer_name="방문 접수 주민"
            )
        else:
            # A group run with the youth council takes proposals from its members only.
            by = youth if groups[group].voting_body_id and youth is not None else author
            services.proposal_save(actor=by, cycle=cycle, data=data, submit=True)


def _screen(cycle: Cycle) -> None:
    """The departments' screening: feasible, except the titles in ``INFEASIBLE``."""
    reviewer = User.objects.get(username="manager.geumcheon")
    waiting = cycle.proposals.filter(status=ProposalStatus.SUBMITTED).select_related("group")
    for proposal in waiting.order_by("number"):
        reason = INFEASIBLE.get(proposal.title, "")
        code = INFEASIBLE_CODES.get(proposal.title)
        group = proposal.group.code if proposal.group is not None else ""
        services.proposal_screen(
            actor=reviewer,
            proposal=proposal,
            decision=ProposalStatus.INFEASIBLE if reason else ProposalStatus.FEASIBLE,
            department=DEPARTMENTS.get(group, "기획예산과"),
            reason=reason,
            reason_code=ScreeningReason.objects.get(
                municipality_id=cycle.municipality_id, code=code
            )
            if code
            else None,
        )


def _count_and_publish(cycle: Cycle, actor: Any) -> None:
    """The committee's and the mobile vote's totals as the tally reported them (illustrative,
    drawn from a generator seeded with the cycle's year), the Korean mixed rule, published."""
    if cycle.results.filter(published_at__isnull=False).exists():
        return
    if not cycle.mobile_voters:
        rng = random.Random(f"geumcheon-pb-{cycle.cycle_year}")
        committee_voters = rng.randint(16, 24)
        mobile_voters = rng.randint(1_100, 2_900)
        feasible = cycle.proposals.filter(
            status=ProposalStatus.FEASIBLE, track=Track.RESIDENT
        ).order_by("number")
        counts = {
            p.number: (
                rng.randint(2, committee_voters),
                rng.randint(mobile_voters // 10, mobile_voters * 6 // 10),
            )
            for p in feasible
            if p.number is not None
        }
        cycle = services.vote_counts_record(
            actor=actor,
            cycle=cycle,
            committee_voters=committee_voters,
            mobile_voters=mobile_voters,
            counts=counts,
        )
    run = services.result_compute(actor=actor, cycle=cycle)
    services.result_publish(actor=actor, run=run)
