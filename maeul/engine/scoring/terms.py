"""Term rules of council members (임기): length, renewal, overlap.

Nam-gu's autonomy council appoints for two years, renewable once (2년, 1회 연임 가능): a
person may serve two consecutive terms in one body, and a third consecutive term is refused
until they have been off the body for a while. A person never holds two overlapping terms in
one body. Terms are closed date ranges ``[start, end]``; a resignation ends a term early.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from maeul.engine.scoring.errors import InvalidTerm

OK = "ok"
OVERLAP = "overlap"
TOO_MANY_CONSECUTIVE = "too_many_consecutive"
TOO_LONG = "too_long"


@dataclass(frozen=True)
class TermPolicy:
    """``length_years``: the usual term; ``max_consecutive``: terms in a row (2 = renewable
    once); ``max_gap_days``: a later term starting within this many days of the previous
    term's end continues it (a reappointment), a later one starts afresh."""

    length_years: int = 2
    max_consecutive: int = 2
    max_gap_days: int = 90


DEFAULT_TERM_POLICY = TermPolicy()


@dataclass(frozen=True)
class Term:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidTerm(
                "end_before_start",
                f"the term ends ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()})",
                field="term_end",
            )

    def overlaps(self, other: Term) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def default_term_end(start: dt.date, policy: TermPolicy = DEFAULT_TERM_POLICY) -> dt.date:
    """A term starting 2020-08-06 ends 2022-08-05 (two years, last day inclusive)."""
    return add_years(start, policy.length_years) - dt.timedelta(days=1)


@dataclass(frozen=True)
class TermCheck:
    ok: bool
    code: str
    explanation: str
    conflicting: Term | None = None
    consecutive: int = 1


def consecutive_run(terms: Sequence[Term], new: Term, policy: TermPolicy) -> int:
    """How many consecutive terms ``new`` would make, counting itself, going backwards from it
    through earlier terms that each start within ``max_gap_days`` of the previous end."""
    earlier = sorted((t for t in terms if t.end < new.start), key=lambda t: t.start)
    run = 1
    current = new
    for term in reversed(earlier):
        if (current.start - term.end).days - 1 <= policy.max_gap_days:
            run += 1
            current = term
        else:
            break
    return run


def check_new_term(
    existing: Sequence[Term], new: Term, policy: TermPolicy = DEFAULT_TERM_POLICY
) -> TermCheck:
    """May a person holding ``existing`` terms in a body take ``new``? Checks, in order:
    the term's length, overlap with any existing term, and the consecutive-term limit."""
    limit = add_years(new.start, policy.length_years) - dt.timedelta(days=1)
    if new.end > limit:
        return TermCheck(
            False,
            TOO_LONG,
            f"a term may last at most {policy.length_years} years (until "
            f"{limit.isoformat()}); this one ends {new.end.isoformat()}",
        )
    for term in existing:
        if term.overlaps(new):
            return TermCheck(
                False,
                OVERLAP,
                f"overlaps the term {term.start.isoformat()}..{term.end.isoformat()} this "
                "person already holds in the body",
                conflicting=term,
            )
    run = consecutive_run(existing, new, policy)
    if run > policy.max_consecutive:
        return TermCheck(
            False,
            TOO_MANY_CONSECUTIVE,
            f"this would be consecutive term number {run}; at most "
            f"{policy.max_consecutive} are allowed",
            consecutive=run,
        )
    return TermCheck(True, OK, "the term may be granted", consecutive=run)


def ending_within(terms: Sequence[Term], today: dt.date, days: int) -> list[Term]:
    """Terms running today whose last day falls within the next ``days`` days."""
    horizon = today + dt.timedelta(days=days)
    return [t for t in terms if t.start <= today <= t.end <= horizon]
