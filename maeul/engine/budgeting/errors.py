"""Typed errors of the budgeting engine.

Every error a person can cause (a malformed file, an impossible instance, a tie the chosen
rule refuses to break) is a subclass of :class:`BudgetingError`. Each carries the file, line
and field where they are known, so that the command line can print one actionable line
(``votes.pb line 57: project 'p12' cost '12a' is not a number``) and the web application can
point at the offending form field.
"""

from __future__ import annotations


class BudgetingError(Exception):
    """Base class of every error raised by :mod:`maeul.engine.budgeting`.

    ``field`` names the offending field (``"cost"``, ``"budget"``, ``"projects[3].group"``),
    ``line`` the 1-based line in the input file and ``source`` the file name, where known.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        line: int | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.line = line
        self.source = source

    def with_source(self, source: str) -> BudgetingError:
        """Return the same error, attributed to ``source`` unless it already names one."""
        if self.source is None:
            self.source = source
        return self

    def __str__(self) -> str:
        prefix = ""
        if self.source:
            prefix = self.source + " "
        if self.line is not None:
            prefix += f"line {self.line}: "
        elif prefix:
            prefix = prefix.rstrip() + ": "
        return prefix + self.message


class ParseError(BudgetingError):
    """The input file is not a well-formed ``.pb``, JSON or CSV file."""


class InvalidInstance(BudgetingError):
    """The instance is well formed but impossible: zero budget, duplicate ids, a project
    costing more than the whole budget, a group cap above the budget..."""


class InvalidProfile(BudgetingError):
    """The ballots do not fit the instance: votes for unknown projects, points without
    projects, a ballot kind the rule cannot read."""


class UnresolvedTie(BudgetingError):
    """The tie-breaking rule ran out of criteria. ``projects`` lists the tied project ids, so
    an official can decide (for example with an explicit priority list)."""

    def __init__(self, message: str, *, projects: tuple[str, ...]) -> None:
        super().__init__(message, field="tie_break")
        self.projects = projects


class InvalidParameter(BudgetingError):
    """A rule was called with parameters that contradict each other or the ballots."""
