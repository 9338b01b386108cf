"""The data model: instances, projects, ballots, outcomes and their traces.

Everything is a frozen dataclass so an outcome can be cached, compared and audited. Amounts
are :class:`~fractions.Fraction` (won amounts are integers, but Pabulib files carry costs such
as 2532645.83). A :class:`Profile` stores ballots column-wise (one tuple per field, one entry
per voter) because real elections have tens of thousands of voters and building one object
per ballot would dominate the parse time; :meth:`Profile.ballot` gives the per-voter view.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain
from typing import overload

from .errors import InvalidInstance, InvalidProfile
from .numbers import format_amount

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
"""The Pabulib ballot kinds. ``cumulative`` and ``scoring`` carry points per project."""

Value = Fraction | int | str
"""A value recorded in a trace step: an exact number or a label."""


@dataclass(frozen=True, slots=True)
class Project:
    """A project (사업) with an exact cost.

    ``category`` is Pabulib's category column (possibly comma-separated); ``group`` and
    ``type`` are the Korean rule's category group (분야) and project type (일반사업/행사성);
    ``extra`` keeps every other column of the source file, in order, as raw text.
    """

    id: str
    cost: Fraction
    name: str = ""
    category: str = ""
    group: str = ""
    type: str = ""
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        """Raw value of an extra column (``votes``, ``selected``, ``score``...)."""
        for k, v in self.extra:
            if k == key:
                return v
        return default


@dataclass(frozen=True)
class Instance:
    """A participatory-budgeting election: the budget and the projects on the ballot.

    ``meta`` and ``project_columns`` keep the source file's META section and PROJECTS header
    verbatim so that writing the instance back loses nothing. Construction validates what
    every rule relies on: a positive budget, unique ids, no negative costs and no project
    that costs more than the whole budget.
    """

    budget: Fraction
    projects: tuple[Project, ...]
    vote_type: str = "approval"
    meta: tuple[tuple[str, str], ...] = ()
    project_columns: tuple[str, ...] = ()
    _index: dict[str, Project] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.budget <= 0:
            raise InvalidInstance(
                f"the budget must be positive, not {format_amount(self.budget)}", field="budget"
            )
        if self.vote_type not in VOTE_TYPES:
            raise InvalidInstance(
                f"unknown vote_type {self.vote_type!r} (expected one of {', '.join(VOTE_TYPES)})",
                field="vote_type",
            )
        index: dict[str, Project] = {}
        for project in self.projects:
            if project.id in index:
                raise InvalidInstance(f"duplicate project id {project.id!r}", field="project_id")
            if project.cost < 0:
                raise InvalidInstance(
                    f"project {project.id!r} has a negative cost {format_amount(project.cost)}",
                    field="cost",
                )
            if project.cost > self.budget:
                raise InvalidInstance(
                    f"project {project.id!r} costs {format_amount(project.cost)}, more than the"
                    f" whole budget {format_amount(self.budget)}",
                    field="cost",
                )
            index[project.id] = project
        object.__setattr__(self, "_index", index)

    def project(self, project_id: str) -> Project:
        """The project with this id; :class:`KeyError` if there is none."""
        return self._index[project_id]

    def __contains__(self, project_id: object) -> bool:
        return project_id in self._index

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.projects)

    def cost_of(self, project_ids: Sequence[str]) -> Fraction:
        """Exact total cost of the given projects."""
        return sum((self._index[p].cost for p in project_ids), Fraction(0))

    def meta_value(self, key: str, default: str = "") -> str:
        for k, v in self.meta:
            if k == key:
                return v
        return default


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voter's ballot. ``projects`` is in the voter's order (the ranking, for ordinal
    ballots); ``points`` is parallel to it for cumulative and scoring ballots."""

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[Fraction, ...] | None = None


class Rows(Sequence[tuple[str, ...]]):
    """The per-voter rows of a profile's extra VOTES columns, stored column by column.

    The reader keeps each column as it split it; a row's tuple is built only when it is
    read (rules never read these columns, and 70,747 row tuples would cost more to build and
    to scan for the garbage collector than the whole rule). Equal to any sequence of the
    same rows, and hashable, like the tuple of tuples it stands for."""

    __slots__ = ("_columns", "_n")

    def __init__(self, columns: Sequence[Sequence[str]], n: int) -> None:
        self._columns = tuple(tuple(c) for c in columns)
        if not self._columns or any(len(c) != n for c in self._columns):
            raise ValueError("Rows needs at least one column, each with one value per voter")
        self._n = n

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> tuple[str, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[tuple[str, ...], ...]: ...

    def __getitem__(self, index: int | slice) -> tuple[str, ...] | tuple[tuple[str, ...], ...]:
        if isinstance(index, slice):
            return tuple(zip(*(c[index] for c in self._columns), strict=True))
        return tuple(c[index] for c in self._columns)

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return zip(*self._columns, strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows):
            return self._columns == other._columns
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == self._n and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Rows({tuple(self)!r})"


@dataclass(frozen=True)
class Profile:
    """All ballots of an election, stored column-wise (see the module docstring).

    ``columns``/``voter_data`` keep the extra VOTES columns of a Pabulib file (age, sex...)
    as raw text so that they survive a round trip.
    """

    voter_ids: tuple[str, ...]
    votes: tuple[tuple[str, ...], ...]
    points: tuple[tuple[Fraction, ...], ...] | None = None
    columns: tuple[str, ...] = ()
    voter_data: Sequence[tuple[str, ...]] = ()
    _distinct: tuple[tuple[tuple[str, ...], ...], tuple[int, ...]] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if len(self.voter_ids) != len(self.votes):
            raise InvalidProfile("voter_ids and votes differ in length", field="votes")
        if self.points is not None:
            if len(self.points) != len(self.votes):
                raise InvalidProfile("points and votes differ in length", field="points")
            if list(map(len, self.votes)) == list(map(len, self.points)):
                return  # the usual case, checked without a Python loop (Katowice 2020: 0.03 s)
            for voter, (v, p) in enumerate(zip(self.votes, self.points, strict=True)):
                if len(v) != len(p):
                    raise InvalidProfile(
                        f"voter {self.voter_ids[voter]!r} has {len(v)} projects but"
                        f" {len(p)} points",
                        field="points",
                    )

    @classmethod
    def from_ballots(cls, ballots: Sequence[Ballot]) -> Profile:
        """Build a profile from per-voter ballots (points are kept if any ballot has them)."""
        has_points = any(b.points is not None for b in ballots)
        return cls(
            voter_ids=tuple(b.voter_id for b in ballots),
            votes=tuple(tuple(b.projects) for b in ballots),
            points=(
                tuple(
                    tuple(b.points) if b.points is not None else (Fraction(1),) * len(b.projects)
                    for b in ballots
                )
                if has_points
                else None
            ),
        )

    @classmethod
    def approvals(cls, votes: Sequence[Sequence[str]]) -> Profile:
        """Shorthand for tests and notebooks: approval ballots, voters numbered from 1."""
        return cls(
            voter_ids=tuple(str(i + 1) for i in range(len(votes))),
            votes=tuple(tuple(v) for v in votes),
        )

    def __len__(self) -> int:
        return len(self.votes)

    def distinct_ballots(self) -> tuple[tuple[tuple[str, ...], ...], tuple[int, ...]]:
        """The distinct ballots, in order of first appearance, and for each voter the
        position of its ballot among them. Rules index ballots once per distinct ballot
        (Łódź 2023: 34,147 for 70,747 voters). Computed on first use; the ``.pb`` reader
        records it while parsing, where it comes almost for free."""
        if self._distinct is None:
            number: dict[tuple[str, ...], int] = dict.fromkeys(self.votes, 0)
            distinct = tuple(number)
            number.update(zip(distinct, range(len(distinct)), strict=True))
            object.__setattr__(
                self, "_distinct", (distinct, tuple(map(number.__getitem__, self.votes)))
            )
        assert self._distinct is not None
        return self._distinct

    @classmethod
    def _from_distinct(
        cls,
        voter_ids: tuple[str, ...],
        distinct: tuple[tuple[str, ...], ...],
        inverse: tuple[int, ...],
        *,
        points: tuple[tuple[Fraction, ...], ...] | None = None,
        columns: tuple[str, ...] = (),
        voter_data: Sequence[tuple[str, ...]] = (),
    ) -> Profile:
        """The profile in which voter ``v`` casts ``distinct[inverse[v]]``, for the reader,
        which knows that ``distinct`` has no repeats: voters who cast the same ballot share
        one tuple, and :meth:`distinct_ballots` is known without a pass over the votes."""
        profile = cls(
            voter_ids=voter_ids,
            votes=tuple(map(distinct.__getitem__, inverse)),
            points=points,
            columns=columns,
            voter_data=voter_data,
        )
        object.__setattr__(profile, "_distinct", (distinct, inverse))
        return profile

    def ballot(self, voter: int) -> Ballot:
        return Ballot(
            self.voter_ids[voter],
            self.votes[voter],
            None if self.points is None else self.points[voter],
        )

    def __iter__(self) -> Iterator[Ballot]:
        for i in range(len(self.votes)):
            yield self.ballot(i)

    def check(self, instance: Instance) -> None:
        """Raise :class:`InvalidProfile` if a ballot names a project the instance lacks."""
        known = set(instance.ids)
        if known.issuperset(chain.from_iterable(self.distinct_ballots()[0])):
            return
        for voter, ballot in enumerate(self.votes):
            if not known.issuperset(ballot):
                unknown = sorted(set(ballot) - known)
                raise InvalidProfile(
                    f"voter {self.voter_ids[voter]!r} votes for unknown project {unknown[0]!r}",
                    field="vote",
                )


@dataclass(frozen=True, slots=True)
class Step:
    """One event of a rule's run, in order: a project selected, skipped, removed, a tie
    broken, a completion phase started... ``values`` holds the exact numbers behind the
    decision (score, payment, remaining budget) so that :mod:`.explain` can render the
    sentence in Korean or English and an auditor can recompute it."""

    round: int
    event: str
    project: str | None = None
    values: tuple[tuple[str, Value], ...] = ()

    def value(self, key: str) -> Value | None:
        for k, v in self.values:
            if k == key:
                return v
        return None


@dataclass(frozen=True, slots=True)
class Ineligible:
    """A project excluded before the vote count, with the reason (never silently dropped)."""

    project: str
    reason: str
    reason_ko: str


@dataclass(frozen=True)
class Outcome:
    """The result of a rule: the selected project ids in selection order, their exact total
    cost and the trace that explains every decision."""

    rule: str
    selected: tuple[str, ...]
    total_cost: Fraction
    trace: tuple[Step, ...] = ()
    ineligible: tuple[Ineligible, ...] = ()
    parameters: tuple[tuple[str, str], ...] = ()
