"""Demo pledges: Geumcheon-gu's 69 pledges under 5 goals and 12 fields (counts from seed 002;
titles illustrative) and Seongnam's pledge no. 5 complete from its sheet (seed 001).

Idempotent: goals, fields and pledges are looked up by natural key (municipality + name or
number) and a pledge's sheet rows are written only when the pledge is created.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from fractions import Fraction
from typing import Any

from django.db import transaction

from maeul.places.models import Municipality
from maeul.pledges import demo_seongnam as seongnam
from maeul.pledges.models import (
    Execution,
    FundingPlan,
    Indicator,
    Milestone,
    Pledge,
    PledgeField,
    PledgeGoal,
    PledgeTask,
    PolicyDecision,
    YearPlan,
)

ORDER = 50

GEUMCHEON: list[tuple[str, list[tuple[str, list[str]]]]] = [
    (
        "더불어 행복한 금천",
        [
            (
                "소통행정",
                [
                    "구청장 열린 소통 간담회 정례화",
                    "온라인 구민 제안 플랫폼 구축",
                    "민원 처리 실명제와 만족도 공개",
                ],
            ),
            ("주민참여", ["주민참여예산 확대와 모바일 투표 도입", "동 주민자치회 전면 시행"]),
        ],
    ),
    (
        "다시 뛰는 금천",
        [
            (
                "도시계획",
                [
                    "금천구청역 일대 복합개발 추진",
                    "신안산선 역세권 개발 계획 수립",
                    "독산동 우시장 일대 정비",
                    "시흥대로 경관 개선",
                    "공공청사 복합화",
                ],
            ),
            (
                "도시재생",
                [
                    "독산1동 도시재생 뉴딜사업",
                    "시흥동 골목길 재생",
                    "노후 주거지 집수리 지원 확대",
                    "가산동 산업단지 재생",
                    "빈집을 활용한 공공주택 공급",
                    "남부순환로 보행환경 개선",
                ],
            ),
            (
                "지역경제",
                [
                    "G밸리 청년창업 지원센터 설립",
                    "골목상권 활성화 지원",
                    "전통시장 시설 현대화",
                    "지역화폐 발행 확대",
                    "사회적경제 지원센터 운영",
                    "소상공인 경영안정자금 지원",
                    "G밸리 기업 일자리 박람회",
                    "패션·봉제 산업 지원",
                    "청년 공공 인턴제",
                    "지식산업센터 입주 기업 지원",
                    "야간 골목 경제 활성화",
                ],
            ),
        ],
    ),
    (
        "안전한 금천",
        [
            (
                "교통",
                [
                    "신안산선 조기 개통 추진",
                    "마을버스 노선 개편",
                    "공영주차장 확충",
                    "자전거 도로망 정비",
                    "교통약자 이동 편의 증진",
                ],
            ),
            ("안전", ["스마트 CCTV 통합관제 확대", "어린이 보호구역 안전 강화"]),
            (
                "환경",
                [
                    "안양천 생태공원 조성",
                    "미세먼지 저감 숲 조성",
                    "호암산 둘레길 정비",
                    "재활용 거점 확대",
                    "탄소중립 실천 마을",
                    "학교 숲 조성",
                    "도심 텃밭 확대",
                    "공원 화장실 개선",
                ],
            ),
        ],
    ),
    (
        "따뜻한 금천",
        [
            (
                "복지",
                [
                    "어르신 일자리 확대",
                    "장애인 복지관 건립",
                    "찾아가는 동 복지 강화",
                    "1인 가구 지원센터 운영",
                    "다문화 가족 지원 확대",
                    "청소년 문화의 집 확충",
                ],
            ),
            (
                "건강",
                [
                    "보건지소 확충",
                    "치매안심센터 기능 강화",
                    "공공 산후조리 지원",
                    "생활체육시설 확충",
                    "정신건강 복지 지원",
                    "방문 건강관리 확대",
                    "금연·절주 건강도시",
                ],
            ),
        ],
    ),
    (
        "돌아오는 금천",
        [
            (
                "교육",
                [
                    "혁신교육지구 확대",
                    "구립도서관 확충",
                    "방과후 돌봄센터 확대",
                    "청소년 진로 체험 지원",
                ],
            ),
            (
                "문화",
                [
                    "금천하모니 축제 개선",
                    "구립 문화회관 건립",
                    "생활문화센터 조성",
                    "작은 도서관 활성화",
                    "금천 역사문화 자원 발굴",
                    "청년 예술인 지원",
                    "마을 공동체 문화 활동 지원",
                    "공공미술 프로젝트",
                    "문화 바우처 확대",
                    "영상미디어센터 운영",
                ],
            ),
        ],
    ),
]

STATUS_CYCLE = ["on_track"] * 6 + ["partial", "on_track", "completed", "on_hold"]


def _number_from(number: int, salt: str, modulo: int) -> int:
    """A stable pseudo-random number for illustrative figures (same on every machine)."""
    digest = hashlib.sha256(f"maeul-demo|{salt}|{number}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % modulo


def _goal_field(
    municipality: Municipality, goal: str, goal_order: int, field: str, field_order: int
) -> PledgeField:
    goal_row, _ = PledgeGoal.objects.get_or_create(
        municipality=municipality, name=goal, defaults={"order": goal_order}
    )
    field_row, _ = PledgeField.objects.get_or_create(
        goal=goal_row, name=field, defaults={"order": field_order}
    )
    return field_row


def _geumcheon_sheet(pledge: Pledge) -> None:
    """Illustrative indicators and money for a Geumcheon pledge (stable per number)."""
    n = pledge.number
    years = ["2019년", "2020년", "2021년~"]
    weights = [30, 30, 40]
    for order, (year, weight) in enumerate(zip(years, weights, strict=True)):
        done = [100, 100, 20 + _number_from(n, "ach", 81)][order]
        if pledge.status == "on_hold":
            done = min(done, 40)
        if pledge.status == "completed":
            done = 100
        Indicator.objects.create(
            pledge=pledge,
            order=order,
            year=year,
            name=f"{pledge.title} {order + 1}단계",
            weight=weight,
            target="100",
            result=f"{done}% 추진",
            achievement_numerator=done,
            achievement_denominator=100,
        )
    planned = (10 + _number_from(n, "plan", 290)) * 10_000_000
    shares = [10, 25, 30, 35]
    for order, (period, share) in enumerate(
        zip(["2019년", "2020년", "2021년", "2022년"], shares, strict=True)
    ):
        FundingPlan.objects.create(
            pledge=pledge,
            source="구비",
            period=period,
            order=order,
            in_term=True,
            amount_won=planned * share // 100,
        )
        if order < 3:
            rate = 60 + _number_from(n, f"exe{order}", 41)
            Execution.objects.create(
                pledge=pledge,
                source="구비",
                period=period,
                order=order,
                amount_won=planned * share // 100 * rate // 100,
            )
    Milestone.objects.create(
        pledge=pledge, when="2019. 3.", sort_date=dt.date(2019, 3, 1), text="추진계획 수립"
    )


def _seongnam() -> None:
    municipality = Municipality.objects.filter(slug="gyeonggi-seongnam-si").first()
    if municipality is None:
        return
    field = _goal_field(municipality, seongnam.GOAL, 1, seongnam.FIELD, 1)
    if Pledge.objects.filter(municipality=municipality, number=5).exists():
        return
    pledge = Pledge.objects.create(municipality=municipality, field=field, **seongnam.HEADER)
    for stage, date, document, reason in seongnam.DECISIONS:
        PolicyDecision.objects.create(
            pledge=pledge, stage=stage, decided_on=date, document_number=document, reason=reason
        )
    for order, (name, details) in enumerate(seongnam.TASKS):
        PledgeTask.objects.create(pledge=pledge, order=order, name=name, details=details)
    for order, (source, period, in_term, amount) in enumerate(seongnam.FUNDING):
        FundingPlan.objects.create(
            pledge=pledge,
            source=source,
            period=period,
            order=order,
            in_term=in_term,
            amount_won=amount,
        )
    for order, (source, period, amount) in enumerate(seongnam.EXECUTION):
        Execution.objects.create(
            pledge=pledge, source=source, period=period, order=order, amount_won=amount
        )
    for order, (period, steps, details) in enumerate(seongnam.YEAR_PLANS):
        YearPlan.objects.create(
            pledge=pledge, period=period, order=order, steps=steps, details=details
        )
    for when, date, text in seongnam.MILESTONES:
        Milestone.objects.create(pledge=pledge, when=when, sort_date=date, text=text)
    for order, (year, name, weight, target, result, achievement) in enumerate(seongnam.INDICATORS):
        value = Fraction(achievement)
        Indicator.objects.create(
            pledge=pledge,
            order=order,
            year=year,
            name=name,
            weight=weight,
            target=target,
            result=result,
            achievement_numerator=value.numerator,
            achievement_denominator=value.denominator,
        )


def _geumcheon() -> None:
    municipality = Municipality.objects.filter(slug="seoul-geumcheon-gu").first()
    if municipality is None:
        return
    number = 0
    for goal_order, (goal, fields) in enumerate(GEUMCHEON, start=1):
        for field_order, (field_name, titles) in enumerate(fields, start=1):
            field = _goal_field(municipality, goal, goal_order, field_name, field_order)
            for title in titles:
                number += 1
                if Pledge.objects.filter(municipality=municipality, number=number).exists():
                    continue
                pledge = Pledge.objects.create(
                    municipality=municipality,
                    field=field,
                    number=number,
                    title=title,
                    status=STATUS_CYCLE[number % len(STATUS_CYCLE)],
                    owner="금천구",
                    timing=["short", "mid", "long"][number % 3],
                    department=f"{field_name} 담당부서",
                    period="2018. 7월 ~ 2022. 6월",
                )
                _geumcheon_sheet(pledge)


def load(stdout: Any = None) -> None:
    with transaction.atomic():
        _seongnam()
        _geumcheon()
    if stdout is not None:
        stdout.write(f"pledges: {Pledge.objects.count()} pledges")
