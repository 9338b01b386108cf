"""Demo register of Geumcheon-gu's outside grant programmes.

From seed 002 (금천구 기획예산과, "2020년 공모사업 상시모니터링 기관 현황" and "공모사업
성과평가 및 인센티브 지급"), exactly:

* 75 programmes monitored in 2020, by field: 과학통신 5, 교육 6, 국토개발 2, 노동 1,
  문화체육 15, 복지 25, 여성 2, 일반행정 5, 산업·중소기업 8, 환경 6;
* 15,000,000 won of incentives (15,000천원) paid in February 2021 to the departments for
  their 2020 grant work.

Everything else is made up, deterministic and marked ``demo``: the titles (each ends in
"(가상)"), funders, deadlines and amounts; which 30 programmes the district applied for, their
pre-check scores and cost estimates, and the 18 selected (the seed's 2014–2020 results table
did not survive in the text); how the 15,000,000 won is split among five departments. A few
programmes of the current year with deadlines in the coming days keep the officials' register
and the deadline notices busy; they do not touch the 2020 figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from maeul.engine.scoring.precheck import GEUMCHEON_POLICY, score
from maeul.outsidegrants.models import (
    Decision,
    DepartmentIncentive,
    DistrictApplication,
    Field,
    FunderKind,
    Outcome,
    OutsideProgramme,
    ProgrammeStatus,
)
from maeul.places.models import Municipality

ORDER = 92

MONITORED_2020: dict[str, int] = {
    Field.SCIENCE_ICT: 5,
    Field.EDUCATION: 6,
    Field.LAND: 2,
    Field.LABOUR: 1,
    Field.CULTURE_SPORTS: 15,
    Field.WELFARE: 25,
    Field.WOMEN: 2,
    Field.ADMINISTRATION: 5,
    Field.INDUSTRY: 8,
    Field.ENVIRONMENT: 6,
}
"""Seed 002's table, field by field (75 in all)."""

INCENTIVES_2020_WON = 15_000_000
"""Seed 002: 지급액 15,000천원, paid 2021-02 for 2020."""

_TOPICS: dict[str, str] = {
    Field.SCIENCE_ICT: "스마트도시 서비스 실증",
    Field.EDUCATION: "마을 연계 교육 프로그램",
    Field.LAND: "도시재생 거점 조성",
    Field.LABOUR: "청년 일자리 연계",
    Field.CULTURE_SPORTS: "생활문화 활성화",
    Field.WELFARE: "돌봄 안전망 강화",
    Field.WOMEN: "여성 친화 마을 만들기",
    Field.ADMINISTRATION: "비대면 행정서비스 개선",
    Field.INDUSTRY: "G밸리 중소기업 지원",
    Field.ENVIRONMENT: "그린뉴딜 탄소중립 실천",
}
_DEPARTMENTS: dict[str, str] = {
    Field.SCIENCE_ICT: "스마트정보과",
    Field.EDUCATION: "교육협력과",
    Field.LAND: "도시재생과",
    Field.LABOUR: "일자리정책과",
    Field.CULTURE_SPORTS: "문화체육과",
    Field.WELFARE: "복지정책과",
    Field.WOMEN: "여성가족과",
    Field.ADMINISTRATION: "기획예산과",
    Field.INDUSTRY: "지역경제과",
    Field.ENVIRONMENT: "환경과",
}
_FUNDERS = (
    ("행정안전부", FunderKind.CENTRAL),
    ("서울특별시", FunderKind.CITY),
    ("보건복지부", FunderKind.CENTRAL),
    ("문화체육관광부", FunderKind.CENTRAL),
    ("민간 공익재단", FunderKind.PRIVATE),
)
_INCENTIVES = (
    # (department, amount, reason): five parts of 15,000,000 won, each tied to a selection.
    ("복지정책과", 4_000_000, "공모사업 다수 선정 및 외부재원 확보 우수"),
    ("문화체육과", 3_500_000, "생활문화 공모사업 선정"),
    ("지역경제과", 3_000_000, "중소기업 지원 공모사업 선정"),
    ("환경과", 2_500_000, "그린뉴딜 공모사업 선정"),
    ("교육협력과", 2_000_000, "교육 공모사업 협업 우수"),
)

APPLIED_2020 = 30
SELECTED_2020 = 18


def _scores(n: int, recommended: bool) -> dict[str, int]:
    """Deterministic pre-check scores: recommended ones 3–5 per indicator, the others 1–3."""
    low = 3 if recommended else 1
    return {i.code: low + (n + k) % 3 for k, i in enumerate(GEUMCHEON_POLICY.indicators)}


def load_2020(geumcheon: Municipality) -> None:
    n = 0
    applied = selected = 0
    chosen: dict[str, DistrictApplication] = {}
    for code, count in MONITORED_2020.items():
        for k in range(count):
            funder, kind = _FUNDERS[n % len(_FUNDERS)]
            deadline = dt.date(2020, 2 + n % 10, 1 + (n * 7) % 27)
            apply = n % 5 in (0, 3)  # 30 of the 75
            programme = OutsideProgramme.objects.create(
                municipality=geumcheon,
                year=2020,
                funder=funder,
                funder_kind=kind,
                field=code,
                title=f"{_TOPICS[code]} 공모 {k + 1} (가상)",
                deadline=deadline,
                amount_offered_won=(50 + (n * 37) % 450) * 1_000_000,
                matching_required=kind != FunderKind.PRIVATE and n % 2 == 0,
                status=ProgrammeStatus.APPLYING if apply else ProgrammeStatus.CLOSED,
                demo=True,
            )
            if apply:
                applied += 1
                win = applied % 5 in (1, 2, 4)  # 18 of the 30
                scores = _scores(n, recommended=True)
                result = score(GEUMCHEON_POLICY, scores)
                cost = programme.amount_offered_won // 2 + 10_000_000
                application = DistrictApplication.objects.create(
                    programme=programme,
                    department=_DEPARTMENTS[code],
                    policy=GEUMCHEON_POLICY.as_data(),
                    scores=scores,
                    precheck_total=result.total_shown,
                    recommended=result.recommended,
                    reasons=[],
                    estimated_cost_won=cost,
                    matching_won=cost // 2 if programme.matching_required else 0,
                    decision=Decision.APPLY,
                    submitted_on=deadline - dt.timedelta(days=3),
                    outcome=Outcome.SELECTED if win else Outcome.NOT_SELECTED,
                    amount_awarded_won=programme.amount_offered_won // 2 if win else 0,
                    outcome_on=deadline + dt.timedelta(days=45),
                    demo=True,
                )
                if win:
                    selected += 1
                    chosen.setdefault(application.department, application)
            n += 1
    for department, amount, reason in _INCENTIVES:
        DepartmentIncentive.objects.create(
            municipality=geumcheon,
            department=department,
            year=2020,
            reason=f"{reason} (가상 배분)",
            amount_won=amount,
            paid_on=dt.date(2021, 2, 26),
            application=chosen.get(department),
            demo=True,
        )


def load_current(geumcheon: Municipality) -> None:
    """Four programmes of this year, undecided, closing in 3 to 20 days, and one declined."""
    today = timezone.localdate()
    rows = (
        (Field.WELFARE, "통합돌봄 선도사업 공모 (가상)", 3, ProgrammeStatus.MONITORING),
        (Field.ENVIRONMENT, "탄소중립 마을 실증 공모 (가상)", 6, ProgrammeStatus.MONITORING),
        (Field.SCIENCE_ICT, "비대면 스마트 민원 공모 (가상)", 12, ProgrammeStatus.MONITORING),
        (Field.CULTURE_SPORTS, "생활체육 거점 공모 (가상)", 20, ProgrammeStatus.MONITORING),
    )
    for n, (code, title, days, status) in enumerate(rows):
        funder, kind = _FUNDERS[n]
        OutsideProgramme.objects.create(
            municipality=geumcheon,
            year=today.year,
            funder=funder,
            funder_kind=kind,
            field=code,
            title=title,
            deadline=today + dt.timedelta(days=days),
            amount_offered_won=(100 + 50 * n) * 1_000_000,
            matching_required=n % 2 == 0,
            status=status,
            demo=True,
        )


def load(stdout: Any = None) -> None:
    geumcheon = Municipality.objects.get(slug="seoul-geumcheon-gu")
    if OutsideProgramme.objects.filter(municipality=geumcheon, demo=True).exists():
        return
    with transaction.atomic():
        load_2020(geumcheon)
        load_current(geumcheon)
    if stdout is not None:
        stdout.write(
            f"outsidegrants: {OutsideProgramme.objects.filter(municipality=geumcheon).count()} "
            "outside programmes"
        )
