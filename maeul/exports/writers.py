"""Serialise an export table as CSV, XLSX or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False) -> str:
    """CSV text; ``bom`` prefixes a byte-order mark so Excel reads Korean correctly."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_plain(v) for v in row])
    return buffer.getvalue()


def to_json(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    records = [dict(zip(columns, (_plain(v) for v in row), strict=True)) for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=1, default=str) + "\n"


def to_xlsx(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31] or "export"
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        out = []
        for value in row:
            value = _plain(value)
            if isinstance(value, str):
                # Keep numbers numeric in Excel; never let a cell start a formula.
                try:
                    value = int(value) if value.lstrip("-").isdigit() else float(value)
                except ValueError:
                    if value[:1] in ("=", "+", "-", "@"):
                        value = "'" + value
            out.append(value)
        sheet.append(out)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(
    fmt: str, title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool
) -> bytes:
    if fmt == "csv":
        return to_csv(columns, rows, bom=bom).encode("utf-8")
    if fmt == "json":
        return to_json(columns, rows).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(title, columns, rows)
    raise ValueError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
