"""Rows of an uploaded CSV or XLSX file as dictionaries keyed by the header, for the imports
of posts and records. A file that cannot be read is a ``ServiceError``, never a 500."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _

from maeul.core.errors import ServiceError

MAX_ROWS = 5_000
MAX_BYTES = 5_000_000


def read_rows(upload: Any) -> list[dict[str, str]]:
    if upload is None:
        raise ServiceError(_("Choose a CSV or XLSX file."), field="file")
    if upload.size > MAX_BYTES:
        raise ServiceError(_("The file is larger than 5 MB."), field="file")
    data = upload.read()
    name = str(upload.name or "").lower()
    if name.endswith(".xlsx"):
        table = _xlsx(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ServiceError(_("Save the CSV file as UTF-8."), field="file") from None
        table = list(csv.reader(io.StringIO(text)))
    table = [row for row in table if any(str(c).strip() for c in row)]
    if len(table) < 2:
        raise ServiceError(_("The file has no rows."), field="file")
    if len(table) > MAX_ROWS + 1:
        raise ServiceError(_("At most %(n)d rows at a time.") % {"n": MAX_ROWS}, field="file")
    header = [str(c).strip() for c in table[0]]
    return [dict(zip(header, (str(c).strip() for c in row), strict=False)) for row in table[1:]]


def _xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a broken upload is the person's error, whatever openpyxl raises
        raise ServiceError(_("The file is not a readable XLSX workbook."), field="file") from None
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(["" if c is None else _cell(c) for c in row])
        if len(rows) > MAX_ROWS + 1:
            break
    return rows


def _cell(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
