"""Officials' screens for what a cycle records besides its proposals: the general assembly
(총회), the groups run with a body of the governance register (the youth council's
education/youth group), and the municipality's coded list of screening reasons.

Access: the cycle is fetched with ``get_authorised`` for ``budgeting.manage`` (404 outside
the official's scope); the reasons list belongs to a municipality and needs
``budgeting.manage`` on it (404 otherwise, like an unknown place). Writes go through the
services; a ``ServiceError`` becomes a message on the form, never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maeul.accounts.permissions import has_permission
from maeul.budgeting import services
from maeul.budgeting.forms import AssemblyForm, GroupBodyForm, ScreeningReasonForm
from maeul.budgeting.models import ScreeningReason
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.services.assembly import decision_lines
from maeul.budgeting.views._common import (
    cycle_context,
    form_error,
    municipality_or_404,
    official_cycle,
)
from maeul.core.errors import ServiceError
from maeul.governance import interface as governance_interface
from maeul.places.models import Municipality


@login_required
@require_http_methods(["GET", "POST"])
def assembly_new(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: record the cycle's general assembly (총회)."""
    cycle = official_cycle(request, cycle_id, BudgetingPermission.MANAGE)
    form = AssemblyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assembly_record(
                actor=request.user,
                cycle=cycle,
                held_on=data["held_on"],
                online=data["online"],
                place=data["place"],
                attendance=data["attendance"],
                decisions=decision_lines(data["decisions"]),
            )
        except ServiceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The general assembly was recorded."))
            return redirect("budgeting:cycle", cycle.municipality.slug, cycle.cycle_year)
    context = cycle_context(request, cycle)
    context.update(form=form, title=_("Record the general assembly"))
    return render(request, "budgeting/official_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def groups(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: which body each category group is run with (the youth
    council), chosen among the bodies of the cycle's municipality; POST sets one group."""
    cycle = official_cycle(request, cycle_id, BudgetingPermission.MANAGE)
    bodies = governance_interface.Body.objects.filter(municipality=cycle.municipality).order_by(
        "name"
    )
    rows = list(cycle.groups.select_related("voting_body"))
    forms = {
        g.pk: GroupBodyForm(
            prefix=f"g{g.pk}", bodies=bodies, initial={"voting_body": g.voting_body_id}
        )
        for g in rows
    }
    if request.method == "POST":
        group_id = request.POST.get("group", "")
        group = next((g for g in rows if str(g.pk) == group_id), None)
        if group is None:
            raise Http404("group")
        form = GroupBodyForm(request.POST, prefix=f"g{group.pk}", bodies=bodies)
        forms[group.pk] = form
        if form.is_valid():
            try:
                services.group_body_set(
                    actor=request.user, group=group, body=form.cleaned_data["voting_body"]
                )
            except ServiceError as error:
                form_error(form, error)
            else:
                messages.success(
                    request, _("The group %(group)s was saved.") % {"group": group.display_name}
                )
                return redirect("budgeting:groups", cycle.pk)
    context = cycle_context(request, cycle)
    context.update(
        rows=[(g, forms[g.pk]) for g in rows],
        locked=cycle.rules_locked,
    )
    return render(request, "budgeting/groups.html", context)


def _reasons_place(request: HttpRequest, slug: str) -> Municipality:
    place = municipality_or_404(slug)
    if not has_permission(request.user, BudgetingPermission.MANAGE, place):
        raise Http404(slug)  # another municipality's list answers like a missing one
    return place


@login_required
@require_http_methods(["GET", "POST"])
def reasons(request: HttpRequest, slug: str) -> HttpResponse:
    """Managers of the municipality: its coded list of screening reasons; POST adds one."""
    place = _reasons_place(request, slug)
    form = ScreeningReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_reason_save(
                actor=request.user, municipality=place, **form.cleaned_data
            )
        except ServiceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The reason was added to the list."))
            return redirect("budgeting:reasons", place.slug)
    return render(
        request,
        "budgeting/reasons.html",
        {
            "municipality": place,
            "form": form,
            "reasons": ScreeningReason.objects.filter(municipality=place),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reason_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Managers of the municipality: change one reason of its list (or retire it)."""
    place = _reasons_place(request, slug)
    reason = get_object_or_404(ScreeningReason, pk=pk, municipality=place)
    initial = {
        "code": reason.code,
        "label": reason.label,
        "label_en": reason.label_en,
        "sort_order": reason.sort_order,
        "active": reason.active,
    }
    form = ScreeningReasonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_reason_save(
                actor=request.user, municipality=place, reason=reason, **form.cleaned_data
            )
        except ServiceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The reason was saved."))
            return redirect("budgeting:reasons", place.slug)
    return render(
        request,
        "budgeting/reason_edit.html",
        {"municipality": place, "form": form, "reason": reason},
    )
