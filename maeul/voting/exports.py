"""The registered export ``poll-results``: one row per option of every published poll.

Only published results are exported (they are public); the table never touches participations
or ballots, so it cannot join a voter to a choice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maeul.exports.registry import ExportTable, register
from maeul.voting.models import Poll

COLUMNS = (
    "municipality",
    "poll_code",
    "poll_title",
    "opens_at",
    "closes_at",
    "kind",
    "secrecy",
    "result_rule",
    "option_position",
    "option",
    "ballot_votes",
    "assembly_votes",
    "votes",
    "share_percent",
    "total_ballots",
    "participants",
    "electorate",
    "turnout_percent",
    "outcome",
    "winner",
)


def _kst(value: Any) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes")


def poll_result_rows(poll: Poll) -> Iterator[list[Any]]:
    result = poll.result or {}
    winners = set(result.get("winners", []))
    for option in result.get("options", []):
        yield [
            poll.municipality.name,
            poll.code,
            poll.title,
            _kst(poll.opens_at),
            _kst(poll.closes_at),
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
            result["electorate"],
            result["turnout"],
            result["outcome"],
            "true" if option["id"] in winners and result["outcome"] == "decided" else "false",
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
