"""Reading the tally files officials upload (a CSV exported from a spreadsheet) into plain
numbers for the services, through the shared table reader (``maeul.core.tabular``): the
columns are declared once, every error names its row and column so the spreadsheet can be
fixed, and all of them are reported at once. Parsers only: nothing here writes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from maeul.core.errors import ServiceError
from maeul.core.tabular import Column, Count, Row, Table, Text

VOTE_COLUMNS = ("number", "committee_approvals", "mobile_approvals")
VOTERS = "voters"
"""The ``number`` cell of the row that gives each channel's voters instead of approvals."""

APPROVALS = Count(maximum=10**8)

TALLY_TABLE = Table(
    columns=(
        Column("number", "number", aliases=("번호",), cell=Text(max_length=20)),
        Column("committee_approvals", "committee_approvals", aliases=("위원회",), cell=APPROVALS),
        Column("mobile_approvals", "mobile_approvals", aliases=("모바일",), cell=APPROVALS),
    )
)


def _number(row: Row) -> int | None:
    """The proposal number of a row, or None (with the row's error) when it is not one."""
    text = row["number"].replace(",", "")
    if text.isdigit():
        return int(text)
    row.error(
        "number", _("%(value)s is not a whole number.") % {"value": row["number"][:20] or '""'}
    )
    return None


def parse_vote_csv(text: str) -> tuple[int, int, dict[int, tuple[int, int]]]:
    """Read a tally file: the header ``number,committee_approvals,mobile_approvals``, one row
    per proposal and one row ``voters,<committee voters>,<mobile voters>``. Returns the
    committee voters, the mobile voters and the approvals by proposal number; refuses the
    whole file (``TableInvalid``, one line per error) if any row is wrong."""
    result = TALLY_TABLE.read_csv(text)
    counts: dict[int, tuple[int, int]] = {}
    voters: tuple[int, int] | None = None
    for row in result.all_rows:
        if row.errors:
            continue
        pair = (row["committee_approvals"], row["mobile_approvals"])
        if row["number"].casefold() == VOTERS:
            voters = pair
            continue
        number = _number(row)
        if number is None:
            continue
        if number in counts:
            row.error("number", _("Proposal #%(n)s appears twice.") % {"n": number})
        counts[number] = pair
    result.raise_if_errors()
    if voters is None:
        raise ServiceError(
            _("The file needs a row 'voters,<committee voters>,<mobile voters>'."), field="file"
        )
    return voters[0], voters[1], counts
