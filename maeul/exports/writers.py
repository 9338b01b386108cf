"""Serialise a table with typed columns as CSV, XLSX or JSON — the one writer of every download.

Every table Maeul lets people download (the registered exports, result downloads, pledge and
points tables) is written here from its declared columns (``maeul.exports.columns``):

* **CSV** is text. Text cells follow the formula rule of ``maeul.engine.csvcells`` (a cell
  starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading apostrophe),
  numbers of numeric columns are written plain, so ``-5`` stays a number.
* **XLSX** stores numbers only for numeric columns and text for text columns: ``"0012"`` stays
  text, an administrative code is not turned into a number, and a text starting with ``=`` is
  a text cell, never a formula. A number Excel could not hold exactly (more than 15 digits,
  beyond its range) is written as its exact text rather than rounded or dropped.
* **JSON** keeps the types: numbers are JSON numbers written exactly (``84.5``, not a float's
  approximation), booleans are ``true``/``false``, empty cells ``null``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from maeul.engine.csvcells import csv_text
from maeul.exports.columns import (
    BOOLEAN,
    DATE,
    DATETIME,
    DECIMAL,
    DICTIONARY_COLUMNS,
    INTEGER,
    PERCENT,
    TEXT,
    WON,
    Column,
    ColumnValueError,
    dictionary_rows,
)

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}

EXCEL_DIGITS = 15
"""Excel keeps 15 significant digits; longer numbers are written as exact text."""


def check_columns(columns: Sequence[Any]) -> tuple[Column, ...]:
    """The columns, refusing an untyped one (a bare name) with a message saying what to do."""
    for column in columns:
        if not isinstance(column, Column):
            raise TypeError(
                f"export column {column!r} has no declared type: declare it as a "
                "maeul.exports.columns.Column (name, type, Korean and English meaning)"
            )
    return tuple(columns)


def typed_rows(columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    """Each row as its columns' Python types; a wrong value names its row and column."""
    for number, row in enumerate(rows, start=1):
        if len(row) != len(columns):
            raise ColumnValueError(
                f"row {number}: {len(row)} cells for {len(columns)} columns "
                f"({', '.join(c.name for c in columns)})"
            )
        try:
            yield [column.typed(value) for column, value in zip(columns, row, strict=True)]
        except ColumnValueError as error:
            raise ColumnValueError(f"row {number}: {error}") from None


def to_csv(columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, bom: bool = False) -> str:
    """CSV text; ``bom`` prefixes a byte-order mark so Excel reads Korean correctly."""
    columns = check_columns(columns)
    return csv_text([c.name for c in columns], typed_rows(columns, rows), bom=bom)


# ---- JSON --------------------------------------------------------------------------------


def _json_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")  # exact, and always a valid JSON number (finite)
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


def to_json(columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> str:
    """A JSON array of objects keyed by column name, values in their types."""
    columns = check_columns(columns)
    keys = [json.dumps(c.name, ensure_ascii=False) for c in columns]
    records = []
    for row in typed_rows(columns, rows):
        fields = ",\n".join(
            f"  {key}: {_json_value(value)}" for key, value in zip(keys, row, strict=True)
        )
        records.append(" {\n" + fields + "\n }")
    if not records:
        return "[]\n"
    return "[\n" + ",\n".join(records) + "\n]\n"


# ---- XLSX --------------------------------------------------------------------------------


def _xlsx_text(cell: Any, text: str) -> None:
    """A text cell: never a formula, control characters Excel refuses shown as U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    cell.data_type = "s"


def _exact_float(number: Decimal) -> float | None:
    """``number`` as a float if Excel can hold it exactly enough (15 digits), else None."""
    if number.adjusted() >= EXCEL_DIGITS or len(number.normalize().as_tuple().digits) > 15:
        return None
    value = float(number)
    return value if Decimal(repr(value)) == number else None


def write_cell(cell: Any, column: Column, value: Any) -> None:
    """Write one typed value (from ``Column.typed``) into an openpyxl cell."""
    if value is None:
        return
    kind = column.type
    if kind == TEXT:
        _xlsx_text(cell, value)
    elif kind in (INTEGER, WON):
        if abs(value) >= 10**EXCEL_DIGITS:
            _xlsx_text(cell, str(value))
            return
        cell.value = value
        cell.number_format = "#,##0" if kind == WON else "0"
    elif kind in (DECIMAL, PERCENT):
        number = _exact_float(value)
        if number is None:
            _xlsx_text(cell, format(value, "f"))
            return
        cell.value = number
    elif kind == DATE:
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif kind == DATETIME:
        cell.value = value.replace(tzinfo=None)  # Korea time; Excel has no time zones
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif kind == BOOLEAN:
        cell.value = bool(value)
    else:  # pragma: no cover - every type is handled above
        raise AssertionError(kind)


def write_sheet(
    sheet: Any, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, first_row: int = 1
) -> int:
    """Header and rows into ``sheet`` from ``first_row``; returns the last row written."""
    from openpyxl.styles import Font

    columns = check_columns(columns)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=first_row, column=index)
        _xlsx_text(cell, column.name)
        cell.font = Font(bold=True)
    line = first_row
    for line, row in enumerate(typed_rows(columns, rows), start=first_row + 1):
        for index, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            write_cell(sheet.cell(row=line, column=index), column, value)
    return line


_BY_VALUE = {
    TEXT: Column("value", TEXT, "값", "value"),
    INTEGER: Column("value", INTEGER, "값", "value"),
    DECIMAL: Column("value", DECIMAL, "값", "value"),
    DATE: Column("value", DATE, "값", "value"),
    DATETIME: Column("value", DATETIME, "값", "value"),
    BOOLEAN: Column("value", BOOLEAN, "값", "value"),
}


def append_values(sheet: Any, values: Sequence[Any]) -> None:
    """Append a row typed by its Python values, for sheets laid out like an office's own form
    (title lines above the header) that are not a declared table: ``str`` is always a text
    cell (never a formula, never a number), numbers and dates keep their type."""
    line = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for index, value in enumerate(values, start=1):
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            kind = BOOLEAN
        elif isinstance(value, int):
            kind = INTEGER
        elif isinstance(value, Decimal | float):
            kind = DECIMAL
        elif isinstance(value, dt.datetime):
            kind = DATETIME if value.tzinfo is not None else TEXT
        elif isinstance(value, dt.date):
            kind = DATE
        else:
            kind = TEXT
        column = _BY_VALUE[kind]
        write_cell(sheet.cell(row=line, column=index), column, column.typed(value))


def to_xlsx(title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> bytes:
    """A workbook: the table on the first sheet, its column dictionary on a second one."""
    from openpyxl import Workbook

    columns = check_columns(columns)
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31] or "export"
    write_sheet(sheet, columns, rows)
    sheet.freeze_panes = "A2"
    write_sheet(book.create_sheet("columns"), DICTIONARY_COLUMNS, dictionary_rows(columns))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(
    fmt: str, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, bom: bool
) -> bytes:
    if fmt == "csv":
        return to_csv(columns, rows, bom=bom).encode("utf-8")
    if fmt == "json":
        return to_json(columns, rows).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(title, columns, rows)
    raise ValueError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
