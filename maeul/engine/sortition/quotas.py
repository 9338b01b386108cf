"""Quotas from population shares (census-based quotas, 인구비례 할당).

A panel of 35 cannot hold 17.3 women; the quota becomes the range between the two nearest
whole numbers, 17..18, so that the lottery keeps some freedom and every feature still adds up
to the panel size. Largest-remainder rounding (Hamilton's method) gives the single
allocation closest to the shares that adds up exactly, for organisers who prefer fixed seats.
Arithmetic is exact (fractions), so a share of exactly 20 % of 35 gives exactly 7..7.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from maeul.engine.sortition.errors import InvalidQuotas
from maeul.engine.sortition.model import FeatureQuota

ShareValue = Fraction | float | int


def _exact(share: ShareValue) -> Fraction:
    if isinstance(share, float):
        return Fraction(str(share))
    return Fraction(share)


def largest_remainder(shares: Mapping[str, ShareValue], k: int) -> dict[str, int]:
    """Seats per value adding up to ``k``: floors, then one more to the largest remainders.

    Ties between equal remainders go to the value listed first (a written, stable rule).
    """
    exact = {v: _exact(s) for v, s in shares.items()}
    total = sum(exact.values(), Fraction(0))
    if total <= 0:
        raise InvalidQuotas("the shares of a feature must add up to more than zero")
    quotas = {v: s * k / total for v, s in exact.items()}
    seats = {v: math.floor(q) for v, q in quotas.items()}
    left = k - sum(seats.values())
    order = sorted(quotas, key=lambda v: -(quotas[v] - seats[v]))
    for v in order[:left]:
        seats[v] += 1
    return seats


def quotas_from_shares(
    shares: Mapping[str, Mapping[str, ShareValue]],
    k: int,
    *,
    exact: bool = False,
) -> list[FeatureQuota]:
    """Quotas for a panel of ``k`` from shares per feature value.

    Shares may be fractions, percentages or head counts: each feature is normalised to its
    own total. By default ``min = floor(share * k)`` and ``max = ceil(share * k)``; with
    ``exact=True`` both are the largest-remainder seat count. The rounded ranges always admit
    the largest-remainder allocation, so the quotas of one feature always add up.
    """
    if k < 1:
        raise InvalidQuotas(f"panel size must be at least 1, not {k}")
    out: list[FeatureQuota] = []
    for feature, values in shares.items():
        if not values:
            raise InvalidQuotas(f"feature {feature!r} has no values")
        seats = largest_remainder(values, k)
        total = sum((_exact(s) for s in values.values()), Fraction(0))
        for value, share in values.items():
            if exact:
                out.append(FeatureQuota(feature, value, seats[value], seats[value]))
                continue
            quota = _exact(share) * k / total
            out.append(FeatureQuota(feature, value, math.floor(quota), math.ceil(quota)))
    return out
