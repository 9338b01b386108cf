"""Demo: Seoul's community innovation plans of 2021 and an evaluation round (seed 004).

From the seed, exactly:

* the 2021 round: 24 districts with plans, per district the number of projects and the city
  subsidy in thousand won (강남구 2 projects 470,000 … 종로구 20 projects 900,000); the per-district
  counts add up to 241 while the seed's total says 238 — both are shown (the round's note, each
  plan's published count), the per-district figures are kept; the total is 21,145,000 thousand
  won;
* the three strategy projects (협치전략사업) of 강서·서대문·은평 with their city, district and
  other money (강서 522,000 = 435,000 + 87,000);
* the 2021 round's calendar as the seed reports it for 2020 (planning until 8/10, negotiation
  8/12–9/11, the citizens' PB assembly on 8/29, the council in December) and the 2022 round's
  calendar (briefing in January … plans due 7/9, PB committee 8/28, council vote in December);
* the evaluation's shape: 53 indicators, 105 points, three parts; 60/40; 7/11/7 grades with
  1.1/1.0/0.9 billion won; six districts without a 2020 plan.

* the 2020 consulting (seed 004, "자치구 기본교육 및 맞춤형 컨설팅"): 17 districts in four
  cohorts, 30 sessions and 320 participants (10/102, 9/114, 6/51, 5/53 by cohort), 147
  officials and 173 civil participants in all — reproduced exactly by the session records;
* the project database's yearly counts: 104 projects in 2018, 176 in 2019, 217 in 2020.

Illustrative, and labelled so on the pages: how each district's subsidy splits between its
projects (the seed gives only the district's total), the subsidy range as a rule (the seed's
lowest and highest grants), the indicator catalogue's per-part split, which six districts had
no 2020 plan, and every indicator and PB score; each consulting session's district, date
and officials/civil split (the seed gives them per cohort and in total only); which districts
carried out the yearly projects and the projects' titles (the seed gives only the counts).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils import translation

from maeul.accounts.models import User
from maeul.engine.innovation.rules import share_required
from maeul.innovation import services
from maeul.innovation.models import (
    Consultation,
    EvaluationRound,
    Plan,
    PlanRound,
    PlanState,
    Project,
    ProjectRecord,
)
from maeul.places.models import Municipality

ORDER = 86
K = 1000  # the seed's tables are in thousand won

# district slug → (projects, city subsidy in thousand won), seed 004 "2021년 실행사업 최종 확정"
PLANS_2021: dict[str, tuple[int, int]] = {
    "gangnam-gu": (2, 470_000),
    "gangdong-gu": (12, 900_000),
    "gangbuk-gu": (6, 855_000),
    "gangseo-gu": (12, 945_000),
    "gwanak-gu": (9, 900_000),
    "gwangjin-gu": (11, 855_000),
    "guro-gu": (12, 900_000),
    "geumcheon-gu": (15, 900_000),
    "nowon-gu": (10, 855_000),
    "dobong-gu": (10, 945_000),
    "dongdaemun-gu": (10, 850_000),
    "dongjak-gu": (7, 900_000),
    "mapo-gu": (10, 855_000),
    "seodaemun-gu": (15, 945_000),
    "seongdong-gu": (10, 900_000),
    "seongbuk-gu": (8, 945_000),
    "songpa-gu": (10, 900_000),
    "yangcheon-gu": (10, 900_000),
    "yeongdeungpo-gu": (7, 900_000),
    "yongsan-gu": (7, 880_000),
    "eunpyeong-gu": (12, 945_000),
    "jongno-gu": (20, 900_000),
    "jung-gu": (8, 945_000),
    "jungnang-gu": (8, 855_000),
}
SEED_TOTAL_PROJECTS = 238
SEED_TOTAL_THOUSAND_WON = 21_145_000

# slug → (title, city, district, other), thousand won: 2021 strategy projects (seed 004)
STRATEGY_2021 = {
    "gangseo-gu": ("주민이 주도하는 자원순환 마을 만들기", 435_000, 87_000, 0),
    "seodaemun-gu": (
        "지역사회와 함께하는 건물에너지 효율화 및 에너지 절약실천",
        435_000,
        87_000,
        100_000,
    ),
    "eunpyeong-gu": ("주민주도형 자원순환 실생활화 사업", 435_000, 127_250, 0),
}

D = dt.date
CALENDAR_2021 = [
    ("applications", D(2020, 3, 1), D(2020, 3, 31)),
    ("consulting", D(2020, 3, 1), D(2020, 8, 31)),
    ("plans_due", D(2020, 1, 1), D(2020, 8, 10)),
    ("negotiation", D(2020, 8, 12), D(2020, 9, 11)),
    ("pb_approval", D(2020, 8, 29), D(2020, 8, 29)),
    ("council_vote", D(2020, 12, 1), D(2020, 12, 31)),
]
CALENDAR_2022 = [
    ("briefing", D(2021, 1, 1), D(2021, 1, 31)),
    ("applications", D(2021, 3, 1), D(2021, 3, 31)),
    ("evaluation", D(2021, 3, 1), D(2021, 3, 31)),
    ("consulting", D(2021, 3, 1), D(2021, 6, 30)),
    ("plans_due", D(2021, 3, 1), D(2021, 7, 9)),
    ("negotiation", D(2021, 8, 1), D(2021, 8, 31)),
    ("pb_approval", D(2021, 8, 28), D(2021, 8, 28)),
    ("council_vote", D(2021, 12, 1), D(2021, 12, 31)),
]

NOTE_2021 = (
    "출처: 2021 지역협치 활성화 추진계획(서울시). 자치구별 사업 수의 합은 241건이나 문서의 "
    "총계는 238건으로, 자치구별 수치를 그대로 두고 둘 다 표시합니다. 자치구별 시비 총액은 "
    "문서 그대로이며, 사업별 금액 배분은 예시입니다. 시비 범위(4억7천만~9억4,500만원)는 "
    "문서의 최저·최고 지원액을 규칙으로 쓴 예시입니다."
)
NOTE_EVALUATION = (
    "예시 자료: 지표별·자치구별 점수와 참여예산제도 점수, 지표의 영역별 배분(53개 지표, "
    "105점은 문서 그대로), 2020년 계획 미실시 6개구가 어느 구인지는 문서에 없어 임의로 "
    "정했습니다. 환산(60/40), 등급(7/11/7), 지원액(11억/10억/9억)은 문서 그대로입니다."
)
NO_PLAN_2020 = ("gangnam-gu", "songpa-gu", "yongsan-gu", "jung-gu", "seocho-gu", "dongjak-gu")

# part, count, points each (illustrative split of the seed's 53 indicators / 105 points)
CATALOGUE = [
    ("basic", "B", [Decimal(2)] * 11 + [Decimal("1.5")] * 2),
    ("process", "P", [Decimal(2)] * 20 + [Decimal(1)] * 5),
    ("impact", "I", [Decimal(3)] * 5 + [Decimal(2)] * 10),
]
TITLES = {"basic": "기본조건 지표", "process": "과정관리 지표", "impact": "영향 지표"}


# seed 004, 2020 consulting by cohort (연차): topic, districts, sessions, participants
CONSULTING_2020 = [
    (
        "계획수립: 기본 및 실행계획 수립",
        ("gangnam-gu", "songpa-gu", "yongsan-gu", "jung-gu"),
        10,
        102,
    ),
    ("1년차: 의제발굴 및 공론숙의", ("gwangjin-gu", "guro-gu", "mapo-gu", "jungnang-gu"), 9, 114),
    (
        "3년차: 2기 기본계획수립",
        ("gangdong-gu", "gangseo-gu", "nowon-gu", "yangcheon-gu", "jongno-gu"),
        6,
        51,
    ),
    (
        "4년차: 협치 추진체계와 의제발굴, 공론숙의",
        ("gwanak-gu", "dongdaemun-gu", "seodaemun-gu", "seongdong-gu"),
        5,
        53,
    ),
]
CONSULTING_OFFICIALS_2020 = 147  # 45.94% of 320
CONSULTING_CIVIL_2020 = 173  # 54.06%

# seed 004, the project database: projects per year; which districts is illustrative
RECORDS = {2018: 104, 2019: 176, 2020: 217}
FIFTH_YEAR_2021 = (
    "geumcheon-gu",
    "gwanak-gu",
    "dobong-gu",
    "dongdaemun-gu",
    "seodaemun-gu",
    "seongdong-gu",
    "eunpyeong-gu",
    "yeongdeungpo-gu",
)
FOURTH_YEAR_2021 = (
    "gangdong-gu",
    "gangseo-gu",
    "nowon-gu",
    "dongjak-gu",
    "seongbuk-gu",
    "yangcheon-gu",
    "jongno-gu",
)
SECTORS = ("도시생활환경", "복지", "안전", "문화", "경제")


def _spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` whole shares differing by at most one, larger first."""
    return [total // parts + (1 if n < total % parts else 0) for n in range(parts)]


def _largest_remainder(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` in whole numbers that add up exactly."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def consulting_sessions_2020() -> list[dict[str, Any]]:
    """The 2020 consulting sessions as records whose sums give the seed's figures exactly:
    each cohort's sessions and participants, and 147 officials / 173 civil in all. Within a
    cohort the sessions go round its districts, and people and the officials' share are spread
    evenly (illustrative: the seed has no per-session figures)."""
    officials = _largest_remainder(
        CONSULTING_OFFICIALS_2020, [people for *_rest, people in CONSULTING_2020]
    )
    rows: list[dict[str, Any]] = []
    for (topic, slugs, sessions, people), cohort_officials in zip(
        CONSULTING_2020, officials, strict=True
    ):
        attendance = _spread(people, sessions)
        staff = _spread(cohort_officials, sessions)
        for n in range(sessions):
            rows.append(
                {
                    "slug": slugs[n % len(slugs)],
                    "held_on": D(2020, 3 + (n * 6) // sessions, 10 + n % 15),
                    "topic": f"{topic} (예시)",
                    "officials": staff[n],
                    "civil": attendance[n] - staff[n],
                }
            )
    return rows


def load_consulting(actor: Any, seoul: Municipality) -> None:
    if Consultation.objects.filter(municipality__parent=seoul, year=2020).exists():
        return
    for row in consulting_sessions_2020():
        services.consultation_record(
            actor=actor,
            district=_district(row["slug"]),
            year=2020,
            kind="consulting",
            held_on=row["held_on"],
            officials=row["officials"],
            civil=row["civil"],
            topic=row["topic"],
        )


def record_districts(year: int) -> list[str]:
    """Which districts carried out projects in ``year`` (illustrative): the 2021 plan's
    fifth-year districts but one in 2018 (the seed: 7 districts), with the fourth-year ones in
    2019, and in 2020 every district but the six without a 2020 plan (19, as evaluated)."""
    if year == 2018:
        return list(FIFTH_YEAR_2021[:7])
    if year == 2019:
        return [*FIFTH_YEAR_2021, *FOURTH_YEAR_2021]
    return [slug for slug in PLANS_2021 if slug not in NO_PLAN_2020]


def load_project_records(seoul: Municipality) -> None:
    if ProjectRecord.objects.filter(municipality__parent=seoul).exists():
        return
    records: list[ProjectRecord] = []
    for year, total in RECORDS.items():
        slugs = record_districts(year)
        for slug, count in zip(slugs, _spread(total, len(slugs)), strict=True):
            district = _district(slug)
            records.extend(
                ProjectRecord(
                    municipality=district,
                    year=year,
                    position=n,
                    title=f"{year} 실행사업 {n} (예시)",
                    sector=SECTORS[(n - 1) % len(SECTORS)],
                    illustrative=True,
                )
                for n in range(1, count + 1)
            )
    ProjectRecord.objects.bulk_create(records)


def _district(slug: str) -> Municipality:
    return Municipality.objects.get(slug=f"seoul-{slug}")


def _projects_2021(count: int, total_thousand: int) -> list[dict[str, Any]]:
    """``count`` projects summing to the district's subsidy: a governance-base project with the
    PB support at the 30% share (rounded up to the thousand won), the rest split evenly."""
    total = total_thousand * K
    base = -(-share_required(total, Fraction(30)) // (1000 * K)) * 1000 * K  # up to a million won
    rows = [
        {
            "title": "협치기반 구축 (구 주민참여예산 활성화 지원 포함)",
            "kind": "base",
            "pb_support": "1",
            "sector": "협치기반",
            "city_subsidy_won": base,
        }
    ]
    rest = total - base
    others = count - 1
    for n in range(others):
        share = rest // others + (1 if n < rest % others else 0)
        rows.append(
            {
                "title": f"분야별 협치사업 {n + 1} (예시)",
                "kind": "sector",
                "sector": ("도시생활환경", "복지", "안전", "문화", "경제")[n % 5],
                "city_subsidy_won": share,
            }
        )
    return rows


def load_round_2021(actor: Any, seoul: Municipality) -> PlanRound:
    existing = PlanRound.objects.filter(municipality=seoul, year=2021).first()
    if existing is not None:
        return existing
    round_ = services.round_create(
        actor=actor,
        city=seoul,
        year=2021,
        subsidy_min_won=470_000 * K,
        subsidy_max_won=945_000 * K,
        steps=CALENDAR_2021,
    )
    PlanRound.objects.filter(pk=round_.pk).update(note=NOTE_2021)
    for slug, (count, amount) in PLANS_2021.items():
        district = _district(slug)
        plan = services.plan_start(
            actor=actor, round_=round_, district=district, basic_plan_from=2019
        )
        Plan.objects.filter(pk=plan.pk).update(projects_reported=count)
        for row in _projects_2021(count, amount):
            services.project_add(actor=actor, plan_id=plan.pk, data=row)
        if slug in STRATEGY_2021:
            title, city, matched, other = STRATEGY_2021[slug]
            services.project_add(
                actor=actor,
                plan_id=plan.pk,
                data={
                    "title": title,
                    "kind": "strategy",
                    "sector": "기후위기·자원순환",
                    "city_subsidy_won": city * K,
                    "district_matching_won": matched * K,
                    "other_won": other * K,
                },
            )
        services.plan_submit(
            actor=actor, plan_id=plan.pk, now=dt.datetime(2020, 8, 10, 9, tzinfo=dt.UTC)
        )
        services.plan_approve(actor=actor, plan_id=plan.pk, approved_on=D(2020, 8, 29))
    return round_


def load_round_2022(actor: Any, seoul: Municipality) -> PlanRound:
    existing = PlanRound.objects.filter(municipality=seoul, year=2022).first()
    if existing is not None:
        return existing
    return services.round_create(
        actor=actor,
        city=seoul,
        year=2022,
        subsidy_min_won=470_000 * K,
        subsidy_max_won=945_000 * K,
        steps=CALENDAR_2022,
    )


def load_evaluation(actor: Any, seoul: Municipality) -> EvaluationRound:
    existing = EvaluationRound.objects.filter(municipality=seoul, year=2020).first()
    if existing is not None:
        return existing
    indicators = []
    for part, prefix, maxima in CATALOGUE:
        for n, top in enumerate(maxima, start=1):
            indicators.append((part, f"{prefix}{n:02}", f"{TITLES[part]} {n} (예시)", top))
    districts = list(Municipality.objects.filter(parent=seoul).order_by("sort_order", "name"))
    evaluation = services.evaluation_create(
        actor=actor,
        city=seoul,
        year=2020,
        funding_year=2022,
        tiers=[("가", 7, 1_100_000_000), ("나", 11, 1_000_000_000), ("다", 7, 900_000_000)],
        indicators=indicators,
        districts=[(d, d.slug.removeprefix("seoul-") not in NO_PLAN_2020) for d in districts],
        note=NOTE_EVALUATION,
    )
    draw = random.Random(2021)  # fixed: the demo's made-up scores are the same on every load
    rows: list[dict[str, Any]] = []
    for district in districts:
        had_plan = district.slug.removeprefix("seoul-") not in NO_PLAN_2020
        level = Decimal(draw.randint(55, 95)) / 100
        if had_plan:
            for _part, code, _title, top in indicators:
                noise = Decimal(draw.randint(-10, 10)) / 100
                share = min(Decimal(1), max(Decimal(0), level + noise))
                points = (top * share * 2).quantize(Decimal(1)) / 2  # half points
                rows.append({"district": district.name, "code": code, "points": points})
        pb = (Decimal(40) * level + Decimal(draw.randint(-300, 300)) / 100).quantize(
            Decimal("0.01")
        )
        rows.append({"district": district.name, "code": "pb", "points": min(pb, Decimal(40))})
    services.scores_record(actor=actor, evaluation_id=evaluation.pk, rows=rows)
    return services.evaluation_publish(actor=actor, evaluation_id=evaluation.pk)


def load(stdout: Any = None) -> None:
    actor = User.objects.filter(is_superuser=True).order_by("pk").first()
    if actor is None:
        raise RuntimeError("the innovation demo needs the accounts demo's superuser")
    seoul = Municipality.objects.get(slug="seoul")
    with translation.override("ko"):
        load_round_2021(actor, seoul)
        load_round_2022(actor, seoul)
        load_evaluation(actor, seoul)
        load_consulting(actor, seoul)
        load_project_records(seoul)
    if stdout is not None:
        stdout.write(
            f"innovation: {Plan.objects.filter(state=PlanState.APPROVED).count()} plans, "
            f"{Project.objects.count()} projects"
        )
