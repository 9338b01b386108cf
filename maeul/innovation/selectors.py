"""Read-side questions of the innovation programme: a round's plans with their totals and
rule status, the calendar with what is due, the evaluation's grading (with a what-if), what
changed between two versions of a negotiation text, and the yearly project and consulting
counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from maeul.engine.innovation.grading import DistrictScore, Grading, Tier, grade
from maeul.engine.innovation.textdiff import Segment, changed_words, word_diff
from maeul.innovation.checks import ShownCheck, shown_checks
from maeul.innovation.models import (
    CalendarStep,
    Consultation,
    DistrictResult,
    EvaluationRound,
    Indicator,
    IndicatorScore,
    NegotiationNote,
    Part,
    Plan,
    PlanRound,
    PlanState,
    ProjectRecord,
    Side,
)

PUBLIC_STATES = (PlanState.SUBMITTED, PlanState.RETURNED, PlanState.APPROVED)


def rounds_of(city: Any) -> QuerySet[PlanRound]:
    return PlanRound.objects.filter(municipality=city).order_by("-year")


def plans_with_totals(round_: PlanRound, *, public_only: bool) -> QuerySet[Plan]:
    plans = round_.plans.select_related("municipality", "council")
    if public_only:
        plans = plans.filter(state__in=PUBLIC_STATES)
    return plans.annotate(
        project_count=Count("projects"),
        city_won=Sum("projects__city_subsidy_won"),
        district_won=Sum("projects__district_matching_won"),
    )


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    projects: int
    city_subsidy_won: int
    district_matching_won: int
    base_share: Fraction | None
    checks: list[ShownCheck]

    @property
    def rules_ok(self) -> bool:
        return all(check.ok for check in self.checks)


def summarise(plan: Plan) -> PlanSummary:
    projects = list(plan.projects.all())
    plan_subsidy = sum(p.city_subsidy_won for p in projects if p.kind != "strategy")
    base = sum(p.city_subsidy_won for p in projects if p.kind == "base")
    return PlanSummary(
        plan=plan,
        projects=len(projects),
        city_subsidy_won=sum(p.city_subsidy_won for p in projects),
        district_matching_won=sum(p.district_matching_won for p in projects),
        base_share=Fraction(base * 100, plan_subsidy) if plan_subsidy else None,
        checks=shown_checks(plan, projects),
    )


@dataclass(frozen=True)
class DueStep:
    step: CalendarStep
    state: str  # "done", "now", "coming"
    days_left: int


def calendar(round_: PlanRound, today: dt.date | None = None) -> list[DueStep]:
    day = today or timezone.localdate()
    rows = []
    for step in round_.steps.all():
        if step.ends_on < day:
            state = "done"
        elif step.starts_on <= day:
            state = "now"
        else:
            state = "coming"
        rows.append(DueStep(step, state, (step.ends_on - day).days))
    return rows


# ---- evaluation --------------------------------------------------------------------------


def tiers_of(evaluation: EvaluationRound) -> list[Tier]:
    return [Tier(str(name), int(count), int(amount)) for name, count, amount in evaluation.tiers]


def indicator_points(evaluation: EvaluationRound) -> Fraction:
    total = evaluation.indicators.aggregate(s=Sum("max_points"))["s"] or Decimal(0)
    return Fraction(total)


def part_sums(evaluation: EvaluationRound) -> dict[int, dict[str, Fraction]]:
    """Per result id, the points of each part."""
    sums: dict[int, dict[str, Fraction]] = {}
    rows = (
        IndicatorScore.objects.filter(result__evaluation=evaluation)
        .values("result_id", "indicator__part")
        .annotate(points=Sum("points"))
    )
    for row in rows:
        parts = sums.setdefault(row["result_id"], {})
        parts[row["indicator__part"]] = Fraction(row["points"])
    return sums


def district_scores(
    evaluation: EvaluationRound,
    overrides: Mapping[tuple[int, str], Fraction] | None = None,
) -> tuple[list[DistrictScore], dict[str, DistrictResult]]:
    """The engine's input; ``overrides`` replaces (result id, part or "pb") for a what-if."""
    sums = part_sums(evaluation)
    changes = dict(overrides or {})
    scores = []
    by_name: dict[str, DistrictResult] = {}
    for result in evaluation.results.select_related("municipality"):
        name = result.municipality.name
        by_name[name] = result
        parts = sums.get(result.pk, {})

        def part(key: str, result_id: int = result.pk, given: dict[str, Fraction] = parts) -> Any:
            return changes.get((result_id, key), given.get(key, Fraction(0)))

        pb = changes.get((result.pk, "pb"), Fraction(result.pb_score))
        scores.append(
            DistrictScore(
                district=name,
                basic=part(Part.BASIC) if result.had_plan else None,
                process=part(Part.PROCESS) if result.had_plan else None,
                impact=part(Part.IMPACT) if result.had_plan else None,
                pb=pb,
                had_plan=result.had_plan,
            )
        )
    return scores, by_name


def grading_of(
    evaluation: EvaluationRound, overrides: Mapping[tuple[int, str], Fraction] | None = None
) -> Grading:
    scores, _ = district_scores(evaluation, overrides)
    points = indicator_points(evaluation) or Fraction(105)
    return grade(scores, tiers_of(evaluation), indicator_points=points)


def indicators_by_part(evaluation: EvaluationRound) -> dict[str, list[Indicator]]:
    found: dict[str, list[Indicator]] = {p: [] for p in Part.values}
    for indicator in evaluation.indicators.all():
        found[indicator.part].append(indicator)
    return found


# ---- negotiation versions ----------------------------------------------------------------


@dataclass(frozen=True)
class NoteDiff:
    side: str
    side_label: str
    old: Any
    new: Any
    segments: list[Segment]
    removed_words: int
    added_words: int


def note_versions(plan: Plan) -> dict[str, list[NegotiationNote]]:
    """Each side's notes in version order (the city's opinions, the district's answers)."""
    versions: dict[str, list[NegotiationNote]] = {side: [] for side in Side.values}
    for note in plan.notes.order_by("version"):
        versions[note.side].append(note)
    return versions


def note_diff(
    versions: Mapping[str, list[NegotiationNote]], side: str, old: int, new: int
) -> NoteDiff | None:
    """What changed on ``side`` from version ``old`` to version ``new`` (None when either
    version does not exist)."""
    notes = {n.version: n for n in versions.get(side, [])}
    if old not in notes or new not in notes or old == new:
        return None
    segments = word_diff(notes[old].text, notes[new].text)
    removed, added = changed_words(segments)
    return NoteDiff(
        side=side,
        side_label=str(Side(side).label),
        old=notes[old],
        new=notes[new],
        segments=segments,
        removed_words=removed,
        added_words=added,
    )


def latest_diffs(versions: Mapping[str, list[NegotiationNote]]) -> list[NoteDiff]:
    """For each side with two versions or more, what its latest version changed."""
    found = []
    for side, notes in versions.items():
        if len(notes) >= 2:
            diff = note_diff(versions, side, notes[-2].version, notes[-1].version)
            if diff is not None:
                found.append(diff)
    return found


# ---- yearly project records and consulting ---------------------------------------------


def project_record_years(city: Any) -> list[dict[str, Any]]:
    """Per year: how many projects the city's districts carried out (the city's project
    database) and in how many districts, oldest year first."""
    rows = (
        ProjectRecord.objects.filter(municipality__parent=city)
        .values("year")
        .annotate(projects=Count("pk"), districts=Count("municipality", distinct=True))
        .order_by("year")
    )
    illustrative = set(
        ProjectRecord.objects.filter(municipality__parent=city, illustrative=True)
        .values_list("year", flat=True)
        .distinct()
    )
    return [{**row, "illustrative": row["year"] in illustrative} for row in rows]


def consultation_totals(city: Any) -> list[dict[str, Any]]:
    """Per year and kind: sessions, officials and civil participants over the districts."""
    rows: Any = (
        Consultation.objects.filter(municipality__parent=city)
        .values("year", "kind")
        .annotate(
            sessions=Count("pk"),
            districts=Count("municipality", distinct=True),
            officials=Sum("officials"),
            civil=Sum("civil"),
        )
        .order_by("-year", "kind")
    )
    return [dict(row) for row in rows]
