"""The pledge table in the layout officials keep in Excel (공약 추진현황표).

Headers are Korean and fixed, whatever the page language, because the file travels between
departments and the planning office. Computed columns (money, rates, progress) are written for
reading and ignored on import; the editable columns are the sheet's header fields. Status and
other choices are written with their Korean labels and read back from the label or the code.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from maeul.core.tabular import Column as ImportColumn
from maeul.core.tabular import Row, Table, TableResult, TableUnreadable
from maeul.exports.columns import INTEGER, PERCENT, TEXT, WON, Column
from maeul.exports.writers import write_sheet
from maeul.pledges.models import FundingType, PledgeStatus, Timing
from maeul.pledges.selectors import pledges_of

STATUS_KO: dict[str, str] = {
    PledgeStatus.ON_TRACK: "정상추진",
    PledgeStatus.PARTIAL: "일부추진",
    PledgeStatus.ON_HOLD: "보류",
    PledgeStatus.COMPLETED: "완료",
    PledgeStatus.ADJUSTED: "조정",
}
TIMING_KO: dict[str, str] = {Timing.SHORT: "단기", Timing.MID: "중기", Timing.LONG: "장기"}
FUNDING_KO: dict[str, str] = {FundingType.BUDGET: "예산", FundingType.NON_BUDGET: "비예산"}

NUMBER = "공약번호"
TABLE_COLUMNS = (
    Column(NUMBER, INTEGER, "공약 번호", "Pledge number"),
    Column("목표", TEXT, "공약 목표", "Goal"),
    Column("분야", TEXT, "공약 분야", "Field"),
    Column("공약명", TEXT, "공약명(수정 가능)", "Pledge title (editable)"),
    Column("추진상태", TEXT, "추진 상태(수정 가능)", "Status (editable)"),
    Column("주관부서", TEXT, "주관 부서(수정 가능)", "Lead department (editable)"),
    Column(
        "사업시기",
        TEXT,
        "사업 시기: 단기, 중기, 장기(수정 가능)",
        "Timing: short, mid, long (editable)",
    ),
    Column(
        "예산구분",
        TEXT,
        "예산 구분: 예산, 비예산(수정 가능)",
        "Funding: budget, non-budget (editable)",
    ),
    Column("임기내 계획(원)", WON, "임기 내 계획 금액", "Amount planned in the term"),
    Column("집행액(원)", WON, "집행 금액", "Amount executed"),
    Column("집행률(%)", PERCENT, "집행률", "Execution rate"),
    Column("공약추진율(%)", PERCENT, "공약 추진율", "Overall progress"),
)
COLUMNS = tuple(c.name for c in TABLE_COLUMNS)
# column header -> (model field, {accepted text: stored value} or None for free text)
EDITABLE: dict[str, tuple[str, dict[str, str] | None]] = {
    "공약명": ("title", None),
    "추진상태": ("status", {**{v: k for k, v in STATUS_KO.items()}, **{s: s for s in STATUS_KO}}),
    "주관부서": ("department", None),
    "사업시기": (
        "timing",
        {"": "", **{v: k for k, v in TIMING_KO.items()}, **{s: s for s in TIMING_KO}},
    ),
    "예산구분": (
        "funding_type",
        {**{v: k for k, v in FUNDING_KO.items()}, **{s: s for s in FUNDING_KO}},
    ),
}
MAX_LENGTH = {"title": 200, "department": 120}


def pledge_table_rows(municipality: Any) -> list[list[Any]]:
    rows = []
    for p in pledges_of(municipality):
        f = p.figures  # type: ignore[attr-defined]  # attached by pledges_of, not a model field
        rows.append(
            [
                p.number,
                p.field.goal.name,
                p.field.name,
                p.title,
                STATUS_KO.get(p.status, p.status),
                p.department,
                TIMING_KO.get(p.timing, ""),
                FUNDING_KO.get(p.funding_type, ""),
                f.planned_won,
                f.executed_won,
                float(f.execution_rate_percent) if f.execution_rate_percent is not None else None,
                float(f.progress_percent) if f.progress_percent is not None else None,
            ]
        )
    return rows


def pledge_table_xlsx(municipality: Any) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "공약"
    write_sheet(sheet, TABLE_COLUMNS, pledge_table_rows(municipality))
    for index, width in enumerate((10, 18, 12, 40, 10, 24, 10, 10, 16, 14, 10, 12), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ImportRow:
    line: int
    number: int
    values: dict[str, Any]


# The columns an import reads: the pledge number and the editable columns, each cell as text
# (the choices and limits below are checked here, with this table's own messages).
IMPORT_TABLE = Table(
    (
        ImportColumn(NUMBER, NUMBER, blank=True),
        *(ImportColumn(name, name, required=False, blank=True, default="") for name in EDITABLE),
    )
)


def _file_errors(data: bytes) -> tuple[TableResult | None, list[str]]:
    """The table read from the workbook, or the one message that says why it cannot be."""
    try:
        result = IMPORT_TABLE.read_workbook(data)
    except TableUnreadable as error:
        if error.reason == "empty":
            return None, [_("The workbook is empty.")]
        if error.reason == "no_header":
            return None, [_("Row 1: the column %(column)s is missing.") % {"column": NUMBER}]
        return None, [error.message]
    if result.file_errors:
        if NUMBER not in result.present:
            return None, [_("Row 1: the column %(column)s is missing.") % {"column": NUMBER}]
        return None, [str(e) for e in result.file_errors]
    return result, []


def read_pledge_table(data: bytes, *, known_numbers: set[int]) -> tuple[list[ImportRow], list[str]]:
    """Parse the workbook; return the rows and every error found (row and column named)."""
    result, errors = _file_errors(data)
    if result is None:
        return [], errors
    rows: list[ImportRow] = []
    seen: dict[int, int] = {}
    for row in result.rows:
        number = _pledge_number(row, known_numbers, seen, errors)
        if number is None:
            continue
        seen[number] = row.number
        values: dict[str, Any] = {}
        for column, (field, accepted) in EDITABLE.items():
            if column in row:
                _read_editable(row, column, field, accepted, values, errors)
        rows.append(ImportRow(row.number, number, values))
    return rows, errors


def _pledge_number(
    row: Row, known_numbers: set[int], seen: dict[int, int], errors: list[str]
) -> int | None:
    raw = row[NUMBER]
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        errors.append(
            _("Row %(row)s, column %(column)s: %(value)s is not a pledge number.")
            % {"row": row.number, "column": NUMBER, "value": raw}
        )
        return None
    if number not in known_numbers:
        errors.append(
            _("Row %(row)s, column %(column)s: there is no pledge number %(number)s here.")
            % {"row": row.number, "column": NUMBER, "number": number}
        )
        return None
    if number in seen:
        errors.append(
            _("Row %(row)s, column %(column)s: pledge %(number)s also appears in row %(other)s.")
            % {"row": row.number, "column": NUMBER, "number": number, "other": seen[number]}
        )
        return None
    return number


def _read_editable(
    row: Row,
    column: str,
    field: str,
    accepted: dict[str, str] | None,
    values: dict[str, Any],
    errors: list[str],
) -> None:
    text = row[column]
    if accepted is not None:
        if text not in accepted:
            errors.append(
                _("Row %(row)s, column %(column)s: %(value)s is not one of %(allowed)s.")
                % {
                    "row": row.number,
                    "column": column,
                    "value": text or '""',
                    "allowed": ", ".join(sorted({k for k in accepted if not k.isascii()})),
                }
            )
            return
        values[field] = accepted[text]
        return
    if field == "title" and not text:
        errors.append(
            _("Row %(row)s, column %(column)s: the title cannot be empty.")
            % {"row": row.number, "column": column}
        )
        return
    if len(text) > MAX_LENGTH[field]:
        errors.append(
            _("Row %(row)s, column %(column)s: at most %(max)s characters.")
            % {"row": row.number, "column": column, "max": MAX_LENGTH[field]}
        )
        return
    values[field] = text
