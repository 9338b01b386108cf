"""Demo jury: Geumcheon-gu's pledge evaluation jury (seed 002) — a pool of 250 volunteers
(illustrative people, no real persons), 4 electoral districts, quotas from population shares,
40 drawn (35 jurors + 5 reserves) by LEXIMIN with a fixed seed, a term of 88 days, three
sessions, four subgroups, a few reviews and two published opinions with the answers.
Nam-gu's 6th jury (seed 000, 35 members) is shown recruiting.

Idempotent: every step runs through the services only when its result is absent, so the
lottery runs once and the audit log gets no duplicate entries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.utils import timezone

from maeul.accounts.models import User
from maeul.juries import services
from maeul.juries.models import Draw, Jury, Review, VolunteerStatus
from maeul.places.models import Municipality
from maeul.pledges.interface import any_pledges

ORDER = 55
SEED = 20210415
JURY_NAME = "2021 금천구 공약이행평가 주민배심원단"
POOL_SIZE = 250

DISTRICTS = [
    ("ga", "가선거구", ["gasan-dong", "doksan-1-dong"]),
    ("na", "나선거구", ["doksan-2-dong", "doksan-3-dong", "doksan-4-dong"]),
    ("da", "다선거구", ["siheung-1-dong", "siheung-4-dong", "siheung-5-dong"]),
    ("ra", "라선거구", ["siheung-2-dong", "siheung-3-dong"]),
]
# Illustrative shares of the adult population (percent).
SHARES: dict[str, dict[str, float]] = {
    "gender": {"female": 49.6, "male": 50.4},
    "age_band": {"u30": 17.5, "30s": 18.9, "40s": 16.8, "50s": 17.6, "60p": 29.2},
    "district": {"ga": 27, "na": 28, "da": 27, "ra": 18},
}
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = [
    "민준",
    "서연",
    "지훈",
    "하은",
    "도윤",
    "수빈",
    "예준",
    "지민",
    "현우",
    "은지",
    "성민",
    "영희",
    "정호",
    "미숙",
    "상철",
    "순자",
    "태현",
    "유진",
    "동현",
    "경희",
]


def _pick(index: int, salt: str, modulo: int) -> int:
    digest = hashlib.sha256(f"maeul-demo-jury|{salt}|{index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % modulo


def _age(index: int, bands: list[tuple[int, int, int]]) -> int:
    """An age drawn from (low, high, weight-in-percent) bands, stable per index."""
    roll = _pick(index, "age", 100)
    for low, high, weight in bands:
        if roll < weight:
            return low + _pick(index, "year", high - low + 1)
        roll -= weight
    low, high, _weight = bands[-1]
    return low + _pick(index, "year", high - low + 1)


def _pool_csv(dongs: list[str]) -> str:
    """250 volunteers: older residents and Siheung a little over-represented, as in real
    recruitment, so the quotas have work to do."""
    lines = ["name,phone,birth_year,gender,dong,contact_by,consent"]
    ages = [(18, 29, 16), (30, 39, 17), (40, 49, 19), (50, 59, 20), (60, 84, 28)]
    for i in range(POOL_SIZE):
        age = _age(i, ages)
        name = SURNAMES[_pick(i, "sur", len(SURNAMES))] + GIVEN[_pick(i, "given", len(GIVEN))]
        gender = "female" if _pick(i, "gender", 100) < 52 else "male"
        dong = dongs[_pick(i, "dong", len(dongs))]
        contact = ["sms", "phone", "sms", "email"][_pick(i, "contact", 4)]
        lines.append(
            f"{name},010-55{i // 100:02d}-{i % 10000:04d},{2021 - age},{gender},{dong},"
            f"{contact},yes"
        )
    return "\n".join(lines) + "\n"


def _geumcheon(stdout: Any) -> None:
    municipality = Municipality.objects.filter(slug="seoul-geumcheon-gu").first()
    admin = User.objects.filter(username="admin.geumcheon").first()
    if municipality is None or admin is None:
        return
    jury = Jury.objects.filter(municipality=municipality, name=JURY_NAME).first()
    if jury is None:
        jury = services.jury_create(
            actor=admin,
            municipality=municipality,
            name=JURY_NAME,
            recruitment_year=2021,
            description=(
                "민선7기 공약 69개 사업의 이행 현황을 구민이 직접 점검하고 평가합니다. "
                "만 18세 이상 금천구민 가운데 참여 의향을 밝힌 분들 중에서 성별·연령·지역 "
                "인구 비례로 40명(배심원 35명, 예비 5명)을 추첨합니다."
            ),
        )
    _recruit(admin, municipality, jury, stdout)
    jury.refresh_from_db()
    _sit(admin, jury)


def _recruit(admin: User, municipality: Municipality, jury: Jury, stdout: Any) -> None:
    """Districts, quotas, the pool and the draw, each only when absent."""
    if not jury.quotas.exists():
        dongs = {m.slug: m for m in municipality.subtree().filter(level=3)}
        services.district_groups_set(
            actor=admin,
            jury=jury,
            groups=[
                (
                    key,
                    name,
                    [dongs[f"geumcheon-{slug}"] for slug in slugs if f"geumcheon-{slug}" in dongs],
                )
                for key, name, slugs in DISTRICTS
            ],
        )
        services.quotas_from_population(actor=admin, jury=jury, shares=SHARES)
    if not jury.volunteers.exists():
        dong_names = list(
            municipality.subtree()
            .filter(level=3)
            .order_by("sort_order")
            .values_list("name", flat=True)
        )
        services.volunteers_import_csv(actor=admin, jury=jury, text=_pool_csv(dong_names))
    if not Draw.objects.filter(jury=jury).exists():
        record = services.jury_draw(actor=admin, jury=jury, seed=SEED)
        if stdout is not None:
            stdout.write(
                f"juries: drew {len(record.panel)} + {len(record.reserves)} from "
                f"{len(record.people)} in {record.seconds} s (seed {record.seed})"
            )


def _sit(admin: User, jury: Jury) -> None:
    """The term, the sessions, subgroups, a few reviews and two published opinions."""
    if jury.term_start is None:
        services.jury_term_set(
            actor=admin, jury=jury, start=dt.date(2021, 5, 10), end=dt.date(2021, 8, 5)
        )
    if not jury.sessions.exists():
        for day, title in [
            (dt.date(2021, 5, 10), "위촉식 및 역량강화교육"),
            (dt.date(2021, 6, 14), "분임별 공약 점검 토의"),
            (dt.date(2021, 7, 19), "공약이행 평가 및 권고"),
        ]:
            services.session_schedule(
                actor=admin, jury=jury, held_on=day, title=title, place="금천구청 대강당"
            )
    if not jury.subgroups.exists():
        services.subgroups_form(actor=admin, jury=jury, count=4)
    first = jury.subgroups.order_by("number").first()
    if first is not None and not jury.reviews.exists():
        jurors = list(first.members.filter(status=VolunteerStatus.JUROR).order_by("code"))
        grades = ["A", "B", "B", "C", "A", "B", "B", "A", "C"]
        for pledge in first.pledges.order_by("number")[:2]:
            for index, juror in enumerate(jurors):
                Review.objects.create(
                    jury=jury,
                    pledge=pledge,
                    juror=juror,
                    grade=grades[(index + pledge.number) % len(grades)],
                    comments="주민 체감도를 높일 홍보가 필요합니다." if index % 3 == 0 else "",
                    recommendation=["advise", "recommend", "none"][index % 3],
                    submitted_at=timezone.now(),
                )
    if first is not None and not jury.opinions.exists():
        for pledge in first.pledges.order_by("number")[:2]:
            opinion = services.opinion_prepare(
                actor=admin,
                jury=jury,
                pledge=pledge,
                grade="B",
                text="계획대로 추진 중이나 주민 참여 확대와 성과 공개가 필요하다는 의견입니다.",
                recommendation="recommend",
            )
            services.opinion_answer(
                actor=admin,
                opinion=opinion,
                answer="권고를 반영하여 하반기 추진계획에 주민설명회를 포함하겠습니다.",
            )
            services.opinion_publish(actor=admin, opinion=opinion)


def _namgu() -> None:
    municipality = Municipality.objects.filter(slug="gwangju-nam-gu").first()
    admin = User.objects.filter(username="admin.namgu").first()
    if municipality is None or admin is None:
        return
    name = "제6기 남구 주민참여배심원단"
    if not Jury.objects.filter(municipality=municipality, name=name).exists():
        services.jury_create(
            actor=admin,
            municipality=municipality,
            name=name,
            recruitment_year=2020,
            panel_size=35,
            reserve_count=5,
            description="공약사업 이행상황에 대한 조언·권고·건의, 현장 모니터링, 공약사업 "
            "추진상황보고회 참관, 공약사업 일부변경 및 조정. 4개 분임으로 운영합니다.",
        )


def load(stdout: Any = None) -> None:
    if not any_pledges():
        return
    _geumcheon(stdout)
    _namgu()
    if stdout is not None:
        stdout.write(f"juries: {Jury.objects.count()} juries")
