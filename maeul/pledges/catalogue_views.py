"""The planning office's pages for the pledge catalogue: goals, fields, pledges and each table
of a pledge's sheet (what officials used to do in the Django admin).

Access: ``pledges.edit`` on the municipality (administrators and programme managers). An
official of the municipality without that role gets 403; anyone whose scope does not cover
it — a resident, another district's official — gets 404, and so does another municipality's
goal, field or pledge, so nobody can probe ids. Writes go through ``catalogue.py`` only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maeul.accounts.permissions import covers, get_authorised, has_permission
from maeul.core.errors import ServiceError
from maeul.places.models import Municipality
from maeul.pledges import catalogue, services
from maeul.pledges.forms import (
    FieldForm,
    GoalForm,
    IndicatorRowForm,
    PledgeForm,
    indicator_initial,
    table_form,
)
from maeul.pledges.models import Pledge, PledgeField, PledgeGoal
from maeul.pledges.rules import PledgePermission

EXTRA_ROWS = 3
MAX_ROWS = 100
TABLE_NAMES = (*catalogue.SHEET_TABLES, "indicators")


def editor_municipality(request: HttpRequest, slug: str) -> Municipality:
    """The municipality, if the user may edit its pledges (see the module docstring)."""
    municipality = get_object_or_404(Municipality, slug=slug)
    if has_permission(request.user, PledgePermission.EDIT, municipality):
        return municipality
    if covers(request.user, municipality):
        raise PermissionDenied(_("You do not have permission to do this."))
    raise Http404("municipality")


def _put_error(form: Any, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_http_methods(["GET"])
def catalogue_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Goals and fields with their pledges; each form posts to its own view below."""
    return _render_catalogue(request, editor_municipality(request, slug))


def _render_catalogue(
    request: HttpRequest,
    municipality: Municipality,
    *,
    goal_form: GoalForm | None = None,
    field_form: FieldForm | None = None,
    bound: forms.Form | None = None,
) -> HttpResponse:
    """The catalogue page; a form that failed validation is shown in place of its blank
    twin so the official sees the errors where they typed (``bound`` is a goal's or a
    field's edit form, recognised by its prefix)."""
    goals = list(
        PledgeGoal.objects.filter(municipality=municipality).prefetch_related("fields__pledges")
    )
    edits = []
    for goal in goals:
        fields = []
        for field in goal.fields.all():
            fields.append(
                {
                    "field": field,
                    "form": _bound_or(
                        bound,
                        FieldForm(
                            municipality=municipality,
                            prefix=f"f{field.pk}",
                            initial={"goal": goal.pk, "name": field.name, "order": field.order},
                        ),
                    ),
                    "pledges": sorted(field.pledges.all(), key=lambda p: p.number),
                }
            )
        edits.append(
            {
                "goal": goal,
                "form": _bound_or(
                    bound,
                    GoalForm(
                        prefix=f"g{goal.pk}", initial={"name": goal.name, "order": goal.order}
                    ),
                ),
                "fields": fields,
            }
        )
    return render(
        request,
        "pledges/catalogue.html",
        {
            "municipality": municipality,
            "goals": edits,
            "goal_form": goal_form or GoalForm(prefix="goal"),
            "field_form": field_form or FieldForm(municipality=municipality, prefix="field"),
        },
    )


def _bound_or(bound: forms.Form | None, blank: forms.Form) -> forms.Form:
    """The posted form when it belongs to this row (same class and prefix), else the blank."""
    if bound is not None and type(bound) is type(blank) and bound.prefix == blank.prefix:
        return bound
    return blank


def _saved(request: HttpRequest, municipality: Municipality, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("pledges:catalogue", slug=municipality.slug)


@login_required
@require_http_methods(["POST"])
def goal_new(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = editor_municipality(request, slug)
    form = GoalForm(request.POST, prefix="goal")
    if form.is_valid():
        try:
            catalogue.goal_create(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            return _saved(request, municipality, _("Goal added."))
    return _render_catalogue(request, municipality, goal_form=form)


@login_required
@require_http_methods(["POST"])
def field_new(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = editor_municipality(request, slug)
    form = FieldForm(request.POST, municipality=municipality, prefix="field")
    if form.is_valid():
        try:
            catalogue.field_create(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            return _saved(request, municipality, _("Field added."))
    return _render_catalogue(request, municipality, field_form=form)


@login_required
@require_http_methods(["POST"])
def goal_edit(request: HttpRequest, slug: str, goal_id: int) -> HttpResponse:
    municipality = editor_municipality(request, slug)
    goal = get_authorised(
        PledgeGoal.objects.filter(municipality=municipality),
        request.user,
        goal_id,
        PledgePermission.EDIT,
    )
    form = GoalForm(request.POST, prefix=f"g{goal.pk}")
    if form.is_valid():
        try:
            catalogue.goal_update(actor=request.user, goal=goal, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            return _saved(request, municipality, _("Goal saved."))
    return _render_catalogue(request, municipality, bound=form)


@login_required
@require_http_methods(["POST"])
def field_edit(request: HttpRequest, slug: str, field_id: int) -> HttpResponse:
    municipality = editor_municipality(request, slug)
    field = get_authorised(
        PledgeField.objects.select_related("goal__municipality").filter(
            goal__municipality=municipality
        ),
        request.user,
        field_id,
        PledgePermission.EDIT,
    )
    form = FieldForm(request.POST, municipality=municipality, prefix=f"f{field.pk}")
    if form.is_valid():
        try:
            catalogue.field_update(actor=request.user, field=field, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            return _saved(request, municipality, _("Field saved."))
    return _render_catalogue(request, municipality, bound=form)


@login_required
@require_http_methods(["GET", "POST"])
def pledge_new(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = editor_municipality(request, slug)
    form = PledgeForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = catalogue.pledge_create(
                actor=request.user, municipality=municipality, data=form.cleaned_data
            )
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("Pledge %(number)s added.") % {"number": pledge.number})
            return redirect("pledges:pledge_edit", slug=municipality.slug, number=pledge.number)
    return render(
        request,
        "pledges/pledge_form.html",
        {"municipality": municipality, "form": form, "pledge": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pledge_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    municipality = editor_municipality(request, slug)
    pledge = get_object_or_404(Pledge, municipality=municipality, number=number)
    form = PledgeForm(request.POST or None, instance=pledge, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            saved = catalogue.pledge_update(
                actor=request.user, pledge=pledge, data=form.cleaned_data
            )
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("Pledge saved."))
            return redirect("pledges:pledge_edit", slug=municipality.slug, number=saved.number)
    return render(
        request,
        "pledges/pledge_form.html",
        {
            "municipality": municipality,
            "form": form,
            "pledge": pledge,
            "tables": [(name, _table_label(name)) for name in TABLE_NAMES],
        },
    )


def _table_label(name: str) -> str:
    if name == "indicators":
        return _("Indicators")
    return str(catalogue.SHEET_TABLES[name].label)


def _rows_formset(table: str) -> type[forms.BaseFormSet[Any]]:
    form = IndicatorRowForm if table == "indicators" else table_form(table)
    # a hard cap: a posted TOTAL_FORMS of 99999 builds at most MAX_ROWS forms
    return forms.formset_factory(
        form,
        extra=EXTRA_ROWS,
        can_delete=True,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


def _initial(pledge: Pledge, table: str) -> list[dict[str, Any]]:
    if table == "indicators":
        return [indicator_initial(i) for i in pledge.indicators.all()]
    spec = catalogue.SHEET_TABLES[table]
    return [
        {name: getattr(row, name) for name in spec.fields}
        for row in spec.model._default_manager.filter(pledge=pledge)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def pledge_table(request: HttpRequest, slug: str, number: int, table: str) -> HttpResponse:
    """One table of the sheet as rows of a form: change, add (empty rows) or tick to delete;
    everything is saved at once or, on any error, nothing."""
    municipality = editor_municipality(request, slug)
    pledge = get_object_or_404(Pledge, municipality=municipality, number=number)
    if table not in TABLE_NAMES:
        raise Http404("table")
    formset_class = _rows_formset(table)
    formset = formset_class(request.POST or None, initial=_initial(pledge, table), prefix="rows")
    error = ""
    if request.method == "POST" and formset.is_valid():
        rows = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        rows = [{k: v for k, v in r.items() if k != "DELETE" and v is not None} for r in rows]
        try:
            if table == "indicators":
                services.pledge_indicators_replace(
                    actor=request.user,
                    pledge=pledge,
                    rows=[services.IndicatorInput(**row) for row in rows],
                )
            else:
                catalogue.pledge_table_replace(
                    actor=request.user, pledge=pledge, table=table, rows=rows
                )
        except ServiceError as failure:
            error = failure.message
        else:
            messages.success(request, _("%(table)s saved.") % {"table": _table_label(table)})
            return redirect(
                "pledges:pledge_table", slug=municipality.slug, number=number, table=table
            )
    return render(
        request,
        "pledges/pledge_table.html",
        {
            "municipality": municipality,
            "pledge": pledge,
            "table": table,
            "label": _table_label(table),
            "formset": formset,
            "error": error,
            "tables": [(name, _table_label(name)) for name in TABLE_NAMES],
        },
    )
