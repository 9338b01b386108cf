"""Jury pages.

Access: ``index`` and ``detail`` are public (published opinions only); ``apply`` is for
residents of the municipality; ``review`` for the jury's jurors; everything else for the
programme's officials of the municipality (officials elsewhere get 404: they cannot even
learn which ids exist; officials of the municipality without the role get 403).
"""

from __future__ import annotations

import io
import json
from typing import Any

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
from maeul.engine import sortition
from maeul.juries import labels, selectors, services
from maeul.juries.dongs import records_dongs
from maeul.juries.forms import (
    AnswerForm,
    ApplyForm,
    CsvForm,
    DrawForm,
    IntakeForm,
    JuryForm,
    OpinionForm,
    ReviewForm,
    SessionForm,
    SharesForm,
    SubgroupForm,
    TermForm,
)
from maeul.juries.importing import parse_shares
from maeul.juries.models import (
    Draw,
    Jury,
    JuryPhase,
    Session,
    Volunteer,
    VolunteerStatus,
)
from maeul.juries.rules import JuryPermission
from maeul.places.models import Municipality
from maeul.pledges.interface import pledges_in_order


def jury_for_organiser(
    request: HttpRequest, jury_id: int, permission: JuryPermission = JuryPermission.MANAGE
) -> Jury:
    """Fetch and authorise in one step: 404 outside the user's scope (ids do not leak), 403
    for an official of the municipality without ``permission``."""
    jury = selectors.jury_for(request.user, jury_id, JuryPermission.VIEW_BACKOFFICE)
    if not has_permission(request.user, permission, jury.municipality):
        raise PermissionDenied(_("You do not have permission to do this."))
    return jury


def _form_error(form: Any, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _groups(jury: Jury) -> dict[str, str]:
    return dict(jury.district_groups.values_list("key", "name"))


@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """Public list; officials who may organise juries here also get the create button."""
    municipality = get_object_or_404(Municipality, slug=slug)
    juries = Jury.objects.filter(municipality=municipality).order_by("-recruitment_year", "name")
    return render(
        request,
        "juries/index.html",
        {
            "municipality": municipality,
            "juries": juries,
            "can_create": has_permission(request.user, JuryPermission.MANAGE, municipality),
        },
    )


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
    form = JuryForm(request.POST or None)
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
                initial={"term_start": jury.term_start, "term_end": jury.term_end}
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
    try:
        # UTF-8, or CP949 as Korean Excel saves "CSV"; a workbook or binary file is refused
        text = decode_text(form.cleaned_data["file"].read())
        count = services.volunteers_import_csv(actor=request.user, jury=jury, text=text)
    except ServiceError as error:
        for line in error.message.splitlines():
            messages.error(request, line)
    else:
        messages.success(request, _("%(count)s volunteers imported.") % {"count": count})
    return redirect("juries:manage", jury_id=jury.pk)


@login_required
@require_http_methods(["GET", "POST"])
def draw(request: HttpRequest, jury_id: int) -> HttpResponse:
    """The draw screen: quotas (editable), feasibility with relaxation, seed; POST runs the
    lottery after its confirmation step."""
    jury = jury_for_organiser(request, jury_id, JuryPermission.DRAW)
    if Draw.objects.filter(jury=jury).exists():
        return redirect("juries:draw_record", jury_id=jury.pk)
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page = _confirm_draw(request, jury, form.cleaned_data)
        if page is not None:
            return page
        try:
            result = services.jury_draw(
                actor=request.user,
                jury=jury,
                seed=form.cleaned_data["seed"],
                algorithm=form.cleaned_data["algorithm"],
            )
        except ServiceError as error:
            _messages(request, error)
        else:
            messages.success(
                request, _("The jury was drawn (seed %(seed)s).") % {"seed": result.seed}
            )
            return redirect("juries:draw_record", jury_id=jury.pk)
    return render(request, "juries/draw.html", _draw_context(jury, form))


def _messages(request: HttpRequest, error: ServiceError) -> None:
    for line in error.message.splitlines():
        messages.error(request, line)


def _draw_context(jury: Jury, form: DrawForm) -> dict[str, Any]:
    groups = _groups(jury)
    fill = selectors.quota_fill(jury)
    for row in fill:
        row["feature_label"] = labels.feature_label(row["quota"].feature)
        row["value_label"] = labels.value_label(row["quota"].feature, row["quota"].value, groups)
    report = selectors.feasibility(jury)
    return {
        "jury": jury,
        "fill": fill,
        "feasibility": labels.feasibility_lines(report, groups)
        if isinstance(report, sortition.FeasibilityReport)
        else None,
        "feasibility_error": labels.engine_error_message(report, groups)
        if isinstance(report, sortition.SortitionError)
        else "",
        "algorithms": [
            (labels.algorithm_name(a), labels.ALGORITHM_EXPLANATIONS[a])
            for a in sortition.ALGORITHMS
        ],
        "pool": jury.volunteers.filter(status=VolunteerStatus.POOL).count(),
        "form": form,
        "shares_form": SharesForm(
            initial={
                "shares": "\n".join(f"{q.feature},{q.value},{q.share}" for q in jury.quotas.all())
            }
        ),
        "district_keys": jury.district_groups.all(),
    }


@login_required
@require_POST
def quotas_save(request: HttpRequest, jury_id: int) -> HttpResponse:
    """The quota table of the draw screen: every row's minimum and maximum."""
    jury = jury_for_organiser(request, jury_id, JuryPermission.DRAW)
    try:
        ranges = {}
        for quota in jury.quotas.all():
            try:
                low = int(request.POST.get(f"min_{quota.pk}", quota.min))
                high = int(request.POST.get(f"max_{quota.pk}", quota.max))
            except ValueError as error:
                raise ServiceError(_("Quotas must be whole numbers."), field="min") from error
            ranges[quota.pk] = (low, high)
        services.quotas_edit(actor=request.user, jury=jury, ranges=ranges)
    except ServiceError as error:
        _messages(request, error)
    else:
        messages.success(request, _("Quotas saved."))
    return redirect("juries:draw", jury_id=jury.pk)


@login_required
@require_POST
def quotas_compute(request: HttpRequest, jury_id: int) -> HttpResponse:
    """The draw screen's population shares, turned into quotas."""
    jury = jury_for_organiser(request, jury_id, JuryPermission.DRAW)
    shares_form = SharesForm(request.POST)
    try:
        if not shares_form.is_valid():
            raise ServiceError(_("Enter the population shares."), field="shares")
        services.quotas_from_population(
            actor=request.user,
            jury=jury,
            shares=parse_shares(shares_form.cleaned_data["shares"]),
        )
    except ServiceError as error:
        _messages(request, error)
    else:
        messages.success(request, _("Quotas computed from the population shares."))
    return redirect("juries:draw", jury_id=jury.pk)


@login_required
@require_http_methods(["GET", "POST"])
def draw_record(request: HttpRequest, jury_id: int) -> HttpResponse:
    """The stored draw: seed, version, hash, panel, reserves, every selection probability;
    POST replays it from the record and says whether everything matches."""
    jury = jury_for_organiser(request, jury_id, JuryPermission.DRAW)
    record = Draw.objects.filter(jury=jury).first()
    if record is None:
        return redirect("juries:draw", jury_id=jury.pk)
    replay = None
    if request.method == "POST":
        replay = selectors.draw_replay(record)
    volunteers = {v.code: v for v in jury.volunteers.select_related("dong")}
    groups = _groups(jury)
    rows = []
    for code, features in record.people:
        volunteer = volunteers.get(code)
        rows.append(
            {
                "code": code,
                "name": volunteer.name if volunteer else "",
                "features": [labels.value_label(f, v, groups) for f, v in sorted(features.items())],
                "probability": record.probabilities.get(code, 0) * 100,
                "outcome": _("Juror")
                if code in record.panel
                else (_("Reserve") if code in record.reserves else ""),
            }
        )
    return render(
        request,
        "juries/draw_record.html",
        {
            "jury": jury,
            "record": record,
            "rows": rows,
            "replay": replay,
            "min_percent": record.min_probability * 100,
            "algorithm": labels.algorithm_name(record.algorithm),
        },
    )


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


def _manage_form_done(request: HttpRequest, form: Any, save: Any, done: str) -> None:
    """Run ``save(cleaned_data)`` for a valid form of the manage page; say what happened."""
    if not form.is_valid():
        messages.error(request, _("Check the dates and fields of the form."))
        return
    try:
        save(form.cleaned_data)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


@login_required
@require_POST
def term_save(request: HttpRequest, jury_id: int) -> HttpResponse:
    """The jury's term (운영기간), from the manage page."""
    jury = jury_for_organiser(request, jury_id)
    _manage_form_done(
        request,
        TermForm(request.POST),
        lambda data: services.jury_term_set(
            actor=request.user, jury=jury, start=data["term_start"], end=data["term_end"]
        ),
        _("Term saved."),
    )
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


@login_required
@require_GET
def opinions(request: HttpRequest, jury_id: int) -> HttpResponse:
    """Organisers: the review tallies per pledge, the opinion, the answer, publication."""
    jury = jury_for_organiser(request, jury_id)
    pledges = pledges_in_order(jury.municipality)
    existing = {o.pledge_id: o for o in jury.opinions.all()}
    items = []
    for pledge in pledges:
        opinion = existing.get(pledge.pk)
        tally = selectors.review_tally(jury, pledge)
        items.append(
            {
                "pledge": pledge,
                "tally": tally,
                "opinion": opinion,
                "form": OpinionForm(
                    initial={
                        "grade": opinion.grade,
                        "text": opinion.text,
                        "recommendation": opinion.recommendation,
                    }
                    if opinion
                    else {"grade": tally.median_grade},
                    jury=jury,
                    prefix=f"o{pledge.number}",
                ),
                "answer_form": AnswerForm(
                    initial={"answer": opinion.mayor_answer} if opinion else None,
                    prefix=f"a{pledge.number}",
                ),
            }
        )
    return render(request, "juries/opinions.html", {"jury": jury, "items": items})


def _opinion_target(request: HttpRequest, jury_id: int, number: int) -> tuple[Jury, Any]:
    """The jury (organisers only) and its municipality's pledge ``number``, or 404."""
    jury = jury_for_organiser(request, jury_id)
    return jury, get_object_or_404(pledges_in_order(jury.municipality), number=number)


def _back_to_pledge(jury: Jury, number: int) -> HttpResponse:
    return redirect(f"{reverse('juries:opinions', args=[jury.pk])}#pledge-{number}")


def _saved(request: HttpRequest, call: Any) -> None:
    try:
        call()
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))


@login_required
@require_POST
def opinion_save(request: HttpRequest, jury_id: int, number: int) -> HttpResponse:
    """The jury's opinion on one pledge (unpublished until published)."""
    jury, pledge = _opinion_target(request, jury_id, number)
    form = OpinionForm(request.POST, jury=jury, prefix=f"o{number}")
    if form.is_valid():
        _saved(
            request,
            lambda: services.opinion_prepare(
                actor=request.user, jury=jury, pledge=pledge, **form.cleaned_data
            ),
        )
    else:
        messages.error(request, _("Choose a grade and write the opinion."))
    return _back_to_pledge(jury, number)


@login_required
@require_POST
def opinion_answer(request: HttpRequest, jury_id: int, number: int) -> HttpResponse:
    """The mayor's office's answer to the opinion on one pledge."""
    jury, pledge = _opinion_target(request, jury_id, number)
    opinion = get_object_or_404(jury.opinions, pledge=pledge)
    form = AnswerForm(request.POST, prefix=f"a{number}")
    if form.is_valid():
        _saved(
            request,
            lambda: services.opinion_answer(
                actor=request.user, opinion=opinion, answer=form.cleaned_data["answer"]
            ),
        )
    else:
        messages.error(request, _("Write the answer."))
    return _back_to_pledge(jury, number)


@login_required
@require_POST
def opinion_publish(request: HttpRequest, jury_id: int, number: int) -> HttpResponse:
    """Publish the opinion on one pledge, after its confirmation step."""
    jury, pledge = _opinion_target(request, jury_id, number)
    opinion = get_object_or_404(jury.opinions, pledge=pledge)
    page = confirmation_page(
        request,
        title=_("Publish the opinion on pledge %(number)s?") % {"number": number},
        consequences=[
            _(
                "The jury's opinion (grade %(grade)s) and the mayor's office's answer "
                "become public on the jury's page, the pledge sheet and the API."
            )
            % {"grade": opinion.grade},
            _("Jurors can no longer review this pledge."),
            _("A published opinion cannot be withdrawn."),
        ],
        action_label=_("Publish"),
        cancel_url=f"{reverse('juries:opinions', args=[jury.pk])}#pledge-{number}",
    )
    if page is not None:
        return page
    _saved(request, lambda: services.opinion_publish(actor=request.user, opinion=opinion))
    return _back_to_pledge(jury, number)


def _confirm_draw(request: HttpRequest, jury: Jury, data: dict[str, Any]) -> HttpResponse | None:
    """The confirmation step of the draw: what the lottery will do, in plain words."""
    pool = jury.volunteers.filter(status=VolunteerStatus.POOL).count()
    seed = data.get("seed")
    return confirmation_page(
        request,
        title=_("Run the lottery for %(name)s?") % {"name": jury.name},
        consequences=[
            _(
                "%(algorithm)s draws %(k)s jurors and %(r)s reserves from the %(pool)s "
                "volunteers in the pool, meeting every quota."
            )
            % {
                "algorithm": labels.algorithm_name(data["algorithm"]),
                "k": jury.panel_size,
                "r": jury.reserve_count,
                "pool": pool,
            },
            _("The seed %(seed)s is used and published with the record.") % {"seed": seed}
            if seed is not None
            else _("A fresh seed is drawn and published with the record."),
            _(
                "The jury starts sitting: no more volunteers can join and the quotas can no "
                "longer change."
            ),
            _("The draw is written to the audit log and cannot be run again."),
        ],
        action_label=_("Run the lottery"),
        cancel_url=reverse("juries:draw", args=[jury.pk]),
    )


RECORD_FILES = ("record.json", "people.csv", "quotas.csv")


@require_GET
def draw_file(request: HttpRequest, jury_id: int, name: str) -> HttpResponse:
    """The draw's public record as files for an independent replay with the engine's CLI:
    ``maeul jury replay --result record.json --people people.csv --features quotas.csv
    --no-household-rule``. Volunteers appear only by code with their quota features."""
    jury = selectors.jury_for(request.user, jury_id)
    record = Draw.objects.filter(jury=jury).first()
    if record is None or name not in RECORD_FILES:
        raise Http404("draw")
    people, quotas = selectors.draw_people(record)
    if name == "record.json":
        body = json.dumps(
            {
                "panel": record.panel,
                "reserves": record.reserves,
                "probabilities": record.probabilities,
                "min_probability": record.min_probability,
                "algorithm": record.algorithm,
                "seed": record.seed,
                "inputs_sha256": record.inputs_sha256,
                "version": record.engine_version,
                "panel_size": record.panel_size,
                "reserves_count": record.reserve_count,
                "household_rule": False,
                "household_columns": [],
                "id_column": "id",
            },
            ensure_ascii=False,
            indent=1,
        )
        content_type = "application/json"
    else:
        buffer = io.StringIO()
        if name == "people.csv":
            sortition.write_people_csv(buffer, people)
        else:
            sortition.write_features_csv(buffer, quotas)
        body = buffer.getvalue()
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="jury-{jury.pk}-{name}"'
    return response
