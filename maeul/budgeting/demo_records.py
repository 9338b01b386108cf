"""Demo data beside Geumcheon-gu's cycles (called by ``maeul.budgeting.demo.load``): the
general assemblies (총회) the district reported — 2018-08-30, 2019-08-29 and the online video
assembly of 2020-10-28 (seed 002, "총회 개최"; attendance and decisions are not reported, so
none are shown) — the district's coded list of screening reasons (the kinds SPEC §1 names:
over the cap, not a district competence, duplicate, recurring cost) and its youth council
(청소년의회), with which the education/youth group is run.

Idempotent: an assembly is keyed by cycle and day, a reason by its code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from maeul.budgeting import services
from maeul.budgeting.models import Cycle, GeneralAssembly, ScreeningReason
from maeul.places.models import Municipality

SOURCE = "금천구 2021년 주요업무계획 (주민참여예산제 확대 운영)"

ASSEMBLIES = [
    # cycle year, held on, online, place
    (2018, dt.date(2018, 8, 30), False, ""),
    (2019, dt.date(2019, 8, 29), False, ""),
    (2020, dt.date(2020, 10, 28), True, "온라인 화상총회"),
]

REASONS = [
    # code, Korean label, English label
    ("over-cap", "사업비 한도 초과", "Over the cap"),
    ("not-competence", "구 소관 사무가 아님", "Not a district competence"),
    ("duplicate", "기존 사업과 중복", "Duplicates an existing project"),
    ("recurring-cost", "경상적 경비(매년 드는 운영비)", "Recurring cost"),
]

YOUTH_GROUP = "education"
"""The category group run with the youth council (seed 002: 교육·청소년분야 한도액은
청소년의회와 연계 운영)."""

YOUTH_AUTHOR = "youth.geumcheon"


def load_reasons(geumcheon: Municipality, actor: Any) -> dict[str, ScreeningReason]:
    """The district's coded list (before any screening, so every demo rejection has a code)."""
    have = {r.code: r for r in ScreeningReason.objects.filter(municipality=geumcheon)}
    for order, (code, label, label_en) in enumerate(REASONS):
        if code not in have:
            have[code] = services.screening_reason_save(
                actor=actor,
                municipality=geumcheon,
                code=code,
                label=label,
                label_en=label_en,
                sort_order=order,
            )
    return have


def load_assemblies(geumcheon: Municipality, actor: Any) -> None:
    for year, held_on, online, place in ASSEMBLIES:
        cycle = Cycle.objects.filter(municipality=geumcheon, cycle_year=year).first()
        if cycle is None or GeneralAssembly.objects.filter(cycle=cycle, held_on=held_on).exists():
            continue
        services.assembly_record(
            actor=actor, cycle=cycle, held_on=held_on, online=online, place=place, source=SOURCE
        )


def load_present_assembly(cycle: Cycle, actor: Any) -> None:
    """Last year's cycle (published, in execution) held its general assembly at the start of
    its results phase, where residents confirmed the selected projects: its decisions are
    read from the cycle's own published result, its attendance is illustrative like the rest
    of the demo's present."""
    if cycle.assemblies.exists() or not cycle.results.filter(published_at__isnull=False).exists():
        return
    window = cycle.windows.filter(phase="results").first()
    if window is None:
        return
    adopted = cycle.proposals.filter(adopted=True)
    total = sum(p.adopted_amount_won or 0 for p in adopted)
    services.assembly_record(
        actor=actor,
        cycle=cycle,
        held_on=window.starts_on,
        online=False,
        place="금천구청 대강당",
        attendance=96,
        decisions=[
            f"{cycle.budget_year}년도 주민참여예산 선정 사업 {adopted.count()}건, {total:,}원 확정",
            "선정되지 않은 제안은 다음 연도 제안으로 다시 낼 수 있음을 안내",
        ],
    )
