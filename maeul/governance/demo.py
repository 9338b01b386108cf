"""Demo governance data from the seeds.

* Seoul 2019 (seed 004): the deliberation statistics of 11 districts, rebuilt as 1,946
  session-level rows of the city's quarterly sheet and loaded the way a district would load
  them — through ``sessions_import`` — then submitted and accepted quarter by quarter, so the
  statistics page, the API and the ``deliberation-stats`` export compute the published table
  from the sessions. How the invited counts were derived: see ``SEOUL_2019`` below and
  docs/subsystems/governance.md.
* Seoul's 22 district governance councils (seed 004): 682 members = 492 civil + 48 council
  members + 142 officials (civil 72.1%), spread evenly (31 per council); the members are
  placeholders ("협치위원 01"), the counts are the seed's.
* Nam-gu's autonomy council (seed 000): 15 members, 3 appointed + 12 commissioned, two-year
  terms renewable once, meeting at least once a year.
* Nam-gu's village planning teams (seed 000): 310 members in 16 dongs (placeholders).
* Seongnam's governance preparatory committee (seed 001): 15 = 3 officials + 12 citizens,
  formed 2020-08-06.
* Geumcheon-gu's PB committee with five subcommittees and its proposal-support group (six
  members, three women and three men, so it meets the gender rule it is checked against),
  linked from the budgeting demo's 2021 cycle (illustrative members, three with demo accounts).
* Seoul's participant survey (seed 004): perceived level 5 (44.3%) for participants against
  level 3 (28.5%) for the general public; trust in the district 4.93 vs 3.87, city 4.52 vs 3.94.

Idempotent: every object is found by its natural key first; the 2019 sessions are imported
only when no 2019 report exists for those districts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from maeul.accounts.models import User
from maeul.governance import services
from maeul.governance.models import (
    Body,
    BodyKind,
    Membership,
    QuarterlyReport,
    ReportStatus,
    SurveyResult,
)
from maeul.governance.sheet import KIND_LABELS, write_sheet
from maeul.places.models import Municipality

ORDER = 70

# district slug, Korean name, meetings, hours, attended gov, attended civil,
# invited gov, invited civil, invitees of no recorded sector (on split sessions),
# open sessions without a sector split: list of (attended civil, invited total).
#
# The seed publishes rates, attended counts, hours and meetings but not the invited counts.
# Each sector's invited count is the one that makes attended / invited round (half up) to the
# published rate; where the published overall rate differs from what the two sector counts
# pool to, the difference is made up of invitees of no recorded sector (동대문구 228, 성동구
# 37, a few elsewhere) or, where the overall rate is *higher* than the pooled one (동작구), of
# two open forums whose invitations were not split by sector. Among the candidates the demo
# takes the smallest overall rate, which keeps the mean of the 11 overall rates at 84.4%.
SEOUL_2019: list[tuple[str, str, int, str, int, int, int, int, int, list[tuple[int, int]]]] = [
    ("seoul-gangseo-gu", "강서구", 149, "210.5", 470, 1310, 558, 1621, 1, []),
    ("seoul-gwanak-gu", "관악구", 188, "285", 601, 1339, 423, 1533, 0, []),
    ("seoul-geumcheon-gu", "금천구", 88, "133.5", 487, 898, 537, 1056, 1, []),
    ("seoul-dobong-gu", "도봉구", 121, "180", 558, 787, 549, 890, 0, []),
    ("seoul-dongdaemun-gu", "동대문구", 81, "161", 191, 661, 247, 799, 228, []),
    ("seoul-dongjak-gu", "동작구", 205, "423", 652, 1740, 699, 2081, 0, [(30, 35), (30, 34)]),
    ("seoul-seodaemun-gu", "서대문구", 402, "673", 821, 3004, 962, 4626, 8, []),
    ("seoul-seongdong-gu", "성동구", 210, "313", 1002, 2555, 1156, 2828, 37, []),
    ("seoul-yeongdeungpo-gu", "영등포구", 73, "137", 322, 677, 363, 817, 0, []),
    ("seoul-eunpyeong-gu", "은평구", 210, "398", 1028, 1628, 1145, 1999, 1, []),
    ("seoul-jongno-gu", "종로구", 219, "334.5", 952, 1870, 996, 2115, 2, []),
]

KIND_CYCLE = [
    "council",
    "working_group",
    "subcommittee",
    "working_group",
    "workshop",
    "subcommittee",
    "forum",
    "consulting",
    "working_group",
    "training",
]

# 22 district governance councils (22 of Seoul's 25 districts had one in February 2021).
COUNCIL_DISTRICTS_EXCLUDED = ("seoul-gangnam-gu", "seoul-seocho-gu", "seoul-jung-gu")


def spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` whole numbers differing by at most one."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def seoul_2019_rows() -> list[list[Any]]:
    """The 1,946 sheet rows of the 2019 table, quarter by quarter per district."""
    rows: list[list[Any]] = []
    for _slug, name, meetings, hours, ag, ac, ig, ic, unsorted, open_sessions in SEOUL_2019:
        split_n = meetings - len(open_sessions)
        open_civil = sum(a for a, _ in open_sessions)
        units = spread(int(Decimal(hours) * 2), meetings)  # half hours per session
        gov = spread(ag, split_n)
        civ = spread(ac - open_civil, split_n)
        inv_gov = spread(ig, split_n)
        inv_civ = spread(ic, split_n)
        extra = spread(unsorted, split_n)
        numbers: dict[int, int] = {}
        for i in range(meetings):
            day = dt.date(2019, 1, 1) + dt.timedelta(days=(i * 364) // meetings)
            quarter = (day.month - 1) // 3 + 1
            numbers[quarter] = numbers.get(quarter, 0) + 1
            start = dt.time(14, 0) if i % 2 == 0 else dt.time(19, 0)
            minutes = units[i] * 30
            end_dt = dt.datetime.combine(day, start) + dt.timedelta(minutes=minutes)
            figures: list[int | None]
            if i < split_n:
                kind = KIND_CYCLE[i % len(KIND_CYCLE)]
                figures = [
                    inv_gov[i] + inv_civ[i] + extra[i],
                    inv_gov[i],
                    inv_civ[i],
                    gov[i] + civ[i],
                    gov[i],
                    civ[i],
                ]
            else:
                kind = "public_deliberation"
                attended, invited = open_sessions[i - split_n]
                figures = [invited, None, None, attended, 0, attended]  # no sector split
            label = KIND_LABELS[kind]
            rows.append(
                [
                    str(numbers[quarter]),
                    name,
                    f"{name} {label} ({day.month}월 {numbers[quarter]}회차)",
                    label,
                    day,
                    start.strftime("%H:%M"),
                    end_dt.strftime("%H:%M"),
                    Decimal(minutes) / 60,
                    f"{name}청 회의실",
                    *figures,
                    "지역사회혁신계획 의제 논의",
                    "",
                    "",
                ]
            )
    return rows


def _load_seoul_2019(actor: User, seoul: Municipality) -> int:
    districts = list(Municipality.objects.filter(slug__in=[row[0] for row in SEOUL_2019]))
    if QuarterlyReport.objects.filter(municipality__in=districts, year=2019).exists():
        return 0
    content = write_sheet("서울특별시 2019년", seoul_2019_rows())
    services.sessions_import(actor=actor, scope=seoul, content=content)
    for report in QuarterlyReport.objects.filter(municipality__in=districts, year=2019):
        services.report_submit(actor=actor, report=report)
        services.report_review(actor=actor, report=report, accept=True)
    return QuarterlyReport.objects.filter(
        municipality__in=districts, year=2019, status=ReportStatus.ACCEPTED
    ).count()


def _body(municipality: Municipality, name: str, **fields: Any) -> tuple[Body, bool]:
    return Body.objects.get_or_create(municipality=municipality, name=name, defaults=fields)


def _members(body: Body, people: list[dict[str, Any]]) -> None:
    Membership.objects.bulk_create([Membership(body=body, **person) for person in people])


def _load_district_councils(seoul: Municipality) -> None:
    districts = list(
        Municipality.objects.filter(parent=seoul)
        .exclude(slug__in=COUNCIL_DISTRICTS_EXCLUDED)
        .order_by("admin_code")
    )
    for index, district in enumerate(districts):
        body, created = _body(
            district,
            f"{district.name} 협치회의",
            kind="district_governance_council",
            mandate="지역사회혁신계획의 수립·실행·평가·환류를 민관이 함께 심의·의결한다.",
            meetings_required=4,
            meetings_period="year",
        )
        if not created:
            continue
        civil, council, government = 22, 2, 6
        if index < 8:
            civil += 1
        elif index < 12:
            council += 1
        else:
            government += 1
        sectors = ["civil"] * civil + ["council"] * council + ["government"] * government
        people = []
        for number, sector in enumerate(sectors, start=1):
            people.append(
                {
                    "person_name": f"{district.name} 협치위원 {number:02d}",
                    "sector": sector,
                    "gender": "female" if number % 2 == 0 else "male",
                    "appointment": "appointed" if sector == "government" else "commissioned",
                    "role": "chair" if number == 1 else "member",
                    "term_start": dt.date(2025, 1, 1),
                    "term_end": dt.date(2026, 12, 31),
                }
            )
        _members(body, people)


NAMGU_MEMBERS = [
    # name, affiliation, sector, gender, appointment, role, renewed (second term)
    ("남구 부구청장", "남구청", "government", "male", "appointed", "chair", False),
    ("혁신정책과장", "남구청", "government", "female", "appointed", "member", False),
    ("자치행정과장", "남구청", "government", "male", "appointed", "member", False),
    ("김민정", "학계", "civil", "female", "commissioned", "vice_chair", True),
    ("이준호", "학계", "civil", "male", "commissioned", "member", True),
    ("박서연", "언론계", "civil", "female", "commissioned", "member", False),
    ("최동훈", "언론계", "civil", "male", "commissioned", "member", False),
    ("정하은", "자치분권활동가", "civil", "female", "commissioned", "member", True),
    ("강태윤", "자치분권활동가", "civil", "male", "commissioned", "member", False),
    ("조은비", "시민사회단체", "civil", "female", "commissioned", "member", False),
    ("윤재석", "시민사회단체", "civil", "male", "commissioned", "member", False),
    ("임수아", "시민사회단체", "civil", "female", "commissioned", "member", False),
    ("한승우", "마을공동체", "civil", "male", "commissioned", "member", False),
    ("오지현", "주민자치회", "civil", "female", "commissioned", "member", False),
    ("서민규", "남구의회", "council", "male", "commissioned", "member", False),
]


def _load_namgu() -> None:
    namgu = Municipality.objects.get(slug="gwangju-nam-gu")
    body, created = _body(
        namgu,
        "남구 자치분권협의회",
        kind="autonomy_council",
        established_on=dt.date(2017, 6, 2),
        mandate=(
            "남구 조례에 근거한 심의·자문기구. 자치분권 촉진을 위한 정책 개발 및 기본계획 "
            "수립·시행, 자치분권 촉진활동 사업의 협의·조정."
        ),
        meetings_required=1,
        meetings_period="year",
    )
    if not created:
        return
    people = []
    for name, affiliation, sector, gender, appointment, role, renewed in NAMGU_MEMBERS:
        common = {
            "person_name": name,
            "affiliation": affiliation,
            "sector": sector,
            "gender": gender,
            "appointment": appointment,
            "role": role,
        }
        if renewed:
            people.append(
                {**common, "term_start": dt.date(2023, 6, 2), "term_end": dt.date(2025, 6, 1)}
            )
        people.append(
            {**common, "term_start": dt.date(2025, 6, 2), "term_end": dt.date(2027, 6, 1)}
        )
    _members(body, people)


SEONGNAM_CITIZENS = [
    ("김하늘", "female"),
    ("이도윤", "male"),
    ("박지우", "female"),
    ("최서준", "male"),
    ("정유나", "female"),
    ("강민재", "male"),
    ("조서윤", "female"),
    ("윤지호", "male"),
    ("장예린", "female"),
    ("임현우", "male"),
    ("한소율", "female"),
    ("오건우", "male"),
]


def _load_seongnam() -> None:
    seongnam = Municipality.objects.get(slug="gyeonggi-seongnam-si")
    body, created = _body(
        seongnam,
        "성남시 협치 준비위원회",
        kind="preparatory_committee",
        established_on=dt.date(2020, 8, 6),
        mandate="협치조례(안)과 협치 기본방향 등 민관협치 추진을 준비한다.",
        meetings_required=1,
        meetings_period="quarter",
    )
    if not created:
        return
    start, end = dt.date(2020, 8, 6), dt.date(2021, 6, 27)
    officials = [
        ("시민소통협력팀장", "female"),
        ("마을공동체과장", "male"),
        ("기획예산과장", "male"),
    ]
    people = [
        {
            "person_name": name,
            "affiliation": "성남시청",
            "sector": "government",
            "gender": gender,
            "appointment": "appointed",
            "role": "member",
            "term_start": start,
            "term_end": end,
        }
        for name, gender in officials
    ]
    people += [
        {
            "person_name": name,
            "affiliation": "시민",
            "sector": "civil",
            "gender": gender,
            "appointment": "commissioned",
            "role": "chair" if index == 0 else "member",
            "term_start": start,
            "term_end": end,
        }
        for index, (name, gender) in enumerate(SEONGNAM_CITIZENS)
    ]
    _members(body, people)


def _load_village_planning_teams() -> None:
    """Nam-gu's village planning teams (마을계획단): 310 residents in 16 dongs, about 20 each
    (seed 000); the members are placeholders, the counts are the seed's."""
    namgu = Municipality.objects.get(slug="gwangju-nam-gu")
    dongs = list(Municipality.objects.filter(parent=namgu).order_by("sort_order", "name"))
    sizes = spread(310, len(dongs)) if dongs else []
    for dong, size in zip(dongs, sizes, strict=True):
        body, created = _body(
            dong,
            f"{dong.name} 마을계획단",
            kind="village_planning_team",
            mandate="마을의 의제를 찾고 마을계획을 세워 주민총회에 올린다.",
            meetings_required=1,
            meetings_period="quarter",
        )
        if not created:
            continue
        _members(
            body,
            [
                {
                    "person_name": f"{dong.name} 계획단원 {number:02d}",
                    "sector": "civil",
                    "gender": "female" if number % 2 == 0 else "male",
                    "appointment": "commissioned",
                    "role": "chair" if number == 1 else "member",
                    "term_start": dt.date(2025, 3, 1),
                    "term_end": dt.date(2027, 2, 28),
                }
                for number in range(1, size + 1)
            ],
        )


GEUMCHEON_PB_COMMITTEE = "금천구 주민참여예산위원회"
GEUMCHEON_PB_SUPPORT = "금천구 구민제안참여단"
GEUMCHEON_PB_SUBCOMMITTEES = [
    "교통·주택 분과",
    "복지·여성 분과",
    "경제·문화·관광 분과",
    "공원·환경 분과",
    "교육·청소년 분과",
]
GEUMCHEON_PB_MEMBERS = [
    # name, account (username or ""), affiliation, sector, gender, role, subcommittee index
    ("김민수", "committee.geumcheon", "가산동 주민", "civil", "male", "chair", 0),
    ("이정희", "committee2.geumcheon", "독산1동 주민", "civil", "female", "vice_chair", 1),
    ("박성호", "", "시흥4동 주민", "civil", "male", "member", 2),
    ("최은영", "", "독산3동 주민", "civil", "female", "member", 3),
    ("정하늘", "", "시흥1동 주민", "civil", "female", "member", 4),
    ("윤서진", "", "가산동 주민", "civil", "female", "member", 0),
    ("장현우", "", "시흥5동 주민", "civil", "male", "member", 1),
    ("강미래", "", "독산4동 주민", "civil", "female", "member", 4),
    ("한동진", "", "금천구의회", "council", "male", "member", None),
    ("금천구 기획예산과장", "", "금천구청", "government", "male", "member", None),
]
# Six illustrative members, three women and three men: the group is checked against the
# gender rule like every body (each gender at least 40%), and three members (two women, one
# man) broke it (issue 21). The plan gives the group, not its size.
GEUMCHEON_PB_SUPPORT_MEMBERS = [
    ("오지현", "support.geumcheon", "female"),
    ("윤태호", "", "male"),
    ("서하린", "", "female"),
    ("김도윤", "", "male"),
    ("박소연", "", "female"),
    ("이준혁", "", "male"),
]


def geumcheon_pb_term(today: dt.date) -> tuple[dt.date, dt.date]:
    """The PB committee's two-year term running on ``today`` (1 March to the end of February,
    as the district appoints it): 2025-03-01 to 2027-02-28 when loaded in 2026. Counted from
    the day of loading, so the budgeting demo's present cycles always find their committee in
    term, and its vote's roll is never empty."""
    return dt.date(today.year - 1, 3, 1), dt.date(today.year + 1, 3, 1) - dt.timedelta(days=1)


def _demo_resident(username: str, name: str, gender: str, birth_year: int = 1975) -> User:
    """A resident account for a committee or support-group member, so the demo can be walked
    through as a member (comment, vote in the committee vote)."""
    from maeul.accounts.demo import DEMO_PASSWORD
    from maeul.accounts.services import resident_register

    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    resident_register(
        username=username,
        password=DEMO_PASSWORD,
        name=name,
        email="",
        birth_year=birth_year,
        gender=gender,
        district=Municipality.objects.get(slug="seoul-geumcheon-gu"),
        dong=Municipality.objects.get(slug="geumcheon-gasan-dong"),
    )
    return User.objects.get(username=username)


def load_geumcheon_pb() -> tuple[Body, Body]:
    """Geumcheon-gu's PB committee (주민참여예산위원회) with its five subcommittees, one per
    category group of the budgeting demo, and the proposal-support group (구민제안참여단).

    Members are illustrative (the plan gives the bodies, not the names); three have demo
    accounts (committee.geumcheon, committee2.geumcheon, support.geumcheon). Their terms are
    the two years around the day of loading (``geumcheon_pb_term``), so the budgeting demo's
    cycle in its vote finds the committee in term when its committee vote opens. Called by the
    budgeting demo too (it runs first and links its cycles); idempotent."""
    geumcheon = Municipality.objects.get(slug="seoul-geumcheon-gu")
    start, end = geumcheon_pb_term(timezone.localdate())
    committee, created = _body(
        geumcheon,
        GEUMCHEON_PB_COMMITTEE,
        kind="pb_committee",
        mandate=(
            "주민참여예산 제안사업의 분야별 검토·심사, 분야 그룹별 한도 설정, 위원회 투표로 "
            "사업 선정에 참여한다."
        ),
        meetings_required=2,
        meetings_period="year",
    )
    subcommittees = []
    for name in GEUMCHEON_PB_SUBCOMMITTEES:
        sub, _created = _body(
            geumcheon,
            f"{GEUMCHEON_PB_COMMITTEE} {name}",
            kind="subcommittee",
            parent=committee,
            mandate="분야 제안사업을 검토하고 위원회에 의견을 낸다.",
            min_gender_percent=None,
            min_civil_percent=None,
        )
        subcommittees.append(sub)
    if created:
        people = []
        for name, username, affiliation, sector, gender, role, group in GEUMCHEON_PB_MEMBERS:
            user = _demo_resident(username, name, gender) if username else None
            person = {
                "person_name": name,
                "user": user,
                "affiliation": affiliation,
                "sector": sector,
                "gender": gender,
                "appointment": "appointed" if sector == "government" else "commissioned",
                "role": role,
                "term_start": start,
                "term_end": end,
            }
            people.append(person)
            if group is not None:
                _members(subcommittees[group], [{**person, "role": "member"}])
        _members(committee, people)
    support, created = _body(
        geumcheon,
        GEUMCHEON_PB_SUPPORT,
        kind="working_group",
        mandate="주민 제안서에 의견을 달고 보완을 제안한다.",
        min_civil_percent=None,
    )
    # By name, not only when the group is new: a database loaded with the three-member group
    # gets the missing members (same term as the others) on the next load.
    present = set(support.memberships.values_list("person_name", flat=True))
    missing = [m for m in GEUMCHEON_PB_SUPPORT_MEMBERS if m[0] not in present]
    if missing:
        term = support.memberships.order_by("term_start").values_list("term_start", "term_end")
        term_start, term_end = term.first() or (start, end)
        _members(
            support,
            [
                {
                    "person_name": name,
                    "user": _demo_resident(username, name, gender) if username else None,
                    "sector": "civil",
                    "gender": gender,
                    "appointment": "commissioned",
                    "role": "member",
                    "term_start": term_start,
                    "term_end": term_end,
                }
                for name, username, gender in missing
            ],
        )
    return committee, support


GEUMCHEON_YOUTH_COUNCIL = "금천구 청소년의회"
GEUMCHEON_YOUTH_MEMBERS = [
    # name, account (username or ""), gender, school year's birth year
    ("김하윤", "youth.geumcheon", "female", 2009),
    ("이도윤", "youth2.geumcheon", "male", 2010),
    ("박서연", "", "female", 2009),
    ("최준서", "", "male", 2008),
    ("정지아", "", "female", 2010),
    ("강시우", "", "male", 2009),
    ("조하은", "", "female", 2008),
    ("윤건우", "", "male", 2010),
]


def load_geumcheon_youth_council() -> Body:
    """Geumcheon-gu's youth council (청소년의회), with which the district runs the
    education/youth group of participatory budgeting (seed 002: "교육·청소년분야 한도액은
    청소년의회와 연계 운영"). Members are illustrative, half of each gender, all residents
    (civil); two have demo accounts (youth.geumcheon, youth2.geumcheon) so the group's
    proposals and vote can be walked through. Terms as the PB committee's (``geumcheon_pb_term``).
    Registered as a youth council; a database loaded when the register had no such kind (the
    council was a working group then) gets its kind corrected. Idempotent."""
    geumcheon = Municipality.objects.get(slug="seoul-geumcheon-gu")
    start, end = geumcheon_pb_term(timezone.localdate())
    body, created = _body(
        geumcheon,
        GEUMCHEON_YOUTH_COUNCIL,
        kind=BodyKind.YOUTH_COUNCIL,
        mandate=(
            "청소년이 교육·청소년 분야 주민참여예산 사업을 제안하고, 분야 한도 안에서 투표로 "
            "사업을 고른다."
        ),
        meetings_required=2,
        meetings_period="year",
    )
    if body.kind != BodyKind.YOUTH_COUNCIL:
        Body.objects.filter(pk=body.pk).update(kind=BodyKind.YOUTH_COUNCIL)
        body.kind = BodyKind.YOUTH_COUNCIL
    if created:
        _members(
            body,
            [
                {
                    "person_name": name,
                    "user": _demo_resident(username, name, gender, born) if username else None,
                    "affiliation": "금천구 청소년",
                    "sector": "civil",
                    "gender": gender,
                    "appointment": "commissioned",
                    "role": "chair" if index == 0 else "member",
                    "term_start": start,
                    "term_end": end,
                }
                for index, (name, username, gender, born) in enumerate(GEUMCHEON_YOUTH_MEMBERS)
            ],
        )
    return body


def _load_surveys(seoul: Municipality) -> None:
    for group, level, share, district, city in (
        ("participants", 5, "44.3", "4.93", "4.52"),
        ("general_public", 3, "28.5", "3.87", "3.94"),
    ):
        SurveyResult.objects.get_or_create(
            municipality=seoul,
            year=2020,
            group=group,
            defaults={
                "level": level,
                "level_share": Decimal(share),
                "trust_district": Decimal(district),
                "trust_city": Decimal(city),
            },
        )


def load(stdout: Any = None) -> None:
    seoul = Municipality.objects.get(slug="seoul")
    actor = User.objects.filter(is_superuser=True).order_by("pk").first()
    if actor is None:
        raise RuntimeError("the governance demo needs the accounts demo's superuser")
    accepted = _load_seoul_2019(actor, seoul)
    _load_district_councils(seoul)
    _load_namgu()
    _load_village_planning_teams()
    _load_seongnam()
    load_geumcheon_pb()
    load_geumcheon_youth_council()
    _load_surveys(seoul)
    if stdout is not None:
        stdout.write(
            f"governance: {Body.objects.count()} bodies, "
            f"{Membership.objects.count()} memberships, {accepted} reports accepted now"
        )


NAMGU_CITIZEN_AUDITORS = "남구 시민감사관"
NAMGU_AUDITOR_USERNAME = "auditor.namgu"
_AUDITOR_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
_AUDITOR_GIVEN = ("민준", "서연", "도윤", "지우", "하준", "서윤", "은우", "지민", "시우", "수아")


def load_namgu_citizen_auditors() -> Body:
    """Nam-gu's citizen auditors (시민감사관, seed 000: 5th term appointed in 2020, 30 as of
    June 2020, 2-year term). The 30 names are made up; the 5th term is given as 2020-06-01 to
    2022-05-31 (the seed says only "2020"). The first auditor has a demo account
    (``auditor.namgu``) whose illustrative current term, renewed for the two years around
    today, lets the demo walk through answering a report. Idempotent."""
    from maeul.accounts.demo import DEMO_PASSWORD
    from maeul.accounts.services import resident_register

    namgu = Municipality.objects.get(slug="gwangju-nam-gu")
    body, created = _body(
        namgu,
        NAMGU_CITIZEN_AUDITORS,
        kind="citizen_auditors",
        mandate=(
            "동 종합감사와 민간위탁·보조사업 특정감사를 참관하고, 주민불편사항·비위 제보를 "
            "접수·처리한다(「광주광역시 남구 시민감사관 구성 및 운영 조례」)."
        ),
        meetings_required=1,
        meetings_period="quarter",
        min_gender_percent=None,
        min_civil_percent=None,
        term_years=2,
    )
    if not created:
        return body
    user = User.objects.filter(username=NAMGU_AUDITOR_USERNAME).first()
    if user is None:
        dong = Municipality.objects.filter(parent=namgu).order_by("sort_order", "pk").first()
        user = resident_register(
            username=NAMGU_AUDITOR_USERNAME,
            password=DEMO_PASSWORD,
            name="김민준",
            email="",
            birth_year=1968,
            gender="male",
            district=namgu,
            dong=dong,
        )
    people = []
    for index in range(30):
        given = _AUDITOR_GIVEN[(index + index // 20) % 10]  # 30 different names
        name = _AUDITOR_SURNAMES[index % len(_AUDITOR_SURNAMES)] + given
        people.append(
            {
                "person_name": name,
                "user": user if index == 0 else None,
                "affiliation": "남구 주민 (가상 인물)",
                "sector": "civil",
                "gender": "female" if index % 2 else "male",
                "appointment": "commissioned",
                "role": "chair" if index == 0 else "member",
                "term_start": dt.date(2020, 6, 1),
                "term_end": dt.date(2022, 5, 31),
            }
        )
    today = timezone.localdate()
    start = dt.date(today.year if today.month >= 6 else today.year - 1, 6, 1)
    people.append(
        {
            **people[0],
            "role": "member",
            "term_start": start,
            "term_end": dt.date(start.year + 2, 5, 31),
        }
    )
    _members(body, people)
    return body
