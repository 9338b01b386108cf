"""The registered exports of outreach (columns fixed by issue 20): ``sns-posts``, ``courses``,
``autonomy-programmes`` and ``lawsuits``, each counted from the records of every municipality
in the downloader's scope."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.exports.columns import INTEGER, MUNICIPALITY, PERCENT, TEXT, Column
from maeul.exports.registry import ExportTable, register
from maeul.outreach import selectors
from maeul.outreach.models import Channel


def _places(scope: Any) -> list[Any]:
    rows = selectors.municipality_with_outreach()
    if scope is not None:
        rows = rows.filter(pk__in=scope.subtree().values("pk"))
    return list(rows.order_by("path"))


def _posts(scope: Any) -> Iterator[list[Any]]:
    for place in _places(scope):
        for month in selectors.monthly_posts(place):
            for channel in Channel.values:
                if month.by_channel[channel]:
                    yield [place.name, month.year, month.month, channel, month.by_channel[channel]]


def _courses(scope: Any) -> Iterator[list[Any]]:
    for place in _places(scope):
        for f in selectors.courses_of(place):
            yield [place.name, f.course.year, f.course.title, f.sessions, f.enrolled, f.completed]


def _autonomy(scope: Any) -> Iterator[list[Any]]:
    for place in _places(scope):
        by_dong = selectors.programmes_by_dong(place)
        if not any(n for _dong, n in by_dong):
            continue
        for dong, n in by_dong:
            yield [place.name, dong.name, n]


def _lawsuits(scope: Any) -> Iterator[list[Any]]:
    for place in _places(scope):
        for f in selectors.lawsuit_figures(place):
            yield [place.name, f.period, f.filed, f.won, f.lost, f.pending, f.win_rate]


register(
    ExportTable(
        name="sns-posts",
        title=_("SNS reporters' posts by month"),
        description=_("Posts of the reporter team per month and channel, counted from the posts."),
        columns=(
            MUNICIPALITY,
            Column("year", INTEGER, "게시 연도", "Year posted"),
            Column("month", INTEGER, "게시 월", "Month posted"),
            Column(
                "channel",
                TEXT,
                "채널 코드(blog 블로그, sns SNS, youtube 유튜브, news 인터넷뉴스)",
                "Channel code (blog, sns, youtube, news)",
            ),
            Column("posts", INTEGER, "게시 건수", "Posts", "items"),
        ),
        rows=_posts,
        public=True,
    )
)

register(
    ExportTable(
        name="courses",
        title=_("Academy and school courses"),
        description=_(
            "Each course's sessions, enrolled learners and completions (empty when no "
            "attendance is recorded, so completion is unknown)."
        ),
        columns=(
            MUNICIPALITY,
            Column("year", INTEGER, "연도", "Year"),
            Column("course", TEXT, "과정 이름", "Course title"),
            Column("sessions", INTEGER, "강의(회차) 수", "Sessions", "meetings"),
            Column("enrolled", INTEGER, "수강 인원", "Learners enrolled", "people"),
            Column(
                "completed",
                INTEGER,
                "수료 인원(출석 기록이 없으면 빈칸)",
                "Learners who completed (empty when no attendance is recorded)",
                "people",
            ),
        ),
        rows=_courses,
        public=True,
    )
)

register(
    ExportTable(
        name="autonomy-programmes",
        title=_("Resident autonomy programmes by dong"),
        description=_("The number of resident autonomy programmes in each dong."),
        columns=(
            MUNICIPALITY,
            Column("dong", TEXT, "동 이름", "Dong"),
            Column("programmes", INTEGER, "프로그램 수", "Programmes", "items"),
        ),
        rows=_autonomy,
        public=True,
    )
)

register(
    ExportTable(
        name="lawsuits",
        title=_("Lawsuits by year of filing"),
        description=_(
            "Lawsuits filed, won (including withdrawn suits and partial wins), lost and pending "
            "per year of filing and for the whole period; the win rate is of closed cases, "
            "one decimal, half up."
        ),
        columns=(
            MUNICIPALITY,
            Column("period", TEXT, "제소 연도 또는 기간", "Year of filing or period"),
            Column("filed", INTEGER, "제소 건수", "Filed", "items"),
            Column(
                "won",
                INTEGER,
                "승소(소취하·일부승 포함)",
                "Won (incl. withdrawn, partial)",
                "items",
            ),
            Column("lost", INTEGER, "패소", "Lost", "items"),
            Column("pending", INTEGER, "진행 중", "Pending", "items"),
            Column(
                "win_rate_percent",
                PERCENT,
                "종결 사건 승소율(소수 첫째 자리, 반올림)",
                "Win rate of closed cases (one decimal, half up)",
            ),
        ),
        rows=_lawsuits,
        public=True,
    )
)
