"""Survey pages.

Access: the list of a municipality's surveys, an open survey's page and published results are
public; answering is for signed-in residents (the service checks the audience and the
one-answer rule). The management pages are for administrators and programme managers of the
municipality's scope (auditors may read them): another municipality's list answers 403, another
municipality's survey 404, so ids cannot be probed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.core.errors import ServiceError
from maeul.places.models import Municipality
from maeul.surveys import services
from maeul.surveys.charts import question_chart
from maeul.surveys.collected import parse_sheets
from maeul.surveys.forms import (
    CollectedForm,
    QuestionForm,
    SurveyForm,
    answer_form_fields,
    answers_from_post,
)
from maeul.surveys.models import Audience, Survey, SurveyState
from maeul.surveys.rules import SurveyPermission
from maeul.surveys.selectors import survey_results, surveys_of

ACCESS = {
    "survey_list": "public",
    "detail": "public (open, closed and published surveys; drafts: officials of the scope)",
    "results": "public once published; before: managers and auditors of the scope",
    "manage_list": "official(administrator, programme_manager, auditor) of the scope",
    "survey_new": "official(administrator, programme_manager) of the scope",
    "manage": "official(administrator, programme_manager, auditor) of the scope",
    "question_remove": "official(administrator, programme_manager) of the scope",
    "move": "official(administrator, programme_manager) of the scope",
    "collected": "official(administrator, programme_manager) of the scope",
}

CSS = "surveys/surveys.css"


def _municipality(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def _survey(request: HttpRequest, survey_id: int, permission: SurveyPermission) -> Survey:
    return get_authorised(
        Survey.objects.select_related("municipality"), request.user, survey_id, permission
    )


@require_GET
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(slug)
    return render(
        request,
        "surveys/list.html",
        {
            "municipality": municipality,
            "surveys": surveys_of(municipality).order_by("-created_at", "-pk"),
            "can_manage": has_permission(
                request.user, SurveyPermission.VIEW_BACKOFFICE, municipality
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, SurveyPermission.VIEW)
    error = ""
    posted: dict[str, Any] = {}
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        posted = answers_from_post(survey, request.POST)
        try:
            services.response_submit(user=request.user, survey_id=survey.pk, answers=posted)
        except ServiceError as failure:
            error = failure.message
        else:
            messages.success(request, _("Thank you: your answers are recorded, without your name."))
            return redirect("surveys:detail", survey.pk)
    answered = services.has_answered(request.user, survey)
    may_answer = survey.is_open and has_permission(request.user, SurveyPermission.ANSWER, survey)
    outside_audience = (
        may_answer
        and survey.audience == Audience.PARTICIPANTS
        and not services.is_participant(request.user, survey)
    )
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "municipality": survey.municipality,
            "fields": answer_form_fields(survey),
            "posted": posted,
            "error": error,
            "answered": answered,
            "can_answer": may_answer and not answered and not outside_audience,
            "outside_audience": outside_audience,
            "for_participants": survey.audience == Audience.PARTICIPANTS,
            "can_see_results": has_permission(request.user, SurveyPermission.VIEW_RESULTS, survey),
        },
        status=400 if error else 200,
    )


@require_GET
def results(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, SurveyPermission.VIEW_RESULTS)
    figures = survey_results(survey)
    charts = [
        (
            result,
            question_chart(result, _("Question %(n)d by group") % {"n": result.question.position}),
        )
        for result in figures.questions
    ]
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "municipality": survey.municipality,
            "figures": figures,
            "charts": charts,
            "published": survey.is_published,
        },
    )


# ---- officials' workspace pages ----------------------------------------------------------


def _official_municipality(request: HttpRequest, slug: str, permission: SurveyPermission) -> Any:
    if not request.user.is_authenticated:
        return None
    municipality = _municipality(slug)
    if not has_permission(request.user, permission, municipality):
        raise PermissionDenied(_("You do not have permission to do this."))
    return municipality


@require_GET
def manage_list(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _official_municipality(request, slug, SurveyPermission.VIEW_BACKOFFICE)
    if municipality is None:
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "surveys/manage_list.html",
        {
            "municipality": municipality,
            "surveys": surveys_of(municipality, public=False).order_by("-created_at", "-pk"),
            "can_manage": has_permission(request.user, SurveyPermission.MANAGE, municipality),
        },
    )


@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _official_municipality(request, slug, SurveyPermission.MANAGE)
    if municipality is None:
        return redirect_to_login(request.get_full_path())
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        template = data.pop("template", "") or ""
        try:
            survey = services.survey_create(
                actor=request.user, municipality=municipality, data=data, template=template
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The survey is saved as a draft."))
            return redirect("surveys:manage", survey.pk)
    return render(
        request,
        "surveys/survey_form.html",
        {"municipality": municipality, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, survey_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    survey = _survey(request, survey_id, SurveyPermission.VIEW_BACKOFFICE)
    can_manage = has_permission(request.user, SurveyPermission.MANAGE, survey)
    form = QuestionForm(request.POST or None, initial={"required": True})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("You do not have permission to do this."))
        if form.is_valid():
            try:
                services.question_add(
                    actor=request.user, survey_id=survey.pk, data=form.service_data()
                )
            except ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The question is added."))
                return redirect("surveys:manage", survey.pk)
    return render(
        request,
        "surveys/manage.html",
        {
            "survey": survey,
            "municipality": survey.municipality,
            "questions": survey.questions.prefetch_related("options").order_by("position"),
            "form": form,
            "can_manage": can_manage,
            "response_count": survey.responses.count(),
            "can_see_results": has_permission(request.user, SurveyPermission.VIEW_RESULTS, survey),
            "is_draft": survey.state == SurveyState.DRAFT,
            "can_collect": can_manage and survey.state in (SurveyState.OPEN, SurveyState.CLOSED),
            "next_step": _next_step(survey),
        },
        status=400 if form.errors else 200,
    )


def _next_step(survey: Survey) -> tuple[str, str] | None:
    steps = {
        SurveyState.DRAFT: (SurveyState.OPEN, _("Open the survey")),
        SurveyState.OPEN: (SurveyState.CLOSED, _("Close the survey")),
        SurveyState.CLOSED: (SurveyState.PUBLISHED, _("Publish the results")),
    }
    step = steps.get(SurveyState(survey.state))
    return (str(step[0]), step[1]) if step else None


@require_POST
def question_remove(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        services.question_remove(actor=request.user, survey_id=survey_id, question_id=question_id)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The question is removed."))
    return redirect("surveys:manage", survey_id)


@require_POST
def move(request: HttpRequest, survey_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        survey = services.survey_move(
            actor=request.user, survey_id=survey_id, to=request.POST.get("to", "")
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The survey is now: %(state)s.") % {"state": survey.get_state_display()}
        )
    return redirect("surveys:manage", survey_id)


@require_http_methods(["GET", "POST"])
def collected(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Answer sheets collected on paper or by an agency, pasted as CSV: all or none."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    survey = _survey(request, survey_id, SurveyPermission.VIEW_BACKOFFICE)
    if not has_permission(request.user, SurveyPermission.MANAGE, survey):
        raise PermissionDenied(_("You do not have permission to do this."))
    form = CollectedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.responses_record_collected(
                actor=request.user,
                survey_id=survey.pk,
                group=form.cleaned_data["group"],
                responses=parse_sheets(survey, form.cleaned_data["sheets"]),
            )
        except ServiceError as error:
            form.add_error("sheets", error.message)
        else:
            messages.success(request, _("%(n)d answer sheets are recorded.") % {"n": count})
            return redirect("surveys:manage", survey.pk)
    return render(
        request,
        "surveys/collected.html",
        {
            "survey": survey,
            "municipality": survey.municipality,
            "form": form,
            "questions": survey.questions.prefetch_related("options").order_by("position"),
        },
        status=400 if form.errors else 200,
    )
