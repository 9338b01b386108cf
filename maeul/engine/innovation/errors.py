"""Typed errors of the innovation engine. Each names the row and the column (or the rule) at
fault, so the command line prints one actionable line and the Django layer can show it next to
the field."""

from __future__ import annotations


class InnovationError(ValueError):
    """Input the engine cannot work with."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class InvalidScores(InnovationError):
    """A score outside its range, a missing part, a malformed number or a bad CSV."""


class InvalidTiers(InnovationError):
    """Tiers that do not add up to the districts graded, or that are malformed."""


class InvalidPlan(InnovationError):
    """A plan whose amounts cannot be checked (negative money, an unknown project kind)."""
