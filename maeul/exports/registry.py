"""The registry of export tables.

An app registers a table with a fixed list of column names (the issues name them; they are a
public contract, so tests compare them literally) and a function yielding rows for one
municipality, or for all when none is given. Conventions shared by every table: a
``municipality`` column holds the Korean name (``금천구``); numbers are plain (no thousands
separators); rates are percentages with one decimal (see ``rate``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

Row = Sequence[Any]
RowSource = Callable[[Any], Iterable[Row]]


@dataclass(frozen=True)
class ExportTable:
    name: str
    title: Any  # a lazy translated string
    columns: tuple[str, ...]
    rows: RowSource = field(compare=False)
    description: Any = ""
    permission: str = "exports.download"
    public: bool = False


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
