"""Public, read-only API of pledges: the table with figures and each pledge's sheet."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from maeul.api.paging import Mapped, paginated
from maeul.places.models import Municipality
from maeul.pledges.models import Pledge
from maeul.pledges.selectors import (
    PledgeFigures,
    figures_for,
    pledge_by_number,
    pledges_with_figures,
)

router = Router()
PREFIX = "/pledges"
TAGS = ["pledges"]


class PledgeOut(Schema):
    municipality: str
    number: int
    title: str
    goal: str
    field: str
    status: str
    department: str
    progress_percent: str | None
    planned_won: int
    executed_won: int
    execution_rate_percent: str | None


class IndicatorOut(Schema):
    year: str
    name: str
    weight: int
    target: str
    result: str
    achievement: str
    achievement_percent: str


class MoneyOut(Schema):
    source: str
    period: str
    amount_won: int
    in_term: bool = True


class MilestoneOut(Schema):
    when: str
    date: str
    text: str


class SheetOut(PledgeOut):
    term: str
    owner: str
    is_new: bool
    timing: str
    funding_type: str
    policy_goals: str
    summary: str
    indicators: list[IndicatorOut]
    funding: list[MoneyOut]
    executions: list[MoneyOut]
    milestones: list[MilestoneOut]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _municipality(code: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=code).first() or (
        Municipality.objects.filter(admin_code=code).first()
    )
    if municipality is None:
        raise Http404(code)
    return municipality


def _base(pledge: object, figures: PledgeFigures) -> dict[str, object]:
    return {
        "municipality": pledge.municipality.name,  # type: ignore[attr-defined]
        "number": pledge.number,  # type: ignore[attr-defined]
        "title": pledge.title,  # type: ignore[attr-defined]
        "goal": pledge.field.goal.name,  # type: ignore[attr-defined]
        "field": pledge.field.name,  # type: ignore[attr-defined]
        "status": pledge.status,  # type: ignore[attr-defined]
        "department": pledge.department,  # type: ignore[attr-defined]
        "progress_percent": _text(figures.progress_percent),
        "planned_won": figures.planned_won,
        "executed_won": figures.executed_won,
        "execution_rate_percent": _text(figures.execution_rate_percent),
    }


@router.get("/{code}", response=list[PledgeOut], auth=None)
@paginated
def list_pledges(request: HttpRequest, code: str) -> Mapped:
    """A municipality's pledges (code: slug or administrative code) with their figures, in
    number order and in pages."""
    pledges = pledges_with_figures(Pledge.objects.filter(municipality=_municipality(code)))
    return Mapped(pledges.order_by("number", "pk"), lambda p: _base(p, figures_for(p)))


@router.get("/{code}/{number}", response=SheetOut, auth=None)
def get_pledge(request: HttpRequest, code: str, number: int) -> dict[str, object]:
    """One pledge's sheet: header, indicators, funding plan, execution, milestones."""
    pledge = pledge_by_number(_municipality(code), number)
    figures: PledgeFigures = pledge.figures  # type: ignore[attr-defined]
    return {
        **_base(pledge, figures),
        "term": pledge.term_kind,
        "owner": pledge.owner,
        "is_new": pledge.is_new,
        "timing": pledge.timing,
        "funding_type": pledge.funding_type,
        "policy_goals": pledge.policy_goals,
        "summary": pledge.summary,
        "indicators": [
            {
                "year": i.year,
                "name": i.name,
                "weight": i.weight,
                "target": i.target,
                "result": i.result,
                "achievement": f"{i.achievement_numerator}/{i.achievement_denominator}",
                "achievement_percent": str(i.achievement_percent),
            }
            for i in pledge.indicators.all()
        ],
        "funding": [
            {
                "source": f.source,
                "period": f.period,
                "amount_won": f.amount_won,
                "in_term": f.in_term,
            }
            for f in pledge.funding.all()
        ],
        "executions": [
            {"source": e.source, "period": e.period, "amount_won": e.amount_won}
            for e in pledge.executions.all()
        ],
        "milestones": [
            {"when": m.when, "date": m.sort_date.isoformat(), "text": m.text}
            for m in pledge.milestones.all()
        ],
    }
