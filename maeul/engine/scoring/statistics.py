"""Deliberation statistics (숙의공론 통계): attendance rates, attended counts, hours, meetings.

The city's table (SPEC §6) has, per district, the attendance rate overall, for government
(행정) and for civil (민간) participants, the attended counts, the hours, the meetings and the
hours per meeting, then a total row and a mean row. The rules reproduced here:

* attendance rate = attended / invited, pooled over the sessions (Σ attended / Σ invited); it
  may exceed 100% because people who were not invited walk in;
* a session always splits attendance by sector, but may report invitations only as a total
  (open forums); the sector rates pool only the sessions that split their invitations, the
  overall rate pools every session;
* the total row sums counts, hours and meetings and shows no rates;
* the mean row is the unweighted mean over districts of every column — rates included (the
  city averages the districts' rates, it does not pool them) — with counts, hours and
  meetings shown as whole numbers and rates and hours per meeting with one decimal.

Everything is exact (:class:`~fractions.Fraction`); rounding happens once, half up, when a
figure is shown (:mod:`maeul.engine.scoring.exact`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from maeul.engine.scoring.errors import InvalidCounts
from maeul.engine.scoring.exact import percent, round_half_up

TOTAL = "TOTAL"
MEAN = "MEAN"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a session's figures, naming the field."""

    field: str
    code: str
    message: str


@dataclass(frozen=True)
class SessionFigures:
    """The numbers of one session as the city's sheet records them."""

    minutes: int
    attended_government: int
    attended_civil: int
    invited_total: int
    invited_government: int | None = None
    invited_civil: int | None = None

    @property
    def attended_total(self) -> int:
        return self.attended_government + self.attended_civil

    @property
    def split(self) -> bool:
        return self.invited_government is not None and self.invited_civil is not None


def session_problems(figures: SessionFigures) -> list[Problem]:
    """Everything wrong with one session's figures (empty when they are usable)."""
    problems: list[Problem] = []
    numbers = {
        "minutes": figures.minutes,
        "attended_government": figures.attended_government,
        "attended_civil": figures.attended_civil,
        "invited_total": figures.invited_total,
        "invited_government": figures.invited_government,
        "invited_civil": figures.invited_civil,
    }
    for field, value in numbers.items():
        if value is not None and value < 0:
            problems.append(Problem(field, "negative", f"{field} must not be negative"))
    if problems:
        return problems
    if figures.minutes == 0:
        problems.append(Problem("minutes", "no_duration", "a session lasts longer than zero"))
    if (figures.invited_government is None) != (figures.invited_civil is None):
        field = "invited_civil" if figures.invited_civil is None else "invited_government"
        problems.append(
            Problem(field, "half_split", "give invitations for both sectors or for neither")
        )
        return problems
    if figures.attended_total > 0 and figures.invited_total == 0:
        problems.append(
            Problem(
                "invited_total",
                "attended_without_invited",
                f"{figures.attended_total} attended but nobody was invited",
            )
        )
    if figures.split:
        assert figures.invited_government is not None and figures.invited_civil is not None
        for sector, attended, invited in (
            ("government", figures.attended_government, figures.invited_government),
            ("civil", figures.attended_civil, figures.invited_civil),
        ):
            if attended > 0 and invited == 0:
                problems.append(
                    Problem(
                        f"invited_{sector}",
                        "attended_without_invited",
                        f"{attended} {sector} participants attended but none was invited",
                    )
                )
        if figures.invited_government + figures.invited_civil > figures.invited_total:
            problems.append(
                Problem(
                    "invited_total",
                    "split_exceeds_total",
                    "invitations by sector add up to more than the total invited",
                )
            )
    return problems


@dataclass(frozen=True)
class Aggregate:
    """Sums over a district's sessions; rates and ratios are derived exactly."""

    meetings: int = 0
    minutes: int = 0
    attended_government: int = 0
    attended_civil: int = 0
    invited_total: int = 0
    split_attended_government: int = 0
    split_attended_civil: int = 0
    split_invited_government: int = 0
    split_invited_civil: int = 0

    @property
    def attended_total(self) -> int:
        return self.attended_government + self.attended_civil

    @property
    def hours(self) -> Fraction:
        return Fraction(self.minutes, 60)

    @property
    def rate_all(self) -> Fraction | None:
        return percent(self.attended_total, self.invited_total)

    @property
    def rate_government(self) -> Fraction | None:
        return percent(self.split_attended_government, self.split_invited_government)

    @property
    def rate_civil(self) -> Fraction | None:
        return percent(self.split_attended_civil, self.split_invited_civil)

    @property
    def hours_per_meeting(self) -> Fraction | None:
        return None if self.meetings == 0 else self.hours / self.meetings

    def add(self, figures: SessionFigures) -> Aggregate:
        problems = session_problems(figures)
        if problems:
            first = problems[0]
            raise InvalidCounts(first.code, first.message, field=first.field)
        split = figures.split
        return Aggregate(
            meetings=self.meetings + 1,
            minutes=self.minutes + figures.minutes,
            attended_government=self.attended_government + figures.attended_government,
            attended_civil=self.attended_civil + figures.attended_civil,
            invited_total=self.invited_total + figures.invited_total,
            split_attended_government=self.split_attended_government
            + (figures.attended_government if split else 0),
            split_attended_civil=self.split_attended_civil
            + (figures.attended_civil if split else 0),
            split_invited_government=self.split_invited_government
            + (figures.invited_government or 0),
            split_invited_civil=self.split_invited_civil + (figures.invited_civil or 0),
        )


def aggregate(sessions: Iterable[SessionFigures]) -> Aggregate:
    total = Aggregate()
    for figures in sessions:
        total = total.add(figures)
    return total


@dataclass(frozen=True)
class ExactRow:
    """One row of the table before rounding (None where the table shows "–")."""

    label: str
    rate_all: Fraction | None
    rate_government: Fraction | None
    rate_civil: Fraction | None
    attended_total: Fraction
    attended_government: Fraction
    attended_civil: Fraction
    hours: Fraction
    meetings: Fraction
    hours_per_meeting: Fraction | None


@dataclass(frozen=True)
class ShownRow:
    """One row as published: rates and hours per meeting one decimal; the mean row's counts,
    hours and meetings whole numbers; district and total hours one decimal."""

    label: str
    rate_all: Decimal | None
    rate_government: Decimal | None
    rate_civil: Decimal | None
    attended_total: Decimal
    attended_government: Decimal
    attended_civil: Decimal
    hours: Decimal
    meetings: Decimal
    hours_per_meeting: Decimal | None


@dataclass(frozen=True)
class StatsTable:
    rows: tuple[ExactRow, ...]
    total: ExactRow
    mean: ExactRow | None

    def shown(self) -> list[ShownRow]:
        """Districts, then TOTAL, then MEAN (absent when there are no districts)."""
        out = [show(row) for row in self.rows] + [show(self.total)]
        if self.mean is not None:
            out.append(show(self.mean, whole_counts=True))
        return out


def _row(label: str, agg: Aggregate) -> ExactRow:
    return ExactRow(
        label=label,
        rate_all=agg.rate_all,
        rate_government=agg.rate_government,
        rate_civil=agg.rate_civil,
        attended_total=Fraction(agg.attended_total),
        attended_government=Fraction(agg.attended_government),
        attended_civil=Fraction(agg.attended_civil),
        hours=agg.hours,
        meetings=Fraction(agg.meetings),
        hours_per_meeting=agg.hours_per_meeting,
    )


def _mean(values: list[Fraction | None]) -> Fraction | None:
    present = [v for v in values if v is not None]
    return sum(present, Fraction(0)) / len(present) if present else None


def summarise(by_district: Mapping[str, Aggregate]) -> StatsTable:
    """The table: one row per district (in the mapping's order), the total and the mean."""
    rows = tuple(_row(label, agg) for label, agg in by_district.items())
    total = ExactRow(
        label=TOTAL,
        rate_all=None,
        rate_government=None,
        rate_civil=None,
        attended_total=sum((r.attended_total for r in rows), Fraction(0)),
        attended_government=sum((r.attended_government for r in rows), Fraction(0)),
        attended_civil=sum((r.attended_civil for r in rows), Fraction(0)),
        hours=sum((r.hours for r in rows), Fraction(0)),
        meetings=sum((r.meetings for r in rows), Fraction(0)),
        hours_per_meeting=None,
    )
    if not rows:
        return StatsTable(rows, total, None)
    n = len(rows)
    mean = ExactRow(
        label=MEAN,
        rate_all=_mean([r.rate_all for r in rows]),
        rate_government=_mean([r.rate_government for r in rows]),
        rate_civil=_mean([r.rate_civil for r in rows]),
        attended_total=total.attended_total / n,
        attended_government=total.attended_government / n,
        attended_civil=total.attended_civil / n,
        hours=total.hours / n,
        meetings=total.meetings / n,
        hours_per_meeting=_mean([r.hours_per_meeting for r in rows]),
    )
    return StatsTable(rows, total, mean)


def _opt(value: Fraction | None, places: int) -> Decimal | None:
    return None if value is None else round_half_up(value, places)


def show(row: ExactRow, *, whole_counts: bool = False) -> ShownRow:
    """Round ``row`` as the city publishes it."""
    hours_places = 0 if whole_counts else 1
    return ShownRow(
        label=row.label,
        rate_all=_opt(row.rate_all, 1),
        rate_government=_opt(row.rate_government, 1),
        rate_civil=_opt(row.rate_civil, 1),
        attended_total=round_half_up(row.attended_total, 0),
        attended_government=round_half_up(row.attended_government, 0),
        attended_civil=round_half_up(row.attended_civil, 0),
        hours=round_half_up(row.hours, hours_places),
        meetings=round_half_up(row.meetings, 0),
        hours_per_meeting=_opt(row.hours_per_meeting, 1),
    )
