"""Public screens of a cycle: what residents and visitors may see once it left setup —
its phases and figures, the proposals, the result with its full trace and downloads, the
comparison with other rules, execution and deliberation. Commenting needs the
``budgeting.comment`` rule."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maeul.accounts.permissions import has_permission
from maeul.budgeting import cycle_facts, pagecache, results, selectors, services
from maeul.budgeting.exports import RESULT_COLUMNS
from maeul.budgeting.forms import CommentForm, ProposalFilterForm
from maeul.budgeting.models import Attachment, Cycle, Phase, ProposalStatus, Track
from maeul.budgeting.moderation import COMMENT as COMMENT_KIND
from maeul.budgeting.moderation import PROPOSAL as PROPOSAL_KIND
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.views._common import (
    cycle_context,
    form_error,
    municipality_or_404,
    prepared,
)
from maeul.core.errors import ServiceError
from maeul.core.fragments import cached_html, digest
from maeul.core.paging import page_of, query_without
from maeul.core.ratelimit import ratelimit
from maeul.exports.registry import rate
from maeul.exports.writers import CONTENT_TYPES
from maeul.exports.writers import render as render_table
from maeul.moderation import selectors as moderation
from maeul.moderation.rules import ModerationPermission
from maeul.outreach import interface as outreach_interface
from maeul.voting import interface as voting_interface


@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the municipality's cycles."""
    municipality = municipality_or_404(slug)
    cycles = selectors.cycles_of(municipality).exclude(phase=Phase.SETUP).order_by("-cycle_year")
    return render(
        request,
        "budgeting/index.html",
        {
            "municipality": municipality,
            "cycles": cycles,
            "city_pb": selectors.city_pb(municipality),
        },
    )


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
    """Adopted and executed amounts per cycle as horizontal bars (server-side SVG); a cycle
    still running has no adopted amount to draw."""
    rows = [r for r in rows if not r.running]
    if not rows:
        return None
    top = max(max(r.adopted_amount_won or 0 for r in rows), 1)
    width, left, step = 240, 70, 34
    bars = []
    for i, r in enumerate(rows):
        y = 8 + i * step
        adopted = round(width * (r.adopted_amount_won or 0) / top, 1)
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
    tally = selectors.proposal_tally(cycle)
    groups = selectors.group_summary(cycle, tally)
    context["groups"] = groups
    context["types"] = list(cycle.types.all())
    # Every public proposal has a group: the groups' figures add up to the cycle's.
    context["counts"] = {
        "submitted": sum(g["n"] for g in groups),
        "feasible": sum(g["n_feasible"] for g in groups),
    }
    voting = cycle.phase == Phase.VOTING
    mobile = selectors.mobile_votes(cycle) if voting else []
    # The visitor's ballot leaves out the groups voted by a roll they are not on (the youth
    # council's group), so the button counts only the groups they can vote in.
    off = voting_interface.polls_off_roll(request.user, [poll for _link, poll in mobile])
    context["mobile_votes"] = [(link, poll) for link, poll in mobile if poll.pk not in off]
    context["mobile_votes_off_roll"] = [link for link, poll in mobile if poll.pk in off]
    # Committee members find their group polls here; the polls' rolls decide who votes.
    context["committee_votes"] = (
        selectors.committee_votes(cycle)
        if voting and has_permission(request.user, BudgetingPermission.COMMITTEE_VOTE, cycle)
        else []
    )
    school = cycle_facts.school_figures(cycle)
    context["school"] = {
        "n": 0 if school.reported else school.sessions,
        "people": 0 if school.reported else school.attendance,
    }
    if getattr(cycle, "summary", None) is not None:  # read with the cycle
        context["figures"] = selectors.cycle_figures(cycle)
        context["can_manage_records"] = has_permission(
            request.user, BudgetingPermission.MANAGE, cycle
        )
    context.update(
        assemblies=cycle_facts.assemblies(cycle),
        school_figures=school,
        reason_counts=cycle_facts.reason_counts(cycle, tally),
        body_groups=selectors.body_groups(cycle),
    )
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
    context["listing"] = _listing_html(cycle, form, page, context["query"])
    return render(request, "budgeting/proposal_list.html", context)


LISTING_CACHE_SECONDS = 3600
"""How long a rendered proposal list body is kept. Its key is everything it shows, so this
only bounds the memory of lists no one asks for any more."""


def _listing_html(
    cycle: Cycle, form: ProposalFilterForm, page: Page[Any], query: str
) -> SafeString:
    """The list's body: the filter form, the count, the page's rows and the pager.

    It holds nothing personal (a GET form, no token), so it is rendered once per language
    and content and kept in the cache under a key made of all it shows: the cycle's address,
    the form's choices and submitted values (its errors follow from those), the count, the
    page's number and rows, and the other pages' query. An edit, a status change, a
    moderation hide or a new proposal changes the rows or the count read on every request,
    hence the key. Rendering the form and the twenty rows was about half the page's server
    CPU (issue 23)."""
    rows = [
        (
            p.number,
            p.title,
            p.address,
            p.group.display_name,
            p.type.display_name if p.type else None,  # a general project has no type
            p.dong.display_name if p.dong else None,
            p.cost_won,
            p.status,
            p.adopted,
        )
        for p in page.object_list
    ]
    key = "budgeting:proposal-list:" + digest(
        get_language(),
        cycle.municipality.slug,
        cycle.cycle_year,
        form.content(),
        page.paginator.count,
        page.number,
        rows,
        query,
    )
    return cached_html(
        key,
        LISTING_CACHE_SECONDS,
        lambda: render_to_string(
            "budgeting/_proposal_listing.html",
            {
                "form": form,
                "page": page,
                "query": query,
                "municipality": cycle.municipality,
                "cycle": cycle,
            },
        ),
    )


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
    run_id: int | None = getattr(cycle, "published_run_id", None)
    if run_id is not None and not getattr(cycle, "published_prepared", False):
        prepared(selectors.published_result(cycle))
    explanation: list[str] = []
    score = None
    outcome = selectors.project_outcome(run_id, number) if run_id is not None else None
    if outcome is not None:
        explanation = results.outcome_explanation(cycle, outcome, proposal)
        score = results.shares(outcome)
    # Hidden posts keep their place with the moderators' reason; their author and the
    # moderators still read them (the page says they are hidden).
    can_moderate = has_permission(request.user, ModerationPermission.MODERATE, cycle.municipality)
    comments: list[Any] = selectors.proposal_comments(proposal)
    hidden_comments = moderation.hidden_reasons(COMMENT_KIND, [c.pk for c in comments])
    for comment in comments:
        comment.hidden_reason = hidden_comments.get(comment.pk, "")
        comment.readable = not comment.hidden_reason or (
            can_moderate or comment.author_id == request.user.pk
        )
    hidden_reason = moderation.hidden_reasons(PROPOSAL_KIND, [proposal.pk]).get(proposal.pk, "")
    context = cycle_context(request, cycle)
    context.update(
        proposal=proposal,
        hidden_reason=hidden_reason,
        readable=not hidden_reason or can_moderate or proposal.author_id == request.user.pk,
        comments=comments,
        recommendations=selectors.proposal_recommendations(proposal),
        form=form,
        can_comment=can_comment,
        explanation=explanation,
        score=score,
        selected=outcome is not None and outcome.selected,
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
    """Public once published: per group what was spent of its cap, the projects by score
    (paginated, with a group filter and "selected only"), the ineligible projects and the
    trace of the Korean mixed rule a page at a time; downloads in .pb, CSV, XLSX and the
    whole trace as text. The result's part is rendered once per run, language and query
    (``pagecache``)."""
    cycle = selectors.cycle_public(slug, year, prefetch=HEADER_ONLY)

    def body() -> str:
        run = prepared(selectors.published_result(cycle))
        if run is None:
            raise Http404("result")
        return render_to_string("budgeting/_results_body.html", result_context(request, cycle, run))

    context = cycle_context(request, cycle)
    context["body"] = _result_part(request, cycle, "results", RESULT_PARAMS, body)
    return render(request, "budgeting/results.html", context)


HEADER_ONLY = ("windows",)
"""What the result pages read with the cycle: its header's phase windows; the groups only
when the result's part is rendered (not read from the cache)."""

RESULT_PARAMS = ("group", "selected", "page", "ip")
STEPS_PARAMS = ("page",)
ANALYSIS_PARAMS = ("page", "dp")


def _result_part(
    request: HttpRequest,
    cycle: Cycle,
    kind: str,
    params: tuple[str, ...],
    render_part: Any,
) -> SafeString:
    """The result's part of a public result page: from the cache when the cycle has a
    published, prepared run and the query names only ``params``; rendered afresh otherwise
    (``render_part`` raises 404 when there is no published result)."""

    def render() -> str:
        selectors.cycle_parts(cycle, "groups", "types")  # read once, by everything below
        return str(render_part())

    query = pagecache.cacheable_query(request, params)
    run_id: int | None = getattr(cycle, "published_run_id", None)
    if query is None or run_id is None or not getattr(cycle, "published_prepared", False):
        return mark_safe(render())  # our own template's output
    return pagecache.fragment(kind, run_id, query, render)


RESULT_ROWS_PER_PAGE = 20
TRACE_STEPS_PER_PAGE = 50
TRACE_PREVIEW = 20
"""Steps shown on the results page itself; the rest on the steps page, a page at a time."""


def result_context(request: HttpRequest, cycle: Cycle, run: Any) -> dict[str, Any]:
    """What the results page (and the officials' results screen) shows of a prepared run:
    a fixed number of queries and rows whatever the number of proposals."""
    summary = run.summary or {}
    groups = list(cycle.groups.all())
    code = request.GET.get("group", "")
    group = next((g for g in groups if g.code == code), None)
    only_selected = request.GET.get("selected") == "1"
    if only_selected:
        rows: Any = selectors.selected_rows(run)
    else:
        rows = selectors.result_rows(run, group=group)
    page = page_of(request, rows, RESULT_ROWS_PER_PAGE)
    for outcome in page.object_list:
        outcome.shares = results.shares(outcome)
    all_steps = selectors.trace_steps(run)
    step_list = [results.trace_step(row) for row in all_steps[:TRACE_PREVIEW]]
    ineligible = page_of(request, selectors.ineligible_rows(run), TRACE_PREVIEW, param="ip")
    kept = {str(o.number): (o.reason_en, o.reason_ko) for o in ineligible.object_list}
    narrator = results.Narrator.of(
        cycle,
        numbers=results.mentioned(step_list) | set(kept),
        known=[o.proposal for o in ineligible.object_list],
    )
    per_group = summary.get("groups", {})
    context = cycle_context(request, cycle)
    context.update(
        run=run,
        general=(
            cycle.proposals.filter(track=Track.GENERAL, status=ProposalStatus.FEASIBLE)
            .select_related("group")
            .order_by("number")
            if summary.get("general", 1)  # none since the result was computed: no query
            else []
        ),
        groups=[
            {
                "group": g,
                "spent": per_group.get(str(g.pk), {}).get("spent", 0),
                "scored": per_group.get(str(g.pk), {}).get("scored", 0),
            }
            for g in groups
        ],
        group=group,
        only_selected=only_selected,
        proposal_base=reverse(
            "budgeting:proposals", args=[cycle.municipality.slug, cycle.cycle_year]
        ),
        page=page,
        query=query_without(request),
        ineligible=[
            {
                "proposal": o.proposal,
                "reason": narrator.ineligible_reason(str(o.number), kept[str(o.number)]),
            }
            for o in ineligible.object_list
        ],
        ineligible_page=ineligible,
        ineligible_query=query_without(request, "ip"),
        trace=[narrator.line(step, kept) for step in step_list],
        trace_more=len(all_steps) > TRACE_PREVIEW,
        trace_total=len(all_steps),
        total=int(Fraction(summary.get("total_cost", "0"))),
        selected_count=len(summary.get("selected", [])),
    )
    return context


@require_GET
def result_steps(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Public once published: the trace of the Korean mixed rule, a page of steps at a time
    (7,961 steps at 10,000 proposals); the whole trace is the ``.txt`` download. The steps'
    part is rendered once per run, language and page (``pagecache``)."""
    cycle = selectors.cycle_public(slug, year, prefetch=HEADER_ONLY)
    context = cycle_context(request, cycle)

    def body() -> str:
        run = prepared(selectors.published_result(cycle))
        if run is None:
            raise Http404("result")
        page = page_of(request, selectors.trace_steps(run), TRACE_STEPS_PER_PAGE)
        step_list = [results.trace_step(row) for row in page.object_list]
        return render_to_string(
            "budgeting/_result_steps_body.html",
            {
                **context,
                "run": run,
                "page": page,
                "query": query_without(request),
                "trace": results.narrate(cycle, step_list, results.kept_reasons(run, step_list)),
            },
        )

    context["body"] = _result_part(request, cycle, "steps", STEPS_PARAMS, body)
    return render(request, "budgeting/result_steps.html", context)


@require_GET
def analysis(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Public once published (officials of the scope also before): the Korean mixed rule
    beside greedy by mobile approvals over the whole budget and, where the mobile vote ran
    on the voting core, the Method of Equal Shares per group; all compared when the result
    was prepared, listed a page at a time. A published run's part is rendered once per run,
    language and query (``pagecache``); an unpublished one, for officials, every time."""
    cycle = selectors.cycle_public(slug, year, prefetch=HEADER_ONLY)
    context = cycle_context(request, cycle)
    if getattr(cycle, "published_run_id", None) is not None:
        context["body"] = _result_part(
            request,
            cycle,
            "analysis",
            ANALYSIS_PARAMS,
            lambda: _analysis_body(request, cycle, context, selectors.published_result(cycle)),
        )
        return render(request, "budgeting/analysis.html", context)
    run = None
    if has_permission(request.user, BudgetingPermission.VIEW_BACKOFFICE, cycle):
        run = selectors.latest_result(cycle)
    if run is None:
        raise Http404("result")
    selectors.cycle_parts(cycle, "groups", "types")
    context["body"] = mark_safe(_analysis_body(request, cycle, context, run))  # our template
    return render(request, "budgeting/analysis.html", context)


def _analysis_body(request: HttpRequest, cycle: Cycle, context: dict[str, Any], run: Any) -> str:
    """The analysis page's part about ``run``: totals by rule, where they differ, the
    feasible proposals by mobile approvals a page at a time."""
    run = prepared(run)
    if run is None:
        raise Http404("result")
    summary = run.summary or {}
    page = page_of(request, selectors.approval_rows(run), RESULT_ROWS_PER_PAGE)
    differ = page_of(request, selectors.differing_rows(run), RESULT_ROWS_PER_PAGE, param="dp")
    return render_to_string(
        "budgeting/_analysis_body.html",
        {
            **context,
            "run": run,
            "page": page,
            "query": query_without(request),
            "proposal_base": reverse(
                "budgeting:proposals", args=[cycle.municipality.slug, cycle.cycle_year]
            ),
            "greedy": summary.get("greedy", False),
            "korean_total": summary.get("korean_total", 0),
            "greedy_total": summary.get("greedy_total", 0),
            "mes": summary.get("mes"),
            "mes_total": summary.get("mes_total", 0),
            "differ": differ,
            "differ_query": query_without(request, "dp"),
        },
    )


@require_GET
def result_export(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    """Public once published: the result as Pabulib ``.pb``, CSV or XLSX."""
    cycle = selectors.cycle_public(slug, year)
    run = selectors.published_result(cycle)
    if run is None or fmt not in ("pb", "csv", "xlsx", "txt"):
        raise Http404("export")
    name = f"pb-{cycle.municipality.code}-{cycle.cycle_year}"
    if fmt == "pb":
        response = HttpResponse(
            results.pabulib_text(cycle, run.data), content_type="text/plain; charset=utf-8"
        )
    elif fmt == "txt":
        # The whole trace, narrated in the reader's language (the page shows it in pages).
        lines = results.full_trace(cycle, run.data)
        response = HttpResponse(
            "".join(f"{i}. {line}\n" for i, line in enumerate(lines, start=1)),
            content_type="text/plain; charset=utf-8",
        )
    else:
        data = render_table(fmt, name, RESULT_COLUMNS, _result_rows(cycle, run.data), bom=True)
        response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _result_rows(cycle: Cycle, data: dict[str, Any]) -> list[list[Any]]:
    selected = set(data["selected"])
    scores = {row["project"]: row for row in data["scores"]}
    out = []
    for p in results.feasible(cycle):
        score = scores.get(p.engine_id)
        out.append(
            [
                p.number,
                p.title,
                p.group.name,
                p.type.name if p.type is not None else "",
                p.cost_won,
                p.committee_approvals,
                p.mobile_approvals,
                f"{float(Fraction(score['committee_share'])):.6f}" if score else "",
                f"{float(Fraction(score['public_share'])):.6f}" if score else "",
                f"{float(Fraction(score['score'])):.6f}" if score else "",
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
        sessions=outreach_interface.budget_school_sessions(cycle.pk),
    )
    return render(request, "budgeting/deliberation.html", context)
