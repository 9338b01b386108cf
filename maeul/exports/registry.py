"""The registry of export tables.

An app registers a table with a fixed list of typed columns (``maeul.exports.columns``: the
names are a public contract the issues fix, so tests compare them literally; each column also
declares its type, unit and meaning in Korean and English, which the writers and the
open-data column dictionary use) and a function yielding rows for one municipality, or for all
when none is given. Conventions shared by every table: a ``municipality`` column holds the
Korean name (``금천구``); numbers are plain (no thousands separators); rates are percentages
with one decimal (see ``rate``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from maeul.exports.columns import Column

Row = Sequence[Any]
RowSource = Callable[[Any], Iterable[Row]]


@dataclass(frozen=True)
class ExportTable:
    name: str
    title: Any  # a lazy translated string
    columns: tuple[Column, ...]
    rows: RowSource = field(compare=False)
    description: Any = ""
    permission: str = "exports.download"
    public: bool = False

    def __post_init__(self) -> None:
        untyped = [c for c in self.columns if not isinstance(c, Column)]
        if untyped:
            raise TypeError(
                f"export {self.name!r}: columns {untyped!r} declare no type "
                "(use maeul.exports.columns.Column)"
            )
        names = self.names
        if len(set(names)) != len(names):
            raise ValueError(f"export {self.name!r}: a column name appears twice")

    @property
    def names(self) -> tuple[str, ...]:
        """The header: the column names, in order."""
        return tuple(c.name for c in self.columns)

    def dictionary(self) -> list[dict[str, str]]:
        """The column dictionary (name, type, unit, meaning in Korean and English)."""
        return [c.as_dictionary() for c in self.columns]


_TABLES: dict[str, ExportTable] = {}


class UnknownExport(LookupError):
    pass


def register(table: ExportTable) -> ExportTable:
    if table.name in _TABLES and _TABLES[table.name] != table:
        raise ValueError(f"export {table.name!r} registered twice")
    _TABLES[table.name] = table
    return table


def get_table(name: str) -> ExportTable:
    try:
        return _TABLES[name]
    except KeyError:
        known = ", ".join(sorted(_TABLES)) or "none"
        raise UnknownExport(f"unknown export {name!r} (known: {known})") from None


def all_tables() -> list[ExportTable]:
    return [_TABLES[name] for name in sorted(_TABLES)]


def rate(numerator: Any, denominator: Any) -> str:
    """A percentage with one decimal, rounded half up, as text ("84.5"); "" when undefined."""
    if denominator in (0, None) or numerator is None:
        return ""
    value = Fraction(numerator) / Fraction(denominator) * 100
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def one_decimal(value: Any) -> str:
    """A number with one decimal, rounded half up ("1.7")."""
    if value is None:
        return ""
    frac = Fraction(value)
    exact = Decimal(frac.numerator) / Decimal(frac.denominator)
    return str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
