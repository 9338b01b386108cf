"""How the cells of an imported table are read: one ``Cell`` per column type.

A ``Cell`` turns one non-empty cell, as CSV text or as the value openpyxl gives for a
workbook cell (``int``, ``float``, ``datetime``...), into the Python value the importer stores,
or raises ``CellInvalid`` with a message for the person that ``maeul.core.tabular`` places at
the cell's row and column. An importer with a rule of its own subclasses ``Cell`` (or
``Text``) and overrides ``parse``; ``missing`` words the message for an empty required cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _


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


def _shown(value: Any) -> str:
    """A cell's value quoted in a message, never longer than a person can read in one go."""
    return cell_text(value)[:30] or '""'


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
