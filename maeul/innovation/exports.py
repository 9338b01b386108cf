"""The registered exports ``innovation-plans`` and ``district-evaluation`` (columns fixed by
issue 16): every submitted plan with its money and rule status, and every published grading;
``innovation-consulting`` (the consulting and training sessions per district, year and kind)
and ``innovation-project-records`` (the projects each district carried out per year)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from maeul.engine.scoring.exact import round_half_up
from maeul.exports.columns import (
    BOOLEAN,
    DECIMAL,
    INTEGER,
    MUNICIPALITY,
    PERCENT,
    TEXT,
    WON,
    Column,
)
from maeul.exports.registry import ExportTable, register
from maeul.innovation.models import (
    Consultation,
    EvaluationRound,
    EvaluationState,
    Plan,
    ProjectRecord,
)
from maeul.innovation.selectors import PUBLIC_STATES, grading_of, summarise

YEAR = Column("year", INTEGER, "연도", "Year", "year")


def _within(queryset: Any, municipality: Any, field: str) -> Any:
    if municipality is None:
        return queryset
    return queryset.filter(**{f"{field}__path__startswith": municipality.path})


def _plan_rows(municipality: Any) -> Iterator[list[Any]]:
    plans = Plan.objects.filter(state__in=PUBLIC_STATES).select_related("round", "municipality")
    for plan in _within(plans, municipality, "municipality").order_by(
        "round__year", "municipality__sort_order"
    ):
        summary = summarise(plan)
        share = summary.base_share
        yield [
            plan.municipality.name,
            plan.round.year,
            summary.projects,
            summary.city_subsidy_won,
            summary.district_matching_won,
            None if share is None else round_half_up(share, 1),
            summary.rules_ok,
        ]


def _consulting_rows(municipality: Any) -> Iterator[list[Any]]:
    sessions = _within(Consultation.objects.all(), municipality, "municipality")
    grouped = (
        sessions.values("municipality__name", "municipality__sort_order", "year", "kind")
        .annotate(sessions=Count("pk"), officials=Sum("officials"), civil=Sum("civil"))
        .order_by("year", "municipality__sort_order", "municipality__name", "kind")
    )
    for row in grouped:
        yield [
            row["municipality__name"],
            row["year"],
            row["kind"],
            row["sessions"],
            row["officials"],
            row["civil"],
        ]


def _record_rows(municipality: Any) -> Iterator[list[Any]]:
    records = _within(ProjectRecord.objects.all(), municipality, "municipality")
    grouped = (
        records.values("municipality__name", "municipality__sort_order", "year")
        .annotate(projects=Count("pk"))
        .order_by("year", "municipality__sort_order", "municipality__name")
    )
    for row in grouped:
        yield [row["municipality__name"], row["year"], row["projects"]]


def _evaluation_rows(municipality: Any) -> Iterator[list[Any]]:
    rounds = EvaluationRound.objects.filter(state=EvaluationState.PUBLISHED).order_by("year")
    for evaluation in rounds:
        names = set()
        if municipality is not None:
            names = set(
                evaluation.results.filter(
                    municipality__path__startswith=municipality.path
                ).values_list("municipality__name", flat=True)
            )
            if not names:
                continue
        for g in grading_of(evaluation).districts:
            if municipality is not None and g.district not in names:
                continue
            yield [
                g.district,
                evaluation.year,
                None if g.plan_score is None else round_half_up(g.plan_score, 3),
                round_half_up(g.pb_score, 3),
                round_half_up(g.total, 3),
                g.rank,
                g.grade,
                g.funding_won,
            ]


register(
    ExportTable(
        name="innovation-plans",
        title=_("Community innovation plans"),
        description=_(
            "Each district's submitted community innovation plan: projects, city subsidy, "
            "district matching, the governance-base share and whether every rule holds."
        ),
        columns=(
            MUNICIPALITY,
            YEAR,
            Column("projects", INTEGER, "사업 수", "Projects", "items"),
            Column("city_subsidy_won", WON, "시비 보조금", "City subsidy"),
            Column("district_matching_won", WON, "구비 매칭", "District matching"),
            Column(
                "base_share_percent",
                PERCENT,
                "협치기반 구축사업 비율(전략사업 제외 시비 대비)",
                "Governance-base share of the city subsidy (strategy projects excluded)",
            ),
            Column("rules_ok", BOOLEAN, "모든 규칙 충족 여부", "Whether every rule holds"),
        ),
        rows=_plan_rows,
        public=True,
    )
)

register(
    ExportTable(
        name="district-evaluation",
        title=_("District evaluation"),
        description=_(
            "Each published evaluation: plan score (of 60), PB-system score (of 40), total, "
            "rank, grade and next year's funding."
        ),
        columns=(
            MUNICIPALITY,
            YEAR,
            Column(
                "plan_score",
                DECIMAL,
                "계획 평가 점수(60점 환산, 전년도 계획이 없으면 빈칸)",
                "Plan score converted to 60 (empty without last year's plan)",
            ),
            Column(
                "pb_score",
                DECIMAL,
                "참여예산제도 평가 점수(40점)",
                "PB-system score (of 40)",
                "points",
            ),
            Column("total", DECIMAL, "합계(100점)", "Total (of 100)", "points"),
            Column("rank", INTEGER, "순위", "Rank"),
            Column("grade", TEXT, "등급", "Grade"),
            Column("funding_won", WON, "다음 연도 지원액", "Next year's funding"),
        ),
        rows=_evaluation_rows,
        public=True,
    )
)

register(
    ExportTable(
        name="innovation-consulting",
        title=_("Consulting and training for the innovation plans"),
        description=_(
            "Consulting and training sessions the city held for each district's community "
            "innovation plan, per year and kind, with officials and civil participants apart."
        ),
        columns=(
            MUNICIPALITY,
            YEAR,
            Column(
                "kind", TEXT, "구분(consulting 컨설팅, training 교육)", "consulting or training"
            ),
            Column("sessions", INTEGER, "횟수", "Sessions", "meetings"),
            Column("officials", INTEGER, "참여 공무원(행정)", "Officials attending", "people"),
            Column(
                "civil_participants",
                INTEGER,
                "참여 민간(협치위원 등)",
                "Civil participants attending",
                "people",
            ),
        ),
        rows=_consulting_rows,
        public=True,
    )
)

register(
    ExportTable(
        name="innovation-project-records",
        title=_("Innovation plan projects per year"),
        description=_(
            "How many projects each district carried out under its community innovation plan "
            "per year, from the city's project database."
        ),
        columns=(
            MUNICIPALITY,
            YEAR,
            Column("projects", INTEGER, "실행사업 수", "Projects carried out", "items"),
        ),
        rows=_record_rows,
        public=True,
    )
)
