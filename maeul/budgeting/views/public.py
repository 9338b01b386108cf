"""Public screens of a cycle: what residents and visitors may see once it left setup —
its phases and figures, the proposals, the result with its full trace and downloads, the
comparison with other rules, execution and deliberation. Commenting needs the
``budgeting.comment`` rule."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maeul.accounts.permissions import has_permission
from maeul.budgeting import results, selectors, services
from maeul.budgeting.exports import RESULT_COLUMNS
from maeul.budgeting.forms import CommentForm, ProposalFilterForm
from maeul.budgeting.models import PUBLIC_STATUSES, Attachment, Cycle, Phase, ProposalStatus, Track
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.views._common import cycle_context, form_error, municipality_or_404
from maeul.core.errors import ServiceError
from maeul.core.ratelimit import ratelimit
from maeul.exports.registry import rate
from maeul.exports.writers import CONTENT_TYPES
from maeul.exports.writers import render as render_table


@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the municipality's cycles."""
    municipality = municipality_or_404(slug)
    cycles = selectors.cycles_of(municipality).exclude(phase=Phase.SETUP).order_by("-cycle_year")
    return render(request, "budgeting/index.html", {"municipality": municipality, "cycles": cycles})


@require_GET
def history(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the yearly history table (SPEC §1), also as CSV/XLSX with ``?format=``."""
    municipality = municipality_or_404(slug)
    rows = selectors.history(municipality)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        from maeul.budgeting.exports import HISTORY_COLUMNS, history_rows

        data = render_table(
            fmt, "pb-history", HISTORY_COLUMNS, history_rows(municipality), bom=True
        )
        response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="pb-history-{municipality.code}.{fmt}"'
        )
        return response
    return render(
        request,
        "budgeting/history.html",
        {"municipality": municipality, "rows": rows, "chart": _history_chart(rows)},
    )


def _history_chart(rows: list[selectors.HistoryRow]) -> dict[str, Any] | None:
    """Adopted and executed amounts per cycle as horizontal bars (server-side SVG)."""
    if not rows:
        return None
    top = max(max(r.adopted_amount_won for r in rows), 1)
    width, left, step = 240, 70, 34
    bars = []
    for i, r in enumerate(rows):
        y = 8 + i * step
        adopted = round(width * r.adopted_amount_won / top, 1)
        bars.append(
            {
                "label": f"{r.cycle.cycle_year} ({r.cycle.budget_year})",
                "text_y": y + 14,
                "y": y,
                "y2": y + 12,
                "adopted": adopted,
                "executed": round(width * (r.executed_amount_won or 0) / top, 1),
                "rate": r.execution_rate,
                "rate_x": left + adopted + 4,
            }
        )
    return {"bars": bars, "height": 16 + len(rows) * step, "left": left, "width": left + width + 50}


@require_GET
def cycle_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Public: a cycle's phases and dates, rules, groups and figures."""
    cycle = selectors.cycle_public(slug, year)
    context = cycle_context(request, cycle)
    context["groups"] = selectors.group_summary(cycle)
    context["types"] = list(cycle.types.all())
    context["counts"] = {
        "submitted": cycle.proposals.filter(status__in=PUBLIC_STATUSES).count(),
        "feasible": cycle.proposals.filter(status=ProposalStatus.FEASIBLE).count(),
    }
    voting = cycle.phase == Phase.VOTING
    context["mobile_votes"] = selectors.mobile_votes(cycle) if voting else []
    # Committee members find their group polls here; the polls' rolls decide who votes.
    context["committee_votes"] = (
        selectors.committee_votes(cycle)
        if voting and has_permission(request.user, BudgetingPermission.COMMITTEE_VOTE, cycle)
        else []
    )
    context["school"] = cycle.school_sessions.aggregate(n=Count("pk"), people=Sum("attendance"))
    return render(request, "budgeting/cycle.html", context)


@require_GET
def proposal_list(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Public: proposals with search, filters and pagination."""
    cycle = selectors.cycle_public(slug, year)
    form = ProposalFilterForm(request.GET or None, cycle=cycle)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    page = selectors.proposal_list(cycle, page=request.GET.get("page", 1), **filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = cycle_context(request, cycle)
    context.update(form=form, page=page, query=query.urlencode())
    return render(request, "budgeting/proposal_list.html", context)


@require_http_methods(["GET", "POST"])
@ratelimit("pb.comment", limit=30, window=3600)
def proposal_detail(request: HttpRequest, slug: str, year: int, number: int) -> HttpResponse:
    """Public: one proposal, its screening, recommendations, comments, result explanation
    and execution. POST (comment) needs the ``budgeting.comment`` rule."""
    cycle = selectors.cycle_public(slug, year)
    proposal = selectors.proposal_public(cycle, number)
    can_comment = cycle.allows("comment") and has_permission(
        request.user, BudgetingPermission.COMMENT, proposal
    )
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        if not can_comment:
            raise PermissionDenied(_("You cannot comment on this proposal now."))
        if form.is_valid():
            try:
                services.comment_add(
                    actor=request.user,
                    proposal=proposal,
                    body=form.cleaned_data["body"],
                    is_suggestion=form.cleaned_data["is_suggestion"],
                )
            except ServiceError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Your comment was added."))
                return redirect(request.path)
    run = selectors.published_result(cycle)
    explanation: list[str] = []
    score = None
    if run is not None:
        explanation = results.explanation(cycle, run.data, number)
        score = results.score_of(run.data, number)
    context = cycle_context(request, cycle)
    context.update(
        proposal=proposal,
        comments=proposal.comments.select_related("author"),
        recommendations=proposal.recommendations.select_related("meeting__dong"),
        form=form,
        can_comment=can_comment,
        explanation=explanation,
        score=score,
        selected=run is not None and str(number) in run.data["selected"],
        executed=sum(e.amount_won for e in proposal.executions.all()),
    )
    return render(request, "budgeting/proposal_detail.html", context)


@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Public for proposals that are public; drafts' files only for the author and officials."""
    item = get_object_or_404(Attachment.objects.select_related("proposal__cycle"), pk=pk)
    proposal = item.proposal
    visible = proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN)
    if not visible and not (
        has_permission(request.user, BudgetingPermission.EDIT_PROPOSAL, proposal)
        or has_permission(request.user, BudgetingPermission.VIEW_BACKOFFICE, proposal)
    ):
        raise Http404("attachment")
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("attachment") from None
    return FileResponse(handle, as_attachment=item.kind != "image", filename=item.original_name)


@require_GET
def result_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Public once published: the selected projects per group with their scores and the
    full trace of the Korean mixed rule; downloads in .pb, CSV and XLSX."""
    cycle = selectors.cycle_public(slug, year)
    run = selectors.published_result(cycle)
    if run is None:
        raise Http404("result")
    return render(request, "budgeting/results.html", result_context(request, cycle, run))


def result_context(request: HttpRequest, cycle: Cycle, run: Any) -> dict[str, Any]:
    proposals = {p.number: p for p in results.feasible(cycle)}
    selected = set(run.data["selected"])
    rows: list[dict[str, Any]] = []
    for score in run.data["scores"]:
        p = proposals.get(int(score["project"]))
        if p is None:
            continue
        rows.append(
            {
                "proposal": p,
                "score": results.score_of(run.data, p.ballot_number),
                "selected": score["project"] in selected,
            }
        )
    ineligible = results.ineligible_rows(cycle, run.data)
    groups = []
    for g in cycle.groups.all():
        members = [r for r in rows if r["proposal"].group_id == g.pk]
        spent = sum(r["proposal"].cost_won for r in members if r["selected"])
        groups.append({"group": g, "rows": members, "spent": spent})
    context = cycle_context(request, cycle)
    context.update(
        run=run,
        general=cycle.proposals.filter(track=Track.GENERAL, status=ProposalStatus.FEASIBLE)
        .select_related("group")
        .order_by("number"),
        groups=groups,
        ineligible=ineligible,
        trace=results.full_trace(cycle, run.data),
        total=int(Fraction(run.data["total_cost"])),
        selected_count=len(selected),
    )
    return context


@require_GET
def analysis(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Public once published (officials of the scope also before): the Korean mixed rule
    beside greedy by mobile approvals over the whole budget."""
    cycle = selectors.cycle_public(slug, year)
    run = selectors.published_result(cycle)
    if run is None and has_permission(request.user, BudgetingPermission.VIEW_BACKOFFICE, cycle):
        run = selectors.latest_result(cycle)
    if run is None:
        raise Http404("result")
    proposals = {p.engine_id: p for p in results.feasible(cycle)}
    greedy = results.greedy_outcome(cycle)
    mes = results.mes_outcome(cycle)
    korean = set(run.data["selected"])
    greedy_set = set(greedy.selected) if greedy else set()
    mes_set = {pid for group in mes or [] for pid in group["selected"]}
    rows = [
        {
            "proposal": p,
            "korean": pid in korean,
            "greedy": pid in greedy_set,
            "mes": pid in mes_set,
        }
        for pid, p in sorted(proposals.items(), key=lambda kv: -kv[1].mobile_approvals)
    ]
    context = cycle_context(request, cycle)
    context.update(
        run=run,
        rows=rows,
        greedy=greedy,
        korean_total=sum(p.cost_won for pid, p in proposals.items() if pid in korean),
        greedy_total=sum(p.cost_won for pid, p in proposals.items() if pid in greedy_set),
        mes=mes,
        mes_total=sum(p.cost_won for pid, p in proposals.items() if pid in mes_set),
        differ=sorted(
            (proposals[pid] for pid in korean ^ greedy_set if pid in proposals),
            key=lambda p: p.ballot_number,
        ),
    )
    return render(request, "budgeting/analysis.html", context)


@require_GET
def result_export(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    """Public once published: the result as Pabulib ``.pb``, CSV or XLSX."""
    cycle = selectors.cycle_public(slug, year)
    run = selectors.published_result(cycle)
    if run is None or fmt not in ("pb", "csv", "xlsx"):
        raise Http404("export")
    name = f"pb-{cycle.municipality.code}-{cycle.cycle_year}"
    if fmt == "pb":
        response = HttpResponse(
            results.pabulib_text(cycle, run.data), content_type="text/plain; charset=utf-8"
        )
    else:
        data = render_table(fmt, name, RESULT_COLUMNS, _result_rows(cycle, run.data), bom=True)
        response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _result_rows(cycle: Cycle, data: dict[str, Any]) -> list[list[Any]]:
    selected = set(data["selected"])
    out = []
    for p in results.feasible(cycle):
        score = results.score_of(data, p.ballot_number)
        out.append(
            [
                p.number,
                p.title,
                p.group.name,
                p.type.name if p.type is not None else "",
                p.cost_won,
                p.committee_approvals,
                p.mobile_approvals,
                f"{float(score['committee_share']):.6f}" if score else "",
                f"{float(score['public_share']):.6f}" if score else "",
                f"{float(score['score']):.6f}" if score else "",
                1 if p.engine_id in selected else 0,
            ]
        )
    return out


@require_GET
def execution(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Public: adopted projects, executed amounts by date, status and execution rate."""
    cycle = selectors.cycle_public(slug, year)
    projects = list(selectors.adopted_projects(cycle))
    adopted = sum(p.adopted_amount_won or 0 for p in projects)
    executed = sum(e.amount_won for p in projects for e in p.executions.all())
    context = cycle_context(request, cycle)
    context.update(
        projects=projects,
        adopted_total=adopted,
        executed_total=executed,
        rate=rate(executed, adopted),
    )
    return render(request, "budgeting/execution.html", context)


@require_GET
def deliberation(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Public: dong meetings with attendance, minutes and rankings; the current members of the
    committee, its subcommittees and the proposal-support group (from the governance register,
    public there too); budget-school sessions."""
    cycle = selectors.cycle_public(slug, year)
    context = cycle_context(request, cycle)
    context.update(
        meetings=cycle.meetings.select_related("dong").prefetch_related(
            "recommendations__proposal"
        ),
        memberships=selectors.current_memberships(cycle).order_by(
            "body__parent_id", "body__name", "role", "person_name"
        ),
        sessions=cycle.school_sessions.all(),
    )
    return render(request, "budgeting/deliberation.html", context)
