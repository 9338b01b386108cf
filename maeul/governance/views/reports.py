"""Officials: the alerts and the quarterly reports (submit, accept, return)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maeul.accounts.permissions import get_authorised, has_permission, require_permission
from maeul.core.confirm import confirmation_page
from maeul.core.errors import ServiceError
from maeul.core.paging import page_of, query_without
from maeul.governance import selectors, services
from maeul.governance.forms import (
    ReturnForm,
)
from maeul.governance.models import (
    QuarterlyReport,
)
from maeul.governance.rules import GovernancePermission
from maeul.governance.views._common import (
    _links,
    _municipality,
)


@login_required
@require_GET
def alerts(request: HttpRequest, slug: str) -> HttpResponse:
    """Officials: terms ending within 60 days in the scope."""
    municipality = _municipality(slug)
    require_permission(request.user, GovernancePermission.VIEW_RECORDS, municipality)
    return render(
        request,
        "governance/alerts.html",
        {
            "municipality": municipality,
            "members": selectors.terms_ending(municipality),
            "days": selectors.ALERT_DAYS,
            **_links(request.user, municipality),
        },
    )


# ---- officials: reports, sessions, sheets ---------------------------------------------------


@login_required
@require_GET
def reports(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(slug)
    require_permission(request.user, GovernancePermission.VIEW_RECORDS, municipality)
    page = page_of(request, selectors.reports_in_scope(request.user, municipality))
    return render(
        request,
        "governance/reports.html",
        {
            "municipality": municipality,
            "reports": page.object_list,
            "page": page,
            "query": query_without(request),
            **_links(request.user, municipality),
        },
    )


def _report(request: HttpRequest, report_id: int) -> QuarterlyReport:
    """A report the official may read; another scope's id answers 404, like a missing one.
    Submitting and reviewing are checked by the services (the message explains a refusal)."""
    return get_authorised(
        QuarterlyReport.objects.select_related("municipality"),
        request.user,
        report_id,
        GovernancePermission.VIEW_RECORDS,
    )


@login_required
@require_GET
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """Officials of the scope: a quarterly report's sessions, with submit or review buttons
    for those who may."""
    report = _report(request, report_id)
    return render(
        request,
        "governance/report.html",
        {
            "report": report,
            "municipality": report.municipality,
            "sessions": selectors.report_sessions(report),
            "can_submit": report.editable
            and has_permission(request.user, GovernancePermission.SUBMIT_REPORT, report),
            "can_review": report.status == "submitted"
            and has_permission(request.user, GovernancePermission.REVIEW_REPORT, report),
            "return_form": ReturnForm(),
        },
    )


def _report_step(request: HttpRequest, step: Callable[[], object], done: str) -> None:
    """Run one step of the report's life and say how it went (refusals as messages)."""
    try:
        step()
    except ServiceError as error:
        messages.error(request, error.message)
    except PermissionDenied:
        messages.error(request, _("You do not have permission to do this."))
    else:
        messages.success(request, done)


@login_required
@require_POST
def report_submit(request: HttpRequest, report_id: int) -> HttpResponse:
    """District officials: submit the quarter's report to the city."""
    report = _report(request, report_id)
    _report_step(
        request,
        lambda: services.report_submit(actor=request.user, report=report),
        _("The report was submitted to the city."),
    )
    return redirect("governance:report", report.pk)


@login_required
@require_POST
def report_accept(request: HttpRequest, report_id: int) -> HttpResponse:
    """City reviewers: accept a submitted report, after a confirmation page (acceptance
    publishes its sessions and cannot be undone)."""
    report = _report(request, report_id)
    page = confirmation_page(
        request,
        title=_("Accept the report of %(district)s for %(period)s?")
        % {"district": report.municipality.display_name, "period": report.period},
        consequences=[
            _(
                "Its sessions count in the public deliberation statistics, the API and "
                "the downloads from now on."
            ),
            _("The district can no longer change or resubmit these sessions."),
            _("The acceptance is written to the audit log and cannot be undone."),
        ],
        action_label=_("Accept the report"),
        cancel_url=reverse("governance:report", args=[report.pk]),
    )
    if page is not None:
        return page
    _report_step(
        request,
        lambda: services.report_review(actor=request.user, report=report, accept=True),
        _("The report was accepted."),
    )
    return redirect("governance:report", report.pk)


@login_required
@require_POST
def report_return(request: HttpRequest, report_id: int) -> HttpResponse:
    """City reviewers: return a submitted report to the district with a reason."""
    report = _report(request, report_id)
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _report_step(
        request,
        lambda: services.report_review(
            actor=request.user, report=report, accept=False, reason=reason
        ),
        _("The report was returned to the district."),
    )
    return redirect("governance:report", report.pk)
