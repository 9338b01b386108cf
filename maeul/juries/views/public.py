"""The pages residents and jurors see: the public list and a jury's page (published
opinions only), the application form for residents of the municipality, and the review
page for the jury's own jurors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maeul.accounts.permissions import has_permission
from maeul.core.errors import ServiceError
from maeul.core.paging import page_of, query_without
from maeul.juries import labels, selectors, services
from maeul.juries.forms import (
    ApplyForm,
    ReviewForm,
)
from maeul.juries.models import (
    Draw,
    Jury,
    JuryPhase,
    VolunteerStatus,
)
from maeul.juries.rules import JuryPermission
from maeul.juries.views.common import (
    _form_error,
)
from maeul.places.models import Municipality
from maeul.pledges.interface import pledges_in_order


@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """Public list; officials who may organise juries here also get the create button."""
    municipality = get_object_or_404(Municipality, slug=slug)
    juries = Jury.objects.filter(municipality=municipality).order_by(
        "-recruitment_year", "name", "pk"
    )
    page = page_of(request, juries)
    return render(
        request,
        "juries/index.html",
        {
            "municipality": municipality,
            "juries": page.object_list,
            "page": page,
            "query": query_without(request),
            "can_create": has_permission(request.user, JuryPermission.MANAGE, municipality),
        },
    )


@require_GET
def detail(request: HttpRequest, jury_id: int) -> HttpResponse:
    jury = selectors.jury_for(request.user, jury_id)
    draw = Draw.objects.filter(jury=jury).first()
    is_juror = has_permission(request.user, JuryPermission.REVIEW, jury)
    return render(
        request,
        "juries/detail.html",
        {
            "jury": jury,
            "municipality": jury.municipality,
            "draw": draw,
            "sessions": jury.sessions.all(),
            "opinions": selectors.published_opinions(jury),
            "can_apply": jury.phase == JuryPhase.RECRUITING
            and has_permission(request.user, JuryPermission.APPLY, jury),
            "already": request.user.is_authenticated
            and jury.volunteers.filter(user=request.user).exists(),
            "is_juror": is_juror,
            "can_manage": has_permission(request.user, JuryPermission.MANAGE, jury.municipality),
            "jurors": jury.volunteers.filter(status=VolunteerStatus.JUROR).count(),
            "appointed": draw is None and jury.phase != JuryPhase.RECRUITING,
            "subgroups": jury.subgroups.count(),
            "reports": selectors.published_reports(jury),
            "visits": selectors.published_visits(jury),
            "algorithm": labels.algorithm_name(draw.algorithm) if draw else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, jury_id: int) -> HttpResponse:
    jury = selectors.jury_for(request.user, jury_id)
    if not has_permission(request.user, JuryPermission.APPLY, jury):
        raise PermissionDenied(
            _("Only residents of %(municipality)s can volunteer for this jury.")
            % {"municipality": jury.municipality.name}
        )
    form = ApplyForm(request.POST or None, jury=jury)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.volunteer_apply(
                actor=request.user,
                jury=jury,
                dong=data["dong"],
                phone=data["phone"],
                contact_by=data["contact_by"],
                consent=data["consent"],
            )
        except ServiceError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Thank you: you are in the pool for the lottery."))
            return redirect("juries:detail", jury_id=jury.pk)
    return render(request, "juries/apply.html", {"jury": jury, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, jury_id: int) -> HttpResponse:
    """A juror's page: the pledges of their subgroup, one review form each."""
    jury = selectors.jury_for(request.user, jury_id)
    try:
        juror = selectors.juror_for(request.user, jury)
    except ServiceError as error:
        raise PermissionDenied(error.message) from None
    pledges = (
        juror.subgroup.pledges.order_by("number")
        if juror.subgroup is not None
        else pledges_in_order(jury.municipality)
    )
    if request.method == "POST":
        try:
            number = int(request.POST.get("pledge", ""))
        except ValueError:
            raise Http404("pledge") from None
        pledge = get_object_or_404(pledges, number=number)
        form = ReviewForm(request.POST, jury=jury, prefix=f"p{number}")
        if form.is_valid():
            try:
                services.review_submit(
                    actor=request.user, jury=jury, pledge=pledge, **form.cleaned_data
                )
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("Your review of pledge %(number)s is saved.") % {"number": number}
                )
        else:
            messages.error(request, _("Choose a grade and a recommendation."))
        return redirect("juries:review", jury_id=jury.pk)
    mine = {r.pledge_id: r for r in juror.reviews.all()}
    items = []
    for pledge in pledges:
        existing = mine.get(pledge.pk)
        initial = (
            {
                "grade": existing.grade,
                "recommendation": existing.recommendation,
                "comments": existing.comments,
            }
            if existing
            else {}
        )
        form = ReviewForm(initial=initial, jury=jury, prefix=f"p{pledge.number}")
        items.append({"pledge": pledge, "form": form, "done": existing is not None})
    return render(request, "juries/review.html", {"jury": jury, "juror": juror, "items": items})
