"""Locale-aware formatting of money, numbers and rates for templates.

Money is stored in integer won; Korean pages show "1,000,000원" or, for large sums, the
units officials use (백만원 = million won); English pages show "₩1,000,000".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


def _grouped(value: int) -> str:
    return f"{value:,}"


def _is_english() -> bool:
    return (get_language() or "ko").startswith("en")


@register.filter
def won(value: Any) -> str:
    """Integer won with thousands separators, in the locale's convention."""
    if value in (None, ""):
        return ""
    amount = int(value)
    return f"₩{_grouped(amount)}" if _is_english() else f"{_grouped(amount)}원"


@register.filter
def million_won(value: Any) -> str:
    """Won shown in millions with one decimal: "906.0백만원" / "₩906.0M"."""
    if value in (None, ""):
        return ""
    millions = (Decimal(int(value)) / Decimal(1_000_000)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    text = f"{millions:,}"
    return f"₩{text}M" if _is_english() else f"{text}백만원"


@register.filter
def number(value: Any) -> str:
    if value in (None, ""):
        return ""
    return _grouped(int(value))


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """A ratio or percentage value shown with ``digits`` decimals and a % sign."""
    if value in (None, ""):
        return ""
    exact = Fraction(str(value)) if not isinstance(value, Fraction) else value
    quantum = Decimal(1).scaleb(-int(digits))
    shown = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        quantum, rounding=ROUND_HALF_UP
    )
    return f"{shown}%"
