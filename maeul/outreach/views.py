"""Outreach pages.

Access: a municipality's outreach page, its reporter team, courses, autonomy programmes and
records register are public; signing up for a programme is for signed-in residents; a
certificate is the learner's own or for officials of the scope. The officials' pages are for
administrators and programme managers of the municipality's scope (auditors may read them):
another municipality's page answers 403, another municipality's session 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.core.errors import ServiceError
from maeul.outreach import certificates, selectors, services
from maeul.outreach.models import (
    CATEGORIES,
    AgendaResult,
    AutonomyProgramme,
    AutonomySignup,
    Channel,
    Course,
    CourseMode,
    Enrolment,
    Outcome,
    Post,
    Record,
    RecordKind,
    Reporter,
    ReporterAward,
    ReporterTeam,
)
from maeul.outreach.rules import OutreachPermission
from maeul.outreach.sheets import read_rows
from maeul.places.models import Municipality

ACCESS = {
    "index": "public",
    "team": "public",
    "course": "public",
    "certificate": "the learner, or official(administrator, programme_manager, auditor) of the scope",
    "certificate_pdf": "the learner, or official(administrator, programme_manager, auditor) of the "
    "scope",
    "programmes": "public",
    "sign_up": "resident (signed in)",
    "records": "public",
    "manage": "official(administrator, programme_manager, auditor) of the scope; POST: "
    "official(administrator, programme_manager)",
    "attendance": "official(administrator, programme_manager, auditor) of the scope; POST: "
    "official(administrator, programme_manager)",
}


def _municipality(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def _int(value: Any) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10_000 else None


@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(slug)
    teams = [selectors.recruitment(t) for t in selectors.teams_of(municipality)]
    by_dong = selectors.programmes_by_dong(municipality)
    return render(
        request,
        "outreach/index.html",
        {
            "municipality": municipality,
            "teams": teams,
            "months": selectors.monthly_posts(municipality),
            "channels": Channel.choices,
            "courses": selectors.courses_of(municipality),
            "programme_total": sum(n for _dong, n in by_dong),
            "dongs_with_programmes": sum(1 for _dong, n in by_dong if n),
            "record_totals": [
                (kind, label, selectors.record_total(municipality, kind))
                for kind, label in RecordKind.choices
            ],
            "can_manage": has_permission(
                request.user, OutreachPermission.VIEW_BACKOFFICE, municipality
            ),
        },
    )


@require_GET
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    found = get_object_or_404(ReporterTeam.objects.select_related("municipality"), pk=team_id)
    return render(
        request,
        "outreach/team.html",
        {
            "municipality": found.municipality,
            "team": found,
            "recruitment": selectors.recruitment(found),
            "members": selectors.members(found),
            "missions": found.missions.select_related("dong").annotate(post_count=Count("posts")),
            "awards": ReporterAward.objects.filter(reporter__team=found).select_related("reporter"),
            "posts": Post.objects.filter(reporter__team=found).select_related("reporter")[:50],
        },
    )


@require_GET
def course(request: HttpRequest, course_id: int) -> HttpResponse:
    found = get_object_or_404(Course.objects.select_related("municipality"), pk=course_id)
    sessions = found.sessions.select_related("dong").annotate(present=Count("attendance"))
    return render(
        request,
        "outreach/course.html",
        {
            "municipality": found.municipality,
            "course": found,
            "figures": selectors.course_figures(found),
            "sessions": sessions,
            "can_manage": has_permission(
                request.user, OutreachPermission.VIEW_BACKOFFICE, found.municipality
            ),
            "mine": Enrolment.objects.filter(course=found, user_id=request.user.pk).first()
            if request.user.is_authenticated
            else None,
        },
    )


@require_GET
def certificate(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """An HTML certificate to print (no PDF library is installed; the browser prints it)."""
    enrolment = get_authorised(
        Enrolment.objects.select_related("course__municipality"),
        request.user,
        enrolment_id,
        OutreachPermission.VIEW_CERTIFICATE,
    )
    if enrolment.completed_on is None:
        raise Http404(str(enrolment_id))
    return render(
        request,
        "outreach/certificate.html",
        {
            "municipality": enrolment.course.municipality,
            "enrolment": enrolment,
            "course": enrolment.course,
            "attended": selectors.attended_sessions(enrolment.pk),
        },
    )


@require_GET
def certificate_pdf(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """The certificate as a PDF to download (same access as the page)."""
    enrolment = get_authorised(
        Enrolment.objects.select_related("course__municipality"),
        request.user,
        enrolment_id,
        OutreachPermission.VIEW_CERTIFICATE,
    )
    if enrolment.completed_on is None:
        raise Http404(str(enrolment_id))
    response = HttpResponse(certificates.certificate_pdf(enrolment), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{enrolment.certificate_number}.pdf"'
    )
    return response


@require_GET
def programmes(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(slug)
    rows = selectors.programmes_of(municipality)
    dong_id = _int(request.GET.get("dong"))
    if dong_id:
        rows = rows.filter(dong_id=dong_id)
    mine: set[int] = set()
    waiting: set[int] = set()
    if request.user.is_authenticated:
        for programme_id, waitlisted in AutonomySignup.objects.filter(
            user=request.user, programme__municipality=municipality
        ).values_list("programme_id", "waitlisted"):
            (waiting if waitlisted else mine).add(programme_id)
    return render(
        request,
        "outreach/programmes.html",
        {
            "municipality": municipality,
            "programmes": rows,
            "by_dong": selectors.programmes_by_dong(municipality),
            "dong_id": dong_id,
            "mine": mine,
            "waiting": waiting,
            "pilots": municipality.council_pilots.select_related("dong"),
        },
    )


@require_POST
def sign_up(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_object_or_404(
        AutonomyProgramme.objects.select_related("municipality"), pk=programme_id
    )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        signup = services.sign_up(user=request.user, programme_id=programme.pk)
    except ServiceError as failure:
        messages.error(request, failure.message)
    else:
        if signup.waitlisted:
            messages.warning(request, _("The programme is full: you are on its waiting list."))
        else:
            messages.success(request, _("You are signed up."))
    return redirect("outreach:programmes", programme.municipality.slug)


@require_GET
def records(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(slug)
    kind = request.GET.get("kind") or RecordKind.LAWSUIT
    if kind not in RecordKind.values:
        kind = RecordKind.LAWSUIT
    year = _int(request.GET.get("year"))
    category = request.GET.get("category") or ""
    if category not in CATEGORIES[kind]:
        category = ""
    rows = selectors.records_of(municipality, kind, year=year, category=category)
    return render(
        request,
        "outreach/records.html",
        {
            "municipality": municipality,
            "kind": kind,
            "kinds": RecordKind.choices,
            "year": year,
            "category": category,
            "categories": list(CATEGORIES[kind].items()),
            "yearly": selectors.yearly_counts(municipality, kind),
            "lawsuits": selectors.lawsuit_figures(municipality)
            if kind == RecordKind.LAWSUIT
            else [],
            "rows": rows[:200],
            "shown": min(rows.count(), 200),
            "total": rows.count(),
            "outcomes": dict(Outcome.choices),
            "agenda_years": selectors.agenda_yearly(municipality)
            if kind == RecordKind.COUNCIL_SESSION
            else [],
            "agenda_results": AgendaResult.choices,
        },
    )


# ---- officials' pages --------------------------------------------------------------------


def _official_municipality(request: HttpRequest, slug: str) -> Municipality:
    municipality = _municipality(slug)
    if not has_permission(request.user, OutreachPermission.VIEW_BACKOFFICE, municipality):
        raise PermissionDenied(_("You do not have permission to do this."))
    return municipality


def _manage_action(request: HttpRequest, municipality: Municipality) -> str:
    """Run the posted form's action; the success message, or raise ServiceError."""
    action = request.POST.get("action")
    actor = request.user
    if action == "post":
        services.post_record(
            actor=actor, reporter_id=_int(request.POST.get("reporter")) or 0, data=request.POST
        )
        return _("The post is recorded.")
    if action == "posts_import":
        team_id = _int(request.POST.get("team")) or 0
        n = services.posts_import(
            actor=actor, team_id=team_id, rows=read_rows(request.FILES.get("file"))
        )
        return _("%(n)d posts recorded.") % {"n": n}
    if action == "award":
        services.award_give(
            actor=actor,
            reporter_id=_int(request.POST.get("reporter")) or 0,
            year=request.POST.get("year"),
            month=request.POST.get("month"),
            reason=str(request.POST.get("reason") or ""),
        )
        return _("The award is recorded.")
    if action == "enrol":
        services.enrol(
            actor=actor,
            course_id=_int(request.POST.get("course")) or 0,
            name=str(request.POST.get("name") or ""),
        )
        return _("The learner is enrolled.")
    if action == "programme":
        services.programme_create(actor=actor, municipality=municipality, data=request.POST)
        return _("The programme is listed.")
    if action == "record":
        services.record_create(actor=actor, municipality=municipality, data=request.POST)
        return _("The record is added.")
    if action == "records_import":
        n = services.records_import(
            actor=actor, municipality=municipality, rows=read_rows(request.FILES.get("file"))
        )
        return _("%(n)d records added.") % {"n": n}
    created = _create_action(request, municipality, action)
    if created:
        return created
    raise ServiceError(_("Unknown action."))


def _create_action(request: HttpRequest, municipality: Municipality, action: Any) -> str:
    """The create forms of the officials' page (teams, reporters, missions, courses,
    sessions, council agenda items); "" for an action that is not one of them."""
    actor, data = request.user, request.POST
    if action == "team":
        services.team_create(actor=actor, municipality=municipality, data=data)
        return _("The team is recorded.")
    if action == "reporter":
        services.reporter_add(actor=actor, team_id=_int(data.get("team")) or 0, data=data)
        return _("The applicant is recorded.")
    if action == "select":
        services.reporter_select(actor=actor, reporter_id=_int(data.get("reporter")) or 0)
        return _("The reporter is selected.")
    if action == "mission":
        services.mission_create(actor=actor, team_id=_int(data.get("team")) or 0, data=data)
        return _("The mission is assigned.")
    if action == "course":
        services.course_create(actor=actor, municipality=municipality, data=data)
        return _("The course is recorded.")
    if action == "session":
        services.session_create(actor=actor, course_id=_int(data.get("course")) or 0, data=data)
        return _("The session is recorded.")
    if action == "agenda":
        services.agenda_item_create(
            actor=actor, session_id=_int(data.get("session")) or 0, data=data
        )
        return _("The agenda item is recorded.")
    return ""


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    municipality = _official_municipality(request, slug)
    error = ""
    if request.method == "POST":
        if not has_permission(request.user, OutreachPermission.MANAGE, municipality):
            raise PermissionDenied(_("You do not have permission to do this."))
        try:
            done = _manage_action(request, municipality)
        except ServiceError as failure:
            error = failure.message
        else:
            messages.success(request, done)
            return redirect("outreach:manage", municipality.slug)
    teams = ReporterTeam.objects.filter(municipality=municipality)
    return render(
        request,
        "outreach/manage.html",
        {
            "municipality": municipality,
            "error": error,
            "posted": request.POST,
            "teams": teams,
            "reporters": Reporter.objects.filter(team__in=teams, selected=True).select_related(
                "team"
            ),
            "courses": Course.objects.filter(municipality=municipality).prefetch_related(
                "sessions"
            ),
            "dongs": Municipality.objects.filter(parent=municipality),
            "applicants": Reporter.objects.filter(team__in=teams, selected=False).select_related(
                "team"
            ),
            "modes": CourseMode.choices,
            "council_sessions": Record.objects.filter(
                municipality=municipality, kind=RecordKind.COUNCIL_SESSION
            )[:100],
            "agenda_results": AgendaResult.choices,
            "channels": Channel.choices,
            "kinds": RecordKind.choices,
            "categories": {k: list(v.items()) for k, v in CATEGORIES.items()},
            "outcomes": Outcome.choices,
            "can_manage": has_permission(request.user, OutreachPermission.MANAGE, municipality),
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    session = services.session_get(request.user, session_id, OutreachPermission.VIEW_BACKOFFICE)
    course_ = session.course
    error = ""
    if request.method == "POST":
        try:
            n = services.attendance_record(
                actor=request.user,
                session_id=session.pk,
                enrolment_ids=request.POST.getlist("enrolments"),
            )
        except ServiceError as failure:
            error = failure.message
        else:
            messages.success(request, _("%(n)d attendances recorded.") % {"n": n})
            return redirect("outreach:attendance", session.pk)
    present = set(session.attendance.values_list("enrolment_id", flat=True))
    return render(
        request,
        "outreach/attendance.html",
        {
            "municipality": course_.municipality,
            "course": course_,
            "session": session,
            "learners": course_.enrolments.all(),
            "present": present,
            "error": error,
            "can_manage": has_permission(
                request.user, OutreachPermission.MANAGE, course_.municipality
            ),
        },
        status=400 if error else 200,
    )
