"""Demo grant calls (SPEC §8; seeds 004, 000 and 002).

* Seoul's 2021 civil–civil cooperation call (seed 004), run end to end for Geumcheon-gu's
  consortia: the rules are the seed's (300 M won in total, at most 30 M each, at most 15
  grantees, consortia of at least 3 non-profits located in the district, staff cost at most
  50%, no capital expense, bonus for climate-action work) and so is the schedule. The seed
  gives no bonus size, no grade bands, no applicants and no scores: the demo uses 5 bonus
  points, bands 가 ≥ 170 / 나 ≥ 150 / 다, four invented consortia and invented scores, and the
  call's description says so.
* Nam-gu's village community grants (seed 000): project types from the seed with amounts
  within its 1 M – 20 M won; the per-type ranges and the budget are illustrative (the seed
  gives only the overall range). Open now, so a demo visitor can register an organisation and
  apply.
* Geumcheon-gu's innovation contest (seed 002 names it without figures): six invented entries
  with invented written-review scores, its online vote open on the voting core.
* The previous year's contest, run to its published result with the voting core's clock set
  to its dates: five invented entries, review and judges' scores, and ballots cast by the demo's
  Geumcheon-gu residents, so the published ranking and the ``contest-results`` table have a
  real result to show. Everything about it is illustrative; its description says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from maeul.accounts.models import User
from maeul.grants import contest as contests
from maeul.grants import services
from maeul.grants.models import Contest, GrantCall
from maeul.places.models import Municipality
from maeul.voting import interface as voting

ORDER = 90
KST = ZoneInfo("Asia/Seoul")

SEOUL_TITLE = "2021 자치구 민·민 협력 사업 공모(금천구)"
NAMGU_TITLE = "2020 「살기좋은 남구」 마을공동체 활성화 사업 공모"
CONTEST_TITLE = "2021 금천구 혁신 공모전"

SEOUL_SCHEDULE = [
    {"step": "공모 Call", "when": "2021-02-22 ~ 03-12"},
    {"step": "사전 검토 Pre-review", "when": "~ 2021-03-19"},
    {"step": "현장 확인 Site visits", "when": "~ 2021-03-26"},
    {"step": "보조금심의위원회 Subsidy committee", "when": "2021-03-31"},
    {"step": "발표 Announcement", "when": "2021-04-05"},
    {"step": "사업 기간 Projects", "when": "2021-04-16 ~ 12-31"},
    {"step": "정산·평가 Settlement and evaluation", "when": "2022-01 ~ 03"},
]

# consortium: lead, two members, title, requested, staff share, tags, quantitative, panel
CONSORTIA = [
    (
        "금천기후행동네트워크",
        "독산에너지전환모임",
        "가산생태교육연구소",
        "우리 동네 탄소중립 학교",
        30_000_000,
        12_000_000,
        ["climate"],
        88,
        (86, 90, 84),
    ),
    (
        "금천마을미디어",
        "시흥청소년문화의집",
        "금천여성회",
        "청소년 마을 기자단",
        25_000_000,
        12_500_000,
        [],
        84,
        (80, 82, 85),
    ),
    (
        "금천사회적경제협의회",
        "독산돌봄공동체",
        "가산노동자쉼터",
        "골목 돌봄 협력망",
        28_000_000,
        14_000_000,
        [],
        76,
        (78, 74, 80),
    ),
]


def _person(username: str, name: str) -> User:
    from maeul.accounts.demo import DEMO_PASSWORD

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username, password=DEMO_PASSWORD, name=name)
    return user


def _org(name: str, place: Municipality, person: User) -> Any:
    from maeul.grants.models import Organisation

    found = Organisation.objects.filter(name=name).first()
    if found is not None:
        return found
    return services.organisation_register(
        actor=person, data={"name": name, "kind": "nonprofit", "municipality": place}
    )


def load_seoul_2021(actor: Any, seoul: Municipality, geumcheon: Municipality) -> GrantCall:
    call = GrantCall.objects.filter(title=SEOUL_TITLE).first()
    if call is not None:
        return call
    dong = geumcheon.children.order_by("sort_order", "pk").first() or geumcheon
    now = timezone.now()
    call = services.call_create(
        actor=actor,
        municipality=seoul,
        data={
            "title": SEOUL_TITLE,
            "description": (
                "서울시 2021 지역사회혁신계획의 민·민 협력 사업. 요건과 일정은 계획서 그대로이며, "
                "가점 5점, 등급 구간, 신청 단체와 점수는 시연용으로 만든 값입니다. "
                "Seoul's 2021 civil–civil cooperation grants; rules and schedule from the plan, "
                "the 5-point bonus, grade bands, applicants and scores are illustrative."
            ),
            "budget_won": 300_000_000,
            "max_grant_won": 30_000_000,
            "max_grantees": 15,
            "min_members": 3,
            "member_kinds": ["nonprofit"],
            "district": geumcheon,
            "max_staff_share_percent": 50,
            "capital_allowed": False,
            "bonuses": {"climate": 5},
            "tie_rule": ["qualitative", "lower_request"],
            "grade_bands": [["가", 170], ["나", 150], ["다", 0]],
            "schedule": SEOUL_SCHEDULE,
            "opens_at": now - dt.timedelta(days=1),
            "closes_at": now + dt.timedelta(days=1),
        },
    )
    services.call_move(actor=actor, call_id=call.pk, to="open")
    applications = []
    people = []
    for n, (lead, m1, m2, title, amount, staff, tags, _q, _p) in enumerate(CONSORTIA, start=1):
        person = (
            User.objects.filter(username="resident.geumcheon").first()
            if n == 1
            else _person(f"org.geumcheon{n}", f"{lead} 담당자")
        ) or _person(f"org.geumcheon{n}", lead)
        lead_org = _org(lead, dong, person)
        application = services.application_create(
            actor=person,
            call_id=call.pk,
            organisation_id=lead_org.pk,
            data={
                "title": title,
                "requested_won": amount,
                "tags": tags,
                "budget": [
                    {"item": "활동가 인건비", "category": "staff", "amount_won": staff},
                    {"item": "프로그램 운영", "category": "activity", "amount_won": amount - staff},
                ],
            },
        )
        for k, member in enumerate((m1, m2), start=1):
            helper = _person(f"org.geumcheon{n}.{k}", f"{member} 담당자")
            org = _org(member, dong, helper)
            services.consortium_add(
                actor=person, application_id=application.pk, organisation_id=org.pk
            )
            services.consortium_confirm(
                actor=helper, application_id=application.pk, organisation_id=org.pk
            )
        services.application_submit(actor=person, application_id=application.pk)
        applications.append(application)
        people.append(person)
    services.call_move(actor=actor, call_id=call.pk, to="review")
    panel = [_person(f"reviewer.seoul{i}", f"민관 합동 심사위원 {i}") for i in range(1, 4)]
    for reviewer in panel:
        services.reviewer_assign(actor=actor, call_id=call.pk, user=reviewer)
    for application, row in zip(applications, CONSORTIA, strict=True):
        services.quantitative_set(actor=actor, application_id=application.pk, score=row[7])
        for reviewer, score in zip(panel, row[8], strict=True):
            services.score_enter(actor=reviewer, application_id=application.pk, score=score)
    services.grantees_select(actor=actor, call_id=call.pk)
    grantee = applications[0]
    _run_grantee(actor, people[0], grantee)
    services.quantitative_set(
        actor=actor,
        application_id=grantee.pk,
        score=86,
        stage="evaluation",
        figures={"events": 24, "participants": 412, "outputs": 3},
    )
    for reviewer, score in zip(panel, (85, 88, 84), strict=True):
        services.score_enter(
            actor=reviewer, application_id=grantee.pk, score=score, stage="evaluation"
        )
    services.grantee_grade(actor=actor, application_id=grantee.pk)
    GrantCall.objects.filter(pk=call.pk).update(
        opens_at=dt.datetime(2021, 2, 22, 9, tzinfo=KST),
        closes_at=dt.datetime(2021, 3, 12, 18, tzinfo=KST),
    )
    return call


# The graded grantee's year (illustrative: the seed gives no agreement, reports or receipts).
GRANTEE_REPORTS = [
    (
        "2021-04-16",
        "2021-08-31",
        "탄소중립 학교 1~8회차 운영, 참여 가구 에너지 진단(시연용).",
        10,
        180,
        1,
    ),
    ("2021-09-01", "2021-12-31", "9~24회차 운영, 마을 탄소 지도 제작·배포(시연용).", 14, 232, 2),
]
GRANTEE_RECEIPTS = [
    (0, "2021-08-31", "활동가 2인 인건비(4~8월)", 6_000_000),
    (0, "2021-12-31", "활동가 2인 인건비(9~12월)", 6_000_000),
    (1, "2021-05-20", "가산인쇄소 교재 인쇄", 2_450_000),
    (1, "2021-07-14", "독산에너지전환모임 강사료", 7_200_000),
    (1, "2021-11-05", "금천구민회관 대관·다과", 7_800_000),
]


def _run_grantee(official: Any, person: User, grantee: Any) -> None:
    """The graded grantee's agreement, two progress reports and its receipts, settled and
    approved (every figure invented for the demo and labelled so)."""
    from maeul.grants import grantees
    from maeul.grants.models import BudgetLine

    grantees.agreement_sign(
        actor=official,
        application_id=grantee.pk,
        data={
            "amount_won": grantee.requested_won,
            "starts_on": "2021-04-16",
            "ends_on": "2021-12-31",
            "signed_on": "2021-04-12",
            "conditions": "시연용 협약: 분기별 보고, 사업 종료 후 정산(2022년 1~3월). "
            "Illustrative agreement: quarterly reports, settlement after the project.",
        },
    )
    for start, end, text, events, participants, outputs in GRANTEE_REPORTS:
        grantees.report_add(
            actor=person,
            application_id=grantee.pk,
            data={
                "period_from": start,
                "period_to": end,
                "text": text,
                "events": events,
                "participants": participants,
                "outputs": outputs,
            },
        )
    lines = list(BudgetLine.objects.filter(application_id=grantee.pk).order_by("position"))
    for line, spent_on, payee, amount in GRANTEE_RECEIPTS:
        grantees.receipt_add(
            actor=person,
            application_id=grantee.pk,
            data={
                "line": lines[line].pk,
                "spent_on": spent_on,
                "payee": payee,
                "amount_won": amount,
            },
        )
    grantees.settlement_submit(actor=person, application_id=grantee.pk)
    grantees.settlement_decide(actor=official, application_id=grantee.pk, approve=True)


def load_namgu(actor: Any, namgu: Municipality) -> GrantCall:
    call = GrantCall.objects.filter(title=NAMGU_TITLE).first()
    if call is not None:
        return call
    now = timezone.now()
    call = services.call_create(
        actor=actor,
        municipality=namgu,
        data={
            "title": NAMGU_TITLE,
            "description": (
                "마을 현안을 주민 스스로 해결하는 마을사업 공모(주민자치과). 사업 특성에 따라 "
                "100만~2,000만원 차등 지원. 유형별 금액 구간과 총액은 시연용 값이며, 시연을 위해 "
                "지금 접수 중입니다. Nam-gu's village community grants, 1–20 M won by project "
                "type; the per-type ranges and the total are illustrative, and the call is open "
                "now for the demo."
            ),
            "budget_won": 100_000_000,
            "max_grant_won": 20_000_000,
            "max_grantees": 20,
            "min_members": 1,
            "member_kinds": ["nonprofit", "residents", "cooperative"],
            "district": namgu,
            "project_types": [
                {"key": "마을공동체 형성 지원", "min_won": 1_000_000, "max_won": 5_000_000},
                {"key": "마을총회 활성화 지원", "min_won": 1_000_000, "max_won": 3_000_000},
                {"key": "마을 비전 수립", "min_won": 5_000_000, "max_won": 10_000_000},
                {"key": "마을 커뮤니티·공유도시", "min_won": 5_000_000, "max_won": 20_000_000},
            ],
            "schedule": [
                {"step": "공모 Call", "when": "3~4월 March–April"},
                {"step": "살기 좋은 지역 만들기 추진위원회 Committee", "when": "4월 April"},
                {"step": "실무자 워크숍 Workshop", "when": "5월 May"},
                {"step": "사업 시행 Projects", "when": "6월~ from June"},
            ],
            "opens_at": now - dt.timedelta(days=1),
            "closes_at": now + dt.timedelta(days=60),
        },
    )
    return services.call_move(actor=actor, call_id=call.pk, to="open")


CONTEST_ENTRIES = [
    ("공유 킥보드 안전 지도", "가산동 청년팀", 82),
    ("폐현수막 장바구니", "독산1동 주민모임", 76),
    ("어르신 디지털 동행", "시흥5동 자원봉사단", 88),
    ("골목 빈집 쉼터", "금천 도시재생팀", 71),
    ("학교 앞 미세먼지 알림", "금천 학부모회", 80),
    ("공공데이터 민원 지도", "금천 시민개발자", 74),
]


def load_contest(actor: Any, geumcheon: Municipality) -> Contest:
    found = Contest.objects.filter(title=CONTEST_TITLE).first()
    if found is not None:
        return found
    contest = contests.contest_create(
        actor=actor,
        municipality=geumcheon,
        data={
            "title": CONTEST_TITLE,
            "description": (
                "1차 서면심사와 구민 온라인 투표, 2차 발표 심사로 순위를 정합니다. 응모작과 "
                "서면심사 점수, 진출 수(4)와 가중치(50:50)는 시연용 값입니다. Round 1 written "
                "review + residents' online vote, round 2 live presentations; entries, scores, "
                "the number advancing (4) and the 50:50 weights are illustrative."
            ),
            "review_weight_percent": 50,
            "advance": 4,
            "rewards": ["최우수상", "우수상", "장려상"],
        },
    )
    for title, team, score in CONTEST_ENTRIES:
        entry = contests.entry_add(actor=actor, contest_id=contest.pk, title=title, team=team)
        contests.review_score_set(actor=actor, entry_id=entry.pk, score=score)
    now = timezone.now()
    return contests.vote_open(
        actor=actor,
        contest_id=contest.pk,
        opens_at=now - dt.timedelta(minutes=5),
        closes_at=now + dt.timedelta(days=30),
    )


PAST_CONTEST_TITLE = "금천구 혁신 공모전 2020 (예시)"
PAST_CONTEST_ENTRIES = [
    ("골목 쓰레기 지도", "가산 청년들", 82),
    ("어르신 디지털 도우미", "독산 IT봉사단", 77),
    ("공유 공구함", "시흥 마을공방", 71),
    ("하천 생태 안내판", "금천 생태모임", 68),
    ("야간 안심 귀갓길", "가산 안전지킴이", 74),
]
PAST_JUDGES = (("심사위원 A", (88, 79, 84, 76, 73)), ("심사위원 B", (85, 82, 80, 78, 75)))


def load_past_contest(actor: Any, geumcheon: Municipality) -> Contest:
    """The 2020 contest, replayed through every step of the real services with the voting
    core's clock at its dates (a vote cannot be opened, cast in and closed in the past
    otherwise). The ballots come from whichever demo residents of the district the voting
    core finds eligible; a refused one is simply not counted."""
    found = Contest.objects.filter(title=PAST_CONTEST_TITLE).first()
    if found is not None:
        return found
    opens = dt.datetime(2020, 9, 7, 9, tzinfo=KST)
    closes = dt.datetime(2020, 9, 20, 18, tzinfo=KST)
    with voting.replaying(opens - dt.timedelta(days=7)):
        contest = contests.contest_create(
            actor=actor,
            municipality=geumcheon,
            data={
                "title": PAST_CONTEST_TITLE,
                "description": (
                    "지난해 공모전의 시연 기록입니다. 응모작, 점수, 심사위원은 예시이고, 온라인 "
                    "투표는 그때 투표할 수 있었던 데모 주민 계정의 표뿐입니다. A demonstration "
                    "record of the previous year's contest: entries, scores and judges are "
                    "illustrative; the online vote holds only the ballots of the demo's residents "
                    "who could vote then."
                ),
                "review_weight_percent": 50,
                "advance": 3,
                "rewards": ["최우수상", "우수상", "장려상"],
            },
        )
        for title, team, score in PAST_CONTEST_ENTRIES:
            entry = contests.entry_add(actor=actor, contest_id=contest.pk, title=title, team=team)
            contests.review_score_set(actor=actor, entry_id=entry.pk, score=score)
        contest = contests.vote_open(
            actor=actor, contest_id=contest.pk, opens_at=opens, closes_at=closes
        )
    assert contest.poll is not None
    voters = User.objects.filter(
        resident__district=geumcheon, is_active=True, official__isnull=True
    ).order_by("pk")
    for number, voter in enumerate(voters):
        position = (1, 2, 5, 1, 3, 2, 1, 4)[number % 8]
        with voting.replaying(opens + dt.timedelta(hours=3 + number)):
            voting.ballots_cast(
                voter=voter, casts=[(contest.poll, [position], f"demo-contest-2020-{voter.pk}")]
            )
    with voting.replaying(closes + dt.timedelta(days=1)):
        contest = contests.round_one_close(actor=actor, contest_id=contest.pk)
        finalists = list(contest.entries.filter(advances=True).order_by("round_one_rank"))
        for judge, scores in PAST_JUDGES:
            for entry, score in zip(finalists, scores, strict=False):
                contests.judge_score_enter(actor=actor, entry_id=entry.pk, judge=judge, score=score)
    with voting.replaying(closes + dt.timedelta(days=10)):
        return contests.contest_publish(actor=actor, contest_id=contest.pk)


def load(stdout: Any = None) -> None:
    seoul = Municipality.objects.get(slug="seoul")
    geumcheon = Municipality.objects.get(slug="seoul-geumcheon-gu")
    namgu = Municipality.objects.get(slug="gwangju-nam-gu")
    with translation.override("ko"):
        load_seoul_2021(User.objects.get(username="admin.seoul"), seoul, geumcheon)
        load_namgu(User.objects.get(username="admin.namgu"), namgu)
        load_past_contest(User.objects.get(username="admin.geumcheon"), geumcheon)
        load_contest(User.objects.get(username="admin.geumcheon"), geumcheon)
    if stdout is not None:
        stdout.write(
            f"grants: {GrantCall.objects.count()} calls, {Contest.objects.count()} contests"
        )
