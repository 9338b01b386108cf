"""The registered export ``poll-results``: one row per option of every published poll.

Only published results are exported (they are public); the table never touches participations
or ballots, so it cannot join a voter to a choice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.exports.columns import BOOLEAN, DATETIME, INTEGER, MUNICIPALITY, PERCENT, TEXT, Column
from maeul.exports.registry import ExportTable, register
from maeul.voting.models import Poll
from maeul.voting.selectors import shown_turnout, turnout_by_age, turnout_by_dong

COLUMNS = (
    MUNICIPALITY,
    Column("poll_code", TEXT, "투표 코드", "Poll code"),
    Column("poll_title", TEXT, "투표 제목", "Poll title"),
    Column("opens_at", DATETIME, "투표 시작 시각", "Voting opens at"),
    Column("closes_at", DATETIME, "투표 마감 시각", "Voting closes at"),
    Column(
        "kind",
        TEXT,
        "투표 방식 코드(single 하나 선택, multiple 여러 개 선택, approval 찬성, ranking 순위)",
        "Ballot kind code (single, multiple, approval, ranking)",
    ),
    Column("secrecy", TEXT, "비밀투표 여부 코드(secret, public)", "Secrecy code (secret, public)"),
    Column(
        "result_rule",
        TEXT,
        "결과 규칙 코드(plurality 최다득표, majority 과반, quorum 투표율 요건)",
        "Result rule code (plurality, majority, quorum)",
    ),
    Column("option_position", INTEGER, "선택지 순서(1부터)", "Position of the option (from 1)"),
    Column("option", TEXT, "선택지", "Option"),
    Column(
        "ballot_votes",
        INTEGER,
        "온라인·현장·종이 투표에서 얻은 표(순위 투표는 점수)",
        "Votes from online, desk and paper ballots (points on ranking polls)",
        "votes",
    ),
    Column(
        "assembly_votes",
        INTEGER,
        "주민총회 집계에서 얻은 표",
        "Votes from resident-assembly totals",
        "votes",
    ),
    Column(
        "votes",
        INTEGER,
        "합계 표(순위 투표는 점수)",
        "Total votes (points on ranking polls)",
        "votes",
    ),
    Column(
        "share_percent",
        PERCENT,
        "득표율(소수 첫째 자리, 반올림)",
        "Share of the votes (one decimal, rounded half up)",
    ),
    Column(
        "total_ballots",
        INTEGER,
        "전체 투표지 수(주민총회 포함)",
        "All ballots, assembly ballots included",
        "ballots",
    ),
    Column("participants", INTEGER, "참여자 수", "Participants", "people"),
    Column(
        "electorate",
        INTEGER,
        "선거인 수(투표 자격자)",
        "Electorate (people entitled to vote)",
        "people",
    ),
    Column("turnout_percent", PERCENT, "투표율", "Turnout"),
    Column(
        "outcome",
        TEXT,
        "결과 코드(decided 결정, tie 동률, no_majority 과반 미달, no_quorum 투표율 미달, "
        "no_ballots 투표 없음)",
        "Outcome code (decided, tie, no_majority, no_quorum, no_ballots)",
    ),
    Column("winner", BOOLEAN, "결정된 선택지인지 여부", "Whether this option was chosen"),
)


def poll_result_rows(poll: Poll) -> Iterator[list[Any]]:
    result = poll.result or {}
    winners = set(result.get("winners", []))
    for option in result.get("options", []):
        yield [
            poll.municipality.name,
            poll.code,
            poll.title,
            poll.opens_at,
            poll.closes_at,
            poll.kind,
            poll.secrecy,
            poll.result_rule,
            option["position"],
            option["label"],
            option["ballot_votes"],
            option["assembly_votes"],
            option["votes"],
            option["share"],
            result["total_ballots"],
            result["participants"],
            result["electorate"] or None,
            shown_turnout(result),
            result["outcome"],
            option["id"] in winners and result["outcome"] == "decided",
        ]


def _rows(municipality: Any) -> Iterator[list[Any]]:
    polls = Poll.objects.filter(published_at__isnull=False).select_related("municipality")
    if municipality is not None:
        polls = polls.filter(municipality__path__startswith=municipality.path)
    for poll in polls.order_by("municipality__path", "closes_at", "code"):
        yield from poll_result_rows(poll)


register(
    ExportTable(
        name="poll-results",
        title=_("Resident vote results"),
        description=_("Published results of resident votes, one row per option."),
        columns=COLUMNS,
        rows=_rows,
        public=True,
    )
)


TURNOUT_COLUMNS = (
    MUNICIPALITY,
    Column("poll_code", TEXT, "투표 코드", "Poll code"),
    Column("poll_title", TEXT, "투표 제목", "Poll title"),
    Column("opens_at", DATETIME, "투표 시작 시각", "Voting opens at"),
    Column(
        "breakdown",
        TEXT,
        "구분 코드(dong 거주 동, age 연령대)",
        "Breakdown code (dong of residence, age band)",
    ),
    Column(
        "group",
        TEXT,
        "동 이름 또는 연령대(투표 시작 연도 기준 만 나이 아닌 연 나이)",
        "Dong name or age band (age in the year voting opened)",
    ),
    Column(
        "participants",
        INTEGER,
        "참여자 수(5명 미만 집단은 비움)",
        "Participants (left empty for a group under 5 people)",
        "people",
    ),
    Column(
        "eligible",
        INTEGER,
        "Maeul에 등록된 투표 자격 주민 수(5명 미만 집단은 비움)",
        "Eligible residents registered on Maeul (left empty for a group under 5 people)",
        "people",
    ),
    Column(
        "turnout_percent", PERCENT, "참여율(참여자 ÷ 등록 자격 주민)", "Participants ÷ eligible"
    ),
)


def poll_turnout_rows(poll: Poll) -> Iterator[list[Any]]:
    """The turnout by dong and by age band the results page shows, small groups suppressed
    by the same rule (``selectors.SUPPRESS_BELOW``), so the open table never says more about
    a few people than the page does."""
    head = [poll.municipality.name, poll.code, poll.title, poll.opens_at]
    for breakdown, rows in (("dong", turnout_by_dong(poll)), ("age", turnout_by_age(poll))):
        for row in rows:
            yield [
                *head,
                breakdown,
                row.label,
                row.participants,
                row.eligible,
                row.rate or None,
            ]


def _turnout_rows(municipality: Any) -> Iterator[list[Any]]:
    polls = Poll.objects.filter(published_at__isnull=False).select_related("municipality")
    if municipality is not None:
        polls = polls.filter(municipality__path__startswith=municipality.path)
    for poll in polls.order_by("municipality__path", "opens_at", "code"):
        yield from poll_turnout_rows(poll)


register(
    ExportTable(
        name="poll-turnout",
        title=_("Resident vote turnout by dong and age"),
        description=_(
            "Participants of each published resident vote by dong of residence and by age "
            "band, against the eligible residents registered on Maeul; groups under five "
            "people are left empty."
        ),
        columns=TURNOUT_COLUMNS,
        rows=_turnout_rows,
        public=True,
    )
)
