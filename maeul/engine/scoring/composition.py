"""Composition rules of a council (위원 구성 기준) as pure functions over member counts.

Seoul requires of each district governance council (자치구 협치회의) that no gender hold more
than 60% of the seats — each gender at least 40% — and that civil members (민간) hold at least
70%. The thresholds are data (:class:`CompositionPolicy`), so another body may use other
values or switch a rule off. Each rule returns a :class:`RuleResult` that says what was
measured, against which threshold, and why it passes or fails; :func:`compare` tells which
rules a proposed change would break, so the screens can warn *before* saving.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from maeul.engine.scoring.errors import InvalidCounts
from maeul.engine.scoring.exact import percent, percent_text

GENDER_BALANCE = "gender_balance"
CIVIL_SHARE = "civil_share"


@dataclass(frozen=True)
class CompositionCounts:
    """Seats by sector (civil 민간, council member 의원, government 행정) and by gender."""

    civil: int = 0
    council: int = 0
    government: int = 0
    female: int = 0
    male: int = 0
    other: int = 0

    def __post_init__(self) -> None:
        for name in ("civil", "council", "government", "female", "male", "other"):
            if getattr(self, name) < 0:
                raise InvalidCounts(
                    "negative",
                    f"{name} must not be negative (got {getattr(self, name)})",
                    field=name,
                )
        if self.female + self.male + self.other != self.members:
            raise InvalidCounts(
                "gender_total",
                f"members by gender ({self.female + self.male + self.other}) must equal "
                f"members by sector ({self.members})",
                field="female",
            )

    @property
    def members(self) -> int:
        return self.civil + self.council + self.government

    def plus(self, *, sector: str, gender: str) -> CompositionCounts:
        """The counts after one more member of ``sector`` and ``gender``."""
        return self._shift(sector, gender, 1)

    def minus(self, *, sector: str, gender: str) -> CompositionCounts:
        """The counts after one member of ``sector`` and ``gender`` leaves."""
        return self._shift(sector, gender, -1)

    def _shift(self, sector: str, gender: str, step: int) -> CompositionCounts:
        if sector not in ("civil", "council", "government"):
            raise InvalidCounts("sector", f"unknown sector {sector!r}", field="sector")
        if gender not in ("female", "male", "other"):
            raise InvalidCounts("gender", f"unknown gender {gender!r}", field="gender")
        values = {
            "civil": self.civil,
            "council": self.council,
            "government": self.government,
            "female": self.female,
            "male": self.male,
            "other": self.other,
        }
        values[sector] += step
        values[gender] += step
        return CompositionCounts(**values)


@dataclass(frozen=True)
class CompositionPolicy:
    """Thresholds as fractions of all members; None switches a rule off."""

    min_each_gender: Fraction | None = Fraction(40, 100)
    min_civil: Fraction | None = Fraction(70, 100)

    def __post_init__(self) -> None:
        for name in ("min_each_gender", "min_civil"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 1:
                raise InvalidCounts("threshold", f"{name} must lie between 0 and 1", field=name)


SEOUL_POLICY = CompositionPolicy()


@dataclass(frozen=True)
class RuleResult:
    """One rule's verdict. ``value`` and ``threshold`` are exact percentages (None when the
    body has no members, where no rule can be broken)."""

    code: str
    ok: bool
    value: Fraction | None
    threshold: Fraction
    explanation: str


@dataclass(frozen=True)
class CompositionReport:
    counts: CompositionCounts
    results: tuple[RuleResult, ...]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def female_percent(self) -> Fraction | None:
        return percent(self.counts.female, self.counts.members)

    @property
    def civil_percent(self) -> Fraction | None:
        return percent(self.counts.civil, self.counts.members)

    def result(self, code: str) -> RuleResult | None:
        return next((r for r in self.results if r.code == code), None)


def gender_balance(counts: CompositionCounts, minimum: Fraction) -> RuleResult:
    """Each of female and male holds at least ``minimum`` of the seats."""
    threshold = minimum * 100
    if counts.members == 0:
        return RuleResult(GENDER_BALANCE, True, None, threshold, "no members yet")
    female = percent(counts.female, counts.members)
    male = percent(counts.male, counts.members)
    assert female is not None and male is not None
    smaller, label = (female, "female") if female <= male else (male, "male")
    ok = smaller >= threshold
    verdict = "at least" if ok else "below"
    return RuleResult(
        GENDER_BALANCE,
        ok,
        smaller,
        threshold,
        f"{label} members hold {percent_text(smaller)}% of {counts.members} seats, "
        f"{verdict} the {percent_text(threshold)}% each gender needs",
    )


def civil_share(counts: CompositionCounts, minimum: Fraction) -> RuleResult:
    """Civil (민간) members hold at least ``minimum`` of the seats."""
    threshold = minimum * 100
    if counts.members == 0:
        return RuleResult(CIVIL_SHARE, True, None, threshold, "no members yet")
    share = percent(counts.civil, counts.members)
    assert share is not None
    ok = share >= threshold
    verdict = "at least" if ok else "below"
    return RuleResult(
        CIVIL_SHARE,
        ok,
        share,
        threshold,
        f"{counts.civil} civil members of {counts.members} are {percent_text(share)}%, "
        f"{verdict} the required {percent_text(threshold)}%",
    )


def check_composition(
    counts: CompositionCounts, policy: CompositionPolicy = SEOUL_POLICY
) -> CompositionReport:
    """Every rule the policy switches on, in a fixed order (gender, then civil share)."""
    results: list[RuleResult] = []
    if policy.min_each_gender is not None:
        results.append(gender_balance(counts, policy.min_each_gender))
    if policy.min_civil is not None:
        results.append(civil_share(counts, policy.min_civil))
    return CompositionReport(counts, tuple(results))


@dataclass(frozen=True)
class ChangeEffect:
    """What a proposed change does: both reports and the rules it would newly break."""

    before: CompositionReport
    after: CompositionReport
    newly_broken: tuple[str, ...]
    still_broken: tuple[str, ...]
    repaired: tuple[str, ...]

    @property
    def warns(self) -> bool:
        return bool(self.newly_broken or self.still_broken)


def compare(
    before: CompositionCounts,
    after: CompositionCounts,
    policy: CompositionPolicy = SEOUL_POLICY,
) -> ChangeEffect:
    """The effect of going from ``before`` to ``after`` on every rule."""
    old = check_composition(before, policy)
    new = check_composition(after, policy)
    newly: list[str] = []
    still: list[str] = []
    repaired: list[str] = []
    for result in new.results:
        previous = old.result(result.code)
        was_ok = previous is None or previous.ok
        if not result.ok and was_ok:
            newly.append(result.code)
        elif not result.ok:
            still.append(result.code)
        elif not was_ok:
            repaired.append(result.code)
    return ChangeEffect(old, new, tuple(newly), tuple(still), tuple(repaired))


def total_counts(parts: Sequence[CompositionCounts]) -> CompositionCounts:
    """The sum of several bodies' counts (e.g. Seoul's 22 district councils: 682 members)."""
    return CompositionCounts(
        civil=sum(p.civil for p in parts),
        council=sum(p.council for p in parts),
        government=sum(p.government for p in parts),
        female=sum(p.female for p in parts),
        male=sum(p.male for p in parts),
        other=sum(p.other for p in parts),
    )
