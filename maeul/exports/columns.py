"""Typed columns: what each column of an exported table holds, for writers and for people.

Every column Maeul exports declares its name (the public header, a contract), its type, its
unit and what it means in Korean and in English. The writers use the type — never a guess
from the text — so an administrative code ``"0012"`` stays text in Excel, a negative amount
stays a number in CSV, and ``"nan"`` in a text column stays the word "nan". The same
declarations are the column dictionary of the open-data catalogue (``maeul export --columns
NAME``; ``Column.as_dictionary``), which is why the meaning is written in both languages next
to the column instead of in a translation catalogue: the dictionary is published in Korean and
English at once, whatever language the reader's page is in.

Types and the Python values a row may give for them (``None`` or ``""`` is an empty cell in
every type):

========  =====================================  ==========================================
type      accepted values                        written as
========  =====================================  ==========================================
text      anything (``str()`` of it)             text; CSV neutralises formulas
integer   ``int``, integral ``Decimal``, digits  whole number
won       as integer (money is integer won)      whole number (Excel: ``#,##0``)
decimal   ``Decimal``, ``int``, finite number    exact decimal (JSON number, Excel number)
          text, ``Fraction`` with a decimal form
percent   as decimal, in percent (``84.5``)      exact decimal
date      ``date``, ISO text                     ``YYYY-MM-DD`` (Excel: a date)
datetime  aware ``datetime``, ISO text           ISO 8601 in Korea time, ``+09:00`` (Excel:
                                                 a date-time in Korea time)
boolean   ``bool``, ``"true"``/``"false"``       ``true``/``false`` (Excel: TRUE/FALSE)
========  =====================================  ==========================================

A value that does not fit its column raises :class:`ColumnValueError` naming the column: a bug
in the table's row source, caught by ``tests/security/test_xlsx_types.py`` for every
registered table, rather than a silently wrong cell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

KOREA = ZoneInfo("Asia/Seoul")


class ColumnType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"
    WON = "won"


TEXT = ColumnType.TEXT
INTEGER = ColumnType.INTEGER
DECIMAL = ColumnType.DECIMAL
PERCENT = ColumnType.PERCENT
DATE = ColumnType.DATE
DATETIME = ColumnType.DATETIME
BOOLEAN = ColumnType.BOOLEAN
WON = ColumnType.WON

NUMERIC = frozenset({INTEGER, DECIMAL, PERCENT, WON})

UNITS: dict[str, tuple[str, str]] = {
    "": ("", ""),
    "won": ("원", "won"),
    "percent": ("%", "percent"),
    "people": ("명", "people"),
    "votes": ("표", "votes"),
    "ballots": ("표", "ballots"),
    "points": ("점", "points"),
    "hours": ("시간", "hours"),
    "meetings": ("회", "meetings"),
    "items": ("건", "items"),
    "year": ("년", "year"),
    "days": ("일", "days"),
    "Asia/Seoul": ("한국 시간(UTC+9)", "Korea time (UTC+9)"),
}
"""Units a column may declare, with their Korean and English labels for the dictionary."""

DEFAULT_UNIT = {WON: "won", PERCENT: "percent", DATETIME: "Asia/Seoul"}

_NAME = re.compile(r"^\S(.*\S)?$")
_INTEGER_TEXT = re.compile(r"^[+-]?\d+$")


class ColumnValueError(ValueError):
    """A row gave a value its column's type cannot hold."""


@dataclass(frozen=True)
class Column:
    """One column of an exported table: header name, type, unit and meaning (ko/en)."""

    name: str
    type: ColumnType
    ko: str
    en: str
    unit: str = ""

    def __post_init__(self) -> None:
        if not _NAME.match(self.name or ""):
            raise ValueError(f"column name {self.name!r}: must be non-empty, without edge spaces")
        object.__setattr__(self, "type", ColumnType(self.type))
        if not self.ko.strip() or not self.en.strip():
            raise ValueError(f"column {self.name!r}: describe it in Korean and English")
        if not self.unit:
            object.__setattr__(self, "unit", DEFAULT_UNIT.get(self.type, ""))
        if self.unit not in UNITS:
            raise ValueError(f"column {self.name!r}: unknown unit {self.unit!r}")

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC

    def description(self, language: str | None = None) -> str:
        """The meaning in ``language`` (Korean unless it starts with ``en``)."""
        if language is None:
            from django.utils.translation import get_language

            language = get_language() or "ko"
        return self.en if language.startswith("en") else self.ko

    def as_dictionary(self) -> dict[str, str]:
        """This column's entry in a column dictionary (open-data catalogue)."""
        unit_ko, unit_en = UNITS[self.unit]
        return {
            "name": self.name,
            "type": str(self.type),
            "unit": self.unit,
            "unit_ko": unit_ko,
            "unit_en": unit_en,
            "description_ko": self.ko,
            "description_en": self.en,
        }

    # ---- values ------------------------------------------------------------------------

    def _error(self, value: Any, what: str) -> ColumnValueError:
        return ColumnValueError(f"column {self.name!r} ({self.type}): {value!r} is not {what}")

    def typed(self, value: Any) -> Any:
        """``value`` as this column's Python type (``None`` for an empty cell)."""
        if value is None:
            return None
        kind = self.type
        if kind == TEXT:
            if isinstance(value, bool):
                return "true" if value else "false"
            if isinstance(value, Decimal):
                return format(value, "f")
            return str(value)
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                return None
        if kind in (INTEGER, WON):
            return self._integer(value)
        if kind in (DECIMAL, PERCENT):
            return self._decimal(value)
        if kind == BOOLEAN:
            if isinstance(value, bool):
                return value
            if value in ("true", "false"):
                return value == "true"
            raise self._error(value, "true or false")
        if kind == DATETIME:
            return self._datetime(value)
        if kind == DATE:
            return self._date(value)
        raise AssertionError(kind)  # pragma: no cover - every type is handled above

    def _integer(self, value: Any) -> int:
        if isinstance(value, bool):
            raise self._error(value, "a whole number")
        if isinstance(value, int):
            return value
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral():
            return int(value)
        if isinstance(value, str) and _INTEGER_TEXT.match(value):
            return int(value)
        raise self._error(value, "a whole number")

    def _decimal(self, value: Any) -> Decimal:
        if isinstance(value, bool):
            raise self._error(value, "a number")
        if isinstance(value, Fraction):
            number = Decimal(value.numerator) / Decimal(value.denominator)
            if Fraction(number) != value:
                raise self._error(value, "a number with an exact decimal form")
        elif isinstance(value, int | Decimal):
            number = Decimal(value)
        elif isinstance(value, float | str):
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                raise self._error(value, "a number") from None
        else:
            raise self._error(value, "a number")
        if not number.is_finite():
            raise self._error(value, "a finite number")
        return number

    def _date(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            raise self._error(value, "a date without a time")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self._error(value, "a date (YYYY-MM-DD)")

    def _datetime(self, value: Any) -> dt.datetime:
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                raise self._error(value, "an ISO 8601 date-time") from None
        if not isinstance(value, dt.datetime):
            raise self._error(value, "a date-time")
        if value.tzinfo is None:
            raise self._error(value, "a date-time with a time zone")
        return value.astimezone(KOREA).replace(microsecond=0)


MUNICIPALITY = Column(
    "municipality",
    TEXT,
    "지방자치단체 이름(한글)",
    "Name of the municipality, in Korean",
)
"""The ``municipality`` column shared by most tables."""

DICTIONARY_COLUMNS = (
    Column("name", TEXT, "열 이름(머리글)", "Column name (the header)"),
    Column(
        "type",
        TEXT,
        "자료형: text, integer, decimal, percent, date, datetime, boolean, won",
        "Type: text, integer, decimal, percent, date, datetime, boolean, won",
    ),
    Column("unit", TEXT, "단위 코드", "Unit code"),
    Column("unit_ko", TEXT, "단위(한국어)", "Unit, in Korean"),
    Column("unit_en", TEXT, "단위(영어)", "Unit, in English"),
    Column("description_ko", TEXT, "열의 뜻(한국어)", "Meaning of the column, in Korean"),
    Column("description_en", TEXT, "열의 뜻(영어)", "Meaning of the column, in English"),
)
"""The columns of a column dictionary (itself a table: ``maeul export NAME --columns``)."""


def dictionary_rows(columns: tuple[Column, ...] | list[Column]) -> list[list[str]]:
    """One row per column of a table, in ``DICTIONARY_COLUMNS`` order."""
    keys = [c.name for c in DICTIONARY_COLUMNS]
    return [[column.as_dictionary()[key] for key in keys] for column in columns]
