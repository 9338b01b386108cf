"""Typed errors of the sortition engine.

Every error carries a message an official can act on (which file, row, column or quota, and
what to change), because the jury programme shows these messages to people, not to developers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from maeul.engine.sortition.model import FeasibilityReport


class SortitionError(Exception):
    """Base class: anything the engine refuses to do, with a human-readable reason."""


class InvalidInput(SortitionError):
    """A file or argument is malformed.

    ``path``, ``row`` (1-based line number in the file, header = line 1) and ``column`` say
    where, when known, so that a person can open the file in a spreadsheet and fix the cell.
    ``code`` and ``params`` name the problem for applications that word it in another
    language (e.g. ``unknown_value`` with person, feature, value); empty when not classified.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        row: int | None = None,
        column: str | None = None,
        code: str = "",
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self.path = path
        self.row = row
        self.column = column
        self.reason = message
        self.code = code
        self.params: Mapping[str, Any] = dict(params or {})
        where = []
        if path is not None:
            where.append(path)
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class InvalidPool(InvalidInput):
    """The pool of volunteers is malformed (duplicate id, unknown feature value, ...)."""


class InvalidQuotas(InvalidInput):
    """The quota table is malformed (min > max, not an integer, unknown feature, ...)."""


class InfeasibleQuotas(SortitionError):
    """No panel meets the quotas; ``report`` holds the diagnosis and the smallest relaxation."""

    def __init__(self, report: FeasibilityReport) -> None:
        self.report = report
        super().__init__(report.summary())


class SolverError(SortitionError):
    """HiGHS returned an unexpected status (should not happen on valid input; reported as is)."""
