"""Demo data: Nam-gu's participation points (광주 남구 주민참여포인트제), January–October 2020.

The seed reports the result at 2020-10 as 156 residents and 377,000 points. Maeul reproduces
it from the participation the demo records in the programmes the points are for, not from a
ledger of its own: the award table (v1, in force from 2020-01-01, when the scheme started) is
published first, before the programmes' demos run, so their participation events reach the
points receiver (``maeul.points.participation``) exactly as live ones do:

* the voting demo's 2020 mobile votes (주민결정, May–August): 279 online ballots of 156
  residents, 500 points each = 139,500;
* the juries demo's 6th citizens' jury (appointed 2020-07-14): 95 attendances of 34 of those
  residents at its three sessions of 2020 (July, August, October), 2,500 points each =
  237,500.

Desk and survey ballots earn nothing (the award table's activity is the mobile vote).
``resident.namgu`` sits on the jury from 2021 (four sessions), so it holds a balance of
10,000 points for the voucher walk-through without being one of the 156 of the seed's
figure, and 2020's awards end in October, the month of the seed's figure.
After every programme has loaded, the two largest balances get a voucher: one issued, one
requested. The award table values are illustrative: the seed describes the scheme (1 point =
1 won, a 10,000-won market voucher per 10,000 points) but its award table is an image.

Idempotent: the award table and policy are set once, awards are idempotent on their events'
source keys, and vouchers are handed out only to residents who have none.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from maeul.accounts.models import ResidentProfile, User, VerificationStatus
from maeul.places.models import Municipality
from maeul.points.models import AwardTable, PointsAccount, VoucherRequest
from maeul.points.services import (
    award_table_publish,
    points_policy_set,
    voucher_request_approve,
    voucher_request_create,
    voucher_request_issue,
)

DISTRICT = "gwangju-nam-gu"
YEAR = 2020
TARGET_RESIDENTS = 156
TARGET_POINTS = 377_000
VOUCHER_POINTS = 10_000

RULES: list[dict[str, Any]] = [
    {"activity": "mobile_vote", "points": 500, "cap_points": 2000, "cap_period": "month"},
    {"activity": "survey", "points": 500},
    {"activity": "pb_proposal_submitted", "points": 1000, "cap_points": 5000, "cap_period": "year"},
    {"activity": "pb_proposal_adopted", "points": 5000},
    {"activity": "committee_attendance", "points": 2000, "cap_points": 8000, "cap_period": "month"},
    {"activity": "council_attendance", "points": 1000, "cap_points": 4000, "cap_period": "month"},
    {"activity": "volunteering", "points": 1000, "cap_points": 5000, "cap_period": "month"},
    {"activity": "education_course", "points": 3000},
    {"activity": "jury_service", "points": 2500, "verified_only": True},
    # Outreach (issue 20): a reporter's post and a course session attended; illustrative.
    {"activity": "sns_post", "points": 500, "cap_points": 5000, "cap_period": "month"},
    {"activity": "course_attendance", "points": 500, "cap_points": 5000, "cap_period": "month"},
]
POINTS: dict[str, int] = {rule["activity"]: rule["points"] for rule in RULES}


def award_table(stdout: Any = None) -> None:
    """Nam-gu's award table and policy, before any programme records participation."""
    district = Municipality.objects.filter(slug=DISTRICT).first()
    if district is None:
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
    # Jury service pays verified residents only, and resident.namgu sits on the 6th jury.
    ResidentProfile.objects.filter(
        user__username="resident.namgu", verification_status=VerificationStatus.UNVERIFIED
    ).update(verification_status=VerificationStatus.VERIFIED, verified_at=timezone.now())
    if stdout is not None:
        stdout.write(f"points: Nam-gu's award table in force from {YEAR}-01-01")


def vouchers(stdout: Any = None) -> None:
    """Once every programme has recorded its participation: the largest balance (after
    ``resident.namgu``, kept for the walk-through) gets an issued voucher, the next a
    pending request (by ``manager.namgu``)."""
    district = Municipality.objects.filter(slug=DISTRICT).first()
    manager = User.objects.filter(username="manager.namgu").first()
    if district is None or manager is None:
        return
    with_requests = VoucherRequest.objects.filter(municipality=district).values("resident")
    if VoucherRequest.objects.filter(municipality=district).count() >= 2:
        return
    candidates = list(
        PointsAccount.objects.filter(
            municipality=district, resident__isnull=False, balance__gte=VOUCHER_POINTS
        )
        .exclude(Q(resident__username="resident.namgu") | Q(resident__in=with_requests))
        .select_related("resident")
        .order_by("-balance", "resident__username")[:2]
    )
    if len(candidates) < 2:
        return
    issued, pending = (account.resident for account in candidates)
    request = voucher_request_create(resident=issued, municipality=district, units=1)
    voucher_request_approve(actor=manager, request_id=request.pk)
    voucher_request_issue(
        actor=manager,
        request_id=request.pk,
        handed_to=str(issued),
        note="동 행정복지센터에서 본인에게 전달",
    )
    voucher_request_create(resident=pending, municipality=district, units=1)
    if stdout is not None:
        stdout.write("points: one voucher issued, one requested in Nam-gu")


ORDER = 35
# The award table before the programmes whose participation it pays for (voting 40,
# juries 55); vouchers after all of them (see maeul.core.demodata).
STEPS = [(35, award_table), (90, vouchers)]


def load(stdout: Any = None) -> None:
    for _order, step in STEPS:
        step(stdout)
