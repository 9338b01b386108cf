"""The organising officials' pages for running a jury: creating it, the pool of
applicants (intake and CSV import), replacing a juror, the term, sessions, subgroups,
attendance and closing. Officials elsewhere get 404, officials here without the role 403."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.permissions import covers, get_authorised, has_permission
from maeul.core.confirm import confirmation_page
from maeul.core.errors import ServiceError
from maeul.core.tabular import decode_text
from maeul.jobs.services import start as start_job
from maeul.juries import services
from maeul.juries.dongs import records_dongs
from maeul.juries.forms import (
    CsvForm,
    IntakeForm,
    JuryForm,
    SessionForm,
    SubgroupForm,
    TermForm,
)
from maeul.juries.jobs import IMPORT_VOLUNTEERS
from maeul.juries.models import (
    JuryPhase,
    Session,
    Volunteer,
    VolunteerStatus,
)
from maeul.juries.rules import JuryPermission, term_months_for
from maeul.juries.views.common import (
    _form_error,
    _manage_form_done,
    jury_for_organiser,
)
from maeul.places.models import Municipality


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, slug: str) -> HttpResponse:
    """Create a jury. Officials of the municipality without the role get 403; anyone whose
    scope does not cover it (residents, other districts) gets 404, as for a jury's id."""
    municipality = get_object_or_404(Municipality, slug=slug)
    if not has_permission(request.user, JuryPermission.MANAGE, municipality):
        if covers(request.user, municipality):
            raise PermissionDenied(_("You do not have permission to do this."))
        raise Http404("municipality")
    form = JuryForm(request.POST or None, initial={"term_months": term_months_for(municipality)})
    if request.method == "POST" and form.is_valid():
        try:
            jury = services.jury_create(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ServiceError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The jury was created; now recruit volunteers."))
            return redirect("juries:manage", jury_id=jury.pk)
    return render(
        request,
        "juries/new.html",
        {
            "municipality": municipality,
            "form": form,
            "records_dongs": records_dongs(municipality),
        },
    )


@login_required
@require_GET
def manage(request: HttpRequest, jury_id: int) -> HttpResponse:
    jury = jury_for_organiser(request, jury_id)
    volunteers = jury.volunteers.select_related("dong", "subgroup").order_by("code")
    return render(
        request,
        "juries/manage.html",
        {
            "jury": jury,
            "volunteers": volunteers,
            "counts": {s.label: volunteers.filter(status=s.value).count() for s in VolunteerStatus},
            "intake_form": IntakeForm(jury=jury),
            "csv_form": CsvForm(),
            "term_form": TermForm(
                initial={
                    "term_months": jury.term_months,
                    "term_start": jury.term_start,
                    "term_end": jury.term_end,
                }
            ),
            "session_form": SessionForm(),
            "subgroup_form": SubgroupForm(),
            "sessions": jury.sessions.all(),
            "subgroups": jury.subgroups.prefetch_related("pledges", "members"),
            "replacements": jury.replacements.select_related("dropout", "substitute"),
            "recruiting": jury.phase == JuryPhase.RECRUITING,
            "sitting": jury.phase == JuryPhase.SITTING,
            "records_dongs": records_dongs(jury.municipality),
        },
    )


@login_required
@require_POST
def intake(request: HttpRequest, jury_id: int) -> HttpResponse:
    jury = jury_for_organiser(request, jury_id)
    form = IntakeForm(request.POST, jury=jury)
    if form.is_valid():
        try:
            volunteer = services.volunteer_intake(
                actor=request.user, jury=jury, **form.cleaned_data
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(code)s added to the pool.") % {"code": volunteer.code})
    else:
        messages.error(
            request,
            "; ".join(
                f"{form.fields[f].label}: {e[0]}" if f in form.fields else str(e[0])
                for f, e in form.errors.items()
            ),
        )
    return redirect("juries:manage", jury_id=jury.pk)


@login_required
@require_POST
def import_csv(request: HttpRequest, jury_id: int) -> HttpResponse:
    jury = jury_for_organiser(request, jury_id)
    form = CsvForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV file."))
        return redirect("juries:manage", jury_id=jury.pk)
    data = form.cleaned_data["file"].read()
    if len(data) > settings.JOB_IMPORT_BYTES:  # a large file: checked and saved by a job
        job = start_job(
            IMPORT_VOLUNTEERS,
            request.user,
            {"jury": jury.pk},
            municipality=jury.municipality,
            upload=data,
            upload_name=form.cleaned_data["file"].name,
        )
        return redirect("jobs:detail", job.pk)
    try:
        # UTF-8, or CP949 as Korean Excel saves "CSV"; a workbook or binary file is refused
        text = decode_text(data)
        count = services.volunteers_import_csv(actor=request.user, jury=jury, text=text)
    except ServiceError as error:
        for line in error.message.splitlines():
            messages.error(request, line)
    else:
        messages.success(request, _("%(count)s volunteers imported.") % {"count": count})
    return redirect("juries:manage", jury_id=jury.pk)


@login_required
@require_POST
def replace(request: HttpRequest, jury_id: int) -> HttpResponse:
    jury = jury_for_organiser(request, jury_id)
    try:
        volunteer_id = int(request.POST.get("volunteer", ""))
    except ValueError:
        raise Http404("volunteer") from None
    volunteer = get_object_or_404(Volunteer, pk=volunteer_id, jury=jury)
    page = confirmation_page(
        request,
        title=_("Replace %(code)s?") % {"code": volunteer.code},
        consequences=[
            _("%(code)s %(name)s leaves the jury and is recorded as dropped out.")
            % {"code": volunteer.code, "name": volunteer.name},
            _(
                "The first reserve who keeps every quota takes the seat; if none fits, a "
                "substitute is drawn from the rest of the pool with a recorded seed."
            ),
            _("The replacement is written to the audit log and cannot be undone."),
        ],
        action_label=_("Replace the juror"),
        cancel_url=reverse("juries:manage", args=[jury.pk]),
    )
    if page is not None:
        return page
    try:
        replacement = services.juror_replace(actor=request.user, jury=jury, volunteer=volunteer)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(dropout)s replaced by %(substitute)s.")
            % {
                "dropout": replacement.dropout.code,
                "substitute": replacement.substitute.code if replacement.substitute else "–",
            },
        )
    return redirect("juries:manage", jury_id=jury.pk)


@login_required
@require_POST
def term_save(request: HttpRequest, jury_id: int) -> HttpResponse:
    """The jury's term (운영기간), from the manage page."""
    jury = jury_for_organiser(request, jury_id)
    _manage_form_done(
        request,
        TermForm(request.POST),
        lambda data: services.jury_term_set(
            actor=request.user,
            jury=jury,
            start=data["term_start"],
            end=data["term_end"],
            months=data["term_months"],
        ),
        _("Term saved."),
    )
    return redirect("juries:manage", jury_id=jury.pk)


@login_required
@require_POST
def appoint(request: HttpRequest, jury_id: int) -> HttpResponse:
    """Seat the whole pool without a lottery (위촉), after its confirmation step."""
    jury = jury_for_organiser(request, jury_id, JuryPermission.DRAW)
    page = confirmation_page(
        request,
        title=_("Appoint the whole pool?"),
        consequences=[
            _(
                "Every volunteer in the pool becomes a juror; there is no lottery and no draw record."
            ),
            _("The jury starts sitting: no more volunteers can join."),
            _("The appointment is written to the audit log and cannot be undone."),
        ],
        action_label=_("Appoint the jurors"),
        cancel_url=reverse("juries:manage", args=[jury.pk]),
    )
    if page is not None:
        return page
    try:
        count = services.jury_appoint(actor=request.user, jury=jury)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)s jurors appointed.") % {"count": count})
    return redirect("juries:manage", jury_id=jury.pk)


@login_required
@require_POST
def sessions(request: HttpRequest, jury_id: int) -> HttpResponse:
    """Schedule a session, from the manage page."""
    jury = jury_for_organiser(request, jury_id)
    _manage_form_done(
        request,
        SessionForm(request.POST),
        lambda data: services.session_schedule(actor=request.user, jury=jury, **data),
        _("Session scheduled."),
    )
    return redirect("juries:manage", jury_id=jury.pk)


@login_required
@require_POST
def subgroups(request: HttpRequest, jury_id: int) -> HttpResponse:
    """Form the subgroups, from the manage page."""
    jury = jury_for_organiser(request, jury_id)
    _manage_form_done(
        request,
        SubgroupForm(request.POST),
        lambda data: services.subgroups_form(actor=request.user, jury=jury, **data),
        _("Subgroups formed."),
    )
    return redirect("juries:manage", jury_id=jury.pk)


@login_required
@require_POST
def close(request: HttpRequest, jury_id: int) -> HttpResponse:
    """Close the jury, after its confirmation step."""
    jury = jury_for_organiser(request, jury_id)
    page = confirmation_page(
        request,
        title=_("Close the jury?"),
        consequences=[
            _("No more sessions, attendance, reviews or replacements can be recorded."),
            _("Answers can still be written and opinions published."),
            _("Closing cannot be undone."),
        ],
        action_label=_("Close the jury"),
        cancel_url=reverse("juries:manage", args=[jury.pk]),
    )
    if page is not None:
        return page
    try:
        services.jury_close(actor=request.user, jury=jury)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The jury is closed."))
    return redirect("juries:manage", jury_id=jury.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_authorised(
        Session.objects.select_related("jury__municipality"),
        request.user,
        session_id,
        JuryPermission.VIEW_BACKOFFICE,
    )
    jury = jury_for_organiser(request, session.jury_id)
    if request.method == "POST":
        ids = []
        for raw in request.POST.getlist("present"):
            if raw.isdigit():
                ids.append(int(raw))
        try:
            count = services.attendance_record(actor=request.user, session=session, present_ids=ids)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)s jurors present.") % {"count": count})
            return redirect("juries:manage", jury_id=jury.pk)
    present = set(session.attendance.filter(present=True).values_list("volunteer_id", flat=True))
    return render(
        request,
        "juries/attendance.html",
        {
            "jury": jury,
            "session": session,
            "jurors": jury.volunteers.filter(status=VolunteerStatus.JUROR).order_by("code"),
            "present": present,
        },
    )
