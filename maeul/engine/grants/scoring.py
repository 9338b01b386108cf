"""Review scores, selection within the budget and the grantee cap, grades, and the innovation
contest's two rounds.

Scores are exact fractions. The total of an application is the city's quantitative score
(0–100) plus the panel's qualitative score (0–100, the mean of the reviewers who scored it;
a reviewer who declared a conflict of interest is not among them) plus its bonuses (points per
tag, e.g. climate-action work). Ranking sorts by total, then by the call's written tie rule,
a list of keys tried in order; the application id is always the last key so the order is
total. Selection walks the ranking: an application is selected while the grantee cap is not
reached and its amount fits what is left of the budget; one that does not fit ends the
selection (``stop``, the strict rank order) or is passed over for the next (``skip``), as the
call says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .errors import InvalidGrantInput

TIE_KEYS = ("qualitative", "quantitative", "bonus", "lower_request", "id")
"""Keys a call's tie rule may list: higher qualitative, higher quantitative, higher bonus,
lower requested amount, application id (ascending; always appended last)."""

TIE_TEXT: dict[str, tuple[str, str]] = {
    "qualitative": ("정성평가 점수가 높은 순", "higher qualitative score"),
    "quantitative": ("정량평가 점수가 높은 순", "higher quantitative score"),
    "bonus": ("가점이 높은 순", "higher bonus"),
    "lower_request": ("신청액이 적은 순", "lower requested amount"),
    "id": ("접수 번호 순", "earlier application number"),
}

MISFITS = ("stop", "skip")


def _bad(en: str, ko: str, where: str) -> InvalidGrantInput:
    return InvalidGrantInput("invalid_input", f"{where}: {en}", f"{where}: {ko}", field=where)


def check_score(value: Fraction | int, where: str, *, top: int = 100) -> Fraction:
    """A score between 0 and ``top``; anything else is refused, never clipped."""
    if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
        raise _bad("must be a number", "숫자여야 합니다", where)
    if not 0 <= value <= top:
        raise _bad(f"must be between 0 and {top}", f"0에서 {top} 사이여야 합니다", where)
    return Fraction(value)


def check_tie_rule(keys: Sequence[str]) -> tuple[str, ...]:
    for key in keys:
        if key not in TIE_KEYS:
            raise _bad(
                f"unknown tie-break key {key!r}; allowed: {', '.join(TIE_KEYS)}",
                f"알 수 없는 동점 처리 기준 {key!r}; 허용: {', '.join(TIE_KEYS)}",
                "tie_rule",
            )
    if len(set(keys)) != len(keys):
        raise _bad("a key is listed twice", "같은 기준이 두 번 있습니다", "tie_rule")
    return tuple(k for k in keys if k != "id") + ("id",)


def tie_rule_text(keys: Sequence[str], language: str = "en") -> str:
    """The written tie rule as shown on the result page."""
    index = 0 if language.startswith("ko") else 1
    return ", ".join(TIE_TEXT[k][index] for k in check_tie_rule(keys))


def mean(values: Sequence[Fraction | int]) -> Fraction | None:
    return Fraction(sum(values, Fraction(0))) / len(values) if values else None


def bonus_points(tags: Sequence[str], bonuses: Mapping[str, int]) -> int:
    """Points of the call's bonus tags the application carries, each counted once."""
    return sum(points for tag, points in bonuses.items() if tag in set(tags))


@dataclass(frozen=True, slots=True)
class Candidate:
    """An eligible application with its scores, ready to rank."""

    id: str
    requested_won: int
    quantitative: Fraction
    reviewer_scores: tuple[Fraction, ...]
    bonus: Fraction = Fraction(0)

    @property
    def qualitative(self) -> Fraction:
        return mean(self.reviewer_scores) or Fraction(0)

    @property
    def total(self) -> Fraction:
        return self.quantitative + self.qualitative + self.bonus


def candidate(
    id: str,
    requested_won: int,
    quantitative: Fraction | int,
    reviewer_scores: Sequence[Fraction | int],
    bonus: Fraction | int = 0,
    *,
    max_reviewers: int = 7,
) -> Candidate:
    """A checked candidate: scores within 0–100, at most ``max_reviewers`` scores (SPEC: a
    joint panel of at most 7)."""
    if len(reviewer_scores) > max_reviewers:
        raise _bad(
            f"at most {max_reviewers} reviewer scores",
            f"심사위원 점수는 최대 {max_reviewers}개입니다",
            f"{id}.reviewer_scores",
        )
    return Candidate(
        id=id,
        requested_won=requested_won,
        quantitative=check_score(quantitative, f"{id}.quantitative"),
        reviewer_scores=tuple(
            check_score(s, f"{id}.reviewer_scores[{i}]") for i, s in enumerate(reviewer_scores)
        ),
        bonus=check_score(bonus, f"{id}.bonus", top=100),
    )


def _sort_key(c: Candidate, keys: tuple[str, ...]) -> tuple[Any, ...]:
    parts: list[Any] = [-c.total]
    for key in keys:
        if key == "qualitative":
            parts.append(-c.qualitative)
        elif key == "quantitative":
            parts.append(-c.quantitative)
        elif key == "bonus":
            parts.append(-c.bonus)
        elif key == "lower_request":
            parts.append(c.requested_won)
        else:
            parts.append(_id_key(c.id))
    return tuple(parts)


def _id_key(value: str) -> tuple[int, int, str]:
    """Numeric ids in numeric order (2 before 10), then texts."""
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    rank: int
    total: Fraction
    selected: bool
    note: str
    """``selected``, ``over_budget``, ``grantee_cap`` or ``after_stop``."""


@dataclass(frozen=True, slots=True)
class Selection:
    decisions: tuple[Decision, ...]
    budget_won: int
    spent_won: int
    tie_rule: tuple[str, ...] = field(default=("id",))

    @property
    def selected_ids(self) -> list[str]:
        return [d.id for d in self.decisions if d.selected]


def rank(candidates: Sequence[Candidate], tie_rule: Sequence[str] = ()) -> list[Candidate]:
    keys = check_tie_rule(tie_rule)
    return sorted(candidates, key=lambda c: _sort_key(c, keys))


def select(
    candidates: Sequence[Candidate],
    *,
    budget_won: int,
    max_grantees: int,
    tie_rule: Sequence[str] = (),
    on_misfit: str = "stop",
) -> Selection:
    """Grantees in rank order within the budget and the cap; every candidate gets a decision."""
    if on_misfit not in MISFITS:
        raise _bad(
            f"must be one of {', '.join(MISFITS)}", f"{', '.join(MISFITS)} 중 하나", "on_misfit"
        )
    if len({c.id for c in candidates}) != len(candidates):
        raise _bad("an application appears twice", "같은 신청이 두 번 있습니다", "candidates")
    keys = check_tie_rule(tie_rule)
    left = budget_won
    count = 0
    stopped = False
    decisions = []
    for position, c in enumerate(rank(candidates, keys), start=1):
        if stopped:
            note = "after_stop"
        elif count >= max_grantees:
            note = "grantee_cap"
        elif c.requested_won > left:
            note = "over_budget"
            stopped = on_misfit == "stop"
        else:
            note = "selected"
            left -= c.requested_won
            count += 1
        decisions.append(Decision(c.id, position, c.total, note == "selected", note))
    return Selection(tuple(decisions), budget_won, budget_won - left, keys)


@dataclass(frozen=True, slots=True)
class GradeBand:
    """A grade and the lowest total that earns it (가 ≥ 90, 나 ≥ 80 ...)."""

    grade: str
    min_total: Fraction


def grade_bands(raw: Sequence[tuple[str, Fraction | int]]) -> tuple[GradeBand, ...]:
    """Bands from the highest threshold down; the lowest band should start at 0 so every
    total gets a grade (a total below every band gets none, and the page says so)."""
    bands = [GradeBand(str(g), Fraction(m)) for g, m in raw]
    if len({b.grade for b in bands}) != len(bands):
        raise _bad("a grade is listed twice", "같은 등급이 두 번 있습니다", "grade_bands")
    return tuple(sorted(bands, key=lambda b: -b.min_total))


def grade_for(total: Fraction | int, bands: Sequence[GradeBand]) -> str:
    for band in sorted(bands, key=lambda b: -b.min_total):
        if total >= band.min_total:
            return band.grade
    return ""


# ---- The innovation contest (Geumcheon-gu 혁신 공모전) ------------------------------------


@dataclass(frozen=True, slots=True)
class ContestFormula:
    """Round 1 score = review_weight × written review (0–100) + vote_weight × vote score, where
    the vote score is the entry's votes ÷ the most votes any entry got × 100 (0 when nobody
    voted). Weights are fractions summing to 1; the top ``advance`` entries go to round 2. Ties
    at the boundary: higher review score, then more votes; entries still level with the last
    place all advance (no lot decides who presents), which the result page states."""

    review_weight: Fraction = Fraction(1, 2)
    vote_weight: Fraction = Fraction(1, 2)
    advance: int = 10

    def __post_init__(self) -> None:
        if self.review_weight < 0 or self.vote_weight < 0:
            raise _bad("weights must not be negative", "가중치는 음수일 수 없습니다", "formula")
        if self.review_weight + self.vote_weight != 1:
            raise _bad("weights must add up to 1", "가중치의 합은 1이어야 합니다", "formula")
        if self.advance < 1:
            raise _bad("at least one entry advances", "1개 이상 진출해야 합니다", "formula")

    def text(self, language: str = "en") -> str:
        r, v = _pct(self.review_weight), _pct(self.vote_weight)
        if language.startswith("ko"):
            return (
                f"1차 점수 = 서면심사 점수 × {r}% + 온라인 투표 점수 × {v}% "
                f"(투표 점수 = 득표 ÷ 최다 득표 × 100); 상위 {self.advance}개 진출, "
                "동점은 서면심사 점수, 득표 순이며 그래도 같으면 모두 진출"
            )
        return (
            f"Round 1 = written review × {r}% + online vote score × {v}% "
            f"(vote score = votes ÷ most votes × 100); the top {self.advance} advance; ties by "
            "review score, then votes; entries still level with the last place all advance"
        )


def _pct(value: Fraction) -> str:
    shown = value * 100
    return str(shown.numerator) if shown.denominator == 1 else f"{float(shown):.2f}"


@dataclass(frozen=True, slots=True)
class RoundOneRow:
    id: str
    review: Fraction
    votes: int
    vote_score: Fraction
    score: Fraction
    rank: int
    advances: bool


def round_one(
    entries: Sequence[tuple[str, Fraction | int, int]], formula: ContestFormula
) -> list[RoundOneRow]:
    """``entries``: (id, written review score 0–100, votes). Rows in rank order; rank is
    shared by entries level on every key (score, review, votes)."""
    checked = []
    for entry_id, review, votes in entries:
        if isinstance(votes, bool) or not isinstance(votes, int) or votes < 0:
            raise _bad(
                "votes must be a whole number, zero or more", "득표는 0 이상의 정수", entry_id
            )
        checked.append((entry_id, check_score(review, f"{entry_id}.review"), votes))
    if len({e[0] for e in checked}) != len(checked):
        raise _bad("an entry appears twice", "같은 응모작이 두 번 있습니다", "entries")
    most = max((v for _, _, v in checked), default=0)
    scored = []
    for entry_id, review, votes in checked:
        vote_score = Fraction(votes * 100, most) if most else Fraction(0)
        score = formula.review_weight * review + formula.vote_weight * vote_score
        scored.append((entry_id, review, votes, vote_score, score))
    scored.sort(key=lambda s: (-s[4], -s[1], -s[2], _id_key(s[0])))
    rows: list[RoundOneRow] = []
    for position, (entry_id, review, votes, vote_score, score) in enumerate(scored, start=1):
        level = rows and (rows[-1].score, rows[-1].review, rows[-1].votes) == (score, review, votes)
        shown_rank = rows[-1].rank if level else position
        rows.append(RoundOneRow(entry_id, review, votes, vote_score, score, shown_rank, False))
    # an entry advances when its shared rank is within the quota
    return [
        RoundOneRow(
            r.id, r.review, r.votes, r.vote_score, r.score, r.rank, r.rank <= formula.advance
        )
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class FinalRow:
    id: str
    judge_scores: tuple[Fraction, ...]
    score: Fraction
    rank: int
    reward: str


def round_two(
    entries: Sequence[tuple[str, Sequence[Fraction | int]]],
    rewards: Sequence[str] = (),
    round_one_scores: Mapping[str, Fraction] | None = None,
) -> list[FinalRow]:
    """Final ranking by the mean of the judges' presentation scores (0–100); ties by the
    round-1 score, then share the rank (and the reward of that place). ``rewards[i]`` is the
    reward of rank i+1."""
    first = round_one_scores or {}
    rows = []
    for entry_id, scores in entries:
        checked = tuple(
            check_score(s, f"{entry_id}.judge_scores[{i}]") for i, s in enumerate(scores)
        )
        if not checked:
            raise _bad(
                "needs at least one judge's score", "심사 점수가 1개 이상 필요합니다", entry_id
            )
        rows.append(
            (entry_id, checked, mean(checked) or Fraction(0), first.get(entry_id, Fraction(0)))
        )
    rows.sort(key=lambda r: (-r[2], -r[3], _id_key(r[0])))
    result: list[FinalRow] = []
    previous: tuple[Fraction, Fraction] | None = None
    for position, (entry_id, scores, score, one) in enumerate(rows, start=1):
        shown = result[-1].rank if previous == (score, one) else position
        reward = rewards[shown - 1] if shown <= len(rewards) else ""
        result.append(FinalRow(entry_id, scores, score, shown, reward))
        previous = (score, one)
    return result
