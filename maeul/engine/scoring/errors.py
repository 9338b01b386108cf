"""Typed errors of the scoring engine, with the field at fault and a message a person can act
on. The Django layer translates them by ``code`` and shows them next to the field."""

from __future__ import annotations


class ScoringError(ValueError):
    """Input the engine cannot work with."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class InvalidCounts(ScoringError):
    """Member or attendance counts that contradict each other or are negative."""


class InvalidTerm(ScoringError):
    """A term whose dates are impossible (an end before its start)."""
