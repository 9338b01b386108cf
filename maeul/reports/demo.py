"""Demo residents' reports.

* Nam-gu (Gwangju): its citizen auditors (governance, 30 in the 5th term) and the 66 reports
  of inconvenience, misconduct and suggestions they received and handled (seed 000:
  "주민불편사항 · 비위 등의 제보 및 건의사항 접수 · 처리(66건)"). The seed gives only the
  count: every report's contents, dates, dong and outcome are made up, deterministic, and
  marked ``demo`` (pages label them illustrative); all 66 are received and closed in 2020.
* Geumcheon-gu's budget-waste report centre (예산낭비신고센터, SPEC §1): three made-up reports
  of this year, one of them open, so the officials' queue has work in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from maeul.governance.interface import citizen_auditor_terms, load_demo_citizen_auditors
from maeul.places.models import Municipality, MunicipalityKind
from maeul.reports.models import (
    AuditKind,
    AuditorMeeting,
    Category,
    ObservedAudit,
    Report,
    ReportEvent,
    Status,
)
from maeul.reports.services import due_date

ORDER = 85

NAMGU_HANDLED_2020 = 66
_NAMGU_TOPICS = {
    Category.INCONVENIENCE: (
        "골목길 가로등 고장",
        "인도 보도블록 파손",
        "불법 주정차로 통행 불편",
        "공원 화장실 관리 부실",
        "버스정류장 안내판 훼손",
    ),
    Category.MISCONDUCT: (
        "민원 응대 불친절",
        "보조금 정산 서류 부실 의혹",
        "위탁시설 근무 태도 제보",
    ),
    Category.SUGGESTION: (
        "경로당 냉방기 교체 건의",
        "어린이 보호구역 표지 추가 건의",
        "동 행정복지센터 주차 안내 개선 건의",
    ),
}
_CATEGORY_CYCLE = (
    Category.INCONVENIENCE,
    Category.INCONVENIENCE,
    Category.SUGGESTION,
    Category.INCONVENIENCE,
    Category.MISCONDUCT,
    Category.SUGGESTION,
)
_DAYS_TO_CLOSE = (3, 5, 6, 8, 9, 10, 12, 4, 7, 15, 11, 6, 20, 9, 5)


def _events(report: Report, steps: Sequence[tuple[str, dt.date]]) -> list[ReportEvent]:
    return [ReportEvent(report=report, status=status, on=on) for status, on in steps]


def load_namgu(namgu: Municipality) -> None:
    if Report.objects.filter(municipality=namgu, demo=True).exists():
        return
    load_demo_citizen_auditors()
    auditor = citizen_auditor_terms(namgu.pk, timezone.localdate()).first()
    dongs = list(
        Municipality.objects.filter(parent=namgu, kind=MunicipalityKind.DONG).order_by(
            "sort_order", "pk"
        )
    )
    events: list[ReportEvent] = []
    with transaction.atomic():
        for n in range(NAMGU_HANDLED_2020):
            category = _CATEGORY_CYCLE[n % len(_CATEGORY_CYCLE)]
            topics = _NAMGU_TOPICS[category]
            received = dt.date(2020, 1, 6) + dt.timedelta(days=(n * 5) % 330)
            closed = received + dt.timedelta(days=_DAYS_TO_CLOSE[n % len(_DAYS_TO_CLOSE)])
            if n % 22 == 21:
                status, reason, to = Status.TRANSFERRED, "소관 기관 이송(가상 사례)", "광주광역시"
            elif n % 33 == 32:
                status, reason, to = (
                    Status.DISMISSED,
                    "같은 내용으로 이미 처리된 제보(가상 사례)",
                    "",
                )
            else:
                status, reason, to = Status.ANSWERED, "", ""
            by_auditor = n % 2 == 0
            report = Report.objects.create(
                municipality=namgu,
                dong=dongs[n % len(dongs)] if dongs else None,
                category=category,
                title=f"{topics[n % len(topics)]} (가상 사례 {n + 1})",
                text="시연용으로 만든 가상의 제보입니다. 실제 제보 내용이 아닙니다.",
                status=status,
                received_on=received,
                due_on=due_date(category, received),
                closed_on=closed,
                department="" if by_auditor else "감사담당관",
                auditor=auditor.user if (by_auditor and auditor) else None,
                answer=(
                    "현장을 확인하고 담당 부서에 조치를 요청했습니다(가상 답변)."
                    if status == Status.ANSWERED
                    else ""
                ),
                reason=reason,
                transferred_to=to,
                demo=True,
            )
            steps = [(Status.RECEIVED, received), (Status.ASSIGNED, received)]
            events += _events(report, [*steps, (status, closed)])
        ReportEvent.objects.bulk_create(events)


NAMGU_MEETINGS_2020 = 9
_MEETING_DAYS = ((1, 22), (2, 26), (3, 25), (5, 27), (6, 24), (7, 22), (9, 23), (10, 28), (12, 16))


def load_namgu_auditor_records(namgu: Municipality) -> None:
    """The 9 meetings of 2020 (seed: "시민감사관 간담회 개최(9회)"; dates, titles and attendance
    made up) and two observed audits (seed: dong general audits and special audits of
    outsourced or subsidised work; targets and findings made up)."""
    if AuditorMeeting.objects.filter(municipality=namgu, demo=True).exists():
        return
    AuditorMeeting.objects.bulk_create(
        AuditorMeeting(
            municipality=namgu,
            held_on=dt.date(2020, month, day),
            title=f"시민감사관 간담회 {n}차 (가상 기록)",
            attendees=18 + n,
            summary="시연용 가상 기록입니다.",
            demo=True,
        )
        for n, (month, day) in enumerate(_MEETING_DAYS, start=1)
    )
    ObservedAudit.objects.bulk_create(
        [
            ObservedAudit(
                municipality=namgu,
                kind=AuditKind.DONG,
                target="○○동 행정복지센터 종합감사 (가상 기록)",
                starts_on=dt.date(2020, 9, 14),
                ends_on=dt.date(2020, 9, 18),
                observers=3,
                findings="민원 처리기한 경과 2건, 보조금 정산서류 미비 1건 (가상).",
                demo=True,
            ),
            ObservedAudit(
                municipality=namgu,
                kind=AuditKind.SPECIAL,
                target="민간위탁 체육시설 운영 특정감사 (가상 기록)",
                starts_on=dt.date(2020, 11, 2),
                ends_on=dt.date(2020, 11, 6),
                observers=2,
                findings="위탁 수수료 산정 근거 보완 권고 (가상).",
                demo=True,
            ),
        ]
    )


def load_geumcheon(geumcheon: Municipality) -> None:
    if Report.objects.filter(municipality=geumcheon, demo=True).exists():
        return
    today = timezone.localdate()
    rows = [
        (
            "구청 앞 보도블록 멀쩡한데 재시공",
            40,
            Status.ANSWERED,
            "공사 시기를 조정했습니다(가상 답변).",
        ),
        ("행사 기념품 과다 구매 의혹", 25, Status.TRANSFERRED, ""),
        ("사용하지 않는 공공 자전거 거치대 추가 설치", 3, Status.RECEIVED, ""),
    ]
    with transaction.atomic():
        for title, ago, status, answer in rows:
            received = today - dt.timedelta(days=ago)
            closed = received + dt.timedelta(days=9) if status != Status.RECEIVED else None
            report = Report.objects.create(
                municipality=geumcheon,
                category=Category.BUDGET_WASTE,
                title=f"{title} (가상 사례)",
                text="예산낭비신고센터 시연용 가상 신고입니다.",
                status=status,
                received_on=received,
                due_on=due_date(Category.BUDGET_WASTE, received),
                closed_on=closed,
                department="" if status == Status.RECEIVED else "기획예산과",
                answer=answer,
                transferred_to="서울특별시" if status == Status.TRANSFERRED else "",
                reason="시 보조사업이라 서울시로 이송(가상)"
                if status == Status.TRANSFERRED
                else "",
                demo=True,
            )
            steps = [(Status.RECEIVED, received)]
            if closed:
                steps += [(Status.ASSIGNED, received), (status, closed)]
            ReportEvent.objects.bulk_create(_events(report, steps))


def load(stdout: Any = None) -> None:
    namgu = Municipality.objects.get(slug="gwangju-nam-gu")
    geumcheon = Municipality.objects.get(slug="seoul-geumcheon-gu")
    load_namgu(namgu)
    load_namgu_auditor_records(namgu)
    load_geumcheon(geumcheon)
    if stdout is not None:
        stdout.write(f"reports: {Report.objects.count()} residents' reports")
