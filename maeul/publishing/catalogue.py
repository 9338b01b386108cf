"""The open-data catalogue: every export table registered ``public=True``, per municipality
and year, with its column dictionary, licence and last update.

The public tables are the registry's (``maeul.exports``), not a second list: a table an app
marks public appears here, with the columns, types and meanings it declared. A table is cut
by year through its year column (``YEAR_COLUMNS``): an integer year, a date-time, or a text
period that starts with the year (``2021``, ``2020-01..2020-10``); a table without one (the
pledge table, council composition) describes the present and is listed for every year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q

from maeul.auditlog.models import AuditEntry
from maeul.exports.columns import DATETIME, INTEGER, Column
from maeul.exports.registry import ExportTable, all_tables, get_table
from maeul.places.models import Municipality

YEAR_COLUMNS = ("cycle_year", "year", "period", "opens_at")
"""The columns that place a row in a year, in the order they are looked for."""

_LEADING_YEAR = re.compile(r"^\s*(\d{4})")
FIRST_YEAR = 2000
LAST_YEAR = 2100


class UnknownMunicipality(LookupError):
    """No municipality has this code (slug or administrative code)."""


class UnknownTable(LookupError):
    """No public table has this name."""


class BadYear(ValueError):
    """A year that is not a four-digit year Maeul could hold data for."""


def public_tables() -> list[ExportTable]:
    """The registered tables marked public, by name."""
    return [table for table in all_tables() if table.public]


def public_table(name: str) -> ExportTable:
    table = next((t for t in public_tables() if t.name == name), None)
    if table is None:
        raise UnknownTable(name)
    return get_table(name)


def municipality_for(code: str) -> Municipality:
    """A municipality by slug or administrative code (the code in every public URL)."""
    found = Municipality.objects.filter(Q(slug=code) | Q(admin_code=code)).first()
    if found is None:
        raise UnknownMunicipality(code)
    return found


def parse_year(text: Any) -> int:
    """A year from user input, refusing anything but a plausible four-digit year."""
    value = str(text).strip()
    if not re.fullmatch(r"\d{4}", value) or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise BadYear(value)
    return int(value)


def year_column(table: ExportTable) -> int | None:
    """The index of the column that places a row in a year, or None."""
    names = table.names
    for name in YEAR_COLUMNS:
        if name in names:
            return names.index(name)
    return None


def row_year(column: Column, value: Any) -> int | None:
    if value in (None, ""):
        return None
    if column.type == INTEGER:
        return int(value)
    if column.type == DATETIME:
        return int(column.typed(value).year)
    match = _LEADING_YEAR.match(str(value))
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Dataset:
    """One public table for one municipality (and year, when cut by year)."""

    table: ExportTable
    municipality: Municipality
    year: int | None
    rows: list[Sequence[Any]]

    @property
    def by_year(self) -> bool:
        return year_column(self.table) is not None

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def file_stem(self) -> str:
        """``pb-history-11545-2021``: table, municipality code and year, for file names."""
        parts = [self.table.name, self.municipality.code]
        if self.year is not None and self.by_year:
            parts.append(str(self.year))
        return "-".join(parts)

    def years(self) -> list[int]:
        index = year_column(self.table)
        if index is None:
            return []
        column = self.table.columns[index]
        return sorted({y for row in self.rows if (y := row_year(column, row[index])) is not None})


def rows_for(table: ExportTable, municipality: Municipality, year: int | None) -> list[Any]:
    rows = list(table.rows(municipality))
    index = year_column(table)
    if year is None or index is None:
        return rows
    column = table.columns[index]
    return [row for row in rows if row_year(column, row[index]) == year]


def dataset(name: str, municipality: Municipality, year: int | None = None) -> Dataset:
    table = public_table(name)
    return Dataset(table, municipality, year, rows_for(table, municipality, year))


def datasets(municipality: Municipality, year: int | None = None) -> list[Dataset]:
    """Every public table for ``municipality`` (and ``year``), in name order."""
    return [
        Dataset(table, municipality, year, rows_for(table, municipality, year))
        for table in public_tables()
    ]


def available_years(items: Iterable[Dataset]) -> list[int]:
    """The years any of the (uncut) datasets has rows for, newest first."""
    years: set[int] = set()
    for item in items:
        years.update(item.years())
    return sorted(years, reverse=True)


def last_update(municipality: Municipality) -> dt.datetime | None:
    """When the municipality's data last changed: the newest audit-log entry of it or of a
    place below it. Every consequential change writes the audit log, so no table can change
    without moving this time."""
    codes = list(municipality.subtree().values_list("slug", flat=True))
    codes += [c for c in municipality.subtree().values_list("admin_code", flat=True) if c]
    newest = AuditEntry.objects.filter(municipality_code__in=codes).aggregate(Max("created_at"))
    value = newest["created_at__max"]
    return value if isinstance(value, dt.datetime) else None


def publishing_places() -> list[Municipality]:
    """Municipalities listed on ``/data/``: cities, provinces, districts and counties (dongs
    publish through their district)."""
    return list(Municipality.objects.filter(level__lte=2).order_by("level", "sort_order", "name"))
