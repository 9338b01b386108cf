"""Officials who record deliberation: sessions (minutes, attendance, attachments), the
sessions sheet (import and download) and survey results.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.permissions import get_authorised, has_permission, require_permission
from maeul.core.errors import ServiceError
from maeul.engine.scoring.exact import plain_text
from maeul.exports.writers import CONTENT_TYPES
from maeul.governance import selectors, services
from maeul.governance.forms import (
    AttachmentForm,
    AttendanceForm,
    ImportForm,
    MinutesForm,
    SessionForm,
    StatisticsForm,
    SurveyForm,
)
from maeul.governance.models import (
    DeliberationSession,
    SessionAttachment,
    SurveyResult,
)
from maeul.governance.rules import GovernancePermission
from maeul.governance.sheet import ParsedRow, session_row, write_sheet
from maeul.governance.views._common import (
    _int,
    _links,
    _municipality,
    _put_error,
    manager_municipality,
)


@login_required
@require_http_methods(["GET", "POST"])
def import_sheet(request: HttpRequest, slug: str) -> HttpResponse:
    """Officials: upload the quarterly sheet; every error is listed and nothing is saved."""
    municipality = _municipality(slug)
    require_permission(request.user, GovernancePermission.RECORD_SESSIONS, municipality)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            counts = services.sessions_import(
                actor=request.user, scope=municipality, content=upload.read()
            )
        except services.ImportFailed as failure:
            errors = failure.errors
            messages.error(request, failure.message)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            for label, count in sorted(counts.items()):
                messages.success(
                    request,
                    _("%(label)s: %(count)s sessions imported.") % {"label": label, "count": count},
                )
            return redirect("governance:reports", municipality.slug)
    return render(
        request,
        "governance/import.html",
        {"municipality": municipality, "form": form, "errors": errors},
    )


@login_required
@require_GET
def sheet_download(request: HttpRequest, slug: str) -> HttpResponse:
    """Officials: the sessions of a year or quarter in the import layout (round trip)."""
    municipality = _municipality(slug)
    require_permission(request.user, GovernancePermission.VIEW_RECORDS, municipality)
    form = StatisticsForm(request.GET)
    if not form.is_valid():
        raise Http404("period")
    period = selectors.Period(form.cleaned_data["year"], form.cleaned_data.get("quarter"))
    sessions = (
        selectors.session_queryset(municipality, period, accepted_only=False)
        .select_related("municipality")
        .order_by("municipality__name", "starts_at", "reference")
    )
    content = write_sheet(f"{municipality.name} {period.label}", [session_row(s) for s in sessions])
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = (
        f'attachment; filename="deliberation-{municipality.slug}-{period.label}.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, slug: str) -> HttpResponse:
    """District officials: record one session by hand."""
    district = _municipality(slug)
    require_permission(request.user, GovernancePermission.RECORD_SESSIONS, district)
    if district.level != 2:
        raise Http404(slug)
    form = SessionForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row = ParsedRow(
            row=0,
            reference=data["reference"],
            district=district.name,
            name=data["name"],
            kind=data["kind"],
            date=data["date"],
            start=data["start"],
            end=data["end"],
            venue=data.get("venue") or "",
            online=bool(data.get("online")),
            invited_total=data["invited_total"],
            invited_government=data.get("invited_government"),
            invited_civil=data.get("invited_civil"),
            attended_government=data["attended_government"],
            attended_civil=data["attended_civil"],
            agenda=data.get("agenda") or "",
            decisions=data.get("decisions") or "",
        )
        try:
            session = services.session_record(
                actor=request.user, district=district, row=row, body=data.get("body")
            )
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The session was recorded."))
            return redirect("governance:session", session.pk)
    return render(request, "governance/session_form.html", {"municipality": district, "form": form})


def _attendance_form(session: Any, data: Any = None) -> AttendanceForm | None:
    if session.body_id is None:
        return None
    day = timezone.localtime(session.starts_at).date()
    members = list(selectors.active_memberships(session.body, day))
    marked = {a.membership_id for a in session.attendance.all() if a.attended}
    return AttendanceForm(
        data,
        choices=[(str(m.pk), f"{m.person_name} ({m.get_sector_display()})") for m in members],
        initial={"members": [str(pk) for pk in marked]},
    )


def _session(request: HttpRequest, session_id: int) -> DeliberationSession:
    """A session the official may read; another scope's id answers 404, like a missing one."""
    return get_authorised(
        DeliberationSession.objects.select_related("municipality", "report", "body"),
        request.user,
        session_id,
        GovernancePermission.VIEW_RECORDS,
    )


def _can_edit(request: HttpRequest, session: DeliberationSession) -> bool:
    """Sessions change only while their report is with the district, by officials who record
    sessions."""
    return session.report.editable and has_permission(
        request.user, GovernancePermission.RECORD_SESSIONS, session
    )


def _editable_session(request: HttpRequest, session_id: int) -> DeliberationSession:
    session = _session(request, session_id)
    if not _can_edit(request, session):
        raise PermissionDenied(_("You do not have permission to do this."))
    return session


def _session_page(
    request: HttpRequest,
    session: DeliberationSession,
    *,
    minutes_form: MinutesForm | None = None,
    attachment_form: AttachmentForm | None = None,
    attendance_form: AttendanceForm | None = None,
) -> HttpResponse:
    """The session page, with the form just posted (and its errors) in place of a blank one."""
    if minutes_form is None:
        minutes_form = MinutesForm(
            initial={
                "agenda": session.agenda,
                "minutes": session.minutes,
                "decisions": session.decisions,
            }
        )
    return render(
        request,
        "governance/session.html",
        {
            "session": session,
            "municipality": session.municipality,
            "can_edit": _can_edit(request, session),
            "minutes_form": minutes_form,
            "attachment_form": attachment_form or AttachmentForm(),
            "attendance_form": attendance_form or _attendance_form(session),
            "attachments": session.attachments.all(),
            "hours": plain_text(session.hours),
        },
    )


@login_required
@require_GET
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    """Officials: a session's figures, minutes, attachments and (for a body's meeting) the
    members' attendance; each form posts to its own view below."""
    return _session_page(request, _session(request, session_id))


@login_required
@require_POST
def session_minutes(request: HttpRequest, session_id: int) -> HttpResponse:
    """Officials who record sessions: save the agenda, minutes and decisions."""
    session = _editable_session(request, session_id)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.session_update_record(actor=request.user, session=session, **form.cleaned_data)
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The record was saved."))
            return redirect("governance:session", session.pk)
    return _session_page(request, session, minutes_form=form)


@login_required
@require_POST
def session_attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    """Officials who record sessions: mark which members of the session's body attended."""
    session = _editable_session(request, session_id)
    form = _attendance_form(session, request.POST)
    if form is None:
        raise Http404("attendance")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.session_attendance_record(
                actor=request.user,
                session=session,
                attended_ids={int(pk) for pk in data["members"]},
                walk_ins_government=data["walk_ins_government"],
                walk_ins_civil=data["walk_ins_civil"],
            )
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("Attendance was recorded."))
            return redirect("governance:session", session.pk)
    return _session_page(request, session, attendance_form=form)


@login_required
@require_POST
def session_attach(request: HttpRequest, session_id: int) -> HttpResponse:
    """Officials who record sessions: attach a file (minutes, photos, slides)."""
    session = _editable_session(request, session_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user, session=session, upload=form.cleaned_data["file"]
            )
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The file was attached."))
            return redirect("governance:session", session.pk)
    return _session_page(request, session, attachment_form=form)


@login_required
@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Officials of the scope: download a session's attachment (never public)."""
    attachment = get_authorised(
        SessionAttachment.objects.select_related("session__municipality"),
        request.user,
        attachment_id,
        GovernancePermission.VIEW_RECORDS,
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("file") from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


# ---- officials: bodies and survey results (formerly edited in the Django admin) --------------


@login_required
@require_http_methods(["GET", "POST"])
def surveys(request: HttpRequest, slug: str) -> HttpResponse:
    """Officials who manage bodies: the survey results of this municipality, and a form to
    enter one (shown publicly on the statistics page)."""
    municipality = manager_municipality(request, slug)
    result = None
    if request.GET.get("edit") or request.POST.get("id"):
        result = get_authorised(
            SurveyResult.objects.filter(municipality=municipality),
            request.user,
            _int(request.GET.get("edit") or request.POST.get("id")),
            GovernancePermission.MANAGE_BODIES,
        )
    form = SurveyForm(request.POST or None, instance=result)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_result_save(
                actor=request.user,
                result=result,
                municipality=municipality,
                data=form.cleaned_data,
            )
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The survey result was saved."))
            return redirect("governance:surveys", municipality.slug)
    return render(
        request,
        "governance/surveys.html",
        {
            "municipality": municipality,
            "form": form,
            "editing": result,
            "results": selectors.surveys(municipality),
            **_links(request.user, municipality),
        },
    )
