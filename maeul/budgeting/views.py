"""Participatory-budgeting screens under /pb/.

Access, per view (declared in each docstring): *public* pages show what residents may see of
a cycle that left setup; *resident* pages need a logged-in resident of the district (the
``budgeting.propose`` / ``budgeting.edit_proposal`` rules); *official* pages use
``cycle_for_official``/``proposal_for_official``, which answer 404 outside the official's
scope. Writes go through ``services.py`` only; a ``ServiceError`` becomes a message on the
form, never a 500.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.permissions import has_permission, require_permission
from maeul.budgeting import results, selectors, services
from maeul.budgeting.exports import RESULT_COLUMNS
from maeul.budgeting.forms import (
    AttachmentForm,
    CommentForm,
    CommitteeVoteOpenForm,
    ExecutionForm,
    ExecutionStatusForm,
    GeneralProjectForm,
    MeetingForm,
    MobileVoteOpenForm,
    OfflineProposalForm,
    ProposalFilterForm,
    ProposalForm,
    SchoolSessionForm,
    ScreenForm,
    VoteCountsForm,
    VoteFileForm,
)
from maeul.budgeting.models import (
    PHASE_ORDER,
    PUBLIC_STATUSES,
    Attachment,
    Cycle,
    Phase,
    Proposal,
    ProposalStatus,
    Track,
)
from maeul.core.confirm import confirmation_page
from maeul.core.errors import ServiceError
from maeul.core.ratelimit import ratelimit
from maeul.exports.writers import CONTENT_TYPES
from maeul.exports.writers import render as render_table
from maeul.places.models import Municipality
from maeul.voting import interface as voting_interface

PROPOSALS_PER_HOUR = 20
"""Proposal saves per client address and hour (RELIABILITY P13); drafts count too."""


def _municipality(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def _form_error(form: Any, error: ServiceError) -> None:
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)


def _cycle_context(request: HttpRequest, cycle: Cycle) -> dict[str, Any]:
    windows = {w.phase: w for w in cycle.windows.all()}
    return {
        "cycle": cycle,
        "municipality": cycle.municipality,
        "timeline": [
            {
                "phase": p,
                "label": Phase(p).label,
                "window": windows.get(p),
                "current": p == cycle.phase,
                "done": PHASE_ORDER.index(p) < cycle.phase_index(),
            }
            for p in PHASE_ORDER
            if p != Phase.SETUP
        ],
        "can_manage": has_permission(request.user, "budgeting.view_backoffice", cycle),
        "can_propose": cycle.allows("propose")
        and has_permission(request.user, "budgeting.propose", cycle),
        "published": selectors.published_result(cycle),
    }


# ---- public ------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the municipality's cycles."""
    municipality = _municipality(slug)
    cycles = selectors.cycles_of(municipality).exclude(phase=Phase.SETUP).order_by("-cycle_year")
    return render(request, "budgeting/index.html", {"municipality": municipality, "cycles": cycles})


@require_GET
def history(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the yearly history table (SPEC §1), also as CSV/XLSX with ``?format=``."""
    municipality = _municipality(slug)
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
    context = _cycle_context(request, cycle)
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
        if voting and has_permission(request.user, "budgeting.committee_vote", cycle)
        else []
    )
    context["school"] = cycle.school_sessions.aggregate(n=Count("pk"), people=Sum("attendance"))
    return render(request, "budgeting/cycle.html", context)


@require_GET
def proposal_list(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Public: proposals with search, filters and pagination."""
    cycle = selectors.cycle_public(slug, year)
    form = ProposalFilterForm(request.GET or None, cycle=cycle)
    filters: dict[str, str] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    page = selectors.proposal_list(cycle, page=request.GET.get("page", 1), **filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = _cycle_context(request, cycle)
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
        request.user, "budgeting.comment", proposal
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
                _form_error(form, error)
            else:
                messages.success(request, _("Your comment was added."))
                return redirect(request.path)
    run = selectors.published_result(cycle)
    explanation: list[str] = []
    score = None
    if run is not None:
        explanation = results.explanation(cycle, run.data, number)
        score = results.score_of(run.data, number)
    context = _cycle_context(request, cycle)
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
        has_permission(request.user, "budgeting.edit_proposal", proposal)
        or has_permission(request.user, "budgeting.view_backoffice", proposal)
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
    return render(request, "budgeting/results.html", _result_context(request, cycle, run))


def _result_context(request: HttpRequest, cycle: Cycle, run: Any) -> dict[str, Any]:
    proposals = {p.number: p for p in results.feasible(cycle)}
    selected = set(run.data["selected"])
    rows = []
    for score in run.data["scores"]:
        p = proposals.get(int(score["project"]))
        if p is None:
            continue
        rows.append(
            {
                "proposal": p,
                "score": results.score_of(run.data, p.number),
                "selected": score["project"] in selected,
            }
        )
    ineligible = results.ineligible_rows(cycle, run.data)
    groups = []
    for g in cycle.groups.all():
        members = [r for r in rows if r["proposal"].group_id == g.pk]
        spent = sum(r["proposal"].cost_won for r in members if r["selected"])
        groups.append({"group": g, "rows": members, "spent": spent})
    context = _cycle_context(request, cycle)
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
    if run is None and has_permission(request.user, "budgeting.view_backoffice", cycle):
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
    context = _cycle_context(request, cycle)
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
            key=lambda p: p.number,
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
        score = results.score_of(data, p.number)
        out.append(
            [
                p.number,
                p.title,
                p.group.name,
                p.type.name,
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
    context = _cycle_context(request, cycle)
    context.update(
        projects=projects,
        adopted_total=adopted,
        executed_total=executed,
        rate=selectors.rate(executed, adopted),
    )
    return render(request, "budgeting/execution.html", context)


@require_GET
def deliberation(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Public: dong meetings with attendance, minutes and rankings; the current members of the
    committee, its subcommittees and the proposal-support group (from the governance register,
    public there too); budget-school sessions."""
    cycle = selectors.cycle_public(slug, year)
    context = _cycle_context(request, cycle)
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


# ---- residents ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit("pb.propose", limit=PROPOSALS_PER_HOUR, window=3600)
def propose(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Resident of the district: write a proposal, save it as a draft or submit it."""
    cycle = selectors.cycle_public(slug, year)
    require_permission(request.user, "budgeting.propose", cycle)
    return _proposal_form(request, cycle, None)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit("pb.propose", limit=PROPOSALS_PER_HOUR, window=3600)
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The author: edit a draft, attach files, submit it."""
    proposal = get_object_or_404(Proposal.objects.select_related("cycle__municipality"), pk=pk)
    if not has_permission(request.user, "budgeting.edit_proposal", proposal):
        raise Http404("proposal")
    return _proposal_form(request, proposal.cycle, proposal)


def _proposal_form(request: HttpRequest, cycle: Cycle, proposal: Proposal | None) -> HttpResponse:
    form = ProposalForm(request.POST or None, instance=proposal, cycle=cycle)
    editable = proposal is None or proposal.status == ProposalStatus.DRAFT
    if request.method == "POST" and editable and form.is_valid():
        submit = "submit" in request.POST
        data = {name: form.cleaned_data.get(name) for name in services.PROPOSAL_FIELDS}
        try:
            saved = services.proposal_save(
                actor=request.user, cycle=cycle, data=data, proposal=proposal, submit=submit
            )
        except ServiceError as error:
            _form_error(form, error)
        else:
            if submit:
                messages.success(
                    request, _("Proposal #%(n)s was submitted. Thank you!") % {"n": saved.number}
                )
                return redirect(
                    "budgeting:proposal",
                    cycle.municipality.slug,
                    cycle.cycle_year,
                    saved.number,
                )
            messages.success(request, _("Your draft was saved."))
            return redirect("budgeting:draft", saved.pk)
    context = _cycle_context(request, cycle)
    context.update(
        form=form,
        proposal=proposal,
        editable=editable,
        attach_form=AttachmentForm(),
        in_phase=cycle.allows("propose"),
    )
    return render(request, "budgeting/propose.html", context)


@login_required
@require_POST
@ratelimit("pb.attach", limit=30, window=3600)
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    """The author: attach an image or document to their proposal."""
    proposal = get_object_or_404(Proposal.objects.select_related("cycle__municipality"), pk=pk)
    if not has_permission(request.user, "budgeting.edit_proposal", proposal):
        raise Http404("proposal")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user, proposal=proposal, upload=form.cleaned_data["file"]
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("budgeting:draft", proposal.pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The author: withdraw a submitted proposal before screening."""
    proposal = get_object_or_404(Proposal.objects.select_related("cycle__municipality"), pk=pk)
    if not has_permission(request.user, "budgeting.edit_proposal", proposal):
        raise Http404("proposal")
    try:
        services.proposal_withdraw(actor=request.user, proposal=proposal)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your proposal was withdrawn."))
    return redirect("budgeting:mine")


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The logged-in user's own proposals and drafts."""
    proposals = (
        Proposal.objects.filter(author=request.user)
        .select_related("cycle__municipality", "group")
        .order_by("-created_at")
    )
    return render(request, "budgeting/mine.html", {"proposals": proposals})


# ---- officials ---------------------------------------------------------------------------


def _official_cycle(request: HttpRequest, cycle_id: int, permission: str) -> Cycle:
    return services.cycle_for_official(request.user, cycle_id, permission)


def proposal_for_official(user: Any, pk: int, permission: str) -> Proposal:
    """Fetch a proposal and check the official's permission in one call (404 outside scope)."""
    proposal = (
        Proposal.objects.select_related("cycle__municipality", "group", "type", "merged_into")
        .filter(pk=pk)
        .first()
    )
    if proposal is None or not has_permission(user, permission, proposal):
        raise Http404("proposal")
    return proposal


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Officials of the scope: the cycle's dashboard; POST moves it to its next phase
    (``budgeting.manage``)."""
    cycle = _official_cycle(request, cycle_id, "budgeting.view_backoffice")
    if request.method == "POST":
        require_permission(request.user, "budgeting.manage", cycle)
        page = _advance_confirmation(request, cycle)
        if page is not None:
            return page
        try:
            cycle = services.cycle_advance(actor=request.user, cycle=cycle)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The cycle is now in the %(phase)s phase.") % {"phase": Phase(cycle.phase).label},
            )
        return redirect("budgeting:manage", cycle.pk)
    statuses = dict(
        cycle.proposals.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    index = cycle.phase_index()
    context = _cycle_context(request, cycle)
    context.update(
        statuses=[(s.label, statuses.get(s.value, 0)) for s in ProposalStatus],
        next_phase=Phase(PHASE_ORDER[index + 1]).label if index + 1 < len(PHASE_ORDER) else None,
        may_manage=has_permission(request.user, "budgeting.manage", cycle),
        may_screen=has_permission(request.user, "budgeting.screen", cycle),
        latest=selectors.latest_result(cycle),
    )
    return render(request, "budgeting/manage.html", context)


def _advance_confirmation(request: HttpRequest, cycle: Cycle) -> HttpResponse | None:
    """The confirmation page of a phase advance: what the next phase changes, and on the way to
    the results phase the votes of the cycle that will be closed or cancelled."""
    index = cycle.phase_index()
    if index + 1 >= len(PHASE_ORDER):
        return None  # the service says why nothing can move
    target = PHASE_ORDER[index + 1]
    consequences = [
        _("The cycle moves from the %(now)s phase to the %(next)s phase; it cannot move back.")
        % {"now": Phase(cycle.phase).label, "next": Phase(target).label}
    ]
    if target == Phase.VOTING:
        consequences.append(
            _("The rules freeze: total, types, groups and weights can no longer change.")
        )
    if target == Phase.RESULTS:
        running = voting_interface.running_polls(services.vote_poll_codes(cycle))
        consequences += [voting_interface.describe(poll) for poll in running] or [
            _("No vote of this cycle is running on the voting core.")
        ]
        consequences.append(_("Proposals can no longer be voted on; the result can be computed."))
    return confirmation_page(
        request,
        title=_("Move %(cycle)s to the %(phase)s phase?")
        % {"cycle": cycle.title, "phase": Phase(target).label},
        consequences=consequences,
        action_label=_("Move to the %(phase)s phase") % {"phase": Phase(target).label},
        cancel_url=reverse("budgeting:manage", args=[cycle.pk]),
    )


@login_required
@require_GET
def screening(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Officials of the scope: the screening queue."""
    cycle = _official_cycle(request, cycle_id, "budgeting.view_backoffice")
    status = request.GET.get("status", "")
    if status not in ProposalStatus.values:
        status = ""
    page = selectors.screening_queue(cycle, status=status, page=request.GET.get("page", 1))
    context = _cycle_context(request, cycle)
    context.update(page=page, status=status, statuses=ProposalStatus.choices)
    return render(request, "budgeting/screening.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reviewers of the scope: screen one proposal (``budgeting.screen``)."""
    proposal = proposal_for_official(request.user, pk, "budgeting.screen")
    cycle = proposal.cycle
    initial = {
        "decision": proposal.status
        if proposal.status in ("feasible", "infeasible", "merged")
        else "",
        "department": proposal.department
        or getattr(request.user.official_or_none, "department", ""),  # type: ignore[union-attr]
        "reason": proposal.screening_reason,
        "adjusted_cost_won": proposal.adjusted_cost_won,
        "merged_into": proposal.merged_into.number if proposal.merged_into else None,
    }
    form = ScreenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = None
        if data["merged_into"]:
            target = cycle.proposals.filter(number=data["merged_into"]).first()
            if target is None:
                form.add_error("merged_into", _("There is no proposal with this number."))
        if not form.errors:
            try:
                services.proposal_screen(
                    actor=request.user,
                    proposal=proposal,
                    decision=data["decision"],
                    department=data["department"],
                    reason=data["reason"],
                    adjusted_cost_won=data["adjusted_cost_won"],
                    merged_into=target,
                )
            except ServiceError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Screening of #%(n)s saved.") % {"n": proposal.number})
                return redirect("budgeting:screening", cycle.pk)
    context = _cycle_context(request, cycle)
    context.update(proposal=proposal, form=form)
    return render(request, "budgeting/screen.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def votes(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: open the committee and mobile votes on the voting core and take
    their tallies, or enter the tallies by form or file (the fallback)."""
    cycle = _official_cycle(request, cycle_id, "budgeting.manage")
    proposals = sorted(results.feasible(cycle), key=lambda p: (p.group.sort_order, p.number))
    initial = {"committee_voters": cycle.committee_voters, "mobile_voters": cycle.mobile_voters}
    form = VoteCountsForm(
        request.POST if "counts" in request.POST else None, proposals=proposals, initial=initial
    )
    file_form = VoteFileForm(
        request.POST if "upload" in request.POST else None,
        request.FILES if "upload" in request.POST else None,
    )
    open_form = MobileVoteOpenForm(request.POST if "open_mobile" in request.POST else None)
    committee_form = CommitteeVoteOpenForm(
        request.POST if "open_committee" in request.POST else None, prefix="committee"
    )
    if request.method == "POST" and (
        "open_committee" in request.POST or "import_committee" in request.POST
    ):
        try:
            if "import_committee" in request.POST:
                services.committee_vote_import(actor=request.user, cycle=cycle)
                messages.success(
                    request, _("The committee vote tallies were taken from the voting core.")
                )
            elif committee_form.is_valid():
                opened = services.committee_vote_open(
                    actor=request.user, cycle=cycle, **committee_form.cleaned_data
                )
                messages.success(
                    request,
                    _("%(n)s committee group votes were opened on the voting core.")
                    % {"n": len(opened)},
                )
            else:
                raise ServiceError(_("Give the opening and closing times."))
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect("budgeting:votes", cycle.pk)
    if request.method == "POST" and (
        "open_mobile" in request.POST or "import_mobile" in request.POST
    ):
        try:
            if "import_mobile" in request.POST:
                services.mobile_vote_import(actor=request.user, cycle=cycle)
                messages.success(
                    request, _("The mobile vote tallies were taken from the voting core.")
                )
            elif open_form.is_valid():
                opened = services.mobile_vote_open(
                    actor=request.user, cycle=cycle, **open_form.cleaned_data
                )
                messages.success(
                    request,
                    _("%(n)s group votes were opened on the voting core.") % {"n": len(opened)},
                )
            else:
                raise ServiceError(_("Give the opening and closing times."))
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect("budgeting:votes", cycle.pk)
    if request.method == "POST":
        try:
            if "upload" in request.POST and file_form.is_valid():
                raw = file_form.cleaned_data["file"].read(2_000_000)
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise ServiceError(_("The file is not UTF-8 text."), field="file") from None
                committee, mobile, counts = services.parse_vote_csv(text)
            elif "counts" in request.POST and form.is_valid():
                committee = form.cleaned_data["committee_voters"]
                mobile = form.cleaned_data["mobile_voters"]
                counts = form.counts()
            else:
                raise ServiceError(_("Correct the errors below."))
            services.vote_counts_record(
                actor=request.user,
                cycle=cycle,
                committee_voters=committee,
                mobile_voters=mobile,
                counts=counts,
            )
        except ServiceError as error:
            target = file_form if "upload" in request.POST else form
            if error.field == "file" or target is form:
                target.add_error(None, error.message)
        else:
            messages.success(request, _("The vote tallies were saved."))
            return redirect("budgeting:votes", cycle.pk)
    context = _cycle_context(request, cycle)
    context.update(
        form=form,
        file_form=file_form,
        open_form=open_form,
        committee_form=committee_form,
        mobile_votes=selectors.mobile_votes(cycle),
        committee_votes=selectors.committee_votes(cycle),
        committee_roll=selectors.committee_accounts(cycle) if cycle.committee_body_id else [],
        committee_unreachable=selectors.committee_without_account(cycle)
        if cycle.committee_body_id
        else 0,
        in_phase=cycle.allows("record_votes"),
    )
    return render(request, "budgeting/votes.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def manage_results(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: compute the result with the engine, read it, publish it."""
    cycle = _official_cycle(request, cycle_id, "budgeting.manage")
    if request.method == "POST":
        try:
            if "publish" in request.POST:
                run = selectors.latest_result(cycle)
                if run is None:
                    raise ServiceError(_("Compute the result first."))
                page = confirmation_page(
                    request,
                    title=_("Publish the result of %(cycle)s?") % {"cycle": cycle.title},
                    consequences=[
                        _(
                            "The selected proposals are adopted with their cost and shown to "
                            "everyone as the cycle's result."
                        ),
                        _("The votes and the result can no longer change."),
                    ],
                    action_label=_("Publish this result"),
                    cancel_url=reverse("budgeting:manage_results", args=[cycle.pk]),
                )
                if page is not None:
                    return page
                services.result_publish(actor=request.user, run=run)
                messages.success(request, _("The result was published."))
            else:
                services.result_compute(actor=request.user, cycle=cycle)
                messages.success(request, _("The result was computed; check it, then publish."))
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect("budgeting:manage_results", cycle.pk)
    run = selectors.latest_result(cycle)
    context = _result_context(request, cycle, run) if run else _cycle_context(request, cycle)
    context.update(run=run, in_phase=cycle.allows("compute"))
    return render(request, "budgeting/manage_results.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Reviewers of the scope: record a dong meeting with its ranking."""
    cycle = _official_cycle(request, cycle_id, "budgeting.screen")
    form = MeetingForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        numbers = data["ranking"]
        found = {p.number: p for p in cycle.proposals.filter(number__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            form.add_error(
                "ranking", _("There is no proposal #%(n)s in this cycle.") % {"n": missing[0]}
            )
        else:
            try:
                services.meeting_record(
                    actor=request.user,
                    cycle=cycle,
                    dong=data["dong"],
                    held_on=data["held_on"],
                    attendance=data["attendance"],
                    minutes=data["minutes"],
                    ranking=[found[n] for n in numbers],
                )
            except ServiceError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("The meeting was recorded."))
                return redirect("budgeting:deliberation", cycle.municipality.slug, cycle.cycle_year)
    context = _cycle_context(request, cycle)
    context.update(form=form, title=_("Record a dong meeting"))
    return render(request, "budgeting/official_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offline_new(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Reviewers of the scope: enter a proposal received on paper or at a desk."""
    cycle = _official_cycle(request, cycle_id, "budgeting.screen")
    form = OfflineProposalForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data.get(name) for name in services.PROPOSAL_FIELDS}
        try:
            saved = services.proposal_record_offline(
                actor=request.user,
                cycle=cycle,
                data=data,
                proposer_name=form.cleaned_data["proposer_name"],
            )
        except ServiceError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Proposal #%(n)s was recorded.") % {"n": saved.number})
            return redirect("budgeting:offline_new", cycle.pk)
    context = _cycle_context(request, cycle)
    context.update(form=form, title=_("Enter a proposal received offline"))
    return render(request, "budgeting/official_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def general_new(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: register a general-participation project (no vote)."""
    cycle = _official_cycle(request, cycle_id, "budgeting.manage")
    form = GeneralProjectForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            services.general_project_add(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ServiceError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The general-participation project was registered."))
            return redirect("budgeting:manage", cycle.pk)
    context = _cycle_context(request, cycle)
    context.update(form=form, title=_("Register a general-participation project"))
    return render(request, "budgeting/official_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def school_new(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: record a budget-school session."""
    cycle = _official_cycle(request, cycle_id, "budgeting.manage")
    form = SchoolSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_session_record(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ServiceError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The session was recorded."))
            return redirect("budgeting:deliberation", cycle.municipality.slug, cycle.cycle_year)
    context = _cycle_context(request, cycle)
    context.update(form=form, title=_("Record a budget-school session"))
    return render(request, "budgeting/official_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def execution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers of the scope: record executed amounts and the status of an adopted project."""
    proposal = proposal_for_official(request.user, pk, "budgeting.manage")
    cycle = proposal.cycle
    form = ExecutionForm(request.POST if "amount" in request.POST else None)
    status_form = ExecutionStatusForm(
        request.POST if "status_change" in request.POST else None,
        initial={"status": proposal.execution_status},
    )
    if request.method == "POST":
        try:
            if "amount" in request.POST and form.is_valid():
                services.execution_record(
                    actor=request.user, proposal=proposal, **form.cleaned_data
                )
                messages.success(request, _("The executed amount was recorded."))
                return redirect("budgeting:execution_edit", proposal.pk)
            if "status_change" in request.POST and status_form.is_valid():
                services.execution_status_set(
                    actor=request.user, proposal=proposal, status=status_form.cleaned_data["status"]
                )
                messages.success(request, _("The status was changed."))
                return redirect("budgeting:execution_edit", proposal.pk)
        except ServiceError as error:
            _form_error(form if "amount" in request.POST else status_form, error)
    context = _cycle_context(request, cycle)
    context.update(
        proposal=proposal,
        form=form,
        status_form=status_form,
        entries=proposal.executions.all(),
        executed=proposal.executed_amount_won,
        back=reverse("budgeting:execution", args=[cycle.municipality.slug, cycle.cycle_year]),
    )
    return render(request, "budgeting/execution_edit.html", context)
