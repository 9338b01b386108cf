"""Notices of the innovation programme: the city hears when a district submits its plan,
each side hears when the other writes in the negotiation, and each evaluated district's
managers hear when the evaluation deciding their next year's grant is published (innovation chooses the recipients,
the notifications foundation stores and delivers)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.accounts.models import Official, Role
from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify

PLAN_SUBMITTED = "innovation.plan_submitted"
NOTE_WRITTEN = "innovation.note_written"
EVALUATION_PUBLISHED = "innovation.evaluation_published"

register(
    NoticeKind(
        code=PLAN_SUBMITTED,
        audience=Audience.OFFICIAL,
        label=_("A district submitted its community innovation plan"),
        subject=_("Plan submitted: %(place)s %(year)s"),
        body=_("%(place)s submitted its %(year)s community innovation plan for review."),
    )
)
register(
    NoticeKind(
        code=NOTE_WRITTEN,
        audience=Audience.OFFICIAL,
        label=_("A new opinion or answer in a plan's negotiation"),
        subject=_("Negotiation: %(place)s %(year)s"),
        body=_("A new %(side)s was written on the %(year)s plan of %(place)s."),
    )
)

register(
    NoticeKind(
        code=EVALUATION_PUBLISHED,
        audience=Audience.OFFICIAL,
        label=_("The district evaluation was published"),
        subject=_("Evaluation %(year)s published: %(place)s, grade %(grade)s"),
        body=_(
            "The %(year)s evaluation is published: %(place)s ranks %(rank)s with grade "
            "%(grade)s, %(funding)s won for %(funding_year)s."
        ),
    )
)

MANAGERS = (Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER)


def _managers_of(municipality_id: int) -> list[int]:
    return list(
        Official.objects.filter(municipality_id=municipality_id, roles__role__in=MANAGERS)
        .values_list("user_id", flat=True)
        .distinct()
    )


def announce_submitted(plan: Any) -> None:
    notify(
        PLAN_SUBMITTED,
        _managers_of(plan.round.municipality_id),
        event_key=f"innovation.plan:{plan.pk}:submitted:{plan.submitted_at.isoformat()}",
        data={"place": plan.municipality.name, "year": plan.round.year},
        url=reverse("innovation:plan", args=[plan.pk]),
        municipality_id=plan.municipality_id,
    )


def announce_note(note: Any) -> None:
    plan = note.plan
    to_city = note.side == "district"
    recipients = _managers_of(plan.round.municipality_id if to_city else plan.municipality_id)
    notify(
        NOTE_WRITTEN,
        recipients,
        event_key=f"innovation.note:{note.pk}",
        data={
            "place": plan.municipality.name,
            "year": plan.round.year,
            "side": str(note.get_side_display()),
        },
        url=reverse("innovation:plan", args=[plan.pk]),
        municipality_id=plan.municipality_id,
    )


def announce_published(evaluation: Any, grading: Any) -> None:
    """Each evaluated district's managers get their own result (grade, rank and funding),
    linked to their result page."""
    results = {r.municipality.name: r for r in evaluation.results.select_related("municipality")}
    for g in grading.districts:
        result = results.get(g.district)
        if result is None:
            continue
        notify(
            EVALUATION_PUBLISHED,
            _managers_of(result.municipality_id),
            event_key=f"innovation.evaluation:{evaluation.pk}:published:{result.pk}",
            data={
                "place": g.district,
                "year": evaluation.year,
                "rank": g.rank,
                "grade": g.grade,
                "funding": f"{g.funding_won:,}",
                "funding_year": evaluation.funding_year,
            },
            url=reverse("innovation:result", args=[evaluation.pk, result.pk]),
            municipality_id=result.municipality_id,
        )
