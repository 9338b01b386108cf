"""Public, read-only API of grants: a municipality's calls with their rules, an announced
call's ranking, and a contest's published scores. Applications themselves are not public."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from maeul.api.paging import Mapped, paginated
from maeul.engine.grants import tie_rule_text
from maeul.grants.contest import formula
from maeul.grants.models import CallState, Contest, ContestState, GrantCall
from maeul.grants.selectors import PUBLIC_CALLS, public_calls, result_rows
from maeul.places.models import Municipality

router = Router()
PREFIX = "/grants"
TAGS = ["grants"]


class GrantCallOut(Schema):
    id: int
    municipality: str
    title: str
    state: str
    budget_won: int
    max_grant_won: int
    max_grantees: int
    min_members: int
    member_kinds: list[str]
    district: str | None
    max_staff_share_percent: int
    capital_allowed: bool
    bonuses: dict[str, int]
    tie_rule: str
    opens_at: str
    closes_at: str


class GrantRankOut(Schema):
    rank: int
    title: str
    organisation: str
    requested_won: int
    quantitative: str | None
    bonus: str
    total: str | None
    selected: bool
    grade: str


class GrantResultOut(Schema):
    call: GrantCallOut
    spent_won: int
    ranking: list[GrantRankOut]


class ContestEntryOut(Schema):
    title: str
    team: str
    review_score: str | None
    votes: int | None
    round_one_score: str | None
    round_one_rank: int | None
    advances: bool
    judge_scores: dict[str, str]
    final_score: str | None
    final_rank: int | None
    reward: str


class ContestOut(Schema):
    id: int
    title: str
    state: str
    formula: str
    entries: list[ContestEntryOut]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _call(call: GrantCall) -> dict[str, object]:
    return {
        "id": call.pk,
        "municipality": call.municipality.name,
        "title": call.title,
        "state": call.state,
        "budget_won": call.budget_won,
        "max_grant_won": call.max_grant_won,
        "max_grantees": call.max_grantees,
        "min_members": call.min_members,
        "member_kinds": list(call.member_kinds),
        "district": call.district.name if call.district is not None else None,
        "max_staff_share_percent": call.max_staff_share_percent,
        "capital_allowed": call.capital_allowed,
        "bonuses": dict(call.bonuses),
        "tie_rule": tie_rule_text(call.tie_rule, "en"),
        "opens_at": call.opens_at.isoformat(),
        "closes_at": call.closes_at.isoformat(),
    }


@router.get("/{code}", response=list[GrantCallOut], auth=None)
@paginated
def list_calls(request: HttpRequest, code: str) -> Mapped:
    """Calls open, under review or announced for a municipality (slug or administrative code),
    including its city's calls, newest first."""
    municipality = Municipality.objects.filter(slug=code).first() or (
        Municipality.objects.filter(admin_code=code).first()
    )
    if municipality is None:
        raise Http404(code)
    return Mapped(public_calls(municipality), _call)


@router.get("/calls/{call_id}/result", response=GrantResultOut, auth=None)
def call_result(request: HttpRequest, call_id: int) -> dict[str, object]:
    """An announced call's ranking with every score; 404 before the announcement."""
    call = (
        GrantCall.objects.select_related("municipality", "district")
        .filter(pk=call_id, state__in=PUBLIC_CALLS)
        .first()
    )
    if call is None or call.state != CallState.ANNOUNCED:
        raise Http404(str(call_id))
    return {
        "call": _call(call),
        "spent_won": call.spent_won,
        "ranking": [
            {
                "rank": a.rank,
                "title": a.title,
                "organisation": a.organisation.name,
                "requested_won": a.requested_won,
                "quantitative": _text(a.quantitative),
                "bonus": str(a.bonus),
                "total": _text(a.total),
                "selected": a.selected,
                "grade": a.grade,
            }
            for a in result_rows(call)
        ],
    }


@router.get("/contests/{contest_id}", response=ContestOut, auth=None)
def contest_scores(request: HttpRequest, contest_id: int) -> dict[str, object]:
    """A contest from round 1 on, with its formula and every published score."""
    contest = Contest.objects.exclude(state=ContestState.DRAFT).filter(pk=contest_id).first()
    if contest is None:
        raise Http404(str(contest_id))
    ranked = contest.state in (ContestState.FINAL, ContestState.PUBLISHED)
    published = contest.state == ContestState.PUBLISHED
    return {
        "id": contest.pk,
        "title": contest.title,
        "state": contest.state,
        "formula": formula(contest).text("en"),
        "entries": [
            {
                "title": e.title,
                "team": e.team,
                "review_score": _text(e.review_score) if ranked else None,
                "votes": e.votes,
                "round_one_score": _text(e.round_one_score),
                "round_one_rank": e.round_one_rank,
                "advances": e.advances,
                "judge_scores": (
                    {s.judge: str(s.score) for s in e.judge_scores.all()} if published else {}
                ),
                "final_score": _text(e.final_score) if published else None,
                "final_rank": e.final_rank if published else None,
                "reward": e.reward if published else "",
            }
            for e in contest.entries.prefetch_related("judge_scores")
        ],
    }
