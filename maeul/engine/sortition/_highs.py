"""Thin helpers around HiGHS (through highspy), the open-source LP/MIP solver the engine uses.

Everything the engine asks of a solver goes through here, so that options (silence,
tolerances) are set in one place and a status HiGHS did not expect becomes a
:class:`SolverError` instead of a wrong answer.
"""

from __future__ import annotations

from collections.abc import Sequence

import highspy
import numpy as np
from numpy.typing import NDArray

from maeul.engine.sortition.errors import SolverError
from maeul.engine.sortition.pool import Instance

INF = highspy.kHighsInf
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance with deterministic behaviour."""
    h: highspy.Highs = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    return h


def add_cols(
    h: highspy.Highs,
    costs: Sequence[float],
    lower: Sequence[float],
    upper: Sequence[float],
) -> None:
    """Add columns without coefficients (rows are added afterwards, row-wise)."""
    n = len(costs)
    h.addCols(
        n,
        np.asarray(costs, dtype=np.float64),
        np.asarray(lower, dtype=np.float64),
        np.asarray(upper, dtype=np.float64),
        0,
        np.zeros(n, dtype=np.int32),
        np.zeros(0, dtype=np.int32),
        np.zeros(0, dtype=np.float64),
    )


def add_row(
    h: highspy.Highs,
    lower: float,
    upper: float,
    indices: Sequence[int],
    values: Sequence[float],
) -> None:
    h.addRow(
        float(lower),
        float(upper),
        len(indices),
        np.asarray(indices, dtype=np.int32),
        np.asarray(values, dtype=np.float64),
    )


def status(h: highspy.Highs) -> highspy.HighsModelStatus:
    return h.getModelStatus()


def require_optimal(h: highspy.Highs, what: str) -> None:
    st = h.getModelStatus()
    if st != highspy.HighsModelStatus.kOptimal:
        raise SolverError(f"HiGHS could not solve the {what}: {h.modelStatusToString(st)}")


class PanelModel:
    """The integer program "find a feasible panel", reused for every pricing call.

    Variables: ``x[g]`` = how many members of group ``g`` sit on the panel (0..size). Rows: the
    panel size, every quota, and at most one person per shared household. Only the objective
    (and occasionally a bound) changes between calls, so the model is built once.
    """

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.n_groups = len(instance.groups)
        h = new_highs()
        h.setOptionValue("mip_rel_gap", 1e-7)
        h.setOptionValue("mip_abs_gap", 1e-10)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        sizes = instance.sizes
        add_cols(h, [0.0] * self.n_groups, [0.0] * self.n_groups, [float(s) for s in sizes])
        h.changeColsIntegrality(
            self.n_groups,
            np.arange(self.n_groups, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * self.n_groups),
        )
        add_row(h, instance.k, instance.k, range(self.n_groups), [1.0] * self.n_groups)
        members: list[list[int]] = [[] for _ in instance.quotas]
        for g, qs in enumerate(instance.group_quotas):
            for q in qs:
                members[q].append(g)
        for q, quota in enumerate(instance.quotas):
            add_row(h, quota.min, quota.max, members[q], [1.0] * len(members[q]))
        for household in instance.households:
            add_row(h, -INF, 1.0, household, [1.0] * len(household))
        self.h = h
        self.calls = 0

    def maximise(
        self, weights: FloatArray, *, require: int | None = None
    ) -> tuple[IntArray, float, float] | None:
        """Best panel for per-seat ``weights``: (counts, value, proven upper bound) or None.

        ``require=g`` forces at least one member of group ``g`` (used to find a panel for a
        group that no panel found so far contains). None means no such panel exists.
        """
        h = self.h
        self.calls += 1
        h.changeColsCost(
            self.n_groups,
            np.arange(self.n_groups, dtype=np.int32),
            np.asarray(weights, dtype=np.float64),
        )
        if require is not None:
            h.changeColBounds(require, 1.0, float(self.instance.sizes[require]))
        try:
            h.run()
            st = h.getModelStatus()
            if st == highspy.HighsModelStatus.kInfeasible:
                return None
            if st != highspy.HighsModelStatus.kOptimal:
                raise SolverError(f"HiGHS could not find a panel: {h.modelStatusToString(st)}")
            values = np.asarray(h.getSolution().col_value, dtype=np.float64)
            counts = np.rint(values).astype(np.int64)
            info = h.getInfo()
            value = float(np.dot(counts, weights))
            bound = max(value, float(info.mip_dual_bound))
        finally:
            if require is not None:
                h.changeColBounds(require, 0.0, float(self.instance.sizes[require]))
        return counts, value, bound
