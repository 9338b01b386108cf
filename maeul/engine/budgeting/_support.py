"""Who supports what, as numpy index arrays: the shared input of MES and Phragmén.

A voter supports a project if it is on the ballot (with positive points for cumulative and
scoring ballots). Rules work on project indices. Ballots are indexed once per distinct
ballot (Łódź 2023: 34,147 distinct ballots for 70,747 voters, recorded by the reader): the
distinct ballots become a CSR pair, each voter a row number into them. MES only needs the
ballot *types* (distinct sets of supported projects, with how many voters cast each) and
per project the types that support it; the per-voter views (``supporters[q]``, the voters
of project ``q``, and the CSR pair ``(indptr, indices)`` listing each voter's projects),
which Phragmén and the comparison step use, are built on first use.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property
from itertools import chain

import numpy as np
import numpy.typing as npt

from .model import Instance, Profile

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class Support:
    """The indexed ballots of one election (see the module docstring)."""

    def __init__(
        self,
        ids: tuple[str, ...],
        cost: tuple[Fraction, ...],
        inverse: IntArray,
        ballot_ptr: IntArray,
        ballot_indices: IntArray,
    ) -> None:
        self.ids = ids
        self.cost = cost
        self.n = len(inverse)
        self._inverse = inverse  # voter -> distinct ballot
        self._ballot_ptr = ballot_ptr  # CSR of the distinct ballots, in ballot order
        self._ballot_indices = ballot_indices
        m = len(ids)
        distinct = len(ballot_ptr) - 1
        multiplicity = np.bincount(inverse, minlength=distinct)
        lengths = np.diff(ballot_ptr)
        rows = np.repeat(np.arange(distinct, dtype=np.int64), lengths)
        # Votes per project, counting a project named twice on a ballot twice.
        self.size: list[int] = (
            np.bincount(ballot_indices, weights=multiplicity[rows], minlength=m)
            .round()
            .astype(np.int64)
            .tolist()
        )
        # Voters with the same set of supported projects ("types") always hold the same MES
        # budget, so MES works on types with multiplicities. Distinct ballots are distinct
        # sets when every ballot lists its projects in one order (by id, as Pabulib files
        # do); otherwise equal sets are found by sorting the ballots' bit rows.
        if _canonical(ids, ballot_ptr, ballot_indices):
            first = type_of = np.arange(distinct, dtype=np.int64)
        else:
            matrix = np.zeros((distinct, m), dtype=bool)
            matrix[rows, ballot_indices] = True
            packed = np.ascontiguousarray(np.packbits(matrix, axis=1))
            keys = packed.view(np.dtype((np.void, packed.shape[1])))[:, 0]
            _, first, type_of = np.unique(keys, return_index=True, return_inverse=True)
        self.type_weight: FloatArray = np.bincount(
            type_of.ravel(), weights=multiplicity, minlength=len(first)
        ).astype(np.float64)
        # The projects of each type, from its first ballot, scattered into a (project x type)
        # table whose rows are the types supporting each project (a project named twice
        # on a ballot counts once, as in the matrix).
        type_lengths = lengths[first]
        type_ptr = np.zeros(len(first) + 1, dtype=np.int64)
        np.cumsum(type_lengths, out=type_ptr[1:])
        offsets = np.repeat(ballot_ptr[first] - type_ptr[:-1], type_lengths)
        projects = ballot_indices[np.arange(int(type_ptr[-1]), dtype=np.int64) + offsets]
        by_project = np.zeros((m, len(first)), dtype=bool)
        by_project[projects, np.repeat(np.arange(len(first)), type_lengths)] = True
        self.type_supporters: tuple[IntArray, ...] = tuple(
            np.flatnonzero(by_project[q]) for q in range(m)
        )

    @property
    def m(self) -> int:
        return len(self.ids)

    def votes(self) -> dict[str, int]:
        return dict(zip(self.ids, self.size, strict=True))

    def costs(self) -> dict[str, Fraction]:
        return dict(zip(self.ids, self.cost, strict=True))

    @cached_property
    def _voter_csr(self) -> tuple[IntArray, IntArray]:
        lengths = np.diff(self._ballot_ptr)[self._inverse]
        indptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        starts = self._ballot_ptr[self._inverse]
        positions = np.arange(int(indptr[-1]), dtype=np.int64) + np.repeat(
            starts - indptr[:-1], lengths
        )
        return indptr, self._ballot_indices[positions]

    @property
    def indptr(self) -> IntArray:
        """Voter ``v``'s projects are ``indices[indptr[v]:indptr[v + 1]]``, in ballot order."""
        return self._voter_csr[0]

    @property
    def indices(self) -> IntArray:
        return self._voter_csr[1]

    @cached_property
    def supporters(self) -> tuple[IntArray, ...]:
        """``supporters[q]``: the voters of project ``q``, in increasing order."""
        indptr, indices = self._voter_csr
        voters = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(indptr))
        order = np.argsort(indices, kind="stable")
        bounds = np.searchsorted(indices[order], np.arange(self.m + 1))
        return tuple(voters[order[bounds[q] : bounds[q + 1]]] for q in range(self.m))


def _canonical(ids: tuple[str, ...], ptr: IntArray, indices: IntArray) -> bool:
    """Whether every ballot lists its projects in strictly increasing id order."""
    if len(indices) < 2:
        return True
    rank = np.empty(len(ids), dtype=np.int64)
    rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    rising = np.diff(rank[indices]) > 0
    ends = ptr[1:-1]
    rising[ends[(ends > 0) & (ends < len(indices))] - 1] = True  # across two ballots
    return bool(rising.all())


def build_support(instance: Instance, profile: Profile) -> Support:
    """Index the ballots. Votes for unknown projects raise :class:`InvalidProfile`."""
    ids = instance.ids
    index = {p: i for i, p in enumerate(ids)}
    if profile.points is None:
        distinct, number = profile.distinct_ballots()
        inverse = np.asarray(number, dtype=np.int64)
    else:
        ballots = _supported(profile.votes, profile.points)
        table = dict.fromkeys(ballots, 0)
        distinct = tuple(table)
        table.update(zip(distinct, range(len(distinct)), strict=True))
        inverse = np.fromiter(map(table.__getitem__, ballots), dtype=np.int64, count=len(ballots))
    try:
        flat = list(map(index.__getitem__, chain.from_iterable(distinct)))
    except KeyError:
        profile.check(instance)
        raise
    indices = np.asarray(flat, dtype=np.int64)
    lengths = np.fromiter(map(len, distinct), dtype=np.int64, count=len(distinct))
    ptr = np.zeros(len(distinct) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    return Support(
        ids=ids,
        cost=tuple(p.cost for p in instance.projects),
        inverse=inverse,
        ballot_ptr=ptr,
        ballot_indices=indices,
    )


def _supported(
    votes: tuple[tuple[str, ...], ...], points: tuple[tuple[Fraction, ...], ...]
) -> list[tuple[str, ...]]:
    """Each voter's ballot without the projects it gave no points.

    Comparing every point with zero as a :class:`Fraction` took most of the indexing time of
    a points election (Katowice 2020: 95,000 comparisons, 0.09 s). The reader shares one
    points tuple among the voters who wrote the same points, so the signs are found once per
    tuple object (by ``id``: every tuple is alive in ``points`` meanwhile, so no two share an
    id), and a ballot whose points are all positive is kept as it is.
    """
    signs: dict[int, tuple[bool, ...] | None] = {}
    ballots: list[tuple[str, ...]] = []
    for ballot, given in zip(votes, points, strict=True):
        key = id(given)
        if key in signs:
            sign = signs[key]
        else:
            positive = tuple(x > 0 for x in given)
            sign = signs[key] = None if all(positive) else positive
        if sign is None:
            ballots.append(ballot)
        else:
            ballots.append(tuple(p for p, keep in zip(ballot, sign, strict=True) if keep))
    return ballots
