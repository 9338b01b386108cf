"""Types of the C kernel (``_kernel.c``; see its comments for what each call does)."""

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

_F = npt.NDArray[np.float64]
_I = npt.NDArray[np.int64]

class Kernel:
    def __init__(
        self,
        types: int,
        ptr: _I,
        idx: _I,
        w: _F,
        size: _F,
        cost: _F,
        unit: _F,
        lower: _F,
        tolerance: float,
        /,
    ) -> None: ...
    def run(
        self,
        budgets: _F,
        fuzzy: npt.NDArray[np.bool_],
        share: float,
        cross: bool,
        tie: Callable[[list[tuple[float, int, float]]], int | None],
        /,
    ) -> list[int] | None: ...
    def price(self, budgets: _F, q: int, floor: float, /) -> tuple[float, float, float]: ...
    def pay(self, budgets: _F, fuzzy: npt.NDArray[np.bool_], q: int, rho: float, /) -> None: ...
    def zeros(self, budgets: _F, fuzzy: npt.NDArray[np.bool_], q: int, /) -> tuple[int, float]: ...
