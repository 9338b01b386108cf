"""Governance screens under /governance/.

Access, per view: ``bodies``, ``body``, ``composition`` and ``statistics`` are public (the
statistics show accepted reports only, unless an official of the scope asks for the rest);
everything else is for officials whose scope covers the municipality, by the named rules in
``rules.py`` — fetched and authorised in one step by ``get_authorised``, so another
district's id answers 404. Writes go through ``services`` only. Each action has its own view
and URL (no view tells actions apart by the button pressed).

Adding or ending a membership is a two-step form that works without JavaScript: the first
POST (to ``member_add``/``member_end``) shows the composition before and after and any rule
the change would break; the confirm button posts the same fields to ``..._confirm``, which
saves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.models import User
from maeul.accounts.permissions import covers, get_authorised, has_permission, require_permission
from maeul.core.confirm import confirmation_page
from maeul.core.errors import ServiceError
from maeul.engine.scoring import CIVIL_SHARE, GENDER_BALANCE, ChangeEffect, RuleResult
from maeul.engine.scoring.exact import percent_text, plain_text
from maeul.exports.writers import CONTENT_TYPES
from maeul.exports.writers import render as render_table
from maeul.governance import exports, selectors, services
from maeul.governance.charts import rate_chart
from maeul.governance.forms import (
    AttachmentForm,
    AttendanceForm,
    BodyForm,
    EndMembershipForm,
    ImportForm,
    MemberForm,
    MinutesForm,
    ReturnForm,
    SessionForm,
    StatisticsForm,
    SurveyForm,
)
from maeul.governance.models import (
    Body,
    DeliberationSession,
    Membership,
    QuarterlyReport,
    SessionAttachment,
    SurveyResult,
)
from maeul.governance.rules import GovernancePermission
from maeul.governance.sheet import ParsedRow, session_row, write_sheet
from maeul.places.models import Municipality


def _municipality(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def _links(user: Any, municipality: Municipality) -> dict[str, bool]:
    return {
        "can_view": has_permission(user, GovernancePermission.VIEW_RECORDS, municipality),
        "can_manage": has_permission(user, GovernancePermission.MANAGE_BODIES, municipality),
        "can_record": has_permission(user, GovernancePermission.RECORD_SESSIONS, municipality),
    }


def rule_text(result: RuleResult) -> str:
    """A rule's verdict in the visitor's language."""
    if result.value is None:
        return _("No members yet: nothing to check.")
    values = {"value": percent_text(result.value), "threshold": percent_text(result.threshold)}
    if result.code == GENDER_BALANCE:
        if result.ok:
            return (
                _("The smaller gender holds %(value)s%% (each gender needs %(threshold)s%%).")
                % values
            )
        return (
            _("The smaller gender holds only %(value)s%%; each gender needs %(threshold)s%%.")
            % values
        )
    if result.code == CIVIL_SHARE:
        if result.ok:
            return _("Civil members hold %(value)s%% (at least %(threshold)s%% needed).") % values
        return (
            _("Civil members hold only %(value)s%%; at least %(threshold)s%% is needed.") % values
        )
    return result.explanation


def rule_name(code: str) -> str:
    return {GENDER_BALANCE: _("Gender balance"), CIVIL_SHARE: _("Civil share")}.get(code, code)


def _rules(report: Any) -> list[dict[str, Any]]:
    return [{"name": rule_name(r.code), "ok": r.ok, "text": rule_text(r)} for r in report.results]


def _effect(effect: ChangeEffect) -> dict[str, Any]:
    return {
        "before": effect.before,
        "after": effect.after,
        "before_rules": _rules(effect.before),
        "after_rules": _rules(effect.after),
        "newly_broken": [rule_name(c) for c in effect.newly_broken],
        "still_broken": [rule_name(c) for c in effect.still_broken],
        "repaired": [rule_name(c) for c in effect.repaired],
    }


def _download(table: Any, fmt: str, rows: Any, suffix: str) -> HttpResponse:
    """A public table as CSV (with a BOM for Excel) or XLSX, in the export's columns."""
    data = render_table(fmt, table.name, table.columns, rows, bom=True)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{table.name}-{suffix}.{fmt}"'
    return response


# ---- public ---------------------------------------------------------------------------------


@require_GET
def bodies(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the bodies of a municipality and below, each with its composition verdict."""
    municipality = _municipality(slug)
    bodies = list(
        Body.objects.filter(municipality__in=municipality.subtree()).select_related("municipality")
    )
    reports = selectors.compositions_for(bodies)
    rows = [{"body": body, "report": reports[body.pk][1]} for body in bodies]
    return render(
        request,
        "governance/bodies.html",
        {"municipality": municipality, "rows": rows, **_links(request.user, municipality)},
    )


@require_GET
def body_detail(request: HttpRequest, body_id: int) -> HttpResponse:
    """Public: members on the reference day, composition rules, term history."""
    body = get_object_or_404(Body.objects.select_related("municipality", "parent"), pk=body_id)
    day = selectors.reference_day(body)
    report = selectors.composition(body, day)
    return render(
        request,
        "governance/body.html",
        {
            "body": body,
            "municipality": body.municipality,
            "day": day,
            "report": report,
            "rules": _rules(report),
            "female_percent": percent_text(report.female_percent),
            "civil_percent": percent_text(report.civil_percent),
            "members": selectors.active_memberships(body, day),
            "history": body.memberships.order_by("person_name", "term_start"),
            "children": body.children.all(),
            "meetings": selectors.meeting_rule_status(body),
            **_links(request.user, body.municipality),
        },
    )


@require_GET
def composition(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the composition report of every body below a municipality, with totals."""
    municipality = _municipality(slug)
    kind = request.GET.get("kind") or None
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = exports.composition_rows(municipality)
        return _download(exports.COMPOSITION, fmt, rows, municipality.slug)
    lines, total = selectors.composition_report(municipality, kind)
    return render(
        request,
        "governance/composition.html",
        {
            "municipality": municipality,
            "lines": [
                {
                    "body": line.body,
                    "report": line.report,
                    "female": percent_text(line.report.female_percent),
                    "civil": percent_text(line.report.civil_percent),
                }
                for line in lines
            ],
            "total": total,
            "total_civil": percent_text(total.civil_percent) if total else "",
            "total_female": percent_text(total.female_percent) if total else "",
            "kind": kind,
            "kinds": Body._meta.get_field("kind").choices,
        },
    )


@require_GET
def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the SPEC §6 table per district for a year or quarter, with a chart and surveys.

    Officials of the scope may tick "include reports not yet accepted"."""
    municipality = _municipality(slug)
    links = _links(request.user, municipality)
    years = selectors.periods_with_sessions(municipality, accepted_only=not links["can_view"])
    initial_year = years[0] if years else selectors.today().year
    form = StatisticsForm(request.GET or None, initial={"year": initial_year})
    if not links["can_view"]:
        del form.fields["include_unreviewed"]
    year, quarter, include = initial_year, None, False
    if request.GET and form.is_valid():
        year = form.cleaned_data["year"]
        quarter = form.cleaned_data.get("quarter")
        include = bool(form.cleaned_data.get("include_unreviewed"))
    period = selectors.Period(year, quarter)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = exports.period_rows(municipality, period, accepted_only=not include)
        return _download(exports.STATISTICS, fmt, rows, f"{municipality.slug}-{period.label}")
    table, _districts = selectors.statistics(municipality, period, accepted_only=not include)
    shown = table.shown()
    district_rows = shown[: len(table.rows)]
    return render(
        request,
        "governance/statistics.html",
        {
            "municipality": municipality,
            "form": form,
            "period": period,
            "rows": shown,
            "district_count": len(table.rows),
            "chart": rate_chart(district_rows),
            "surveys": selectors.surveys(municipality),
            "include": include,
            **links,
        },
    )


# ---- officials: members ---------------------------------------------------------------------


def _draft(form: MemberForm) -> selectors.MemberDraft:
    data = form.cleaned_data
    user_id = None
    if data.get("username"):
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            raise ServiceError(_("No account has this user name."), field="username")
        user_id = user.pk
    return selectors.MemberDraft(
        person_name=data["person_name"],
        affiliation=data.get("affiliation") or "",
        sector=data["sector"],
        gender=data["gender"],
        appointment=data["appointment"],
        role=data["role"],
        term_start=data["term_start"],
        term_end=data.get("term_end"),
        user_id=user_id,
    )


def _put_error(form: Any, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _managed_body(request: HttpRequest, body_id: int) -> Body:
    """A body the official may manage; another scope's id answers 404, like a missing one."""
    return get_authorised(
        Body.objects.select_related("municipality", "parent"),
        request.user,
        body_id,
        GovernancePermission.MANAGE_BODIES,
    )


def _managed_membership(request: HttpRequest, member_id: int) -> Membership:
    return get_authorised(
        Membership.objects.select_related("body__municipality", "body__parent"),
        request.user,
        member_id,
        GovernancePermission.MANAGE_BODIES,
    )


def _member_add_page(
    request: HttpRequest, body: Body, form: MemberForm, extra: dict[str, Any]
) -> HttpResponse:
    context: dict[str, Any] = {"body": body, "municipality": body.municipality, "form": form}
    return render(request, "governance/member_form.html", {**context, **extra})


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, body_id: int) -> HttpResponse:
    """Officials who manage bodies: the member form. A POST previews the change (composition
    before and after, any rule it would break) and saves nothing; the page's confirm button
    posts the same fields to ``member_add_confirm``."""
    body = _managed_body(request, body_id)
    form = MemberForm(request.POST or None)
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            effect, end = selectors.membership_preview(body=body, draft=_draft(form))
        except ServiceError as error:
            _put_error(form, error)
        else:
            extra = {
                "preview": _effect(effect),
                "term_end": end,
                "warns": bool(effect.newly_broken),
            }
    return _member_add_page(request, body, form, extra)


@login_required
@require_POST
def member_add_confirm(request: HttpRequest, body_id: int) -> HttpResponse:
    """Officials who manage bodies: save the previewed member. A rule the change would break
    is saved only with ``acknowledge`` (sent once the warning was shown); otherwise the
    preview comes back with the warning."""
    body = _managed_body(request, body_id)
    form = MemberForm(request.POST)
    extra: dict[str, Any] = {}
    if form.is_valid():
        try:
            services.membership_add(
                actor=request.user,
                body=body,
                draft=_draft(form),
                acknowledge=request.POST.get("acknowledge") == "1",
            )
        except services.CompositionWarning as warning:
            extra = {"preview": _effect(warning.effect), "warns": True}
            messages.warning(request, warning.message)
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The member was added."))
            return redirect("governance:body", body.pk)
    return _member_add_page(request, body, form, extra)


def _member_end_page(
    request: HttpRequest, member: Membership, form: EndMembershipForm, extra: dict[str, Any]
) -> HttpResponse:
    context: dict[str, Any] = {
        "body": member.body,
        "member": member,
        "municipality": member.body.municipality,
        "form": form,
    }
    return render(request, "governance/member_end.html", {**context, **extra})


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request: HttpRequest, member_id: int) -> HttpResponse:
    """Officials who manage bodies: the form to end a membership. A POST previews the
    composition after the member's last day and saves nothing; the confirm button posts to
    ``member_end_confirm``."""
    member = _managed_membership(request, member_id)
    form = EndMembershipForm(request.POST or None, initial={"resigned_on": selectors.today()})
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            effect = selectors.membership_end_preview(
                membership=member, on=form.cleaned_data["resigned_on"]
            )
        except ServiceError as error:
            _put_error(form, error)
        else:
            extra = {"preview": _effect(effect), "warns": bool(effect.newly_broken)}
    return _member_end_page(request, member, form, extra)


@login_required
@require_POST
def member_end_confirm(request: HttpRequest, member_id: int) -> HttpResponse:
    """Officials who manage bodies: record the previewed end of a membership (a rule it would
    break needs ``acknowledge``, as for adding)."""
    member = _managed_membership(request, member_id)
    form = EndMembershipForm(request.POST)
    extra: dict[str, Any] = {}
    if form.is_valid():
        try:
            services.membership_end(
                actor=request.user,
                membership=member,
                on=form.cleaned_data["resigned_on"],
                reason=form.cleaned_data["reason"],
                acknowledge=request.POST.get("acknowledge") == "1",
            )
        except services.CompositionWarning as warning:
            extra = {"preview": _effect(warning.effect), "warns": True}
            messages.warning(request, warning.message)
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The membership was ended."))
            return redirect("governance:body", member.body_id)
    return _member_end_page(request, member, form, extra)


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
    items = selectors.reports_in_scope(request.user, municipality)
    return render(
        request,
        "governance/reports.html",
        {"municipality": municipality, "reports": items, **_links(request.user, municipality)},
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


def manager_municipality(request: HttpRequest, slug: str) -> Municipality:
    """The municipality, if the user may manage its bodies: officials of it without the role
    get 403, anyone whose scope does not cover it gets 404 (as for a body's id)."""
    municipality = _municipality(slug)
    if has_permission(request.user, GovernancePermission.MANAGE_BODIES, municipality):
        return municipality
    if covers(request.user, municipality):
        raise PermissionDenied(_("You do not have permission to do this."))
    raise Http404(slug)


@login_required
@require_http_methods(["GET", "POST"])
def body_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Officials who manage bodies: create a council or committee of this municipality."""
    municipality = manager_municipality(request, slug)
    form = BodyForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The body was created; now add its members."))
            return redirect("governance:body", body.pk)
    return render(
        request,
        "governance/body_form.html",
        {"municipality": municipality, "form": form, "body": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, body_id: int) -> HttpResponse:
    """Officials who manage bodies: change a body's name, mandate, meeting and term rules."""
    body = _managed_body(request, body_id)
    form = BodyForm(request.POST or None, instance=body, municipality=body.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(actor=request.user, body=body, data=form.cleaned_data)
        except ServiceError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The body was saved."))
            return redirect("governance:body", body.pk)
    return render(
        request,
        "governance/body_form.html",
        {"municipality": body.municipality, "form": form, "body": body},
    )


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


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("id") from None
