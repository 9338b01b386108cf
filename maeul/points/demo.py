"""Demo data: Nam-gu's participation points (광주 남구 주민참여포인트제), January–October 2020.

The seed reports the result at 2020-10 as 156 residents and 377,000 points; this loader
reproduces exactly that from ledger entries, through the same service other apps call
(``points_award_for_event``), so the export and the officials' totals show the figure because
the ledger says so. The award table values are illustrative: the seed describes the scheme
(1 point = 1 won, a 10,000-won market voucher per 10,000 points) but its award table is an
image. The plan of awards is generated from a fixed seed, so every run produces the same
events under the same source keys, which makes loading twice a no-op.

Demo residents other than ``resident.namgu`` have unusable passwords: they exist to hold
points, not to log in.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from maeul.accounts.models import ResidentProfile, User, VerificationStatus
from maeul.places.models import Municipality
from maeul.points.models import AwardTable, VoucherRequest
from maeul.points.services import (
    KST,
    award_table_publish,
    points_award_for_event,
    points_policy_set,
    voucher_request_approve,
    voucher_request_create,
    voucher_request_issue,
)

ORDER = 60
DISTRICT = "gwangju-nam-gu"
YEAR = 2020
TARGET_RESIDENTS = 156
TARGET_POINTS = 377_000

RULES: list[dict[str, Any]] = [
    {"activity": "mobile_vote", "points": 500, "cap_points": 2000, "cap_period": "month"},
    {"activity": "survey", "points": 500},
    {"activity": "pb_proposal_submitted", "points": 1000, "cap_points": 5000, "cap_period": "year"},
    {"activity": "pb_proposal_adopted", "points": 5000},
    {"activity": "committee_attendance", "points": 2000, "cap_points": 8000, "cap_period": "month"},
    {"activity": "council_attendance", "points": 1000, "cap_points": 4000, "cap_period": "month"},
    {"activity": "volunteering", "points": 1000, "cap_points": 5000, "cap_period": "month"},
    {"activity": "education_course", "points": 3000},
    {"activity": "jury_service", "points": 5000, "verified_only": True},
]
POINTS: dict[str, int] = {rule["activity"]: rule["points"] for rule in RULES}
CAPS = {
    rule["activity"]: (rule["cap_points"], rule["cap_period"])
    for rule in RULES
    if "cap_points" in rule
}
# When each activity happened in Nam-gu's 2020 calendar, and how common it was.
MONTHS = {
    "mobile_vote": [4, 6, 9],
    "survey": list(range(1, 11)),
    "pb_proposal_submitted": [3, 4, 5],
    "pb_proposal_adopted": [9, 10],
    "committee_attendance": list(range(2, 11)),
    "council_attendance": [2, 3, 4, 6, 7, 9, 10],
    "volunteering": list(range(1, 11)),
    "education_course": [4, 5, 6, 10],
    "jury_service": [7],
}
WEIGHTS = {
    "mobile_vote": 30,
    "survey": 22,
    "volunteering": 16,
    "committee_attendance": 10,
    "council_attendance": 8,
    "pb_proposal_submitted": 7,
    "education_course": 4,
    "pb_proposal_adopted": 1,
    "jury_service": 2,
}
# Residents 0-2 are written by hand so the voucher flow can be walked through:
# resident.namgu (12,500 points, no request yet), one with an issued voucher, one pending.
FIXED = [
    [
        ("jury_service", 7, 15),
        ("education_course", 4, 20),
        ("committee_attendance", 3, 12),
        ("committee_attendance", 6, 11),
        ("mobile_vote", 4, 8),
    ],
    [
        ("pb_proposal_adopted", 9, 24),
        ("pb_proposal_submitted", 4, 6),
        ("committee_attendance", 3, 12),
        ("committee_attendance", 5, 14),
        ("committee_attendance", 7, 9),
    ],
    [
        ("jury_service", 7, 15),
        ("education_course", 5, 19),
        ("volunteering", 2, 8),
        ("volunteering", 3, 14),
        ("volunteering", 8, 22),
    ],
]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지현수영준우하은도윤예진성호재경미숙정희태"


@dataclass(frozen=True)
class PlannedAward:
    resident: int  # 0 = resident.namgu, 1..155 = namgu.resident001...
    activity: str
    when: dt.datetime

    @property
    def points(self) -> int:
        return POINTS[self.activity]


def _cap_key(resident: int, activity: str, month: int) -> tuple[Any, ...] | None:
    if activity not in CAPS:
        return None
    period = CAPS[activity][1]
    return (resident, activity, month if period == "month" else 0)


def award_plan() -> list[PlannedAward]:
    """The 2020 awards: every one of the 156 residents earns at least once, caps are respected,
    and the points add up to exactly 377,000 (all values are multiples of 500)."""
    rng = random.Random(377_000)
    used: dict[tuple[Any, ...], int] = {}
    plan: list[PlannedAward] = []

    def add(resident: int, activity: str, month: int, day: int) -> bool:
        key = _cap_key(resident, activity, month)
        if key is not None and used.get(key, 0) + POINTS[activity] > CAPS[activity][0]:
            return False
        if key is not None:
            used[key] = used.get(key, 0) + POINTS[activity]
        when = dt.datetime(YEAR, month, day, 10 + rng.randrange(8), tzinfo=KST)
        plan.append(PlannedAward(resident, activity, when))
        return True

    for resident, awards in enumerate(FIXED):
        for activity, month, day in awards:
            add(resident, activity, month, day)
    activities = list(WEIGHTS)
    weights = [WEIGHTS[a] for a in activities]

    def random_award(resident: int, limit: int) -> None:
        while True:
            activity = rng.choices(activities, weights)[0]
            if POINTS[activity] > limit:
                continue
            if add(resident, activity, rng.choice(MONTHS[activity]), rng.randrange(1, 29)):
                return

    for resident in range(len(FIXED), TARGET_RESIDENTS):
        random_award(resident, 3000)
    remaining = TARGET_POINTS - sum(a.points for a in plan)
    while remaining >= 5000:
        random_award(rng.randrange(len(FIXED), TARGET_RESIDENTS), remaining)
        remaining = TARGET_POINTS - sum(a.points for a in plan)
    while remaining > 0:
        add(
            rng.randrange(len(FIXED), TARGET_RESIDENTS),
            "survey",
            rng.randrange(1, 11),
            rng.randrange(1, 29),
        )
        remaining -= POINTS["survey"]
    return sorted(plan, key=lambda a: a.when)


def _demo_residents(district: Municipality) -> list[User]:
    """resident.namgu and namgu.resident001..155, spread over Nam-gu's 16 dongs."""
    rng = random.Random(156)
    dongs = list(Municipality.objects.filter(parent=district).order_by("sort_order", "name"))
    wanted = [f"namgu.resident{i:03d}" for i in range(1, TARGET_RESIDENTS)]
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    now = timezone.now()
    with transaction.atomic():
        for username in wanted:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            dong = rng.choice(dongs) if dongs else None
            birth_year = rng.randrange(1942, 2003)
            gender = rng.choice(["female", "male"])
            if username in existing:
                continue
            user = User.objects.create(username=username, name=name, password=make_password(None))
            ResidentProfile.objects.create(
                user=user,
                birth_year=birth_year,
                gender=gender,
                district=district,
                dong=dong,
                verification_status=VerificationStatus.VERIFIED,
                verified_at=now,
            )
    by_name = {u.username: u for u in User.objects.filter(username__in=wanted)}
    first = User.objects.get(username="resident.namgu")
    profile = first.resident
    if not profile.is_verified:  # jury service needs a verified resident
        ResidentProfile.objects.filter(pk=profile.pk).update(
            verification_status=VerificationStatus.VERIFIED, verified_at=now
        )
        first.resident.refresh_from_db()
    return [first] + [by_name[name] for name in wanted]


def _vouchers(district: Municipality, residents: list[User]) -> None:
    manager = User.objects.filter(username="manager.namgu").first()
    if manager is None:
        return
    issued, pending = residents[1], residents[2]
    if not VoucherRequest.objects.filter(resident=issued, municipality=district).exists():
        request = voucher_request_create(resident=issued, municipality=district, units=1)
        voucher_request_approve(actor=manager, request_id=request.pk)
        voucher_request_issue(
            actor=manager,
            request_id=request.pk,
            handed_to=str(issued),
            note="동 행정복지센터에서 본인에게 전달",
        )
    if not VoucherRequest.objects.filter(resident=pending, municipality=district).exists():
        voucher_request_create(resident=pending, municipality=district, units=1)


def load(stdout: Any = None) -> None:
    district = Municipality.objects.filter(slug=DISTRICT).first()
    if district is None or not User.objects.filter(username="resident.namgu").exists():
        return
    if not AwardTable.objects.filter(municipality=district).exists():
        award_table_publish(
            actor=None,
            municipality=district,
            effective_from=dt.date(YEAR, 1, 1),
            rules=RULES,
            note="「광주광역시 남구 주민참여포인트제도 운영조례 시행규칙」('19.10.)에 따른 "
            "예시 기준표 (데모)",
        )
    points_policy_set(
        actor=None, municipality=district, points_valid_months=60, voucher_valid_months=12
    )
    residents = _demo_residents(district)
    created = 0
    for number, award in enumerate(award_plan(), start=1):
        result = points_award_for_event(
            resident=residents[award.resident],
            municipality=district,
            activity=award.activity,
            source_key=f"demo:{DISTRICT}:{YEAR}:{number:04d}",
            occurred_at=award.when,
        )
        created += int(result.created)
    _vouchers(district, residents)
    if stdout is not None:
        stdout.write(f"points: {created} awards recorded for Nam-gu {YEAR}")
