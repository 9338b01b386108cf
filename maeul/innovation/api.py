"""Public, read-only API of the innovation programme: a city's submitted plans with their rule
status, one plan's projects, and a published evaluation's grading."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from maeul.accounts.permissions import has_permission
from maeul.api.paging import Mapped, paginated
from maeul.engine.scoring.exact import round_half_up
from maeul.innovation.models import EvaluationRound, Plan
from maeul.innovation.rules import InnovationPermission
from maeul.innovation.selectors import PUBLIC_STATES, grading_of, summarise
from maeul.places.models import Municipality

router = Router()
PREFIX = "/innovation"
TAGS = ["innovation"]


class InnovationPlanOut(Schema):
    id: int
    district: str
    year: int
    state: str
    late: bool
    projects: int
    city_subsidy_won: int
    district_matching_won: int
    base_share_percent: str | None
    rules_ok: bool


class InnovationProjectOut(Schema):
    position: int
    title: str
    kind: str
    pb_support: bool
    sector: str
    theme: str
    character: str
    structure: str
    city_subsidy_won: int
    district_matching_won: int
    other_won: int


class InnovationCheckOut(Schema):
    ok: bool
    rule: str
    detail: str
    fix: str


class InnovationPlanDetailOut(InnovationPlanOut):
    checks: list[InnovationCheckOut]
    project_list: list[InnovationProjectOut]


class DistrictGradeOut(Schema):
    district: str
    plan_score: str | None
    pb_score: str
    total: str
    rank: int
    grade: str
    funding_won: int


class EvaluationGradingOut(Schema):
    id: int
    city: str
    year: int
    funding_year: int
    districts: list[DistrictGradeOut]
    funding_total_won: int
    extra_funding_won: int


def _plan(plan: Plan) -> dict[str, object]:
    summary = summarise(plan)
    share = summary.base_share
    return {
        "id": plan.pk,
        "district": plan.municipality.name,
        "year": plan.round.year,
        "state": plan.state,
        "late": plan.late,
        "projects": summary.projects,
        "city_subsidy_won": summary.city_subsidy_won,
        "district_matching_won": summary.district_matching_won,
        "base_share_percent": None if share is None else str(round_half_up(share, 1)),
        "rules_ok": summary.rules_ok,
    }


@router.get("/plans/{code}", response=list[InnovationPlanOut], auth=None)
@paginated
def list_plans(request: HttpRequest, code: str) -> Mapped:
    """The submitted and approved plans of a city's districts (code: the city's slug or
    administrative code), by year, newest first."""
    city = Municipality.objects.filter(slug=code).first() or (
        Municipality.objects.filter(admin_code=code).first()
    )
    if city is None:
        raise Http404(code)
    rows = Plan.objects.filter(round__municipality=city, state__in=PUBLIC_STATES).select_related(
        "round", "municipality"
    )
    return Mapped(rows.order_by("-round__year", "municipality__sort_order", "pk"), _plan)


@router.get("/plan/{plan_id}", response=InnovationPlanDetailOut, auth=None)
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, object]:
    """One plan with its projects and rule checks; 404 for a draft you may not see."""
    plan = Plan.objects.select_related("round", "municipality").filter(pk=plan_id).first()
    if plan is None or not has_permission(request.user, InnovationPermission.VIEW_PLAN, plan):
        raise Http404(str(plan_id))
    summary = summarise(plan)
    return {
        **_plan(plan),
        "checks": [
            {"ok": c.ok, "rule": c.rule, "detail": c.detail, "fix": c.fix} for c in summary.checks
        ],
        "project_list": [
            {
                "position": p.position,
                "title": p.title,
                "kind": p.kind,
                "pb_support": p.pb_support,
                "sector": p.sector,
                "theme": p.theme,
                "character": p.character,
                "structure": p.structure,
                "city_subsidy_won": p.city_subsidy_won,
                "district_matching_won": p.district_matching_won,
                "other_won": p.other_won,
            }
            for p in plan.projects.all()
        ],
    }


@router.get("/evaluation/{evaluation_id}", response=EvaluationGradingOut, auth=None)
def get_evaluation(request: HttpRequest, evaluation_id: int) -> dict[str, object]:
    """A published evaluation's grading in rank order; 404 before publication."""
    evaluation = (
        EvaluationRound.objects.select_related("municipality").filter(pk=evaluation_id).first()
    )
    if evaluation is None or not has_permission(
        request.user, InnovationPermission.VIEW_RESULT, evaluation
    ):
        raise Http404(str(evaluation_id))
    grading = grading_of(evaluation)
    return {
        "id": evaluation.pk,
        "city": evaluation.municipality.name,
        "year": evaluation.year,
        "funding_year": evaluation.funding_year,
        "districts": [
            {
                "district": g.district,
                "plan_score": None if g.plan_score is None else str(round_half_up(g.plan_score, 3)),
                "pb_score": str(round_half_up(g.pb_score, 3)),
                "total": g.total_text,
                "rank": g.rank,
                "grade": g.grade,
                "funding_won": g.funding_won,
            }
            for g in grading.districts
        ],
        "funding_total_won": grading.funding_total_won,
        "extra_funding_won": grading.extra_funding_won,
    }
