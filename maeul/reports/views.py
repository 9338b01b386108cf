"""Residents' report pages.

Access: filing, tracking by code and the statistics are public (filing and tracking are
rate-limited per client address); a reporter with an account reads their own reports. The
workspace queue is for administrators and programme managers of the municipality's scope
(officials with the auditor role may read it); a citizen auditor sees only the reports
assigned to them. Another scope's report answers 404, so ids cannot be probed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.core.errors import ServiceError
from maeul.core.ratelimit import ratelimit
from maeul.governance.interface import citizen_auditor_terms
from maeul.places.models import Municipality, MunicipalityKind
from maeul.reports import auditors as auditor_records
from maeul.reports import selectors, services
from maeul.reports.models import (
    DEADLINE_DAYS,
    OPEN_STATES,
    AuditKind,
    AuditorMeeting,
    Category,
    ObservedAudit,
    Report,
    ReportAttachment,
    Status,
)
from maeul.reports.rules import ReportPermission

ACCESS = {
    "home": "public",
    "file_report": "public (rate-limited)",
    "track": "public (rate-limited; the code is the key)",
    "statistics": "public",
    "auditors": "public; recording meetings and audits: official(administrator, "
    "programme_manager) of the scope",
    "mine": "resident (their own reports)",
    "mine_detail": "resident (their own report)",
    "assigned": "citizen auditor (reports assigned to them, audits they observed)",
    "manage_list": "official(administrator, programme_manager, auditor) of the scope",
    "attachment": "whoever may read the report in the workspace",
    "manage": "official(administrator, programme_manager, auditor) of the scope, or the "
    "citizen auditor it is assigned to",
}

FILE_LIMIT = 5
"""Reports one client address may file per hour: enough for a family on one connection,
too few to flood the queue."""
TRACK_LIMIT = 20
"""Tracking-code attempts per client address per 10 minutes (a code has 80 random bits; the
limit keeps the page from being a load test)."""


def _district(slug: str) -> Municipality:
    municipality = get_object_or_404(Municipality, slug=slug)
    if municipality.kind == MunicipalityKind.DONG:
        raise Http404(slug)
    return municipality


def _dongs(municipality: Municipality) -> Any:
    return Municipality.objects.filter(parent=municipality, kind=MunicipalityKind.DONG).order_by(
        "sort_order", "name"
    )


@require_GET
def home(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _district(slug)
    return render(
        request,
        "reports/home.html",
        {
            "municipality": municipality,
            "can_manage": has_permission(request.user, ReportPermission.VIEW_QUEUE, municipality),
            "deadlines": [(Category(k).label, v) for k, v in DEADLINE_DAYS.items()],
        },
    )


@never_cache
@ratelimit("reports.file", limit=FILE_LIMIT, window=3600)
@require_http_methods(["GET", "POST"])
def file_report(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _district(slug)
    error = ""
    field = ""
    posted: dict[str, Any] = {}
    if request.method == "POST":
        posted = {
            k: request.POST.get(k, "")
            for k in ("category", "title", "text", "place", "dong", "latitude", "longitude")
        }
        anonymous = request.POST.get("identity") != "account"
        try:
            report, code = services.report_file(
                user=request.user,
                municipality=municipality,
                data=posted,
                files=request.FILES.getlist("attachments"),
                anonymous=anonymous,
            )
        except ServiceError as failure:
            error, field = failure.message, failure.field or ""
        else:
            if code is None:
                messages.success(request, _("Your report is filed. You can follow it here."))
                return redirect("reports:mine_detail", report.pk)
            # The code is shown in this answer only: it is not stored, and a reload must not
            # show it again, so this page is never cached and never redirected to.
            return render(
                request,
                "reports/filed.html",
                {"municipality": municipality, "report": report, "code": code},
            )
    return render(
        request,
        "reports/new.html",
        {
            "municipality": municipality,
            "categories": Category.choices,
            "dongs": _dongs(municipality),
            "posted": posted,
            "error": error,
            "field": field,
            "max_files": services.MAX_FILES,
        },
        status=400 if error else 200,
    )


def _status_context(report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "events": list(report.events.all()),
        "closed": not report.is_open,
        "may_respond": not report.is_open and report.responded_on is None,
        "overdue": report.is_overdue(services.today()),
    }


@never_cache
@ratelimit("reports.track", limit=TRACK_LIMIT, window=600)
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Read a report by its tracking code. A wrong code and a code that is no code get the
    same answer, so the page tells nothing about which codes exist."""
    code = str(request.POST.get("code", "")).strip()[:40]
    report = services.find_by_code(code) if request.method == "POST" else None
    error = ""
    if request.method == "POST" and report is None:
        error = _("No report matches this code. Check it and try again.")
    elif report is not None and request.POST.get("response") is not None:
        try:
            report = services.report_respond(report=report, text=request.POST["response"])
        except ServiceError as failure:
            error = failure.message
        else:
            messages.success(request, _("Your response is recorded."))
    context: dict[str, Any] = {"code": code if report else "", "error": error}
    if report is not None:
        context.update(_status_context(report))
        context["municipality"] = report.municipality
    return render(request, "reports/track.html", context, status=400 if error else 200)


@require_GET
def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _district(slug)
    return render(
        request,
        "reports/statistics.html",
        {"municipality": municipality, "stats": selectors.statistics(municipality)},
    )


@require_http_methods(["GET", "POST"])
def auditors(request: HttpRequest, slug: str) -> HttpResponse:
    """The citizen auditors: running terms, meetings per year, observed audits; officials
    who handle reports record meetings and audits here."""
    municipality = _district(slug)
    may_record = has_permission(request.user, ReportPermission.HANDLE, municipality)
    error = ""
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied(_("You do not have permission to do this."))
        record = (
            auditor_records.meeting_record
            if request.POST.get("action") == "meeting"
            else auditor_records.observed_audit_record
        )
        try:
            record(actor=request.user, municipality=municipality, data=request.POST)
        except ServiceError as failure:
            error = failure.message
        else:
            messages.success(request, _("Saved."))
            return redirect("reports:auditors", municipality.slug)
    meetings = list(AuditorMeeting.objects.filter(municipality=municipality))
    per_year: dict[int, int] = {}
    for meeting in meetings:
        per_year[meeting.held_on.year] = per_year.get(meeting.held_on.year, 0) + 1
    return render(
        request,
        "reports/auditors.html",
        {
            "municipality": municipality,
            "terms": list(citizen_auditor_terms(municipality.pk, services.today())),
            "meetings": meetings,
            "per_year": sorted(per_year.items(), reverse=True),
            "audits": list(ObservedAudit.objects.filter(municipality=municipality)),
            "audit_kinds": AuditKind.choices,
            "may_record": may_record,
            "error": error,
        },
        status=400 if error else 200,
    )


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    rows = Report.objects.filter(reporter_id=request.user.pk).select_related("municipality")
    return render(request, "reports/mine.html", {"reports": rows.order_by("-received_on", "-pk")})


@require_http_methods(["GET", "POST"])
def mine_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    report = get_object_or_404(
        Report.objects.select_related("municipality"), pk=report_id, reporter_id=request.user.pk
    )
    error = ""
    if request.method == "POST":
        try:
            report = services.report_respond(
                report=report, text=request.POST.get("response", ""), user=request.user
            )
        except ServiceError as failure:
            error = failure.message
        else:
            messages.success(request, _("Your response is recorded."))
            return redirect("reports:mine_detail", report.pk)
    context = {"municipality": report.municipality, "error": error, **_status_context(report)}
    return render(request, "reports/mine_detail.html", context, status=400 if error else 200)


@require_GET
def assigned(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    rows = [
        r
        for r in selectors.assigned_to(request.user)
        if has_permission(request.user, ReportPermission.WORK, r)
    ]
    return render(
        request,
        "reports/assigned.html",
        {
            "reports": rows,
            "today": services.today(),
            # the audits this citizen auditor took part in (issue 19: audits linked to
            # individual auditors), whatever their term today: it is their own record
            "audits": list(
                ObservedAudit.objects.filter(auditors=request.user).select_related("municipality")
            ),
        },
    )


# ---- officials' workspace ------------------------------------------------------------------


@require_GET
def manage_list(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    municipality = _district(slug)
    if not has_permission(request.user, ReportPermission.VIEW_QUEUE, municipality):
        raise PermissionDenied(_("You do not have permission to do this."))
    rows = selectors.queue(municipality)
    status = request.GET.get("status", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    day = services.today()
    overdue_only = request.GET.get("overdue") == "1"
    if overdue_only:
        rows = rows.filter(status__in=OPEN_STATES, due_on__lt=day)
    return render(
        request,
        "reports/manage_list.html",
        {
            "municipality": municipality,
            "reports": rows[:200],
            "statuses": Status.choices,
            "status": status,
            "overdue_only": overdue_only,
            "today": day,
        },
    )


@require_GET
def attachment(
    request: HttpRequest, report_id: int, attachment_id: int
) -> HttpResponse | FileResponse:
    """A file the reporter attached, for the people who may read the report."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    report = get_authorised(Report.objects.all(), request.user, report_id, ReportPermission.VIEW)
    found = get_object_or_404(ReportAttachment, pk=attachment_id, report=report)
    try:
        handle = found.file.open("rb")
    except OSError:
        raise Http404(str(attachment_id)) from None
    return FileResponse(handle, as_attachment=True, filename=found.original_name)


ACTIONS = ("assign", "investigate", "answer", "transfer", "dismiss", "note")


def _act(request: HttpRequest, report: Report, action: str) -> None:
    post = request.POST
    user = request.user
    if action == "assign":
        services.report_assign(
            actor=user,
            report_id=report.pk,
            department=post.get("department", ""),
            auditor_id=post.get("auditor") or None,
        )
    elif action == "investigate":
        services.report_investigate(actor=user, report_id=report.pk)
    elif action == "answer":
        services.report_answer(actor=user, report_id=report.pk, answer=post.get("answer", ""))
    elif action == "transfer":
        services.report_transfer(
            actor=user, report_id=report.pk, to=post.get("to", ""), reason=post.get("reason", "")
        )
    elif action == "dismiss":
        services.report_dismiss(actor=user, report_id=report.pk, reason=post.get("reason", ""))
    else:
        services.note_add(actor=user, report_id=report.pk, text=post.get("note", ""))


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, report_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    report = get_authorised(
        Report.objects.select_related("municipality", "dong", "auditor", "reporter"),
        request.user,
        report_id,
        ReportPermission.VIEW,
    )
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            error = _("Choose an action from the page.")
        else:
            try:
                _act(request, report, action)
            except ServiceError as failure:
                error = failure.message
            except Http404:
                raise PermissionDenied(_("You do not have permission to do this.")) from None
            else:
                messages.success(request, _("Saved."))
                return redirect("reports:manage", report.pk)
    user = request.user
    handles = has_permission(user, ReportPermission.HANDLE, report)
    works = has_permission(user, ReportPermission.WORK, report)
    allowed = services.ALLOWED.get(report.status, frozenset())
    return render(
        request,
        "reports/manage.html",
        {
            "municipality": report.municipality,
            "report": report,
            "error": error,
            "handles": handles,
            "works": works,
            "see_reporter": has_permission(user, ReportPermission.SEE_REPORTER, report),
            "can_assign": handles and Status.ASSIGNED in allowed,
            "can_investigate": works and Status.INVESTIGATING in allowed,
            "can_answer": works and Status.ANSWERED in allowed,
            "can_close": handles and Status.DISMISSED in allowed,
            "auditors": list(citizen_auditor_terms(report.municipality_id, services.today()))
            if handles
            else [],
            "notes": list(report.notes.select_related("author")) if works else [],
            "attachments": list(report.attachments.all()),
            "events": list(report.events.all()),
            "overdue": report.is_overdue(services.today()),
        },
        status=400 if error else 200,
    )
