"""Residents' screens: writing, attaching to, submitting and withdrawing one's proposals.

Access: a logged-in resident of the district proposes (``budgeting.propose``); only the
author reaches a draft (``budgeting.edit_proposal``, 404 for anyone else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.permissions import require_permission
from maeul.budgeting import selectors, services
from maeul.budgeting.forms import AttachmentForm, ProposalForm
from maeul.budgeting.models import Cycle, Proposal, ProposalStatus
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.views._common import (
    PROPOSALS_PER_HOUR,
    authored_proposal,
    cycle_context,
    form_error,
)
from maeul.core.errors import ServiceError
from maeul.core.ratelimit import ratelimit


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit("pb.propose", limit=PROPOSALS_PER_HOUR, window=3600)
def propose(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Resident of the district: write a proposal, save it as a draft or submit it."""
    cycle = selectors.cycle_public(slug, year)
    require_permission(request.user, BudgetingPermission.PROPOSE, cycle)
    return _proposal_form(request, cycle, None)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit("pb.propose", limit=PROPOSALS_PER_HOUR, window=3600)
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The author: edit a draft, attach files, submit it."""
    proposal = authored_proposal(request.user, pk)
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
            form_error(form, error)
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
    context = cycle_context(request, cycle)
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
    proposal = authored_proposal(request.user, pk)
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
    proposal = authored_proposal(request.user, pk)
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
        Proposal.objects.filter(author_id=request.user.pk)
        .select_related("cycle__municipality", "group")
        .order_by("-created_at")
    )
    return render(request, "budgeting/mine.html", {"proposals": proposals})
