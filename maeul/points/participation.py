"""Points for taking part: the receiver of the foundation's participation events.

Programmes announce participation through ``maeul.core.participation`` (they may not import
this app); the event reaches ``award_participation`` after the programme's transaction
commits, and the award itself is ``points_award_for_event`` — idempotent on the event's source
key under the unique constraint ``points_award_once_per_source``, so a repeated or concurrent
delivery pays once. The award goes to the nearest municipality, from the event's place
upwards, that has an award table: a poll of a dong earns the district's points.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.dispatch import receiver

from maeul.core.participation import (
    ParticipationEvent,
    Reward,
    participation_recorded,
    reward_requested,
)
from maeul.places.models import Municipality
from maeul.points.models import AwardTable, PointsTransaction
from maeul.points.services import AwardResult, award_refusal, points_award_for_event


def awarding_municipality(municipality_id: int) -> Municipality | None:
    """The event's municipality or its nearest ancestor with an award table."""
    place = Municipality.objects.filter(pk=municipality_id).first()
    if place is None:
        return None
    chain = [place, *reversed(place.ancestors())]
    with_tables = set(
        AwardTable.objects.filter(municipality__in=chain).values_list("municipality_id", flat=True)
    )
    return next((m for m in chain if m.pk in with_tables), None)


def _resident(event: ParticipationEvent) -> Any:
    return (
        get_user_model()
        .objects.select_related("resident__district", "resident__dong")
        .filter(pk=event.resident_id)
        .first()
    )


@receiver(participation_recorded, dispatch_uid="points.award_participation")
def award_participation(
    sender: Any, event: ParticipationEvent, **kwargs: Any
) -> AwardResult | None:
    """Award the points the award table lists for ``event`` (nothing when it lists none)."""
    municipality = awarding_municipality(event.municipality_id)
    resident = _resident(event)
    if municipality is None or resident is None:
        return None
    return points_award_for_event(
        resident=resident,
        municipality=municipality,
        activity=event.activity,
        source_key=event.source_key,
        occurred_at=event.occurred_at,
    )


@receiver(reward_requested, dispatch_uid="points.reward_of")
def reward_of(sender: Any, event: ParticipationEvent, **kwargs: Any) -> Reward:
    """What ``event`` earned: the award recorded under its source key, else whether one is
    still due (the award table pays for it and no cap is reached) or none is."""
    municipality = awarding_municipality(event.municipality_id)
    if municipality is None:
        return Reward("none")
    award = PointsTransaction.objects.filter(
        municipality=municipality, source_key=event.source_key
    ).first()
    if award is not None:
        return Reward("awarded", award.amount)
    resident = _resident(event)
    if resident is None:
        return Reward("none")
    refusal = award_refusal(
        resident=resident,
        municipality=municipality,
        activity=event.activity,
        occurred_at=event.occurred_at,
    )
    return Reward("none") if refusal else Reward("pending")
