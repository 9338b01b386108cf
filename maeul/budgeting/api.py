"""Public, read-only API of participatory budgeting: cycles, their public proposals and the
published result. Everything here is also on the public pages; drafts, withdrawn proposals,
unpublished computations and residents' identities never are."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.renderers import JSONRenderer

from maeul.api.paging import Mapped, paginated
from maeul.budgeting import cycle_facts, pagecache, selectors, services
from maeul.budgeting.models import Cycle, Phase, ResultRun
from maeul.places.models import Municipality
from maeul.places.selectors import municipality_by_code

router = Router()
PREFIX = "/pb"
TAGS = ["participatory budgeting"]


class CycleOut(Schema):
    id: int
    municipality: str
    cycle_year: int
    budget_year: int
    title: str
    phase: str
    total_amount_won: int
    committee_weight_percent: int
    published: bool


class ProposalOut(Schema):
    number: int
    title: str
    group: str
    type: str | None
    track: str
    cost_won: int
    status: str
    adopted: bool


class ProposalPage(Schema):
    count: int
    page: int
    pages: int
    items: list[ProposalOut]


class ScoreOut(Schema):
    number: int
    committee_share: str
    public_share: str
    score: str
    selected: bool


class CycleResultOut(Schema):
    rule: str
    selected: list[int]
    total_cost_won: str
    count: int
    page: int
    pages: int
    scores: list[ScoreOut]


RESULT_SCORES_PER_PAGE = 100


def _cycle(cycle_id: int) -> Cycle:
    cycle = (
        Cycle.objects.select_related("municipality")
        .exclude(phase=Phase.SETUP)
        .filter(pk=cycle_id)
        .first()
    )
    if cycle is None:
        raise Http404("cycle")
    return cycle


@router.get("/cycles", response=list[CycleOut], auth=None)
@paginated
def list_cycles(request: HttpRequest, municipality: str) -> Any:
    """The public cycles of a municipality (administrative code, identifier or name), newest
    cycle year first, paged like every list of the API (``limit``/``offset``; the default 50
    holds every cycle a municipality has run so far). Whether a result is published is read
    with the page's rows (an ``Exists`` column), not from a set of every published cycle."""
    try:
        place = municipality_by_code(municipality)
    except Municipality.DoesNotExist:
        raise Http404(municipality) from None
    published = ResultRun.objects.filter(cycle=OuterRef("pk"), published_at__isnull=False)
    cycles = (
        Cycle.objects.filter(municipality=place)
        .exclude(phase=Phase.SETUP)
        .annotate(is_published=Exists(published))
        .order_by("-cycle_year", "-pk")
    )
    return Mapped(
        cycles,
        lambda c: CycleOut(
            id=c.pk,
            municipality=place.code,
            cycle_year=c.cycle_year,
            budget_year=c.budget_year,
            title=c.title,
            phase=c.phase,
            total_amount_won=c.total_amount_won,
            committee_weight_percent=c.committee_weight_percent,
            published=c.is_published,
        ),
    )


@router.get("/cycles/{cycle_id}/proposals", response=ProposalPage, auth=None)
def list_proposals(
    request: HttpRequest, cycle_id: int, q: str = "", group: str = "", page: int = 1
) -> ProposalPage:
    """Public proposals, 20 per page, with search and a group filter."""
    cycle = _cycle(cycle_id)
    result = selectors.proposal_list(cycle, q=q[:100], group=group[:30], page=max(page, 1))
    return ProposalPage(
        count=result.paginator.count,
        page=result.number,
        pages=result.paginator.num_pages,
        items=[
            ProposalOut(
                number=p.ballot_number,
                title=p.title,
                group=p.group.code,
                type=p.type.code if p.type else None,
                track=p.track,
                cost_won=p.cost_won,
                status=p.status,
                adopted=p.adopted,
            )
            for p in result.object_list
        ],
    )


@router.get("/cycles/{cycle_id}/result", response=CycleResultOut, auth=None)
def get_result(request: HttpRequest, cycle_id: int, page: int = 1) -> Any:
    """The published result: selected proposal numbers (in the order the rule selected them)
    and each scored proposal's exact shares, 100 per page in the results page's order
    (groups in their order, then by score).

    A published run never changes, so a page's JSON is built once per run and page and then
    read from the cache (``pagecache``): one query (which run is published) per request."""
    page = max(page, 1)
    published = (
        ResultRun.objects.filter(cycle_id=cycle_id, published_at__isnull=False)
        .exclude(cycle__phase=Phase.SETUP)
        .values_list("pk", "prepared_at")
        .first()
    )
    if published is None or published[1] is None or page > MAX_CACHED_PAGE:
        return _result_out(request, cycle_id, page)

    def body() -> bytes:
        out = _result_out(request, cycle_id, page)
        content = _JSON.render(request, out.model_dump(), response_status=200)
        return str(content).encode(_JSON.charset)

    return HttpResponse(
        pagecache.payload("api-result", published[0], str(page), body),
        content_type=f"{_JSON.media_type}; charset={_JSON.charset}",
    )


_JSON = JSONRenderer()
"""The API's renderer (django-ninja's default), for the JSON kept in the cache."""


MAX_CACHED_PAGE = 1000
"""Pages beyond this (past the last at any real size) are answered uncached."""


def _result_out(request: HttpRequest, cycle_id: int, page: int) -> CycleResultOut:
    run = selectors.published_result(_cycle(cycle_id))
    if run is None:
        raise Http404("result")
    if run.prepared_at is None:
        run = services.result_prepare(run=run)
    summary = run.summary or {}
    rows = selectors.result_rows(run)
    result: Any = Paginator(rows, RESULT_SCORES_PER_PAGE).get_page(page)
    return CycleResultOut(
        rule=summary.get("rule", "korean-mixed"),
        selected=[int(n) for n in summary.get("selected", [])],
        total_cost_won=summary.get("total_cost", "0"),
        count=result.paginator.count,
        page=result.number,
        pages=result.paginator.num_pages,
        scores=[
            ScoreOut(
                number=o.number,
                committee_share=o.committee_share,
                public_share=o.public_share,
                score=o.score,
                selected=o.selected,
            )
            for o in result.object_list
        ],
    )


class AssemblyOut(Schema):
    held_on: str
    online: bool
    place: str
    attendance: int | None
    decisions: list[str]


class SchoolOut(Schema):
    sessions: int
    attendance: int
    online_sessions: int
    reported: bool


class ReasonCountOut(Schema):
    code: str
    label: str
    label_en: str
    proposals: int


class CycleRecordsOut(Schema):
    assemblies: list[AssemblyOut]
    school: SchoolOut
    screening_reasons: list[ReasonCountOut]
    groups_run_with: dict[str, str]


@router.get("/cycles/{cycle_id}/records", response=CycleRecordsOut, auth=None)
def get_records(request: HttpRequest, cycle_id: int) -> CycleRecordsOut:
    """The cycle's general assemblies (총회), budget-school figures, screened-out proposals
    by coded reason (an empty code: reasons in words only) and the groups run with a body of
    the governance register (group code: body name), as on the cycle's page."""
    cycle = _cycle(cycle_id)
    school = cycle_facts.school_figures(cycle)
    return CycleRecordsOut(
        assemblies=[
            AssemblyOut(
                held_on=a.held_on.isoformat(),
                online=a.online,
                place=a.place,
                attendance=a.attendance,
                decisions=list(a.decisions),
            )
            for a in cycle_facts.assemblies(cycle)
        ],
        school=SchoolOut(
            sessions=school.sessions,
            attendance=school.attendance,
            online_sessions=school.online,
            reported=school.reported,
        ),
        screening_reasons=[
            ReasonCountOut(
                code=r.code,
                label=r.reason.label if r.reason else "",
                label_en=r.reason.label_en if r.reason else "",
                proposals=r.proposals,
            )
            for r in cycle_facts.reason_counts(cycle)
        ],
        groups_run_with={
            g.code: g.voting_body.name
            for g in cycle.groups.exclude(voting_body=None).select_related("voting_body")
            if g.voting_body is not None
        },
    )
