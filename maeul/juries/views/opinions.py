"""The jury's opinions on the municipality's pledges: drafting, the administration's
answer and publication, all by the organising officials."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maeul.core.confirm import confirmation_page
from maeul.core.errors import ServiceError
from maeul.juries import selectors, services
from maeul.juries.forms import (
    AnswerForm,
    OpinionForm,
)
from maeul.juries.models import (
    Jury,
)
from maeul.juries.views.common import (
    jury_for_organiser,
)
from maeul.pledges.interface import pledges_in_order


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
