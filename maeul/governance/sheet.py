"""The city's quarterly deliberation sheet (숙의공론 과정관리 통합시트), read and written.

Seoul asks every district four times a year (March, June, September, December) for "the
name of each deliberation session, its type (governance council, working group, workshop...)
and the number of participants" on an Excel sheet the city provides (seed 004, §4 1)). The
seed names those contents and the statistics computed from them (attendance rates overall,
government and civil; attended counts; hours; meetings) but not the sheet's cells, so the
layout below is a reconstruction that carries exactly what the statistics need, in the
seed's own Korean terms; docs/subsystems/governance.md lists it.

Row 1 holds a title, row 2 the district and period, row 3 the column headers, and every row
from 4 on is one session. Reading finds the header row by its first cell ("연번") and the
columns by their header text, so a district may reorder columns or add a title row.

Parsing never touches the database: it turns each row into a ``ParsedRow`` or into
``CellError``s naming the row number and column, and the service imports only a sheet with
no error at all.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from maeul.core import textlimits
from maeul.core.tabular import (
    CellError,
    CellInvalid,
    Column,
    Count,
    Date,
    Row,
    Table,
    TableUnreadable,
    Text,
    Time,
)
from maeul.engine.scoring import SessionFigures, plain_text, session_problems
from maeul.exports.writers import append_values

__all__ = [
    "COLUMNS",
    "HEADERS",
    "KIND_LABELS",
    "TABLE",
    "CellError",
    "ParsedRow",
    "SheetUnreadable",
    "read_rows",
    "session_row",
    "write_sheet",
]

KIND_LABELS: dict[str, str] = {
    "council": "협치회의",
    "subcommittee": "분과",
    "working_group": "워킹그룹",
    "workshop": "워크숍",
    "forum": "포럼",
    "public_deliberation": "공론장",
    "consulting": "컨설팅",
    "training": "교육",
}
KIND_BY_LABEL = {label: key for key, label in KIND_LABELS.items()}
KIND_ALIASES = {"토론회": "forum", "숙의공론장": "public_deliberation", "분과회의": "subcommittee"}


@dataclass(frozen=True)
class Kind(Text):
    """The session type, written with its Korean label (or a common alias)."""

    max_length: int | None = 40

    def parse(self, value: Any) -> str:
        label = super().parse(value)
        kind = KIND_BY_LABEL.get(label) or KIND_ALIASES.get(label)
        if kind is None:
            raise CellInvalid(
                _("Unknown type %(value)s; use one of: %(known)s.")
                % {"value": label[:30], "known": ", ".join(KIND_LABELS.values())}
            )
        return kind


def _optional_count(key: str, header: str) -> Column:
    return Column(key, header, cell=Count(), required=False)


COLUMNS: tuple[Column, ...] = (
    Column("reference", "연번", cell=Text(40)),
    Column("district", "자치구", cell=Text(60)),
    Column("name", "숙의공론장 명칭", cell=Text(200)),
    Column("kind", "유형", cell=Kind()),
    Column("date", "일자", cell=Date()),
    Column("start", "시작시각", cell=Time()),
    Column("end", "종료시각", cell=Time()),
    Column("hours", "진행시간(시간)", required=False, default=""),
    Column("venue", "장소", required=False, default=""),
    Column("invited_total", "초대인원(종합)", cell=Count()),
    _optional_count("invited_government", "초대인원(행정)"),
    _optional_count("invited_civil", "초대인원(민간)"),
    _optional_count("attended_total", "참석인원(종합)"),
    Column("attended_government", "참석인원(행정)", cell=Count()),
    Column("attended_civil", "참석인원(민간)", cell=Count()),
    Column("agenda", "주요 안건", cell=Text(textlimits.TEXT), required=False, default=""),
    Column("decisions", "결정사항", cell=Text(textlimits.TEXT), required=False, default=""),
    Column("note", "비고", required=False, default=""),
)
# Row 3 under a title and a subtitle, found by its first column's header wherever it is.
TABLE = Table(COLUMNS, header_row=None, anchor="reference")
HEADERS = TABLE.headers
WIDTHS = (6, 10, 36, 12, 12, 9, 9, 10, 18, 10, 10, 10, 10, 10, 10, 30, 30, 12)
TITLE = "자치구 숙의공론 과정관리 현황"
ONLINE = "온라인"

FIELD_COLUMN = {
    "minutes": "end",
    "invited_total": "invited_total",
    "invited_government": "invited_government",
    "invited_civil": "invited_civil",
    "attended_government": "attended_government",
    "attended_civil": "attended_civil",
}


@dataclass
class ParsedRow:
    row: int
    reference: str
    district: str
    name: str
    kind: str
    date: dt.date
    start: dt.time
    end: dt.time
    venue: str
    online: bool
    invited_total: int
    invited_government: int | None
    invited_civil: int | None
    attended_government: int
    attended_civil: int
    agenda: str
    decisions: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def quarter(self) -> int:
        return (self.date.month - 1) // 3 + 1

    def figures(self) -> SessionFigures:
        minutes = (
            dt.datetime.combine(self.date, self.end) - dt.datetime.combine(self.date, self.start)
        ).total_seconds() // 60
        return SessionFigures(
            minutes=int(minutes),
            attended_government=self.attended_government,
            attended_civil=self.attended_civil,
            invited_total=self.invited_total,
            invited_government=self.invited_government,
            invited_civil=self.invited_civil,
        )


class SheetUnreadable(ValueError):
    """The upload is not an .xlsx workbook or has no header row."""


def _problem_message(code: str, field_name: str) -> str:
    messages = {
        "attended_without_invited": _("People attended but the invited count is 0."),
        "split_exceeds_total": _("Invited by sector add up to more than the total invited."),
        "half_split": _("Give invited counts for both sectors or for neither."),
        "no_duration": _("The session must end after it starts."),
        "negative": _("A count cannot be negative."),
    }
    return messages.get(code, code)


def read_rows(content: bytes) -> tuple[list[ParsedRow], list[CellError]]:
    """Parse every row; return the good rows and every error (both lists complete)."""
    try:
        result = TABLE.read_workbook(content)
    except TableUnreadable as error:
        if error.reason == "no_header":
            raise SheetUnreadable(
                _("No header row found: the first column's header must be 연번 (number).")
            ) from None
        raise SheetUnreadable(error.message) from None
    if result.file_errors:
        return [], result.errors
    for row in result.all_rows:
        _check_times(row)
    parsed = [item for row in result.rows if (item := _parse_row(row)) is not None]
    errors = result.errors
    if not parsed and not errors:
        errors.append(
            CellError(result.header_row + 1, "연번", "A", _("The sheet has no sessions."))
        )
    return parsed, errors


def _check_times(row: Row) -> None:
    start, end = row.get("start"), row.get("end")
    if start is not None and end is not None and end <= start:
        row.error(
            "end",
            _("The session ends (%(end)s) before it starts (%(start)s).")
            % {"end": end.strftime("%H:%M"), "start": start.strftime("%H:%M")},
        )


def _parse_row(row: Row) -> ParsedRow | None:
    """The session of a row whose cells all read, or ``None`` after the row's own checks
    (attendance adds up, hours match the times, the engine's session problems) failed."""
    attended_government = row["attended_government"]
    attended_civil = row["attended_civil"]
    total = row.get("attended_total")
    if total is not None and total != attended_government + attended_civil:
        row.error(
            "attended_total",
            _("%(total)s is not government %(gov)s + civil %(civil)s.")
            % {"total": total, "gov": attended_government, "civil": attended_civil},
        )
    venue = (row.get("venue") or "")[:120]
    item = ParsedRow(
        row=row.number,
        reference=row["reference"],
        district=row["district"],
        name=row["name"],
        kind=row["kind"],
        date=row["date"],
        start=row["start"],
        end=row["end"],
        venue=venue,
        online=venue == ONLINE,
        invited_total=row["invited_total"],
        invited_government=row.get("invited_government"),
        invited_civil=row.get("invited_civil"),
        attended_government=attended_government,
        attended_civil=attended_civil,
        agenda=row.get("agenda") or "",
        decisions=row.get("decisions") or "",
    )
    _check_hours(row, item)
    for problem in session_problems(item.figures()):
        key = FIELD_COLUMN.get(problem.field, "invited_total")
        row.error(key, _problem_message(problem.code, problem.field))
    return None if row.errors else item


def _check_hours(row: Row, item: ParsedRow) -> None:
    hours_text = row.get("hours") or ""
    if not hours_text:
        return
    try:
        hours = Decimal(hours_text)
    except InvalidOperation:
        row.error("hours", _("%(value)s is not a number.") % {"value": hours_text[:30]})
        return
    minutes = item.figures().minutes
    if minutes > 0 and abs(hours * 60 - minutes) > 1:
        row.error(
            "hours",
            _("%(hours)s hours does not match the start and end times (%(minutes)s minutes).")
            % {"hours": hours_text, "minutes": minutes},
        )


def write_sheet(title_line: str, rows: Iterable[Sequence[Any]]) -> bytes:
    """The sheet in the layout ``read_rows`` reads: title, subtitle, headers, one row each."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "숙의공론"
    # Text cells are written as text, never as formulas (an agenda starting with "=" from an
    # uploaded sheet must not run when the next official opens this one).
    for row in ([TITLE], [title_line], list(HEADERS), *rows):
        append_values(sheet, list(row))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def session_row(session: Any) -> list[Any]:
    """A stored session as a sheet row (times in Asia/Seoul)."""
    from django.utils import timezone

    starts = timezone.localtime(session.starts_at)
    ends = timezone.localtime(session.ends_at)
    return [
        session.reference,
        session.municipality.name,
        session.name,
        KIND_LABELS.get(session.kind, session.kind),
        starts.date(),
        starts.strftime("%H:%M"),
        ends.strftime("%H:%M"),
        Decimal(plain_text(session.hours)),
        ONLINE if session.online else session.venue,
        session.invited_total,
        session.invited_government,
        session.invited_civil,
        session.attended_total,
        session.attended_government,
        session.attended_civil,
        session.agenda,
        session.decisions,
        "",
    ]
