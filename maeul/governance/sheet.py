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
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from maeul.core import textlimits
from maeul.engine.scoring import SessionFigures, plain_text, session_problems
from maeul.exports.writers import append_values


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    width: int = 12


COLUMNS: tuple[Column, ...] = (
    Column("reference", "연번", True, 6),
    Column("district", "자치구", True, 10),
    Column("name", "숙의공론장 명칭", True, 36),
    Column("kind", "유형", True, 12),
    Column("date", "일자", True, 12),
    Column("start", "시작시각", True, 9),
    Column("end", "종료시각", True, 9),
    Column("hours", "진행시간(시간)", False, 10),
    Column("venue", "장소", False, 18),
    Column("invited_total", "초대인원(종합)", True, 10),
    Column("invited_government", "초대인원(행정)", False, 10),
    Column("invited_civil", "초대인원(민간)", False, 10),
    Column("attended_total", "참석인원(종합)", False, 10),
    Column("attended_government", "참석인원(행정)", True, 10),
    Column("attended_civil", "참석인원(민간)", True, 10),
    Column("agenda", "주요 안건", False, 30),
    Column("decisions", "결정사항", False, 30),
    Column("note", "비고", False, 12),
)
HEADERS = tuple(c.header for c in COLUMNS)
TITLE = "자치구 숙의공론 과정관리 현황"
ONLINE = "온라인"

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

FIELD_COLUMN = {
    "minutes": "end",
    "invited_total": "invited_total",
    "invited_government": "invited_government",
    "invited_civil": "invited_civil",
    "attended_government": "attended_government",
    "attended_civil": "attended_civil",
}


@dataclass(frozen=True)
class CellError:
    """One problem, located: the sheet row (1-based, as Excel shows it) and column."""

    row: int
    column: str  # header text, e.g. "초대인원(행정)"
    letter: str  # e.g. "K"
    message: str

    def __str__(self) -> str:
        if self.column == "-":  # about the whole file, not a cell
            return self.message
        return _("Row %(row)s, column %(letter)s (%(column)s): %(message)s") % {
            "row": self.row,
            "letter": self.letter,
            "column": self.column,
            "message": self.message,
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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_key(value: Any) -> str:
    return "".join(_text(value).split())


class _RowReader:
    def __init__(self, row_number: int, cells: dict[str, Any], letters: dict[str, str]):
        self.row = row_number
        self.cells = cells
        self.letters = letters
        self.errors: list[CellError] = []

    def error(self, key: str, message: str) -> None:
        column = next(c for c in COLUMNS if c.key == key)
        self.errors.append(CellError(self.row, column.header, self.letters.get(key, "?"), message))

    def text(self, key: str, limit: int | None = None) -> str:
        value = _text(self.cells.get(key))
        if limit is not None and len(value) > limit:
            self.error(key, _("At most %(limit)s characters.") % {"limit": limit})
        return value

    def required_text(self, key: str, limit: int) -> str:
        value = self.text(key)
        if not value:
            self.error(key, _("This cell is required."))
        elif len(value) > limit:
            self.error(key, _("At most %(limit)s characters.") % {"limit": limit})
        return value

    def count(self, key: str, required: bool) -> int | None:
        raw = self.cells.get(key)
        if raw is None or _text(raw) == "":
            if required:
                self.error(key, _("A number is required."))
            return None
        try:
            number = Decimal(_text(raw).replace(",", ""))
        except InvalidOperation:
            self.error(key, _("%(value)s is not a number.") % {"value": _text(raw)[:30]})
            return None
        if number != number.to_integral_value():
            self.error(key, _("A whole number is required."))
            return None
        if number < 0:
            self.error(key, _("A count cannot be negative (%(value)s).") % {"value": number})
            return None
        if number > 1_000_000:
            self.error(key, _("%(value)s is implausibly large.") % {"value": number})
            return None
        return int(number)

    def date(self, key: str) -> dt.date | None:
        raw = self.cells.get(key)
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = _text(raw).replace(".", "-").replace("/", "-").strip("-")
        if not text:
            self.error(key, _("A date is required."))
            return None
        try:
            parts = [int(p) for p in text.split("-")]
            return dt.date(parts[0], parts[1], parts[2])
        except (ValueError, IndexError):
            self.error(key, _("%(value)s is not a date (YYYY-MM-DD).") % {"value": _text(raw)[:30]})
            return None

    def time(self, key: str) -> dt.time | None:
        raw = self.cells.get(key)
        if isinstance(raw, dt.datetime):
            return raw.time()
        if isinstance(raw, dt.time):
            return raw
        text = _text(raw)
        if not text:
            self.error(key, _("A time is required."))
            return None
        try:
            hour, minute = (int(p) for p in text.split(":")[:2])
            return dt.time(hour, minute)
        except ValueError:
            self.error(key, _("%(value)s is not a time (HH:MM).") % {"value": text[:30]})
            return None


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
        workbook = load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    except Exception as error:  # openpyxl raises many types for a non-workbook
        raise SheetUnreadable(_("The file is not an Excel workbook (.xlsx).")) from error
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    workbook.close()
    header_index = next(
        (i for i, row in enumerate(rows[:20]) if row and _header_key(row[0]) == "연번"), None
    )
    if header_index is None:
        raise SheetUnreadable(
            _("No header row found: the first column's header must be 연번 (number).")
        )
    by_header = {_header_key(c.header): c.key for c in COLUMNS}
    positions: dict[str, int] = {}
    for index, value in enumerate(rows[header_index]):
        key = by_header.get(_header_key(value))
        if key is not None and key not in positions:
            positions[key] = index
    errors: list[CellError] = []
    letters = {key: get_column_letter(index + 1) for key, index in positions.items()}
    for column in COLUMNS:
        if column.required and column.key not in positions:
            errors.append(
                CellError(
                    header_index + 1,
                    column.header,
                    "-",
                    _("The column is missing from the header row."),
                )
            )
    if errors:
        return [], errors
    parsed: list[ParsedRow] = []
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells = {key: (row[i] if i < len(row) else None) for key, i in positions.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue
        item = _parse_row(_RowReader(offset, cells, letters))
        if isinstance(item, ParsedRow):
            parsed.append(item)
        else:
            errors.extend(item)
    if not parsed and not errors:
        errors.append(CellError(header_index + 2, "연번", "A", _("The sheet has no sessions.")))
    return parsed, errors


def _parse_row(reader: _RowReader) -> ParsedRow | list[CellError]:
    reference = reader.required_text("reference", 40)
    district = reader.required_text("district", 60)
    name = reader.required_text("name", 200)
    kind_label = reader.required_text("kind", 40)
    kind = KIND_BY_LABEL.get(kind_label) or KIND_ALIASES.get(kind_label)
    if kind_label and kind is None:
        reader.error(
            "kind",
            _("Unknown type %(value)s; use one of: %(known)s.")
            % {"value": kind_label[:30], "known": ", ".join(KIND_LABELS.values())},
        )
    day = reader.date("date")
    start = reader.time("start")
    end = reader.time("end")
    if start is not None and end is not None and end <= start:
        reader.error(
            "end",
            _("The session ends (%(end)s) before it starts (%(start)s).")
            % {
                "end": end.strftime("%H:%M"),
                "start": start.strftime("%H:%M"),
            },
        )
    venue = reader.text("venue")[:120]
    counts = {
        key: reader.count(key, required)
        for key, required in (
            ("invited_total", True),
            ("invited_government", False),
            ("invited_civil", False),
            ("attended_total", False),
            ("attended_government", True),
            ("attended_civil", True),
        )
    }
    if reader.errors:
        return reader.errors
    assert day is not None and start is not None and end is not None and kind is not None
    attended_government = counts["attended_government"] or 0
    attended_civil = counts["attended_civil"] or 0
    total = counts["attended_total"]
    if total is not None and total != attended_government + attended_civil:
        reader.error(
            "attended_total",
            _("%(total)s is not government %(gov)s + civil %(civil)s.")
            % {"total": total, "gov": attended_government, "civil": attended_civil},
        )
    item = ParsedRow(
        row=reader.row,
        reference=reference,
        district=district,
        name=name,
        kind=kind,
        date=day,
        start=start,
        end=end,
        venue=venue,
        online=venue == ONLINE,
        invited_total=counts["invited_total"] or 0,
        invited_government=counts["invited_government"],
        invited_civil=counts["invited_civil"],
        attended_government=attended_government,
        attended_civil=attended_civil,
        agenda=reader.text("agenda", textlimits.TEXT),
        decisions=reader.text("decisions", textlimits.TEXT),
    )
    hours_text = reader.text("hours")
    if hours_text:
        try:
            hours = Decimal(hours_text)
        except InvalidOperation:
            reader.error("hours", _("%(value)s is not a number.") % {"value": hours_text[:30]})
        else:
            minutes = item.figures().minutes
            if minutes > 0 and abs(hours * 60 - minutes) > 1:
                reader.error(
                    "hours",
                    _(
                        "%(hours)s hours does not match the start and end times (%(minutes)s "
                        "minutes)."
                    )
                    % {"hours": hours_text, "minutes": minutes},
                )
    for problem in session_problems(item.figures()):
        key = FIELD_COLUMN.get(problem.field, "invited_total")
        reader.error(key, _problem_message(problem.code, problem.field))
    return reader.errors or item


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
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
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
