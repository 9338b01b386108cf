"""One reader for the tables officials upload: CSV text and Excel workbooks.

Every importer in Maeul reads the same kind of file: a header row naming the columns (in
Korean, sometimes in English, sometimes with a title row above it), then one record per row,
kept or refused as a whole ("all rows or none"). Each importer used to parse its own file with
its own messages; here an importer declares its columns once (``Column``: key, Korean and
English headers, how a cell is read) as a ``Table`` and gets, for free:

* the file opened whatever it is: CSV as UTF-8 (a byte-order mark is tolerated) or as CP949,
  the encoding Korean Excel saves "CSV" in; an ``.xlsx`` workbook; an old ``.xls`` or any
  other file refused with a message that says what to do;
* the header row found and matched by header text (white space and letter case ignored, so a
  district may reorder columns, add its own, or write "참석인원 (행정)");
* each cell read by its column's ``Cell`` into a Python value, and every problem reported as
  a ``CellError`` naming the row as the spreadsheet shows it, the column letter and header;
* every error in the file at once, so a person fixes the sheet in one pass.

Nothing here raises anything but ``TableUnreadable`` (a ``ServiceError``) on bad input: a file
that is not a table at all, in an unknown encoding, empty, without its header row, or with
more rows than the importer accepts. Problems with cells, missing or duplicated columns are
``CellError``\\ s in the result, where the importer adds its own cross-column checks
(``Row.error``) before it imports ``TableResult.rows`` only when ``errors`` is empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from maeul.core.errors import ServiceError

MAX_ROWS = 10_000
"""Data rows a table accepts unless its importer says otherwise."""

HEADER_SEARCH_ROWS = 20
"""How far down a title block the header row is looked for when a table has an anchor."""

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), HWP 5 and other old formats


class TableUnreadable(ServiceError):
    """The file cannot be read as a table at all; nothing in it was looked at row by row.

    ``reason`` names the case (``not_workbook``, ``old_excel``, ``encoding``, ``empty``,
    ``no_header``, ``too_many_rows``, ``malformed``) for importers that word it their own way.
    """

    code = "unreadable_table"

    def __init__(self, message: str, *, reason: str, field: str | None = "file") -> None:
        super().__init__(message, field=field)
        self.reason = reason


class CellInvalid(ValueError):
    """Raised by a ``Cell`` for a value it cannot read; the message is for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def cell_text(value: Any) -> str:
    """A cell as the text a person sees: ``None`` is empty, ``12.0`` from Excel is ``12``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_key(value: Any) -> str:
    """A header compared without white space, letter case or full-width forms."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    return "".join(text.split()).casefold()


def _shown(value: Any) -> str:
    """A cell's value quoted in a message, never longer than a person can read in one go."""
    return cell_text(value)[:30] or '""'


# ---- cells ------------------------------------------------------------------------------


class Cell:
    """How one column's non-empty cells are read; subclasses override ``parse``."""

    def parse(self, value: Any) -> Any:
        return cell_text(value)

    def missing(self) -> str:
        """The message for an empty cell in a column whose cells are required."""
        return _("This cell is required.")


@dataclass(frozen=True)
class Text(Cell):
    """Free text, stripped; longer than ``max_length`` characters is an error."""

    max_length: int | None = None

    def parse(self, value: Any) -> str:
        text = cell_text(value)
        if self.max_length is not None and len(text) > self.max_length:
            raise CellInvalid(_("At most %(limit)s characters.") % {"limit": self.max_length})
        return text


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellInvalid(_("%(value)s is not a number.") % {"value": _shown(value)})
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        number = Decimal(cell_text(value).replace(",", ""))
    except InvalidOperation:
        raise CellInvalid(_("%(value)s is not a number.") % {"value": _shown(value)}) from None
    if not number.is_finite():
        raise CellInvalid(_("%(value)s is not a number.") % {"value": _shown(value)})
    return number


@dataclass(frozen=True)
class Integer(Cell):
    """A whole number (``1,234`` and Excel's ``12.0`` accepted) within optional bounds."""

    minimum: int | None = None
    maximum: int | None = None

    def parse(self, value: Any) -> int:
        number = _number(value)
        if number != number.to_integral_value():
            raise CellInvalid(_("%(value)s is not a whole number.") % {"value": _shown(value)})
        if self.minimum is not None and number < self.minimum:
            raise CellInvalid(
                _("%(value)s is less than %(minimum)s.")
                % {"value": _shown(value), "minimum": self.minimum}
            )
        if self.maximum is not None and number > self.maximum:
            raise CellInvalid(
                _("%(value)s is more than %(maximum)s.")
                % {"value": _shown(value), "maximum": self.maximum}
            )
        return int(number)

    def missing(self) -> str:
        return _("A number is required.")


@dataclass(frozen=True)
class Count(Cell):
    """A count of people or things: whole, not negative, not implausibly large."""

    maximum: int = 1_000_000

    def parse(self, value: Any) -> int:
        number = _number(value)
        if number != number.to_integral_value():
            raise CellInvalid(_("A whole number is required."))
        if number < 0:
            raise CellInvalid(_("A count cannot be negative (%(value)s).") % {"value": number})
        if number > self.maximum:
            raise CellInvalid(_("%(value)s is implausibly large.") % {"value": number})
        return int(number)

    def missing(self) -> str:
        return _("A number is required.")


@dataclass(frozen=True)
class Number(Cell):
    """A decimal number, kept exact (``Decimal``)."""

    def parse(self, value: Any) -> Decimal:
        return _number(value)

    def missing(self) -> str:
        return _("A number is required.")


@dataclass(frozen=True)
class Date(Cell):
    """An Excel date, or text ``2026-03-01`` (``.`` and ``/`` separators accepted)."""

    def parse(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = cell_text(value).replace(".", "-").replace("/", "-").strip("-")
        try:
            year, month, day = (int(part) for part in text.split("-"))
            return dt.date(year, month, day)
        except ValueError:
            raise CellInvalid(
                _("%(value)s is not a date (YYYY-MM-DD).") % {"value": _shown(value)}
            ) from None

    def missing(self) -> str:
        return _("A date is required.")


@dataclass(frozen=True)
class Time(Cell):
    """An Excel time, or text ``14:00`` (seconds ignored)."""

    def parse(self, value: Any) -> dt.time:
        if isinstance(value, dt.datetime):
            return value.time()
        if isinstance(value, dt.time):
            return value
        text = cell_text(value)
        try:
            hour, minute = (int(part) for part in text.split(":")[:2])
            return dt.time(hour, minute)
        except ValueError:
            raise CellInvalid(
                _("%(value)s is not a time (HH:MM).") % {"value": _shown(value)}
            ) from None

    def missing(self) -> str:
        return _("A time is required.")


@dataclass(frozen=True)
class Choice(Cell):
    """One of a fixed set of words: ``accepted`` maps each accepted text to its stored value.

    Matching ignores letter case and surrounding white space; ``shown`` lists the words a
    message offers (by default every non-ASCII accepted text, i.e. the Korean labels, or all).
    """

    accepted: Mapping[str, Any]
    shown: tuple[str, ...] = ()

    def parse(self, value: Any) -> Any:
        text = cell_text(value)
        for word, stored in self.accepted.items():
            if word.casefold() == text.casefold():
                return stored
        raise CellInvalid(
            _("%(value)s is not one of %(allowed)s.")
            % {"value": _shown(value), "allowed": ", ".join(self.offered())}
        )

    def offered(self) -> tuple[str, ...]:
        if self.shown:
            return self.shown
        korean = sorted({w for w in self.accepted if w and not w.isascii()})
        return tuple(korean) or tuple(sorted({w for w in self.accepted if w}))


@dataclass(frozen=True)
class Boolean(Cell):
    """Yes or no, in the words people write in Korean and English spreadsheets."""

    def parse(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = cell_text(value).casefold()
        if text in {"1", "y", "yes", "true", "o", "예", "네", "동의", "○"}:
            return True
        if text in {"0", "n", "no", "false", "x", "아니오", "아니요", "미동의", "×"}:
            return False
        raise CellInvalid(
            _("%(value)s is neither yes (예) nor no (아니오).") % {"value": _shown(value)}
        )


# ---- the table --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column an importer reads.

    ``header`` is the Korean header (written on exports, shown in messages); ``english`` and
    ``aliases`` are accepted too. ``required``: the header row must have the column.
    ``blank``: an empty cell is allowed and reads as ``default`` (by default, cells of
    optional columns may be empty and cells of required columns may not).
    """

    key: str
    header: str
    english: str = ""
    cell: Cell = field(default_factory=Text)
    required: bool = True
    blank: bool | None = None
    default: Any = None
    aliases: tuple[str, ...] = ()

    @property
    def may_be_blank(self) -> bool:
        return (not self.required) if self.blank is None else self.blank

    def header_keys(self) -> set[str]:
        return {header_key(h) for h in (self.header, self.english, *self.aliases) if h}


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(frozen=True)
class CellError:
    """One problem, located: the row (1-based, as the spreadsheet shows it) and the column.

    ``column`` is the header text ("" when the problem is about the whole row, "-" when it is
    about the whole file), ``letter`` the column's letter ("" when the column is not in the
    file).
    """

    row: int
    column: str
    letter: str
    message: str

    def __str__(self) -> str:
        if self.column == "-":
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        if self.letter and self.letter != "-":
            return _("Row %(row)s, column %(letter)s (%(column)s): %(message)s") % {
                "row": self.row,
                "letter": self.letter,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class Row:
    """One record: the values of its cells by column key, read by each column's ``Cell``.

    ``values`` holds only the columns present in the file (and blank cells as the column's
    default). An importer's own checks call ``error(key, message)``; a row with an error is
    left out of ``TableResult.rows``.
    """

    def __init__(self, table: Table, number: int, letters: Mapping[str, str]) -> None:
        self.table = table
        self.number = number
        self.letters = letters
        self.values: dict[str, Any] = {}
        self.raw: dict[str, Any] = {}
        self.errors: list[CellError] = []

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def error(self, key: str | None, message: str) -> None:
        """Record a problem with the cell of column ``key`` (a declared key, or any header
        text for a column the table does not declare), or with the whole row (``None``)."""
        if key is None:
            self.errors.append(CellError(self.number, "", "", message))
            return
        column = self.table.columns_by_key.get(key)
        header = column.header if column is not None else key
        self.errors.append(CellError(self.number, header, self.letters.get(key, ""), message))


@dataclass
class TableResult:
    """What a file held: the rows read without error and every error, in row order."""

    header_row: int
    letters: dict[str, str]
    all_rows: list[Row] = field(default_factory=list)
    file_errors: list[CellError] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [row for row in self.all_rows if not row.errors]

    @property
    def errors(self) -> list[CellError]:
        found = [*self.file_errors, *(e for row in self.all_rows for e in row.errors)]
        return sorted(found, key=lambda e: e.row)

    @property
    def present(self) -> set[str]:
        """The keys of the columns the header row has."""
        return set(self.letters)

    def raise_if_errors(self) -> None:
        """All rows or none: ``TableInvalid`` listing every error when there is one."""
        errors = self.errors
        if errors:
            raise TableInvalid(errors)


class TableInvalid(ServiceError):
    """The table has errors; nothing may be imported. ``errors`` lists every one; the
    message is one line per error, for a page or an API answer."""

    code = "invalid_table"

    def __init__(self, errors: Sequence[CellError], *, field: str | None = "file") -> None:
        super().__init__("\n".join(str(e) for e in errors), field=field)
        self.errors = list(errors)


@dataclass(frozen=True)
class Table:
    """The columns an importer reads and where its header row is.

    ``header_row`` is the header's 1-based row; ``None`` looks for it in the first
    ``HEADER_SEARCH_ROWS`` rows as the first row with the ``anchor`` column's header (for
    sheets with a title block above the header). ``max_rows`` bounds the data rows.
    """

    columns: tuple[Column, ...]
    header_row: int | None = 1
    anchor: str | None = None
    max_rows: int = MAX_ROWS
    _by_key: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate column keys in {keys}")
        if self.header_row is None and self.anchor not in keys:
            raise ValueError("a table whose header row is looked for needs an anchor column")
        # A lookup by key for every cell read; the dataclass is frozen, hence __setattr__.
        object.__setattr__(self, "_by_key", {c.key: c for c in self.columns})

    @property
    def columns_by_key(self) -> dict[str, Column]:
        return self._by_key

    def column(self, key: str) -> Column:
        return self._by_key[key]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    # -- entry points --

    def read(self, data: bytes, *, name: str = "") -> TableResult:
        """A CSV file or an Excel workbook, told apart by its first bytes and its name."""
        if data.startswith((_ZIP, _OLE)) or name.lower().endswith((".xlsx", ".xls")):
            return self.read_workbook(data)
        return self.read_csv(data)

    def read_csv(self, data: bytes | str) -> TableResult:
        """CSV text; bytes are decoded as UTF-8 (with or without BOM), else as CP949."""
        text = decode_text(data) if isinstance(data, bytes) else data
        text = text.removeprefix("\ufeff")
        if not text.strip():
            raise TableUnreadable(_("The file is empty."), reason="empty")
        if "\x00" in text:
            raise TableUnreadable(
                _("The file is not CSV text; save the table as CSV (UTF-8) or as .xlsx."),
                reason="malformed",
            )
        return self._read(_csv_rows(text))

    def read_workbook(self, data: bytes) -> TableResult:
        """The first worksheet of an ``.xlsx`` workbook (cell values, not formulas)."""
        return self._read(_workbook_rows(data))

    # -- reading --

    def _read(self, lines: Iterator[Sequence[Any]]) -> TableResult:
        try:
            header_number, header = self._find_header(lines)
            result = self._match_header(header_number, header)
            if result.file_errors:
                return result
            positions = {key: _letter_index(letter) for key, letter in result.letters.items()}
            count = 0
            for number, cells in enumerate(lines, start=header_number + 1):
                values = {
                    key: (cells[i] if i < len(cells) else None) for key, i in positions.items()
                }
                if all(cell_text(v) == "" for v in values.values()):
                    continue
                count += 1
                if count > self.max_rows:
                    raise TableUnreadable(
                        _("The file has more than %(limit)s rows; split it into smaller files.")
                        % {"limit": self.max_rows},
                        reason="too_many_rows",
                    )
                result.all_rows.append(self._read_row(number, values, result.letters))
        except TableUnreadable:
            raise
        except (csv.Error, _BrokenWorkbook) as error:
            raise TableUnreadable(
                _("The file could not be read to the end: %(problem)s")
                % {"problem": str(error)[:100]},
                reason="malformed",
            ) from error
        return result

    def _find_header(self, lines: Iterator[Sequence[Any]]) -> tuple[int, Sequence[Any]]:
        """The header row's number and cells; what follows it in ``lines`` is the data."""
        seen_any = False
        for number, cells in enumerate(lines, start=1):
            filled = any(cell_text(c) for c in cells)
            seen_any = seen_any or filled
            if filled and self._is_header(number, cells):
                return number, cells
            if number >= (self.header_row or HEADER_SEARCH_ROWS):
                break
        if not seen_any and not any(any(cell_text(c) for c in cells) for cells in lines):
            raise TableUnreadable(_("The file is empty."), reason="empty")
        raise TableUnreadable(self._no_header_message(), reason="no_header")

    def _is_header(self, number: int, cells: Sequence[Any]) -> bool:
        if self.header_row is not None:
            return number == self.header_row
        anchor = self.column(self.anchor or "").header_keys()
        return any(header_key(c) in anchor for c in cells)

    def _no_header_message(self) -> str:
        column = self.column(self.anchor) if self.anchor else self.columns[0]
        if self.header_row is not None:
            return _("Row %(row)s must be the header row, with the column %(column)s.") % {
                "row": self.header_row,
                "column": column.header,
            }
        return _("No header row found: no row in the first %(rows)s has the column %(column)s.") % {
            "rows": HEADER_SEARCH_ROWS,
            "column": column.header,
        }

    def _match_header(self, number: int, header: Sequence[Any]) -> TableResult:
        by_key = {k: c.key for c in self.columns for k in c.header_keys()}
        letters: dict[str, str] = {}
        result = TableResult(header_row=number, letters=letters)
        for index, value in enumerate(header):
            key = by_key.get(header_key(value))
            if key is None:
                continue
            if key in letters:
                result.file_errors.append(
                    CellError(
                        number,
                        self.column(key).header,
                        column_letter(index),
                        _(
                            "The column appears twice in the header row (columns %(first)s and "
                            "%(second)s); keep one."
                        )
                        % {"first": letters[key], "second": column_letter(index)},
                    )
                )
                continue
            letters[key] = column_letter(index)
        for column in self.columns:
            if column.required and column.key not in letters:
                result.file_errors.append(
                    CellError(
                        number, column.header, "", _("The column is missing from the header row.")
                    )
                )
        return result

    def _read_row(self, number: int, cells: Mapping[str, Any], letters: Mapping[str, str]) -> Row:
        row = Row(self, number, letters)
        row.raw = dict(cells)
        for key, value in cells.items():
            column = self.column(key)
            if cell_text(value) == "":
                if not column.may_be_blank:
                    row.error(key, column.cell.missing())
                row.values[key] = column.default
                continue
            try:
                row.values[key] = column.cell.parse(value)
            except CellInvalid as problem:
                row.error(key, problem.message)
        return row


def _letter_index(letter: str) -> int:
    index = 0
    for char in letter:
        index = index * 26 + (ord(char) - ord("A") + 1)
    return index - 1


# ---- files ------------------------------------------------------------------------------


class _BrokenWorkbook(Exception):
    """openpyxl failed while reading rows (its exceptions have many types)."""


def decode_text(data: bytes) -> str:
    """Bytes of a text file: UTF-8 (a BOM tolerated), else CP949, else a ``TableUnreadable``."""
    if data.startswith((_ZIP, _OLE)):
        raise TableUnreadable(
            _(
                "This is an Excel or other binary file, not CSV text; upload it as .xlsx or "
                "save it as CSV (UTF-8)."
            ),
            reason="malformed",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949")
    except UnicodeDecodeError:
        raise TableUnreadable(
            _(
                "The file is neither UTF-8 nor CP949 (EUC-KR) text; in Excel, save it as "
                '"CSV UTF-8".'
            ),
            reason="encoding",
        ) from None


def _csv_rows(text: str) -> Iterator[list[str]]:
    yield from csv.reader(io.StringIO(text, newline=""))


def _workbook_rows(data: bytes) -> Iterator[Sequence[Any]]:
    """The first worksheet's rows, lazily; the workbook is closed when they are read."""
    from openpyxl import load_workbook  # imported here: CSV importers never need it

    if data.startswith(_OLE):
        raise TableUnreadable(
            _("This is an old Excel file (.xls); open it in Excel and save it as .xlsx."),
            reason="old_excel",
        )
    if not data:
        raise TableUnreadable(_("The file is empty."), reason="empty")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not a workbook
        raise TableUnreadable(
            _("The file is not an Excel workbook (.xlsx)."), reason="not_workbook"
        ) from error
    return _sheet_rows(workbook)


def _sheet_rows(workbook: Any) -> Iterator[Sequence[Any]]:
    try:
        if not workbook.worksheets:
            return
        rows: Iterable[Sequence[Any]] = workbook.worksheets[0].iter_rows(values_only=True)
        iterator = iter(rows)
        while True:
            try:
                cells = next(iterator)
            except StopIteration:
                return
            except Exception as error:  # a damaged sheet inside a valid zip
                raise _BrokenWorkbook(str(error) or type(error).__name__) from error
            yield cells if cells is not None else ()
    finally:
        workbook.close()
