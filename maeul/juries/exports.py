"""The public ``jury-activity`` table: what each citizens' jury did, in counts only.

No row names a volunteer or a juror, and no figure is cut finer than the whole jury (a
panel is tens of people), so the table says how active a jury was without saying anything
about any one member. Only published opinions and monitoring visits are counted: a draft
is not yet the jury's word.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from maeul.exports.columns import INTEGER, MUNICIPALITY, PERCENT, TEXT, Column
from maeul.exports.registry import ExportTable, rate, register
from maeul.juries.models import Attendance, Jury, VolunteerStatus

COLUMNS = (
    MUNICIPALITY,
    Column("jury", TEXT, "배심원단", "Jury"),
    Column("year", INTEGER, "모집 연도", "Recruitment year", "year"),
    Column(
        "phase",
        TEXT,
        "단계 코드(recruiting 모집, sitting 활동, closed 종료)",
        "Phase code (recruiting, sitting, closed)",
    ),
    Column("volunteers", INTEGER, "신청자 수", "Volunteers", "people"),
    Column("jurors", INTEGER, "배심원 수", "Jurors", "people"),
    Column("reserves", INTEGER, "예비 배심원 수", "Reserves", "people"),
    Column("sessions", INTEGER, "회의 수", "Sessions", "meetings"),
    Column(
        "attendance_percent",
        PERCENT,
        "출석률(출석 ÷ 출석부에 오른 자리)",
        "Attendance (present ÷ places on the registers)",
    ),
    Column("reviews", INTEGER, "배심원이 제출한 공약 평가 수", "Pledge reviews by jurors", "items"),
    Column("opinions", INTEGER, "공개된 배심원단 의견 수", "Published jury opinions", "items"),
    Column("visits", INTEGER, "공개된 현장 점검 수", "Published monitoring visits", "items"),
)


def _rows(municipality: Any) -> Iterator[list[Any]]:
    juries = Jury.objects.select_related("municipality")
    if municipality is not None:
        juries = juries.filter(municipality__path__startswith=municipality.path)
    juries = juries.annotate(
        n_volunteers=Count("volunteers", distinct=True),
        n_jurors=Count(
            "volunteers", filter=Q(volunteers__status=VolunteerStatus.JUROR), distinct=True
        ),
        n_reserves=Count(
            "volunteers", filter=Q(volunteers__status=VolunteerStatus.RESERVE), distinct=True
        ),
    )
    for jury in juries.order_by("municipality__path", "recruitment_year", "name", "pk"):
        register_rows = Attendance.objects.filter(session__jury=jury)
        places = register_rows.count()
        present = register_rows.filter(present=True).count()
        yield [
            jury.municipality.name,
            jury.name,
            jury.recruitment_year,
            jury.phase,
            jury.n_volunteers,
            jury.n_jurors,
            jury.n_reserves,
            jury.sessions.count(),
            rate(present, places) or None,
            jury.reviews.count(),
            jury.opinions.filter(published_at__isnull=False).count(),
            jury.visits.filter(published_at__isnull=False).count(),
        ]


register(
    ExportTable(
        name="jury-activity",
        title=_("Citizens' jury activity"),
        description=_(
            "Each citizens' jury: volunteers, jurors, sessions, attendance, reviews and "
            "published opinions and monitoring visits (counts only)."
        ),
        columns=COLUMNS,
        rows=_rows,
        public=True,
    )
)
