"""Who supports what, as numpy index arrays: the shared input of MES and Phragmén.

A voter supports a project if it is on the ballot (with positive points for cumulative and
scoring ballots). Rules work on project indices; ``supporters[q]`` lists the voters of
project ``q`` and the CSR pair ``(indptr, indices)`` lists each voter's projects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain

import numpy as np
import numpy.typing as npt

from .model import Instance, Profile

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Support:
    ids: tuple[str, ...]
    cost: tuple[Fraction, ...]
    n: int
    supporters: tuple[IntArray, ...]
    indptr: IntArray
    indices: IntArray
    # Voters with identical ballots ("types") always hold identical MES budgets, so MES
    # works on types with multiplicities: about half as many entries on real elections.
    type_supporters: tuple[IntArray, ...]
    type_weight: FloatArray

    @property
    def m(self) -> int:
        return len(self.ids)

    def votes(self) -> dict[str, int]:
        return {p: len(s) for p, s in zip(self.ids, self.supporters, strict=True)}

    def costs(self) -> dict[str, Fraction]:
        return dict(zip(self.ids, self.cost, strict=True))


def build_support(instance: Instance, profile: Profile) -> Support:
    """Index the ballots. Votes for unknown projects raise :class:`InvalidProfile`."""
    ids = instance.ids
    index = {p: i for i, p in enumerate(ids)}
    if profile.points is None:
        ballots: Sequence[tuple[str, ...]] = profile.votes
    else:
        ballots = [
            tuple(p for p, x in zip(ballot, points, strict=True) if x > 0)
            for ballot, points in zip(profile.votes, profile.points, strict=True)
        ]
    try:
        flat = list(map(index.__getitem__, chain.from_iterable(ballots)))
    except KeyError:
        profile.check(instance)
        raise
    lengths = list(map(len, ballots))
    indices = np.asarray(flat, dtype=np.int64)
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(np.asarray(lengths, dtype=np.int64), out=indptr[1:])
    voters = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    order = np.argsort(indices, kind="stable")
    bounds = np.searchsorted(indices[order], np.arange(len(ids) + 1))
    supporters = tuple(voters[order[bounds[q] : bounds[q + 1]]].copy() for q in range(len(ids)))
    type_supporters, type_weight = _ballot_types(len(lengths), len(ids), indices, voters)
    return Support(
        ids=ids,
        cost=tuple(p.cost for p in instance.projects),
        n=len(profile),
        supporters=supporters,
        indptr=indptr,
        indices=indices,
        type_supporters=type_supporters,
        type_weight=type_weight,
    )


def _ballot_types(
    n: int, m: int, indices: IntArray, voters: IntArray
) -> tuple[tuple[IntArray, ...], FloatArray]:
    """Distinct ballots (as packed bit rows) with their multiplicities."""
    matrix = np.zeros((n, m), dtype=bool)
    matrix[voters, indices] = True
    packed = np.packbits(matrix, axis=1)
    rows = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1])))[:, 0]
    unique, first, counts = np.unique(rows, return_index=True, return_counts=True)
    distinct = matrix[first]
    supporters = tuple(np.flatnonzero(distinct[:, q]).astype(np.int64) for q in range(m))
    return supporters, counts.astype(np.float64)
