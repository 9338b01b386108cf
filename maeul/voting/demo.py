"""Demo votes: Nam-gu's 2020 resident decisions (주민결정) and two votes open now.

Nam-gu's 2020 plan (seed 000) lists "10 matters: mobile vote 4, resident assembly 2, survey
vote 6" — 4 + 2 + 6 = 12 uses of a method for 10 matters, so two matters used two methods.
They are modelled as 10 polls: two by mobile vote only, two by mobile vote *and* paper survey,
four by paper survey only and two by resident assembly (in 월산5동 and 주월1동, the plan's pilot
dongs for resident autonomy councils). The plan does not name the matters; the titles below
are illustrative, and so are the ballots, which are cast through the same services as live
votes (the clock replays 2020), so the audit chain, receipts and tallies are real.

The open votes, one in Nam-gu and one in Geumcheon-gu, run from a few weeks before the day
the demo loads to months after it (``OPEN_POLLS``), so whenever the demo is loaded a resident
who has just signed up there can vote at once: neither asks for identity verification, and
a resident may vote again until the close (the last ballot counts).

Idempotent: a poll whose code exists is left alone; generated voters are created if absent.
Deterministic for a given day: the open votes' windows come from that day.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from maeul.accounts.models import ResidentProfile, User
from maeul.places.models import Municipality
from maeul.voting import clock, services
from maeul.voting.models import Poll
from maeul.voting.selectors import eligibility_problem

ORDER = 40
KST = dt.timezone(dt.timedelta(hours=9))
VOTERS = 160

# code, title, kind, max, channels, (opens, closes) in 2020 KST, options, weights, dong slug
MATTERS: list[dict[str, Any]] = [
    {
        "code": "namgu-2020-01",
        "title": "푸른길공원 야간 보행등 설치 구간 정하기",
        "channels": ("online",),
        "period": ((2020, 5, 11), (2020, 5, 24)),
        "options": ["백운광장 구간", "봉선동 구간", "주월동 구간"],
        "weights": [5, 3, 2],
    },
    {
        "code": "namgu-2020-02",
        "title": "마을공동체 공모사업 분야 우선순위",
        "kind": "ranking",
        "channels": ("online",),
        "period": ((2020, 6, 1), (2020, 6, 14)),
        "options": ["돌봄", "환경", "문화", "안전"],
        "weights": [4, 3, 2, 1],
    },
    {
        "code": "namgu-2020-03",
        "title": "양림동 역사문화마을 공영주차장 운영 방식",
        "channels": ("online", "paper"),
        "period": ((2020, 7, 6), (2020, 7, 19)),
        "options": ["주민 우선 정기권", "시간제 유료 운영", "현행 유지"],
        "weights": [5, 2, 3],
        "electorate": ["yangnim-dong"],
    },
    {
        "code": "namgu-2020-04",
        "title": "2021년 주민참여예산 동 단위 사업 선정 (2개까지)",
        "kind": "multiple",
        "max_choices": 2,
        "channels": ("online", "paper"),
        "period": ((2020, 8, 3), (2020, 8, 16)),
        "options": ["골목길 CCTV", "어린이 놀이터 그늘막", "경로당 안마의자", "마을 텃밭"],
        "weights": [4, 3, 2, 2],
    },
    {
        "code": "namgu-2020-05",
        "title": "어린이보호구역 안전시설 종류 선택",
        "channels": ("paper",),
        "period": ((2020, 4, 13), (2020, 4, 24)),
        "options": ["옐로카펫", "과속방지턱", "노란 발자국"],
        "weights": [3, 4, 2],
    },
    {
        "code": "namgu-2020-06",
        "title": "경로당 건강 프로그램 운영 시간대",
        "channels": ("paper",),
        "period": ((2020, 9, 7), (2020, 9, 18)),
        "options": ["오전", "오후", "저녁"],
        "weights": [5, 4, 1],
        "min_age": 60,
    },
    {
        "code": "namgu-2020-07",
        "title": "반려견 놀이터 조성 찬반",
        "channels": ("paper",),
        "period": ((2020, 10, 5), (2020, 10, 16)),
        "options": ["찬성", "반대"],
        "weights": [6, 4],
        "rule": "majority",
    },
    {
        "code": "namgu-2020-08",
        "title": "재활용품 분리배출 요일 조정",
        "channels": ("paper",),
        "period": ((2020, 11, 2), (2020, 11, 13)),
        "options": ["월·목", "화·금", "현행 유지(수·토)"],
        "weights": [3, 3, 4],
    },
    {
        "code": "namgu-2020-09",
        "title": "월산5동 주민총회 마을의제 선정",
        "channels": ("assembly",),
        "period": ((2020, 10, 19), (2020, 10, 31)),
        "options": ["마을 쉼터 조성", "골목 벽화", "공동 육아방"],
        "assembly": ("월산5동 주민총회", (2020, 10, 24), [41, 23, 17]),
        "electorate": ["wolsan-5-dong"],
    },
    {
        "code": "namgu-2020-10",
        "title": "주월1동 주민총회 마을의제 선정",
        "channels": ("assembly",),
        "period": ((2020, 10, 19), (2020, 10, 31)),
        "options": ["하천변 산책로 정비", "마을 축제", "청소년 공부방"],
        "assembly": ("주월1동 주민총회", (2020, 10, 28), [36, 19, 30]),
        "electorate": ["juwol-1-dong"],
    },
]

OPEN_POLLS: list[dict[str, Any]] = [
    {
        # The code is the key a reload finds the poll by; it keeps the year of its first
        # release while the dates move with the day of loading.
        "code": "namgu-2026-open",
        "municipality": "gwangju-nam-gu",
        "official": "manager.namgu",
        "title": "남구 주민결정: 푸른길 쉼터 이름 정하기",
        "description": (
            "푸른길공원에 새로 조성하는 쉼터의 이름을 주민이 정합니다. 남구 주민이면 회원 가입 "
            "후 본인인증 없이도 투표할 수 있으며, 마감 전까지는 다시 투표해 선택을 바꿀 수 "
            "있습니다 (마지막 투표만 인정)."
        ),
        "options": ["푸른쉼터", "남구마루", "빛고을 쉼터", "양림 숲길"],
        "days": (-30, 180),
    },
    {
        "code": "geumcheon-open",
        "municipality": "seoul-geumcheon-gu",
        "official": "manager.geumcheon",
        "title": "금천구 주민결정: 안양천 가산 둔치 물놀이장 운영 시간",
        "description": (
            "안양천 가산 둔치에 여는 여름 물놀이장의 운영 시간을 주민이 정합니다. 금천구 "
            "주민이면 회원 가입 후 본인인증 없이도 투표할 수 있으며, 마감 전까지는 다시 투표해 "
            "선택을 바꿀 수 있습니다 (마지막 투표만 인정)."
        ),
        "options": ["오전 10시 ~ 오후 5시", "오전 11시 ~ 오후 7시", "평일 오후와 주말 종일"],
        "days": (-3, 60),
    },
]


def _at(day: tuple[int, int, int], hour: int = 9) -> dt.datetime:
    return dt.datetime(*day, hour, 0, tzinfo=KST)


def _voters(namgu: Municipality) -> list[User]:
    """Generated Nam-gu residents (no password: they cannot log in; they only fill the tally)."""
    dongs = list(Municipality.objects.filter(parent=namgu).order_by("sort_order", "name"))
    rng = random.Random(2020)
    existing = set(
        User.objects.filter(username__startswith="voter.namgu.").values_list("username", flat=True)
    )
    verified_at = _at((2020, 3, 2))
    for i in range(1, VOTERS + 1):
        username = f"voter.namgu.{i:03d}"
        if username in existing:
            continue
        user = User(username=username, name=f"남구 주민 {i:03d}")
        user.set_unusable_password()
        user.save()
        ResidentProfile.objects.create(
            user=user,
            birth_year=rng.randint(1940, 2001),
            gender=rng.choice(["female", "male"]),
            district=namgu,
            dong=dongs[i % len(dongs)],
            verification_status="verified",
            verified_at=verified_at,
        )
    return list(User.objects.filter(username__startswith="voter.namgu.").order_by("username"))


def _pick(rng: random.Random, options: list[int], matter: dict[str, Any]) -> list[int]:
    weights = matter.get("weights") or [1] * len(options)
    kind = matter.get("kind", "single")
    if kind == "ranking":
        order = sorted(options, key=lambda o: -rng.random() * weights[options.index(o)])
        return order[: rng.randint(2, len(options))]
    if kind == "multiple":
        first = rng.choices(options, weights)[0]
        rest = [o for o in options if o != first]
        return [first] if rng.random() < 0.3 else [first, rng.choice(rest)]
    return [rng.choices(options, weights)[0]]


def _historical(
    matter: dict[str, Any], official: User, namgu: Municipality, voters: list[User]
) -> None:
    opens = _at(matter["period"][0])
    closes = _at(matter["period"][1], 18)
    channels = matter["channels"]
    rng = random.Random(matter["code"])
    dongs = list(
        Municipality.objects.filter(
            slug__in=[f"namgu-{slug}" for slug in matter.get("electorate", [])]
        )
    )
    with clock.replaying(opens - dt.timedelta(days=7)):
        poll = services.poll_create(
            actor=official,
            municipality=namgu,
            options=matter["options"],
            electorate_dongs=dongs,
            code=matter["code"],
            title=matter["title"],
            description="남구 2020 주민결정 대상사업 (데모: 제목과 투표는 예시입니다).",
            kind=matter.get("kind", "single"),
            max_choices=matter.get("max_choices", 1),
            min_age=matter.get("min_age", 14),
            opens_at=opens,
            closes_at=closes,
            result_rule=matter.get("rule", "plurality"),
            allow_online="online" in channels,
            allow_paper="paper" in channels,
            allow_assembly="assembly" in channels,
        )
        poll = services.poll_announce(actor=official, poll=poll)
    options = list(poll.options.order_by("position").values_list("pk", flat=True))
    eligible = [v for v in voters if eligibility_problem(poll, v, opens) is None]
    rng.shuffle(eligible)
    turnout = eligible[: int(len(eligible) * rng.uniform(0.45, 0.8))]
    online = turnout if channels == ("online",) else turnout[: len(turnout) // 2]
    if "online" in channels:
        span = (closes - opens).total_seconds()
        for person in online:
            moment = opens + dt.timedelta(seconds=rng.uniform(60, span - 60))
            with clock.replaying(moment):
                services.ballot_cast(voter=person, poll=poll, choices=_pick(rng, options, matter))
    if "paper" in channels:
        paper = [p for p in turnout if p not in online] if "online" in channels else turnout
        for number, start in enumerate(range(0, len(paper), 25), start=1):
            roll = paper[start : start + 25]
            with clock.replaying(closes + dt.timedelta(hours=number)):
                services.paper_batch_enter(
                    official=official,
                    poll=poll,
                    label=f"설문 투표함 {number}",
                    roll=roll,
                    ballots=[_pick(rng, options, matter) for _ in roll],
                )
    if "assembly" in channels:
        name, day, counts = matter["assembly"]
        roll = eligible[:4]
        with clock.replaying(closes + dt.timedelta(hours=1)):
            services.assembly_result_enter(
                chair=official,
                poll=poll,
                name=name,
                held_on=dt.date(*day),
                counts=dict(zip(options, counts, strict=True)),
                ballots=sum(counts),
                roll=roll,
            )
    with clock.replaying(closes + dt.timedelta(days=3)):
        services.poll_publish(actor=official, poll=poll)


def _open_poll(matter: dict[str, Any], today: dt.date) -> None:
    """A vote open now: from ``days[0]`` days before ``today`` to ``days[1]`` days after."""
    if Poll.objects.filter(code=matter["code"]).exists():
        return
    official = User.objects.get(username=matter["official"])
    first, last = matter["days"]
    poll = services.poll_create(
        actor=official,
        municipality=Municipality.objects.get(slug=matter["municipality"]),
        options=matter["options"],
        code=matter["code"],
        title=matter["title"],
        description=matter["description"],
        kind="single",
        verified_only=False,
        revote="last_counts",
        opens_at=dt.datetime.combine(today + dt.timedelta(days=first), dt.time(9), tzinfo=KST),
        closes_at=dt.datetime.combine(today + dt.timedelta(days=last), dt.time(18), tzinfo=KST),
    )
    services.poll_announce(actor=official, poll=poll)


def load(stdout: Any = None) -> None:
    namgu = Municipality.objects.get(slug="gwangju-nam-gu")
    official = User.objects.get(username="manager.namgu")
    voters = _voters(namgu)
    for matter in MATTERS:
        if not Poll.objects.filter(code=matter["code"]).exists():
            _historical(matter, official, namgu, voters)
    today = timezone.localdate()
    for matter in OPEN_POLLS:
        _open_poll(matter, today)
    if stdout is not None:
        polls = Poll.objects.filter(code__startswith="namgu-2020-").count()
        stdout.write(
            f"voting: {polls} Nam-gu 2020 polls, {len(OPEN_POLLS)} open votes dated from"
            f" {timezone.localdate():%Y-%m-%d}"
        )
