"""Exact amounts: parse decimal strings (``2532645.83``, ``12,5``) to fractions and back.

Money and points are never floats in this package. Pabulib files write amounts with a point
or a decimal comma; :func:`parse_amount` accepts both and rejects anything else (exponents,
thousands separators, ``nan``), because a silently misread cost changes an election outcome.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .errors import BudgetingError

_DECIMAL = re.compile(r"\s*([+-]?)(\d+)(?:[.,](\d*))?\s*\Z")
_CACHE: dict[str, Fraction] = {}


def parse_amount(text: str) -> Fraction:
    """Parse a decimal string exactly. Raises :class:`ValueError` if it is not a number."""
    cached = _CACHE.get(text)
    if cached is not None:
        return cached
    match = _DECIMAL.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a number")
    sign, whole, decimals = match.groups()
    decimals = decimals or ""
    value = Fraction(int(whole + decimals), 10 ** len(decimals))
    if sign == "-":
        value = -value
    if len(_CACHE) < 10_000:
        _CACHE[text] = value
    return value


def format_amount(value: Fraction | int) -> str:
    """Write an exact amount as a plain decimal string (``12``, ``2532645.83``).

    Raises :class:`BudgetingError` if the value has no finite decimal expansion (for example
    1/3): such a value cannot be stored in a ``.pb`` file without changing it.
    """
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        raise BudgetingError(f"{value} has no exact decimal representation")
    digits = max(twos, fives)
    scaled = abs(value) * 10**digits
    text = str(scaled.numerator).rjust(digits + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{text[:-digits]}.{text[-digits:]}".rstrip("0").rstrip(".")


def display_amount(value: Fraction | int, places: int = 6) -> str:
    """Human-readable amount for traces: exact decimals when finite, else a rounded
    decimal followed by the exact fraction (``1234.333333 (3703/3)``)."""
    value = Fraction(value)
    try:
        return _group(format_amount(value))
    except BudgetingError:
        rounded = round(value, places)
        return f"~{_group(format_amount(rounded))} ({value})"


def _group(text: str) -> str:
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + ",".join(groups)
    return out + ("." + frac if frac else "")
