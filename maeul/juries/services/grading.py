"""Grading the pledges: jurors' reviews, the jury's opinion, the mayor's office's answer and
publication. Once an opinion on a pledge is published, jurors can no longer review it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maeul.accounts.permissions import require_permission
from maeul.core.errors import Conflict, NotAllowed, ServiceError
from maeul.juries.models import Jury, Opinion, Recommendation, Review
from maeul.juries.rules import JuryPermission
from maeul.juries.selectors import juror_for
from maeul.juries.services._base import audit, locked_jury
from maeul.pledges.interface import Pledge


def _check_grade(jury: Jury, pledge: Pledge, grade: str, recommendation: str) -> None:
    if pledge.municipality_id != jury.municipality_id:
        raise ServiceError(_("This pledge is not one of this jury's."), field="pledge")
    if grade not in jury.grades():
        raise ServiceError(
            _("Choose a grade of the scale: %(grades)s.") % {"grades": ", ".join(jury.grades())},
            field="grade",
        )
    if recommendation not in Recommendation.values:
        raise ServiceError(_("Choose a recommendation type."), field="recommendation")


def review_submit(
    *,
    actor: Any,
    jury: Jury,
    pledge: Pledge,
    grade: str,
    comments: str = "",
    recommendation: str = Recommendation.NONE,
) -> Review:
    """A juror grades a pledge of their subgroup (or any pledge when there are none)."""
    juror = juror_for(actor, jury)
    _check_grade(jury, pledge, grade, recommendation)
    if juror.subgroup is not None and not juror.subgroup.pledges.filter(pk=pledge.pk).exists():
        raise NotAllowed(_("This pledge is assigned to another subgroup."))
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, JuryPermission.REVIEW, "review")
        if locked.opinions.filter(pledge=pledge, published_at__isnull=False).exists():
            raise Conflict(_("The jury's opinion on this pledge is already published."))
        review, created = Review.objects.update_or_create(
            juror=juror,
            pledge=pledge,
            defaults={
                "jury": locked,
                "grade": grade,
                "comments": comments.strip(),
                "recommendation": recommendation,
                "submitted_at": timezone.now(),
            },
        )
        audit(
            "review_submitted",
            actor,
            locked,
            review,
            pledge=pledge.number,
            juror=juror.code,
            grade=grade,
            recommendation=recommendation,
            updated=not created,
        )
    return review


def opinion_prepare(
    *,
    actor: Any,
    jury: Jury,
    pledge: Pledge,
    grade: str,
    text: str,
    recommendation: str = Recommendation.NONE,
) -> Opinion:
    """The organisers write down the jury's aggregated opinion on a pledge (unpublished)."""
    require_permission(actor, JuryPermission.MANAGE, jury.municipality)
    if pledge.municipality_id != jury.municipality_id:
        raise ServiceError(_("This pledge is not one of this jury's."), field="pledge")
    if grade not in jury.grades():
        raise ServiceError(
            _("Choose a grade of the scale: %(grades)s.") % {"grades": ", ".join(jury.grades())},
            field="grade",
        )
    if not text.strip():
        raise ServiceError(_("Write the jury's opinion."), field="text")
    if recommendation not in Recommendation.values:
        raise ServiceError(_("Choose a recommendation type."), field="recommendation")
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, JuryPermission.MANAGE, "opinion")
        existing = locked.opinions.select_for_update().filter(pledge=pledge).first()
        if existing is not None and existing.published_at is not None:
            raise Conflict(_("The opinion is already published."))
        opinion, _created = Opinion.objects.update_or_create(
            jury=locked,
            pledge=pledge,
            defaults={
                "grade": grade,
                "text": text.strip(),
                "recommendation": recommendation,
                "reviews_count": locked.reviews.filter(pledge=pledge).count(),
            },
        )
        audit("opinion_prepared", actor, locked, opinion, pledge=pledge.number, grade=grade)
    return opinion


def opinion_answer(*, actor: Any, opinion: Opinion, answer: str) -> Opinion:
    """The mayor's office's answer to the jury's opinion."""
    jury = opinion.jury
    require_permission(actor, JuryPermission.ANSWER, jury.municipality)
    if not answer.strip():
        raise ServiceError(_("Write the answer."), field="answer")
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, JuryPermission.ANSWER, "answer")
        row = Opinion.objects.select_for_update().get(pk=opinion.pk)
        row.mayor_answer = answer.strip()
        row.answered_at = timezone.now()
        row.save(update_fields=["mayor_answer", "answered_at"])
        audit("opinion_answered", actor, locked, row, pledge=row.pledge.number)
    return row


def opinion_publish(*, actor: Any, opinion: Opinion) -> Opinion:
    """Publish an opinion; allowed once the jury has met (a session held on or before
    today), since opinions are published after the session that formed them."""
    jury = opinion.jury
    require_permission(actor, JuryPermission.MANAGE, jury.municipality)
    with transaction.atomic(durable=True):
        locked = locked_jury(jury, actor, JuryPermission.MANAGE, "publish")
        today = timezone.localdate()
        if not locked.sessions.filter(held_on__lte=today).exists():
            raise Conflict(
                _("Opinions are published after the jury's session; no session has been held."),
                field="published_at",
            )
        row = Opinion.objects.select_for_update().get(pk=opinion.pk)
        if row.published_at is None:
            row.published_at = timezone.now()
            row.save(update_fields=["published_at"])
            audit("opinion_published", actor, locked, row, pledge=row.pledge.number)
    return row
