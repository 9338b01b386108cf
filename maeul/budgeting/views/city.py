"""A city's citizen participatory budget (시민참여예산) with its districts' shares.

Access: ``city_pb`` is *public*, like the other PB pages; ``city_pb_manage`` is for the
city's PB managers (404 for anyone else, like every official screen). The same address serves the city (its programmes,
each district's share) and a district (what it got from its city's programmes), so Gwangju
Nam-gu's 8 projects / 350 million won of 2021 are found from both."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maeul.accounts.permissions import has_permission
from maeul.budgeting import selectors
from maeul.budgeting.forms import CityProgrammeForm, DistrictShareForm
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.services.city import (
    CITY_LEVEL,
    city_programme_create,
    district_share_record,
)
from maeul.budgeting.views._common import form_error, municipality_or_404
from maeul.core.errors import ServiceError
from maeul.places.models import Municipality


@require_GET
def city_pb(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the city's programmes with every district's share, or a district's shares."""
    municipality = municipality_or_404(slug)
    found = selectors.city_pb(municipality)
    programmes = [
        {
            "programme": p,
            "shares": list(p.shares.all()),
            "projects": sum(s.projects for s in p.shares.all()),
            "amount": sum(s.amount_won for s in p.shares.all()),
        }
        for p in found.programmes
    ]
    return render(
        request,
        "budgeting/city_pb.html",
        {
            "municipality": municipality,
            "programmes": programmes,
            "shares": found.shares,
            "city": municipality.parent if found.shares else None,
            "can_manage": municipality.level == CITY_LEVEL
            and has_permission(request.user, BudgetingPermission.MANAGE, municipality),
        },
    )


def _managed_city(request: HttpRequest, slug: str) -> Municipality:
    """The city ``slug`` if the official manages its PB; 404 otherwise (another city, a
    district, an unknown slug alike)."""
    city = get_object_or_404(Municipality, slug=slug, level=CITY_LEVEL)
    if not has_permission(request.user, BudgetingPermission.MANAGE, city):
        raise Http404("budgeting.manage")
    return city


@login_required
@require_http_methods(["GET", "POST"])
def city_pb_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Managers of the city: open the city's citizen PB of a budget year and record what
    each district got from it (a recorded share is corrected by recording it again). Two
    forms on one page, told apart by the submit button's ``action``."""
    city = _managed_city(request, slug)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    # Prefixed: both forms have a "source" field, and ids must stay unique on the page.
    programme_form = CityProgrammeForm(
        request.POST if action == "programme" else None, prefix="programme"
    )
    share_form = DistrictShareForm(
        request.POST if action == "share" else None, city=city, prefix="share"
    )
    if action == "programme" and programme_form.is_valid():
        try:
            city_programme_create(actor=request.user, city=city, **programme_form.cleaned_data)
        except ServiceError as error:
            form_error(programme_form, error)
        else:
            messages.success(request, _("The programme was opened."))
            return redirect("budgeting:city_pb_manage", city.slug)
    if action == "share" and share_form.is_valid():
        try:
            district_share_record(actor=request.user, **share_form.cleaned_data)
        except ServiceError as error:
            form_error(share_form, error)
        else:
            messages.success(request, _("The district's share was recorded."))
            return redirect("budgeting:city_pb_manage", city.slug)
    return render(
        request,
        "budgeting/city_pb_manage.html",
        {
            "municipality": city,
            "programmes": selectors.city_pb(city).programmes,
            "programme_form": programme_form,
            "share_form": share_form,
        },
    )
