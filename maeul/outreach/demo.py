"""Demo outreach data: the seeds' figures reproduced from records.

Names of reporters and learners, post titles and links, programme titles, the lawsuits' and
advice cases' titles are invented and say so ("예시"). The figures are the seeds':

* Nam-gu (seed 000): 남구톡톡 SNS기자단 — 17 applied, 15 selected on 2020-06-29, active from
  2020-07-16; posts July 49 (blog 27, SNS 20, YouTube 1, internet news 1), August 62 (blog 25,
  SNS 37), September 69 (blog 25, SNS 43, YouTube 1; the plan prints "눈 43", a typo for SNS:
  25 + 43 + 1 = 69). Missions on each of the 16 dongs. The academy touring the 16 dongs.
  16 dongs run 94 resident autonomy programmes; the pilot councils of 봉선1동, 백운2동, 월산4동,
  월산5동 (2020-06-10) and 주월1동 (2020-06-05).
* Geumcheon-gu (seed 002): the 2020 decentralisation campus (18 online lectures, 48 learners,
  2020-11-09 – 12-18) and the 2021 희망경제학교 (6 lectures for about 30 people, planned);
  lawsuits 2018–2020 by year, type and outcome; legal advice by year and kind (784); local
  laws (293 ordinances + 87 rules, 33 + 14 administrative rules); council sessions 2018–2020,
  36 council questions and 1,539 audit documents submitted in 2020.

Illustrative, not in the seeds (the pages' notes say so): the reporters' term end, how the
posts spread over reporters and days, the best-reporter award, the course completion rule,
how the 94 programmes spread over the 16 dongs (6 in fourteen, 5 in two) and their
categories, fees and capacities.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from maeul.outreach.models import (
    AutonomyProgramme,
    CouncilPilot,
    Course,
    Enrolment,
    Mission,
    Outcome,
    Post,
    Record,
    RecordKind,
    Reporter,
    ReporterAward,
    ReporterTeam,
    Session,
)
from maeul.places.models import Municipality

ORDER = 95

TEAM = "남구톡톡 SNS기자단"
# (year, month, first day) → posts per channel
POSTS = {
    (2020, 7, 16): {"blog": 27, "sns": 20, "youtube": 1, "news": 1},
    (2020, 8, 1): {"blog": 25, "sns": 37},
    (2020, 9, 1): {"blog": 25, "sns": 43, "youtube": 1},
}
APPLIED, SELECTED = 17, 15

ACADEMY = "찾아가는 주민 자치분권 아카데미"
CAMPUS_2020 = "자치분권대학 금천캠퍼스"
SCHOOL_2021 = "자치분권 전문과정-희망경제학교"
SCHOOL_2021_SESSIONS = [
    "분권화시대 지방재정의 이해",
    "지방세제 개편",
    "지방정부 어떻게 운영할 것인가?",
    "사회적 경제와 공동생산",
    "지방정부와 경제성장",
    "선진 정책사례",
]

PROGRAMMES_TOTAL = 94
CATEGORIES = [
    ("건강", "요가"),
    ("문화", "노래교실"),
    ("예술", "서예"),
    ("건강", "탁구"),
    ("문화", "라인댄스"),
    ("교육", "생활영어"),
]
PILOTS = [
    ("bongseon-1-dong", None),
    ("baegun-2-dong", None),
    ("wolsan-4-dong", None),
    ("wolsan-5-dong", dt.date(2020, 6, 10)),
    ("juwol-1-dong", dt.date(2020, 6, 5)),
]

# Lawsuits by year of filing: (type, outcome) → cases; counsel appointed per type.
LAWSUITS = {
    2020: (
        {("administrative", "pending"): 6, ("administrative", "withdrawn"): 9,
         ("civil", "pending"): 6, ("civil", "withdrawn"): 1},
        {"administrative": 5, "civil": 5},
    ),
    2019: (
        {("administrative", "pending"): 4, ("administrative", "won"): 4,
         ("administrative", "withdrawn"): 23, ("administrative", "lost"): 2,
         ("civil", "pending"): 5},
        {"administrative": 7, "civil": 5},
    ),
    2018: (
        {("administrative", "pending"): 1, ("administrative", "won"): 7,
         ("administrative", "withdrawn"): 37, ("administrative", "lost"): 2,
         ("civil", "won"): 2, ("civil", "withdrawn"): 3, ("civil", "partial"): 1,
         ("civil", "lost"): 1},
        {"administrative": 6, "civil": 5},
    ),
}  # fmt: skip
ADVICE = {
    2020: {"written": 55, "phone": 17, "visit": 48, "litigation": 6},
    2019: {"written": 87, "phone": 27, "visit": 92, "litigation": 62},
    2018: {"written": 138, "phone": 155, "visit": 42, "litigation": 55},
}
LOCAL_LAWS = {"ordinance": 293, "rule": 87, "directive": 33, "established_rule": 14}
COUNCIL_SESSIONS = {
    2020: {"regular": 1, "extraordinary": 3},
    2019: {"regular": 2, "extraordinary": 5},
    2018: {"regular": 2, "extraordinary": 6},
}
COUNCIL_QUESTIONS_2020 = 36
AUDIT_DOCUMENTS_2020 = 1_539

LABEL_KO = {
    "ordinance": "조례",
    "rule": "규칙",
    "directive": "훈령",
    "established_rule": "예규",
    "written": "서면",
    "phone": "전화",
    "visit": "방문",
    "litigation": "소송지휘",
    "administrative": "행정소송",
    "civil": "민사소송",
    "regular": "정례회",
    "extraordinary": "임시회",
}


def _days(first: dt.date) -> itertools.cycle[dt.date]:
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return itertools.cycle([first + dt.timedelta(days=n) for n in range((last - first).days + 1)])


def load_reporters(namgu: Municipality) -> ReporterTeam:
    team = ReporterTeam.objects.filter(municipality=namgu, name=TEAM, year=2020).first()
    if team is not None:
        return team
    team = ReporterTeam.objects.create(
        municipality=namgu,
        name=TEAM,
        year=2020,
        selected_on=dt.date(2020, 6, 29),
        term_starts=dt.date(2020, 7, 16),
        term_ends=dt.date(2020, 12, 31),
    )
    reporters = [
        Reporter.objects.create(
            team=team,
            name=f"기자{n:02d} (예시)",
            applied_on=dt.date(2020, 6, 15),
            selected=n <= SELECTED,
        )
        for n in range(1, APPLIED + 1)
    ]
    members = reporters[:SELECTED]
    dongs = list(Municipality.objects.filter(parent=namgu).order_by("sort_order"))
    missions = [
        Mission.objects.create(
            team=team, title=f"{dong.name}의 숨은 명소 (예시 미션)", dong=dong,
            due_on=dt.date(2020, 9, 30),
        )
        for dong in dongs
    ]  # fmt: skip
    turn = itertools.cycle(members)
    mission_turn = itertools.cycle(missions or [None])
    posts = []
    serial = 0
    for (year, month, day), channels in POSTS.items():
        days = _days(dt.date(year, month, day))
        for channel, n in channels.items():
            for _ in range(n):
                serial += 1
                reporter = next(turn)
                posts.append(
                    Post(
                        reporter=reporter,
                        channel=channel,
                        posted_on=next(days),
                        url=f"https://example.com/namgu-talktalk/{year}/{serial:03d}",
                        title=f"남구 소식 {serial:03d} (예시 제목)",
                        mission=next(mission_turn) if serial % 4 == 0 else None,
                    )
                )
    Post.objects.bulk_create(posts)
    ReporterAward.objects.create(
        reporter=members[0], year=2020, month=9, reason="예시: 우수 SNS기자상 (연중 수여)"
    )
    return team


def _course(
    municipality: Municipality, title: str, year: int, **fields: Any
) -> tuple[Course, bool]:
    return Course.objects.get_or_create(
        municipality=municipality, title=title, year=year, defaults=fields
    )


def load_courses(namgu: Municipality, geumcheon: Municipality) -> None:
    academy, created = _course(
        namgu,
        ACADEMY,
        2020,
        mode="offline",
        note="16개 동 순회 (마을리더, 주민자치위원, 통장단, 지역주민). 계획서에 참석 인원은 없음.",
    )
    if created:
        for n, dong in enumerate(Municipality.objects.filter(parent=namgu), start=1):
            Session.objects.create(
                course=academy, number=n, title=f"자치분권 이해 — {dong.name}", dong=dong
            )
    campus, created = _course(
        geumcheon,
        CAMPUS_2020,
        2020,
        mode="online",
        required_sessions=15,
        starts_on=dt.date(2020, 11, 9),
        ends_on=dt.date(2020, 12, 18),
        note=(
            "온라인교육 총 18강(각 20분 내외), 수강인원 48명. 수료 기준(18강 중 15강)은 예시이며 "
            "출석 기록이 없어 수료 인원은 알 수 없음."
        ),
    )
    if created:
        for n in range(1, 19):
            Session.objects.create(course=campus, number=n, title=f"제{n}강 (예시 제목)")
        Enrolment.objects.bulk_create(
            [Enrolment(course=campus, name=f"수강생{n:02d} (예시)") for n in range(1, 49)]
        )
    school, created = _course(
        geumcheon,
        SCHOOL_2021,
        2021,
        mode="offline",
        capacity=30,
        required_sessions=5,
        starts_on=dt.date(2021, 10, 1),
        ends_on=dt.date(2021, 11, 30),
        note="계획: 6강, 대상 30여명(정원 30은 '30여명'을 옮긴 것). 수료 기준(6강 중 5강)은 예시.",
    )
    if created:
        for n, title in enumerate(SCHOOL_2021_SESSIONS, start=1):
            Session.objects.create(course=school, number=n, title=title)


def load_autonomy(namgu: Municipality) -> None:
    if AutonomyProgramme.objects.filter(municipality=namgu).exists():
        return
    dongs = list(Municipality.objects.filter(parent=namgu).order_by("sort_order"))
    if not dongs:
        return
    base, extra = divmod(PROGRAMMES_TOTAL, len(dongs))
    rows = []
    for index, dong in enumerate(dongs):
        n = base + (1 if index < extra else 0)
        for k in range(n):
            category, title = CATEGORIES[k % len(CATEGORIES)]
            rows.append(
                AutonomyProgramme(
                    municipality=namgu,
                    dong=dong,
                    title=f"{title} (예시)",
                    category=category,
                    schedule="주 1회 (예시)",
                    fee_won=10_000 if k % 2 else 0,
                    capacity=20,
                    year=2020,
                )
            )
    AutonomyProgramme.objects.bulk_create(rows)
    by_slug = {d.slug: d for d in dongs}
    for slug, started in PILOTS:
        pilot = by_slug.get(f"namgu-{slug}")
        if pilot is not None:
            CouncilPilot.objects.get_or_create(
                municipality=namgu, dong=pilot, defaults={"started_on": started}
            )


def load_records(geumcheon: Municipality) -> None:
    if Record.objects.filter(municipality=geumcheon).exists():
        return
    rows: list[Record] = []

    def add(kind: str, category: str, year: int, title: str, **fields: Any) -> None:
        rows.append(
            Record(
                municipality=geumcheon, kind=kind, category=category, year=year,
                title=title, **fields,
            )
        )  # fmt: skip

    for year, (cases, counsel) in LAWSUITS.items():
        appointed = dict(counsel)
        serial = 0
        for (category, outcome), n in cases.items():
            for _ in range(n):
                serial += 1
                add(
                    RecordKind.LAWSUIT,
                    category,
                    year,
                    f"{year} {LABEL_KO[category]} {serial:02d} (예시 사건명)",
                    outcome=Outcome(outcome),
                    counsel_appointed=appointed[category] > 0,
                )
                appointed[category] -= 1
    for year, kinds in ADVICE.items():
        for category, n in kinds.items():
            for k in range(1, n + 1):
                add(
                    RecordKind.LEGAL_ADVICE, category, year,
                    f"{year} {LABEL_KO[category]} 자문 {k:03d} (예시)",
                )  # fmt: skip
    for category, n in LOCAL_LAWS.items():
        for k in range(1, n + 1):
            add(RecordKind.LOCAL_LAW, category, 2020, f"{LABEL_KO[category]} {k:03d} (예시 제명)")
    for year, kinds in COUNCIL_SESSIONS.items():
        for category, n in kinds.items():
            for k in range(1, n + 1):
                add(RecordKind.COUNCIL_SESSION, category, year, f"{year} {LABEL_KO[category]} {k}")
    for k in range(1, COUNCIL_QUESTIONS_2020 + 1):
        add(
            RecordKind.COUNCIL_QUESTION, "question", 2020, f"제223회 정례회 구정질문 {k:02d} (예시)"
        )
    add(
        RecordKind.AUDIT_DOCUMENT,
        "document",
        2020,
        "2020 행정사무감사 요구자료 제출",
        count=AUDIT_DOCUMENTS_2020,
    )
    Record.objects.bulk_create(rows)


def load(stdout: Any = None) -> None:
    namgu = Municipality.objects.get(slug="gwangju-nam-gu")
    geumcheon = Municipality.objects.get(slug="seoul-geumcheon-gu")
    load_reporters(namgu)
    load_courses(namgu, geumcheon)
    load_autonomy(namgu)
    load_records(geumcheon)
    if stdout is not None:
        stdout.write(
            f"outreach: {Post.objects.count()} posts, {Course.objects.count()} courses, "
            f"{AutonomyProgramme.objects.count()} autonomy programmes, "
            f"{Record.objects.count()} records"
        )
