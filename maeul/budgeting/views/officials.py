"""Officials' screens of a cycle: the dashboard and phase moves, screening, the result,
meetings, offline proposals, general-participation projects, budget school and execution.

Access: every screen fetches its cycle or proposal with ``get_authorised`` for the
permission it names (404 outside the official's scope); writes go through the services only,
and a ``ServiceError`` becomes a message on the form, never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.permissions import has_permission, require_permission
from maeul.budgeting import selectors, services
from maeul.budgeting.forms import (
    ExecutionForm,
    ExecutionStatusForm,
    GeneralProjectForm,
    MeetingForm,
    OfflineProposalForm,
    SchoolSessionForm,
    ScreenForm,
)
from maeul.budgeting.models import PHASE_ORDER, Cycle, Phase, Proposal, ProposalStatus
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.views._common import (
    cycle_context,
    form_error,
    official_cycle,
    official_proposal,
    prepared,
)
from maeul.budgeting.views.public import result_context
from maeul.core.confirm import confirmation_page
from maeul.core.errors import ServiceError
from maeul.voting import interface as voting_interface


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Officials of the scope: the cycle's dashboard; POST moves it to its next phase
    (``budgeting.manage``)."""
    cycle = official_cycle(request, cycle_id, BudgetingPermission.VIEW_BACKOFFICE)
    if request.method == "POST":
        require_permission(request.user, BudgetingPermission.MANAGE, cycle)
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
    context = cycle_context(request, cycle)
    context.update(
        statuses=[(s.label, statuses.get(s.value, 0)) for s in ProposalStatus],
        next_phase=Phase(PHASE_ORDER[index + 1]).label if index + 1 < len(PHASE_ORDER) else None,
        may_manage=has_permission(request.user, BudgetingPermission.MANAGE, cycle),
        may_screen=has_permission(request.user, BudgetingPermission.SCREEN, cycle),
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
        running = voting_interface.running_polls(selectors.vote_polls(cycle))
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
    cycle = official_cycle(request, cycle_id, BudgetingPermission.VIEW_BACKOFFICE)
    status = request.GET.get("status", "")
    if status not in ProposalStatus.values:
        status = ""
    page = selectors.screening_queue(cycle, status=status, page=request.GET.get("page", 1))
    context = cycle_context(request, cycle)
    context.update(page=page, status=status, statuses=ProposalStatus.choices)
    return render(request, "budgeting/screening.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reviewers of the scope: screen one proposal (``budgeting.screen``)."""
    proposal = official_proposal(request.user, pk, BudgetingPermission.SCREEN)
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
        "reason_code": proposal.screening_code_id,
    }
    form = ScreenForm(request.POST or None, initial=initial, municipality=cycle.municipality)
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
                    reason_code=data["reason_code"],
                )
            except ServiceError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Screening of #%(n)s saved.") % {"n": proposal.number})
                return redirect("budgeting:screening", cycle.pk)
    context = cycle_context(request, cycle)
    context.update(proposal=proposal, form=form)
    return render(request, "budgeting/screen.html", context)


@login_required
@require_GET
def manage_results(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: read the latest computed result; compute and publish post to
    their own views."""
    cycle = official_cycle(request, cycle_id, BudgetingPermission.MANAGE)
    run = prepared(selectors.latest_result(cycle))
    context = result_context(request, cycle, run) if run else cycle_context(request, cycle)
    context.update(run=run, in_phase=cycle.allows("compute"))
    return render(request, "budgeting/manage_results.html", context)


@login_required
@require_POST
def result_compute(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: compute the result with the engine (it is kept, not shown)."""
    cycle = official_cycle(request, cycle_id, BudgetingPermission.MANAGE)
    try:
        services.result_compute(actor=request.user, cycle=cycle)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The result was computed; check it, then publish."))
    return redirect("budgeting:manage_results", cycle.pk)


@login_required
@require_POST
def result_publish(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: publish the latest computed result, after a confirmation page
    that says what publishing changes."""
    cycle = official_cycle(request, cycle_id, BudgetingPermission.MANAGE)
    run = selectors.latest_result(cycle)
    if run is None:
        messages.error(request, _("Compute the result first."))
        return redirect("budgeting:manage_results", cycle.pk)
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
    try:
        services.result_publish(actor=request.user, run=run)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The result was published."))
    return redirect("budgeting:manage_results", cycle.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Reviewers of the scope: record a dong meeting with its ranking."""
    cycle = official_cycle(request, cycle_id, BudgetingPermission.SCREEN)
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
                form_error(form, error)
            else:
                messages.success(request, _("The meeting was recorded."))
                return redirect("budgeting:deliberation", cycle.municipality.slug, cycle.cycle_year)
    context = cycle_context(request, cycle)
    context.update(form=form, title=_("Record a dong meeting"))
    return render(request, "budgeting/official_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offline_new(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Reviewers of the scope: enter a proposal received on paper or at a desk."""
    cycle = official_cycle(request, cycle_id, BudgetingPermission.SCREEN)
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
            form_error(form, error)
        else:
            messages.success(request, _("Proposal #%(n)s was recorded.") % {"n": saved.number})
            return redirect("budgeting:offline_new", cycle.pk)
    context = cycle_context(request, cycle)
    context.update(form=form, title=_("Enter a proposal received offline"))
    return render(request, "budgeting/official_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def general_new(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: register a general-participation project (no vote)."""
    cycle = official_cycle(request, cycle_id, BudgetingPermission.MANAGE)
    form = GeneralProjectForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            services.general_project_add(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ServiceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The general-participation project was registered."))
            return redirect("budgeting:manage", cycle.pk)
    context = cycle_context(request, cycle)
    context.update(form=form, title=_("Register a general-participation project"))
    return render(request, "budgeting/official_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def school_new(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: record a budget-school session."""
    cycle = official_cycle(request, cycle_id, BudgetingPermission.MANAGE)
    form = SchoolSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_session_record(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ServiceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The session was recorded."))
            return redirect("budgeting:deliberation", cycle.municipality.slug, cycle.cycle_year)
    context = cycle_context(request, cycle)
    context.update(form=form, title=_("Record a budget-school session"))
    return render(request, "budgeting/official_form.html", context)


def _execution_page(
    request: HttpRequest,
    proposal: Proposal,
    *,
    form: ExecutionForm | None = None,
    status_form: ExecutionStatusForm | None = None,
) -> HttpResponse:
    cycle = proposal.cycle
    context = cycle_context(request, cycle)
    context.update(
        proposal=proposal,
        form=form or ExecutionForm(),
        status_form=status_form
        or ExecutionStatusForm(initial={"status": proposal.execution_status}),
        entries=proposal.executions.all(),
        executed=proposal.executed_amount_won,
        back=reverse("budgeting:execution", args=[cycle.municipality.slug, cycle.cycle_year]),
    )
    return render(request, "budgeting/execution_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def execution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers of the scope: an adopted project's execution; POST records an executed
    amount (the status changes through ``execution_status``)."""
    proposal = official_proposal(request.user, pk, BudgetingPermission.MANAGE)
    form = ExecutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.execution_record(actor=request.user, proposal=proposal, **form.cleaned_data)
        except ServiceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The executed amount was recorded."))
            return redirect("budgeting:execution_edit", proposal.pk)
    return _execution_page(request, proposal, form=form)


@login_required
@require_POST
def execution_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers of the scope: change the execution status of an adopted project."""
    proposal = official_proposal(request.user, pk, BudgetingPermission.MANAGE)
    status_form = ExecutionStatusForm(request.POST)
    if status_form.is_valid():
        try:
            services.execution_status_set(
                actor=request.user, proposal=proposal, status=status_form.cleaned_data["status"]
            )
        except ServiceError as error:
            form_error(status_form, error)
        else:
            messages.success(request, _("The status was changed."))
            return redirect("budgeting:execution_edit", proposal.pk)
    return _execution_page(request, proposal, status_form=status_form)
