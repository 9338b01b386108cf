"""Pre-check of an outside grant programme before a department applies (공모사업 응모 적정성
검토): indicators and their weights are data, the score is exact.

Geumcheon-gu reviews each application against "공모사업 응모 적정성 검토지표" and a cost
estimate (비용추계서) before it is sent (seed 002). The seed names the practice, not the
indicators, so ``GEUMCHEON_POLICY`` is an illustrative set in the seed's terms; a
municipality's own indicators are another ``PrecheckPolicy``.

Each indicator is scored by the reviewer on its own scale (0..``maximum``) and contributes
``score / maximum * weight`` points; the weights add up to 100, so the total is out of 100.
Everything is a :class:`~fractions.Fraction` until it is shown (two decimals, half up), so a
total exactly on the threshold passes and one a hair below does not — no float decides it.
A total below the threshold is "not recommended", with the reason (total against the
threshold, and the weakest indicators) in Korean and English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from maeul.engine.scoring.errors import ScoringError
from maeul.engine.scoring.exact import plain_text, round_half_up


class InvalidPrecheck(ScoringError):
    """Scores that do not fit the indicators: missing, unknown, negative, over the maximum
    or not whole numbers; or a policy whose weights do not add up to 100."""


@dataclass(frozen=True)
class Indicator:
    code: str
    label_ko: str
    label_en: str
    maximum: int
    weight: Fraction

    def as_data(self) -> dict[str, object]:
        """JSON-safe form, kept with each application so a later change of the indicators
        does not change how a past application was scored."""
        return {
            "code": self.code,
            "label_ko": self.label_ko,
            "label_en": self.label_en,
            "maximum": self.maximum,
            "weight": str(self.weight),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Indicator:
        return cls(
            code=str(data["code"]),
            label_ko=str(data["label_ko"]),
            label_en=str(data["label_en"]),
            maximum=int(str(data["maximum"])),
            weight=Fraction(str(data["weight"])),
        )


@dataclass(frozen=True)
class PrecheckPolicy:
    indicators: tuple[Indicator, ...]
    threshold: Fraction

    def __post_init__(self) -> None:
        codes = [i.code for i in self.indicators]
        if not codes or len(set(codes)) != len(codes):
            raise InvalidPrecheck("indicators", "Indicators need distinct codes.")
        if sum((i.weight for i in self.indicators), Fraction(0)) != 100:
            raise InvalidPrecheck("weights", "The indicator weights must add up to 100.")
        if any(i.maximum <= 0 or i.weight <= 0 for i in self.indicators):
            raise InvalidPrecheck(
                "indicators", "Every indicator needs a positive scale and weight."
            )
        if not 0 <= self.threshold <= 100:
            raise InvalidPrecheck("threshold", "The threshold lies between 0 and 100.")

    def as_data(self) -> dict[str, object]:
        return {
            "indicators": [i.as_data() for i in self.indicators],
            "threshold": str(self.threshold),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> PrecheckPolicy:
        rows = data["indicators"]
        assert isinstance(rows, Sequence)
        return cls(
            indicators=tuple(Indicator.from_data(r) for r in rows),
            threshold=Fraction(str(data["threshold"])),
        )


GEUMCHEON_POLICY = PrecheckPolicy(
    indicators=(
        Indicator("fit", "구정 목표 부합성", "Fit with the district's goals", 5, Fraction(25)),
        Indicator("feasibility", "추진 가능성", "Feasibility and readiness", 5, Fraction(20)),
        Indicator("matching", "지방비 부담 적정성", "Matching-fund burden", 5, Fraction(20)),
        Indicator("upkeep", "사후 관리 부담", "Upkeep after the grant ends", 5, Fraction(15)),
        Indicator("benefit", "주민 체감 효과", "Benefit residents feel", 5, Fraction(20)),
    ),
    threshold=Fraction(60),
)
"""Five indicators on a 0–5 scale, weights 25/20/20/15/20, threshold 60 of 100
(illustrative: the seed names the checklist, not its contents)."""


@dataclass(frozen=True)
class Reason:
    code: str
    ko: str
    en: str


@dataclass(frozen=True)
class PrecheckResult:
    total: Fraction
    threshold: Fraction
    recommended: bool
    points: tuple[tuple[str, Fraction], ...]
    reasons: tuple[Reason, ...]

    @property
    def total_shown(self) -> Decimal:
        """The total as stored and shown: two decimals, half up."""
        return round_half_up(self.total, 2)


def _whole(value: object, code: str) -> int:
    if isinstance(value, bool):
        raise InvalidPrecheck("score", f"{code}: a whole number is required.", field=code)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text.lstrip("-").isdigit():
        raise InvalidPrecheck("score", f"{code}: a whole number is required.", field=code)
    return int(text)


def score(policy: PrecheckPolicy, scores: Mapping[str, object]) -> PrecheckResult:
    """The weighted total of ``scores`` (indicator code -> whole number on its scale) and the
    recommendation. Raises ``InvalidPrecheck`` naming the first indicator at fault."""
    known = {i.code for i in policy.indicators}
    unknown = sorted(set(scores) - known)
    if unknown:
        raise InvalidPrecheck("unknown", f"Unknown indicator {unknown[0]}.", field=unknown[0])
    points: list[tuple[str, Fraction]] = []
    shares: list[tuple[Fraction, Indicator]] = []
    for indicator in policy.indicators:
        if indicator.code not in scores or str(scores[indicator.code]).strip() == "":
            raise InvalidPrecheck(
                "missing", f"{indicator.code}: a score is required.", field=indicator.code
            )
        given = _whole(scores[indicator.code], indicator.code)
        if not 0 <= given <= indicator.maximum:
            raise InvalidPrecheck(
                "range",
                f"{indicator.code}: the score lies between 0 and {indicator.maximum}.",
                field=indicator.code,
            )
        share = Fraction(given, indicator.maximum)
        points.append((indicator.code, share * indicator.weight))
        shares.append((share, indicator))
    total = sum((p for _, p in points), Fraction(0))
    recommended = total >= policy.threshold
    reasons: list[Reason] = []
    if not recommended:
        lowest = min(s for s, _ in shares)
        weakest = [i for s, i in shares if s == lowest]
        names_ko = ", ".join(i.label_ko for i in weakest)
        names_en = ", ".join(i.label_en for i in weakest)
        shown, bar = plain_text(total, 2), plain_text(policy.threshold, 2)
        reasons.append(
            Reason(
                "below_threshold",
                f"검토 점수 {shown}점이 기준 {bar}점에 못 미칩니다(가장 낮은 지표: {names_ko}).",
                f"The pre-check score {shown} is below the threshold of {bar} "
                f"(weakest: {names_en}).",
            )
        )
    return PrecheckResult(total, policy.threshold, recommended, tuple(points), tuple(reasons))
