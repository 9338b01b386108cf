"""Pledge arithmetic (공약추진율, 예산집행률) as pure functions over exact fractions.

Officials check these figures by hand against the printed pledge sheet, so nothing here may
round before the very end: an achievement of "33%" that really means one step out of three
must count as exactly 1/3, or Seongnam's pledge no. 5 comes out at 66.3 % instead of the
published 66.4 %. Everything is ``fractions.Fraction``; callers round once, for display.

No Django here: the functions take numbers and return numbers, so a researcher can run them
in a shell, and the tests can feed them the raw figures of a sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

HUNDRED = Fraction(100)


class ProgressInputError(ValueError):
    """A figure that cannot be used; ``field`` names the input at fault for the form."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class WeightedAchievement:
    """One indicator: its weight (비중) and its achievement as a ratio (1 = 100 %)."""

    weight: int
    achievement: Fraction


def parse_achievement(text: str) -> Fraction:
    """Read an achievement as officials write it: ``66%``, ``66``, ``66.5%``, ``1/3``.

    A bare number or a number with ``%`` is a percentage; ``a/b`` is a ratio of steps done
    (``1/3`` = one of three steps = 33.3... %). Returns the ratio (1 = 100 %).
    """
    value = (text or "").strip().replace(" ", "")
    if not value:
        raise ProgressInputError("empty", field="achievement")
    match = re.fullmatch(r"(\d+)/(\d+)", value)
    if match:
        numerator, denominator = int(match[1]), int(match[2])
        if denominator == 0:
            raise ProgressInputError("zero denominator", field="achievement")
        return Fraction(numerator, denominator)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)%?", value)
    if not match:
        raise ProgressInputError("not a number", field="achievement")
    return Fraction(match[1]) / HUNDRED


def check_achievement(achievement: Fraction) -> None:
    """An achievement lies between 0 % and 100 % (a sheet never reports more than done)."""
    if achievement < 0 or achievement > 1:
        raise ProgressInputError("outside 0-100", field="achievement")


def overall_progress(indicators: Iterable[WeightedAchievement]) -> Fraction:
    """공약추진율 = Σ weight × achievement / Σ weight, as a ratio (1 = 100 %).

    Raises ``ProgressInputError`` (field ``weight``) when the weights add up to zero or one is
    negative, and (field ``achievement``) when an achievement lies outside 0-100 %.
    """
    items = list(indicators)
    total = 0
    weighted = Fraction(0)
    for item in items:
        if item.weight < 0:
            raise ProgressInputError("negative weight", field="weight")
        check_achievement(item.achievement)
        total += item.weight
        weighted += item.weight * item.achievement
    if total == 0:
        raise ProgressInputError("weights add up to zero", field="weight")
    return weighted / total


def execution_rate(executed_won: int, planned_won: int) -> Fraction | None:
    """예산집행률 = executed / planned for the term, as a ratio; None when nothing is planned."""
    if planned_won < 0 or executed_won < 0:
        raise ProgressInputError("negative amount", field="amount_won")
    if planned_won == 0:
        return None
    return Fraction(executed_won, planned_won)


def mean(values: Iterable[Fraction]) -> Fraction | None:
    """The plain average used for roll-ups by field and goal (each pledge counts once)."""
    items = list(values)
    if not items:
        return None
    return sum(items, Fraction(0)) / len(items)


def as_percent(ratio: Fraction | None, digits: int = 1) -> Decimal | None:
    """A ratio shown as a percentage, rounded half up once, at the end (0.664 → 66.4)."""
    if ratio is None:
        return None
    exact = ratio * HUNDRED
    quantum = Decimal(1).scaleb(-digits)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        quantum, rounding=ROUND_HALF_UP
    )
