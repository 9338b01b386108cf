"""Exact numbers and the one rounding rule of the published tables.

Every figure is computed as a :class:`~fractions.Fraction` and rounded only when shown, half
up (the rounding Korean official tables use: 84.45 -> 84.5), so that totals, means and rates
never carry binary floating-point error and an auditor can redo them by hand.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction


def round_half_up(value: Fraction, places: int) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals, in exact integers."""
    scaled = value * 10**places
    magnitude = math.floor(abs(scaled) + Fraction(1, 2))
    units = magnitude if scaled >= 0 else -magnitude
    return Decimal(units).scaleb(-places)


def percent(numerator: int | Fraction, denominator: int | Fraction) -> Fraction | None:
    """``numerator / denominator`` as an exact percentage, or None when the base is zero."""
    if denominator == 0:
        return None
    return Fraction(numerator) * 100 / Fraction(denominator)


def percent_text(value: Fraction | None) -> str:
    """One decimal, half up ("84.4"); "" when undefined."""
    return "" if value is None else str(round_half_up(value, 1))


def plain_text(value: Fraction, places: int = 1) -> str:
    """Rounded half up to ``places`` decimals without a trailing ".0" ("285", "210.5")."""
    shown = round_half_up(value, places)
    if shown == shown.to_integral_value():
        return str(shown.quantize(Decimal(1)))
    return str(shown)
