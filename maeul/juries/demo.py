"""Demo jury: Geumcheon-gu's pledge evaluation jury (seed 002) — a pool of 250 volunteers
(illustrative people, no real persons), 4 electoral districts, quotas from population shares,
40 drawn (35 jurors + 5 reserves) by LEXIMIN with a fixed seed, a term of 88 days, three
sessions, four subgroups, a few reviews and two published opinions with the answers.

Nam-gu's juries (seed 000) are standing bodies whose volunteers were all commissioned (위촉),
not drawn: the 5th (53 members, 15 months from 2018-10-18, 4 subgroups, two 운영회의, the
manifesto course of 2019-02-11, the pledge progress report meetings of July and December
2019 with the jury's two half-yearly reports) is recorded as closed; the 6th (35 members
from 2020-07-14, 4 subgroups, reports twice a year, field monitoring) sat its two-year term
to 2022-07-13 and is recorded as closed once that day is past, as its records say. The members
are illustrative people; the seed gives the counts, the dates above and the months of the
report meetings, so the day in the month of those meetings, the visits and the reports' words
are illustrative too.

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
from maeul.juries.models import Draw, Jury, JuryPhase, Review, VolunteerStatus
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


NAMGU_5TH = "제5기 남구 주민참여배심원단"
NAMGU_6TH = "제6기 남구 주민참여배심원단"


def _members_csv(count: int, year: int, dongs: list[str], salt: str) -> str:
    """``count`` illustrative commissioned members aged 20-79 in ``year``."""
    lines = ["name,phone,birth_year,gender,dong,contact_by,consent"]
    for i in range(count):
        name = SURNAMES[_pick(i, f"{salt}sur", len(SURNAMES))]
        name += GIVEN[_pick(i, f"{salt}given", len(GIVEN))]
        age = 20 + _pick(i, f"{salt}age", 60)
        gender = "female" if i % 2 == 0 else "male"
        dong = dongs[_pick(i, f"{salt}dong", len(dongs))]
        lines.append(f"{name},010-62{year % 100:02d}-{i:04d},{year - age},{gender},{dong},sms,yes")
    return "\n".join(lines) + "\n"


def _seated(
    admin: User, municipality: Municipality, jury: Jury, count: int, start: dt.date
) -> Jury:
    """The commissioned members, appointed, with the term from ``start``; each step once."""
    if not jury.volunteers.exists():
        dongs = list(
            municipality.subtree()
            .filter(level=3)
            .order_by("sort_order")
            .values_list("name", flat=True)
        )
        services.volunteers_import_csv(
            actor=admin,
            jury=jury,
            text=_members_csv(count, jury.recruitment_year, dongs, jury.name),
        )
    jury.refresh_from_db()
    if jury.phase == JuryPhase.RECRUITING:
        services.jury_appoint(actor=admin, jury=jury)
    jury.refresh_from_db()
    if jury.term_start is None:
        services.jury_term_set(actor=admin, jury=jury, start=start)
    jury.refresh_from_db()
    return jury


def _sessions(admin: User, jury: Jury, rows: list[tuple[dt.date, str, str]]) -> None:
    if not jury.sessions.exists():
        for day, title, place in rows:
            services.session_schedule(actor=admin, jury=jury, held_on=day, title=title, place=place)
    if not jury.subgroups.exists():
        services.subgroups_form(actor=admin, jury=jury, count=4)


def _reports(admin: User, jury: Jury, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        if jury.reports.filter(year=row["year"], half=row["half"]).exists():
            continue
        report = services.report_save(actor=admin, jury=jury, **row)
        services.report_publish(actor=admin, report=report)


def _namgu_5th(admin: User, municipality: Municipality) -> None:
    jury = Jury.objects.filter(municipality=municipality, name=NAMGU_5TH).first()
    if jury is None:
        jury = services.jury_create(
            actor=admin,
            municipality=municipality,
            name=NAMGU_5TH,
            recruitment_year=2018,
            panel_size=53,
            reserve_count=0,
            term_months=15,
            description="민선7기 공약사업의 이행을 점검한 주민배심원단입니다. '18. 9~10월 공개 "
            "모집, '18. 10. 18. 53명 위촉. 4개 분임으로 공약실천계획을 토의하고 2019년 "
            "상·하반기 공약추진보고회에 참관하여 점검 결과를 보고했습니다.",
        )
    if jury.phase == JuryPhase.CLOSED:
        return
    jury = _seated(admin, municipality, jury, 53, dt.date(2018, 10, 18))
    hall = "남구청 대회의실"
    _sessions(
        admin,
        jury,
        [
            (dt.date(2018, 10, 18), "위촉식 및 역량강화교육, 1차 운영회의", hall),
            (dt.date(2018, 10, 23), "2차 운영회의: 분임 구성, 분임별 공약실천계획 토의", hall),
            (dt.date(2019, 2, 11), "주민배심원단 및 공직자 매니페스토 교육", hall),
            (dt.date(2019, 7, 17), "2019년 상반기 공약추진보고회 참관", hall),
            (dt.date(2019, 12, 18), "2019년 하반기 공약추진보고회 참관", hall),
        ],
    )
    _reports(
        admin,
        jury,
        [
            {
                "year": 2019,
                "half": 1,
                "title": "2019년 상반기 공약사업 추진 점검 결과",
                "presented_on": dt.date(2019, 7, 17),
                "summary": "4개 분임이 분야별 공약사업의 상반기 추진상황을 점검했습니다. "
                "대부분 계획대로 추진 중이나 일부 사업은 예산 확보가 늦어지고 있습니다.",
                "recommendations": "예산 확보가 늦어진 사업의 추진 일정을 주민에게 공개할 것, "
                "공약 이행 현황을 구 홈페이지에 분기마다 게시할 것을 권고합니다.",
            },
            {
                "year": 2019,
                "half": 2,
                "title": "2019년 하반기 공약사업 추진 점검 결과",
                "presented_on": dt.date(2019, 12, 18),
                "summary": "하반기 보고회에서 상반기 권고의 반영 여부를 확인했습니다. 이행 현황 "
                "공개는 반영되었고, 일정이 늦어진 사업은 조정안이 제시되었습니다.",
                "recommendations": "조정이 필요한 공약은 주민 동의 절차를 거쳐 조정할 것을 "
                "건의합니다.",
            },
        ],
    )
    services.jury_close(actor=admin, jury=jury)


# The 6th jury's members with an account: 34 residents of the voting demo (who also voted
# online in Nam-gu's 2020 mobile votes) and resident.namgu, so their attendance earns points
# through the participation events as it would live (see maeul/points/demo.py).
JURORS_6TH = [f"voter.namgu.{n:03d}" for n in range(1, 68, 2)] + ["resident.namgu"]
SESSIONS_6TH = [
    (dt.date(2020, 7, 14), "위촉식 및 역량강화교육"),
    (dt.date(2020, 8, 19), "1차 운영회의: 분임 구성, 분임별 공약실천계획 토의"),
    (dt.date(2020, 10, 14), "2차 운영회의: 현장 모니터링 결과 공유"),
    (dt.date(2021, 2, 17), "3차 운영회의: 하반기 보고 후속 점검"),
    (dt.date(2021, 7, 14), "2021년 상반기 공약추진보고회 참관"),
    (dt.date(2021, 10, 20), "4차 운영회의: 현장 모니터링 결과 공유"),
    (dt.date(2021, 12, 15), "2021년 하반기 공약추진보고회 참관"),
]
# Who missed a session, by session number and place in JURORS_6TH (resident.namgu, the
# last, could attend from 2021 on).
ABSENT_6TH = {1: {34}, 2: {2, 16, 28, 34}, 3: {4, 10, 21, 29, 34}}


def _members_6th(admin: User, municipality: Municipality, jury: Jury) -> None:
    """The residents of JURORS_6TH volunteer themselves; where the voting demo's accounts are
    missing (a partial load), illustrative members without accounts fill the seats."""
    if jury.volunteers.exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=JURORS_6TH)}
    for username in JURORS_6TH:
        user = users.get(username)
        if user is not None and getattr(user, "resident_or_none", None) is not None:
            services.volunteer_apply(
                actor=user, jury=jury, dong=None, phone="", contact_by="sms", consent=True
            )
    missing = jury.panel_size - jury.volunteers.count()
    if missing > 0:
        dongs = list(
            municipality.subtree()
            .filter(level=3)
            .order_by("sort_order")
            .values_list("name", flat=True)
        )
        services.volunteers_import_csv(
            actor=admin,
            jury=jury,
            text=_members_csv(missing, jury.recruitment_year, dongs, jury.name),
        )


def _attendance_6th(admin: User, jury: Jury) -> None:
    """Attendance of each session, once: everyone but ABSENT_6TH, in JURORS_6TH order (the
    members without accounts, if any, after them by code)."""
    users = {name: index for index, name in enumerate(JURORS_6TH)}
    jurors = sorted(
        jury.volunteers.filter(status=VolunteerStatus.JUROR).select_related("user"),
        key=lambda v: (users.get(v.user.username if v.user else "", len(users)), v.code),
    )
    for session in jury.sessions.order_by("number"):
        if session.attendance.exists():
            continue
        absent = ABSENT_6TH.get(session.number, set())
        present = [j.pk for index, j in enumerate(jurors) if index not in absent]
        services.attendance_record(actor=admin, session=session, present_ids=present)


def _namgu_6th(admin: User, municipality: Municipality) -> None:
    jury = Jury.objects.filter(municipality=municipality, name=NAMGU_6TH).first()
    if jury is None:
        jury = services.jury_create(
            actor=admin,
            municipality=municipality,
            name=NAMGU_6TH,
            recruitment_year=2020,
            panel_size=35,
            reserve_count=0,
            description="공약사업 이행상황에 대한 조언·권고·건의, 현장 모니터링, 공약사업 "
            "추진상황보고회 참관, 공약사업 일부변경 및 조정. '20. 5~6월 모집, '20. 7. 14. "
            "35명 위촉. 4개 분임으로 운영하며 해마다 상·하반기에 보고합니다.",
        )
    if jury.phase == JuryPhase.CLOSED:
        return
    if jury.phase == JuryPhase.RECRUITING:
        _members_6th(admin, municipality, jury)
    jury = _seated(admin, municipality, jury, 35, dt.date(2020, 7, 14))
    _sessions(admin, jury, [(day, title, "남구청 대회의실") for day, title in SESSIONS_6TH])
    _attendance_6th(admin, jury)
    groups = list(jury.subgroups.order_by("number"))
    if not jury.visits.exists() and groups:
        for day, place, group, checked, findings in [
            (
                dt.date(2020, 9, 16),
                "푸른길 공원 산책로 정비 구간",
                groups[0],
                "보행로 정비 공정과 안전시설 설치 상태",
                "공정률은 계획대로이나 야간 조명이 부족한 구간이 있어 보완이 필요합니다.",
            ),
            (
                dt.date(2020, 10, 21),
                "양림동 근대역사문화마을",
                groups[1],
                "관광 안내 시설과 주민 편의시설 조성 현황",
                "안내판이 새로 설치되었고 주민 쉼터 조성은 11월 완료 예정입니다.",
            ),
        ]:
            visit = services.visit_record(
                actor=admin,
                jury=jury,
                visited_on=day,
                place=place,
                subgroup=group,
                checked=checked,
                findings=findings,
            )
            services.visit_publish(actor=admin, visit=visit)
    _reports(
        admin,
        jury,
        [
            {
                "year": 2020,
                "half": 2,
                "title": "2020년 하반기 공약사업 추진 점검 결과",
                "presented_on": dt.date(2020, 12, 16),
                "summary": "위촉 후 첫 보고입니다. 분임별 현장 모니터링 두 차례와 하반기 "
                "공약추진보고회 참관 결과를 정리했습니다.",
                "recommendations": "야간 보행 안전을 위해 푸른길 공원 조명을 보완할 것을 "
                "권고합니다.",
            },
            {
                "year": 2021,
                "half": 1,
                "title": "2021년 상반기 공약사업 추진 점검 결과",
                "presented_on": dt.date(2021, 7, 14),
                "summary": "상반기 공약추진보고회에서 하반기 권고의 반영 여부를 확인했습니다. "
                "푸른길 공원 조명은 보완되었고 주민 쉼터는 완공되었습니다.",
                "recommendations": "완료된 공약사업의 운영 실적도 보고회에서 공개할 것을 "
                "건의합니다.",
            },
        ],
    )
    # Its two-year term (Nam-gu's rule) ended on 2022-07-13: once that day is past, the jury
    # is shown as its records say — closed, with its sessions, visits and reports — not as
    # sitting on past its term. No later report is recorded, so none is made up.
    jury.refresh_from_db()
    if jury.term_end is not None and jury.term_end < timezone.localdate():
        services.jury_close(actor=admin, jury=jury)


def _namgu() -> None:
    municipality = Municipality.objects.filter(slug="gwangju-nam-gu").first()
    admin = User.objects.filter(username="admin.namgu").first()
    if municipality is None or admin is None:
        return
    _namgu_5th(admin, municipality)
    _namgu_6th(admin, municipality)


def load(stdout: Any = None) -> None:
    if not any_pledges():
        return
    _geumcheon(stdout)
    _namgu()
    if stdout is not None:
        stdout.write(f"juries: {Jury.objects.count()} juries")
