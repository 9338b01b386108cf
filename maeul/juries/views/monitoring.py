"""A standing jury's field monitoring visits and half-yearly reports: the organisers'
pages to record, write and publish them, and the public page of one report (published only;
a draft is a 404 for anyone but the organisers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.permissions import has_permission
from maeul.core.confirm import confirmation_page
from maeul.core.errors import ServiceError
from maeul.juries import selectors, services
from maeul.juries.forms import ReportForm, VisitForm
from maeul.juries.models import HalfYearReport, JuryPhase, MonitoringVisit
from maeul.juries.rules import JuryPermission
from maeul.juries.views.common import _form_error, jury_for_organiser


@login_required
@require_http_methods(["GET", "POST"])
def visits(request: HttpRequest, jury_id: int) -> HttpResponse:
    """Every visit of the jury (drafts too) and the form to record one."""
    jury = jury_for_organiser(request, jury_id)
    form = VisitForm(request.POST or None, jury=jury)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record(actor=request.user, jury=jury, **form.cleaned_data)
        except ServiceError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Visit recorded; publish it when it may be shown."))
            return redirect("juries:visits", jury_id=jury.pk)
    return render(
        request,
        "juries/visits.html",
        {
            "jury": jury,
            "form": form,
            "visits": jury.visits.select_related("subgroup").order_by("-visited_on", "-pk"),
            "sitting": jury.phase == JuryPhase.SITTING,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def visit_publish(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = get_object_or_404(MonitoringVisit.objects.select_related("jury"), pk=visit_id)
    jury = jury_for_organiser(request, visit.jury_id)
    try:
        services.visit_publish(actor=request.user, visit=visit)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The visit is published."))
    return redirect("juries:visits", jury_id=jury.pk)


@login_required
@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest, jury_id: int) -> HttpResponse:
    """Every report of the jury (drafts too) and the form to write or rewrite one."""
    jury = jury_for_organiser(request, jury_id)
    initial = {}
    editing = request.GET.get("edit", "")
    if editing.isdigit():
        draft = jury.reports.filter(pk=int(editing), published_at__isnull=True).first()
        if draft is not None:
            initial = {
                "year": draft.year,
                "half": draft.half,
                "title": draft.title,
                "presented_on": draft.presented_on,
                "summary": draft.summary,
                "recommendations": draft.recommendations,
            }
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save(actor=request.user, jury=jury, **form.cleaned_data)
        except ServiceError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Report saved; publish it when it is final."))
            return redirect("juries:reports", jury_id=jury.pk)
    return render(
        request,
        "juries/reports.html",
        {
            "jury": jury,
            "form": form,
            "reports": jury.reports.order_by("-year", "-half"),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def report_publish(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(HalfYearReport.objects.select_related("jury"), pk=report_id)
    jury = jury_for_organiser(request, report.jury_id)
    page = confirmation_page(
        request,
        title=_("Publish the report for %(period)s?") % {"period": report.period_label},
        consequences=[
            _("Everyone can read the report on the jury's page."),
            _("A published report can no longer be changed."),
        ],
        action_label=_("Publish the report"),
        cancel_url=reverse("juries:reports", args=[jury.pk]),
    )
    if page is not None:
        return page
    try:
        services.report_publish(actor=request.user, report=report)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report is published."))
    return redirect("juries:reports", jury_id=jury.pk)


@require_GET
def report(request: HttpRequest, jury_id: int, report_id: int) -> HttpResponse:
    """One half-yearly report, public once published."""
    jury = selectors.jury_for(request.user, jury_id)
    item = selectors.report_for(request.user, jury, report_id)
    return render(
        request,
        "juries/report.html",
        {
            "jury": jury,
            "municipality": jury.municipality,
            "report": item,
            "can_manage": has_permission(request.user, JuryPermission.MANAGE, jury.municipality),
        },
    )
