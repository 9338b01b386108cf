"""Pledge pages. Access: the dashboard, the sheets and the table download are public; the
import and the progress reports are for officials of the municipality (others get 404 for
another municipality's report, 403 for an action they may not take)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.core.errors import ServiceError
from maeul.core.fragments import cached_html, digest
from maeul.core.paging import page_of, query_without
from maeul.places.models import Municipality
from maeul.pledges import services
from maeul.pledges.charts import bar_chart
from maeul.pledges.forms import ImportForm, ReportForm, ReturnForm, StatusForm
from maeul.pledges.interface import sheet_opinions
from maeul.pledges.models import (
    DecisionStage,
    Evidence,
    Pledge,
    PledgeStatus,
    ProgressReport,
    ReportState,
)
from maeul.pledges.rules import PledgePermission
from maeul.pledges.selectors import (
    dashboard_fingerprint,
    pledge_by_number,
    pledges_listed,
    pledges_of,
    rollups,
    total_rollup,
    with_figures,
)
from maeul.pledges.tables import pledge_table_xlsx


def _municipality(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def _official_municipality(
    request: HttpRequest, slug: str, permission: PledgePermission
) -> Municipality:
    """The municipality, if the user may ``permission`` on it (403 otherwise)."""
    municipality = _municipality(slug)
    if not has_permission(request.user, permission, municipality):
        raise PermissionDenied(_("You do not have permission to do this."))
    return municipality


def report_for_official(request: HttpRequest, report_id: int) -> ProgressReport:
    """A report the user's scope covers; anything else is 404 (no probing other districts)."""
    return get_authorised(
        ProgressReport.objects.select_related("pledge__municipality", "submitted_by"),
        request.user,
        report_id,
        PledgePermission.VIEW_BACKOFFICE,
    )


SUMMARY_SECONDS = 24 * 3600
"""How long a rendered summary is kept; any change reaches it sooner through the fingerprint
in its key, so this only lets unused ones expire."""


def _dashboard_summary(municipality: Municipality, fingerprint: str) -> SafeString:
    """The dashboard's summary (totals, status counts, charts and the roll-up table), rendered
    once per language and state of the pledges and then read from the cache.

    It is the same for every visitor and changes only when a pledge does, but computing it
    reads and rolls up every pledge of the municipality: most of the page's server CPU when it
    was computed per request (issue 23's benchmark: 48 ms). The key holds the fingerprint (one
    aggregate query), so an edit shows at once on every server process."""
    key = f"pledges:dashboard:{municipality.pk}:{get_language()}:{fingerprint}"

    def render_summary() -> str:
        pledges = pledges_of(municipality)
        goals = rollups(municipality, pledges)
        total = total_rollup(pledges)
        return render_to_string(
            "pledges/_dashboard_summary.html",
            {
                "total": total,
                "goals": goals,
                "statuses": [
                    (label, total.statuses.get(value, 0)) for value, label in PledgeStatus.choices
                ],
                "goal_chart": bar_chart(
                    _("Average progress by goal"), [(g.name, g.progress_percent) for g in goals]
                ),
                "field_chart": bar_chart(
                    _("Average progress by field"),
                    [(f.name, f.progress_percent) for g in goals for f in g.children],
                ),
            },
        )

    return cached_html(key, SUMMARY_SECONDS, render_summary)


def _dashboard_list(request: HttpRequest, municipality: Municipality, fingerprint: str) -> str:
    """The dashboard's page of pledges with its pager, rendered once per language, state of
    the pledges and page asked for, then read from the cache.

    What a row shows (number, title, field, status, progress, execution rate) changes only
    with what moves the fingerprint (``dashboard_fingerprint``: every such change touches the
    pledge's ``updated_at``), and the pager's links only with the query string, so both are
    in the key: reading and rendering the page's 20 pledges with their figures was five
    queries and most of what was left of the page's server CPU (issue 23)."""
    key = f"pledges:list:{municipality.pk}:{get_language()}:{fingerprint}:"
    key += digest(request.GET.urlencode())

    def render_list() -> str:
        page = page_of(request, pledges_listed(municipality))
        page.object_list = with_figures(list(page.object_list))
        return render_to_string(
            "pledges/_dashboard_list.html",
            {"municipality": municipality, "page": page, "query": query_without(request)},
        )

    return cached_html(key, SUMMARY_SECONDS, render_list)


@require_GET
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """The summary of every pledge and the pledges in pages of 20 (a municipality has some
    70 to 200; all on one page was 45 KB), both cached under the pledges' fingerprint (one
    aggregate query, see ``_dashboard_summary``): three queries a view when cached."""
    municipality = _municipality(slug)
    fingerprint = dashboard_fingerprint(municipality)
    listed = not fingerprint.startswith("0:")
    return render(
        request,
        "pledges/dashboard.html",
        {
            "municipality": municipality,
            "listed": listed,
            "summary": _dashboard_summary(municipality, fingerprint) if listed else "",
            "pledge_list": _dashboard_list(request, municipality, fingerprint) if listed else "",
            "can_import": has_permission(request.user, PledgePermission.IMPORT_TABLE, municipality),
            "can_edit": has_permission(request.user, PledgePermission.EDIT, municipality),
            "can_report": has_permission(
                request.user, PledgePermission.SUBMIT_REPORT, municipality
            ),
        },
    )


@require_GET
def sheet(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    municipality = _municipality(slug)
    pledge = pledge_by_number(municipality, number)
    decisions = {d.stage: d for d in pledge.decisions.all()}
    funding_sources: dict[str, list[object]] = {}
    for plan in pledge.funding.all():
        funding_sources.setdefault(plan.source, []).append(plan)
    execution_sources: dict[str, list[object]] = {}
    for execution in pledge.executions.all():
        execution_sources.setdefault(execution.source, []).append(execution)
    return render(
        request,
        "pledges/sheet.html",
        {
            "municipality": municipality,
            "pledge": pledge,
            "figures": pledge.figures,  # type: ignore[attr-defined]
            "decisions": [
                (stage, label, decisions.get(stage)) for stage, label in DecisionStage.choices
            ],
            "funding_sources": funding_sources,
            "execution_sources": execution_sources,
            "opinions": sheet_opinions(pledge),
            "can_report": has_permission(
                request.user, PledgePermission.SUBMIT_REPORT, municipality
            ),
            "can_edit": has_permission(request.user, PledgePermission.EDIT, municipality),
            "status_form": StatusForm(initial={"status": pledge.status})
            if has_permission(request.user, PledgePermission.EDIT, municipality)
            else None,
        },
    )


@require_GET
def table_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(slug)
    response = HttpResponse(
        pledge_table_xlsx(municipality),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="pledges-{municipality.code}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def table_import(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _official_municipality(request, slug, PledgePermission.IMPORT_TABLE)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.pledge_table_import(
                actor=request.user, municipality=municipality, data=form.cleaned_data["file"].read()
            )
        except ServiceError as error:
            errors = error.message.splitlines()
        else:
            messages.success(
                request, _("Import done: %(count)s pledges changed.") % {"count": changed}
            )
            return redirect("pledges:dashboard", slug=municipality.slug)
    return render(
        request,
        "pledges/import.html",
        {"municipality": municipality, "form": form, "errors": errors},
    )


@login_required
@require_GET
def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _official_municipality(request, slug, PledgePermission.VIEW_BACKOFFICE)
    state = request.GET.get("state", "")
    reports = ProgressReport.objects.filter(pledge__municipality=municipality).select_related(
        "pledge", "submitted_by"
    )
    if state in ReportState.values:
        reports = reports.filter(state=state)
    page = page_of(request, reports.order_by("-submitted_at", "-pk"))
    return render(
        request,
        "pledges/report_list.html",
        {
            "municipality": municipality,
            "reports": page.object_list,
            "page": page,
            "query": query_without(request),
            "states": ReportState.choices,
            "state": state,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    municipality = _official_municipality(request, slug, PledgePermission.SUBMIT_REPORT)
    pledge = get_object_or_404(Pledge, municipality=municipality, number=number)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_submit(
                actor=request.user,
                pledge=pledge,
                year=data["year"],
                half=data["half"],
                text=data["text"],
                executed_won=data["executed_won"],
                figures=data["figures"],
                files=data["evidence"],
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The report was submitted to the planning office."))
            return redirect("pledges:report_detail", report_id=report.pk)
    return render(
        request,
        "pledges/report_form.html",
        {"municipality": municipality, "pledge": pledge, "form": form},
    )


@login_required
@require_GET
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_for_official(request, report_id)
    return _report_page(request, report, ReturnForm())


def _report_page(
    request: HttpRequest, report: ProgressReport, return_form: ReturnForm
) -> HttpResponse:
    can_review = has_permission(
        request.user, PledgePermission.REVIEW_REPORT, report.pledge.municipality
    )
    return render(
        request,
        "pledges/report_detail.html",
        {
            "report": report,
            "municipality": report.pledge.municipality,
            "events": report.events.select_related("by"),
            "evidence": report.evidence.all(),
            "can_review": can_review and report.state == ReportState.SUBMITTED,
            "return_form": return_form,
        },
    )


def _report_for_reviewer(request: HttpRequest, report_id: int) -> ProgressReport:
    """A report in the user's scope (404 otherwise) that the user may decide (403 otherwise)."""
    report = report_for_official(request, report_id)
    if not has_permission(request.user, PledgePermission.REVIEW_REPORT, report.pledge.municipality):
        raise PermissionDenied(_("You do not have permission to do this."))
    return report


@login_required
@require_POST
def report_approve(request: HttpRequest, report_id: int) -> HttpResponse:
    """The planning office accepts a report."""
    report = _report_for_reviewer(request, report_id)
    try:
        services.report_approve(actor=request.user, report=report)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report was approved."))
    return redirect("pledges:report_detail", report_id=report.pk)


@login_required
@require_POST
def report_return(request: HttpRequest, report_id: int) -> HttpResponse:
    """The planning office sends a report back, saying why (the page again when it does not)."""
    report = _report_for_reviewer(request, report_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _report_page(request, report, form)
    try:
        services.report_return(
            actor=request.user, report=report, reason=form.cleaned_data["reason"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report was returned to the department."))
    return redirect("pledges:report_detail", report_id=report.pk)


@login_required
@require_GET
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    """An evidence file, for officials whose scope covers the report (404 otherwise)."""
    evidence = get_authorised(
        Evidence.objects.select_related("report__pledge__municipality"),
        request.user,
        evidence_id,
        PledgePermission.VIEW_BACKOFFICE,
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("evidence") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
@require_POST
def status_change(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The planning office moves a pledge to another status, with the reason, from its sheet."""
    municipality = _official_municipality(request, slug, PledgePermission.EDIT)
    pledge = get_object_or_404(Pledge, municipality=municipality, number=number)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        try:
            services.pledge_status_change(
                actor=request.user,
                pledge=pledge,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Status saved."))
    return redirect("pledges:sheet", slug=municipality.slug, number=pledge.number)
