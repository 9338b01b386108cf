"""The district evaluation: the 60/40 conversion and relative grading into funding tiers.

Seed 004 (2021 regional governance plan): the community innovation plan is evaluated on
indicators in three parts — basic conditions (기본조건), process management (과정관리) and
impact (영향) — 53 indicators worth 105 points, converted to 60 points; the PB-system evaluation
(참여예산제도 평가) adds 40 points, for 100. A district that ran no plan last year is scored on
its PB evaluation alone, converted to 100. Grades are relative by total: the top 7 districts
get 가 (1.1 billion won next year), the next 11 나 (1.0 billion), the last 7 다 (0.9 billion).

The seed has no tie rule, so Maeul writes one down (docs/subsystems/innovation-plans.md and
the evaluation page show it):

1. rank by total score, highest first;
2. a tie is broken by the higher PB-system score (the 40-point part, before any conversion);
3. then by the higher impact part (a district with no plan has no impact part and comes after
   one that has);
4. districts still tied share a rank; when such a group straddles a tier boundary, all of them
   get the higher grade and the next tier shrinks by as many (so the lowest tier is the one
   that finally gives way). The extra funding this costs is reported.

All arithmetic is exact (fractions); a total is rounded half up only to be shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from maeul.engine.innovation.errors import InvalidScores, InvalidTiers
from maeul.engine.scoring.exact import round_half_up

PLAN_POINTS = Fraction(60)
PB_POINTS = Fraction(40)
TOTAL_POINTS = PLAN_POINTS + PB_POINTS
INDICATOR_POINTS = Fraction(105)  # 53 indicators in the 2021 catalogue


@dataclass(frozen=True)
class DistrictScore:
    """One district's evaluation: part scores on the indicator scale (``None`` when the
    district ran no plan last year) and the PB-system score out of 40."""

    district: str
    basic: Fraction | None
    process: Fraction | None
    impact: Fraction | None
    pb: Fraction
    had_plan: bool = True

    @property
    def indicator_total(self) -> Fraction | None:
        if not self.had_plan or self.basic is None or self.process is None:
            return None
        if self.impact is None:
            return None
        return self.basic + self.process + self.impact


@dataclass(frozen=True)
class Tier:
    name: str
    count: int
    amount_won: int


SEOUL_2021_TIERS: tuple[Tier, ...] = (
    Tier("가", 7, 1_100_000_000),
    Tier("나", 11, 1_000_000_000),
    Tier("다", 7, 900_000_000),
)


@dataclass(frozen=True)
class Graded:
    district: str
    plan_score: Fraction | None
    pb_score: Fraction
    total: Fraction
    rank: int
    grade: str
    funding_won: int

    @property
    def total_text(self) -> str:
        return str(round_half_up(self.total, 3))


@dataclass(frozen=True)
class Grading:
    districts: tuple[Graded, ...]
    funding_total_won: int
    nominal_total_won: int
    tier_sizes: tuple[tuple[str, int], ...]

    @property
    def extra_funding_won(self) -> int:
        """What boundary ties cost beyond the tiers' nominal sum (0 without such ties)."""
        return self.funding_total_won - self.nominal_total_won


def plan_score(score: DistrictScore, indicator_points: Fraction = INDICATOR_POINTS) -> Fraction:
    """The indicator total converted to 60 points."""
    total = score.indicator_total
    if total is None:
        raise InvalidScores("had_plan", f"{score.district}: no plan score without a plan")
    return total * PLAN_POINTS / indicator_points


def total_score(score: DistrictScore, indicator_points: Fraction = INDICATOR_POINTS) -> Fraction:
    """Plan score (60) + PB score (40); without last year's plan the PB score scaled to 100."""
    if not score.had_plan:
        return score.pb * TOTAL_POINTS / PB_POINTS
    return plan_score(score, indicator_points) + score.pb


def validate_score(score: DistrictScore, indicator_points: Fraction = INDICATOR_POINTS) -> None:
    """Parts and PB score within their ranges; a district without a plan has no parts."""
    if not 0 <= score.pb <= PB_POINTS:
        raise InvalidScores("pb", f"{score.district}: pb must be between 0 and 40")
    parts = {"basic": score.basic, "process": score.process, "impact": score.impact}
    if not score.had_plan:
        given = [name for name, value in parts.items() if value is not None]
        if given:
            raise InvalidScores(
                given[0], f"{score.district}: had_plan is 0, so {given[0]} must be empty"
            )
        return
    for name, value in parts.items():
        if value is None:
            raise InvalidScores(name, f"{score.district}: {name} is missing")
        if value < 0:
            raise InvalidScores(name, f"{score.district}: {name} must not be negative")
    total = score.indicator_total
    if total is not None and total > indicator_points:
        raise InvalidScores(
            "impact",
            f"{score.district}: basic + process + impact is {total_text(total)}, "
            f"more than {total_text(indicator_points)}",
        )


def total_text(value: Fraction) -> str:
    shown = round_half_up(value, 3)
    return str(shown.normalize()) if shown == shown.to_integral_value() else str(shown)


def _key(score: DistrictScore, total: Fraction) -> tuple[Fraction, Fraction, int, Fraction]:
    impact = score.impact if score.had_plan and score.impact is not None else None
    return (total, score.pb, 0 if impact is None else 1, impact or Fraction(0))


def check_tiers(tiers: Sequence[Tier], districts: int) -> None:
    if not tiers:
        raise InvalidTiers("tiers", "give at least one tier")
    names = [t.name for t in tiers]
    if len(set(names)) != len(names):
        raise InvalidTiers("tiers", "tier names must differ")
    for tier in tiers:
        if tier.count < 0 or tier.amount_won < 0:
            raise InvalidTiers("tiers", f"tier {tier.name}: count and amount must be 0 or more")
    counted = sum(t.count for t in tiers)
    if counted != districts:
        raise InvalidTiers(
            "tiers",
            f"the tiers count {counted} districts but {districts} are graded; "
            "the counts must add up to the number of districts",
        )


def grade(
    scores: Sequence[DistrictScore],
    tiers: Sequence[Tier] = SEOUL_2021_TIERS,
    *,
    indicator_points: Fraction = INDICATOR_POINTS,
) -> Grading:
    """Rank, grade and fund ``scores`` by the tie rule of this module."""
    seen: set[str] = set()
    for score in scores:
        if score.district in seen:
            raise InvalidScores("district", f"{score.district}: listed twice")
        seen.add(score.district)
    for score in scores:
        validate_score(score, indicator_points)
    check_tiers(tiers, len(scores))
    totals = {s.district: total_score(s, indicator_points) for s in scores}
    keyed = sorted(scores, key=lambda s: s.district)
    keyed.sort(key=lambda s: _key(s, totals[s.district]), reverse=True)
    keys = [_key(s, totals[s.district]) for s in keyed]

    ranks: list[int] = []
    for index, key in enumerate(keys):
        ranks.append(ranks[-1] if index and keys[index - 1] == key else index + 1)

    grades: list[Tier] = []
    sizes: list[tuple[str, int]] = []
    begin = 0
    boundary = 0
    for number, tier in enumerate(tiers):
        boundary += tier.count
        if number == len(tiers) - 1:
            end = len(keyed)
        else:
            end = max(begin, boundary)
            # a group still tied across the boundary goes up whole; the next tier shrinks
            while 0 < end < len(keyed) and keys[end] == keys[end - 1]:
                end += 1
        grades.extend([tier] * (end - begin))
        sizes.append((tier.name, end - begin))
        begin = end
    graded = tuple(
        Graded(
            district=s.district,
            plan_score=plan_score(s, indicator_points) if s.had_plan else None,
            pb_score=s.pb,
            total=totals[s.district],
            rank=ranks[i],
            grade=grades[i].name,
            funding_won=grades[i].amount_won,
        )
        for i, s in enumerate(keyed)
    )
    return Grading(
        districts=graded,
        funding_total_won=sum(g.funding_won for g in graded),
        nominal_total_won=sum(t.count * t.amount_won for t in tiers),
        tier_sizes=tuple(sizes),
    )
