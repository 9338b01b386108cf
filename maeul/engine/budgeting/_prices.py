"""Float MES prices: the water level and a payment, shared by the float fast path of MES and
the add1 certificate (``add1.py``).

Two implementations: the C kernel (``_kernel.c``, built with the package: a whole float run
and single pricings without per-call numpy overhead) and the numpy functions below, used
when the kernel is not built or :data:`KERNEL` is off. They compute the same prices by the
same steps; only the order of the float sums differs, which the tolerance covers (see
``_kernel.c`` and the module docstring of ``mes.py``).
"""

from __future__ import annotations

import os

import numpy as np
import numpy.typing as npt

from ._support import FloatArray, IntArray

try:
    from ._kernel import Kernel as Kernel
except ImportError:  # built without a C compiler: the numpy path below
    Kernel = None  # type: ignore[assignment,misc]

BoolArray = npt.NDArray[np.bool_]

TOLERANCE = 1e-9
"""Relative margin under which a float decision is recomputed exactly."""

KERNEL = Kernel is not None and os.environ.get("MAEUL_MES_KERNEL", "1") != "0"
"""Whether MES engines made from now on use the C kernel. Off when it is not built, or with
``MAEUL_MES_KERNEL=0`` (to measure or check the numpy path); tests switch it to run both."""


def pay_float(budgets: FloatArray, fuzzy: BoolArray, idx: IntArray, rho: float) -> None:
    """The voters ``idx`` pay ``min(budget, rho)``; those whose budget is within the
    tolerance of ``rho`` (the float cannot tell whether they pay all they have) are marked
    in ``fuzzy`` for good, so that their zero is never taken as exact."""
    left = budgets[idx] - rho
    close = np.abs(left) <= rho * TOLERANCE
    if close.any():
        fuzzy[idx[close]] = True
    budgets[idx] = np.maximum(left, 0.0)  # the same float as held - min(held, rho)


def water_level(
    held: FloatArray, weight: FloatArray, size: int, cost: float, floor: float = 0.0
) -> float:
    """:func:`water_level_rich` without the weight of the full payers."""
    return water_level_rich(held, weight, size, cost, floor)[0]


def water_level_rich(
    held: FloatArray, weight: FloatArray, size: int, cost: float, floor: float = 0.0
) -> tuple[float, float]:
    """The payment rho with sum(weight * min(budget, rho)) == cost, in floats (``weight``
    counts the voters sharing each ballot, ``size`` is their total), and the weight of the
    voters who pay it in full (whose float budget is at least rho).

    ``floor`` is a known lower bound of rho: the project's payment when it was last priced
    in the same run (budgets only fall during a run, so the payment only rises). Every
    voter holding less than it is poor, so the search starts from them instead of from
    ``cost / size``: on Warszawa 2020 most pricings are of a project already priced a round
    before, and this saves about one pass of the loop in two. Starting from a subset of
    the poor and letting the poor only join gives the same water level as before (each
    step's rho stays at most the true one), up to the float rounding the callers' tolerance
    already covers.
    """
    rho = cost / size
    threshold = max(rho, floor)
    poor = held < threshold
    # Sums over the poor are dot products with the boolean mask (``np.dot`` of a mask and
    # the weights), not sums of a boolean selection: one numpy call instead of two or
    # three, which is most of the cost at a thousand supporter types (Warszawa 2020: 25 to
    # 18 microseconds a call). The same sums, up to the rounding the tolerance covers.
    count = float(np.dot(poor, weight))
    if not count or count >= size:
        return rho, size - count
    # The poor hold less than ``threshold``, which only rises: the poor only ever join.
    # Exactly, rho never falls, so nobody leaves; in floats a voter whose budget equals rho
    # to the last bit could leave and rejoin forever (an election of 22 voters once hung
    # here). Such a voter pays all they hold either way, and pay_float marks the payment as
    # doubtful for the exact check. ``held < max(threshold, rho)`` is the old poor with
    # those below rho joined, in one comparison; when rho is not above the threshold
    # nobody joins and rho is final without another pass over the supporters. The sum over
    # the poor is the dot product of the budgets with the weights masked, the same products
    # (budget times weight, or zero) in the same order as ``np.dot(held * poor, weight)``,
    # so the same float.
    paid = float(np.dot(held, weight * poor))
    while True:
        rho = (cost - paid) / (size - count)
        if rho <= threshold:
            break
        threshold = rho
        grown = held < threshold
        new_count = float(np.dot(grown, weight))
        if new_count == count:
            break
        count = new_count
        if count >= size:
            break
        paid = float(np.dot(held, weight * grown))
    return rho, size - count
