"""The roster of programme participants, kept from the foundation's participation events.

A participants' survey goes to the residents who took part in a programme, and a public
survey compares participants with the general public. Surveys may not import a programme
(the "layers" contract), so it listens to ``participation_recorded`` like the points app does
and remembers (municipality, programme, resident). The receiver is idempotent: an event
delivered twice adds nothing.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from maeul.core.participation import ActivityCode, ParticipationEvent, participation_recorded

# Which programme each activity belongs to.
PROGRAMME_OF_ACTIVITY = {
    ActivityCode.BALLOT_CAST: "voting",
    ActivityCode.DESK_BALLOT: "voting",
    ActivityCode.PAPER_BALLOT: "voting",
    ActivityCode.ASSEMBLY_BALLOT: "voting",
    ActivityCode.PROPOSAL_SUBMITTED: "budgeting",
    ActivityCode.PROPOSAL_ADOPTED: "budgeting",
    ActivityCode.COMMITTEE_ATTENDANCE: "governance",
    ActivityCode.COUNCIL_ATTENDANCE: "governance",
}


def add_participant(*, municipality_id: int, programme: str, user_id: int) -> None:
    """Record that ``user_id`` took part in ``programme`` of the municipality. One insert that
    skips a row already there (the unique constraint decides, also between concurrent
    deliveries of one event): this runs after every ballot's commit, so it costs one statement,
    not a savepoint, a read and a write."""
    from maeul.surveys.models import Participant

    Participant.objects.bulk_create(
        [Participant(municipality_id=municipality_id, programme=programme, user_id=user_id)],
        ignore_conflicts=True,
    )


@receiver(participation_recorded, dispatch_uid="surveys.roster")
def on_participation(sender: Any, event: ParticipationEvent, **kwargs: Any) -> None:
    programme = PROGRAMME_OF_ACTIVITY.get(event.activity)
    if programme is None:
        return
    add_participant(
        municipality_id=event.municipality_id, programme=programme, user_id=event.resident_id
    )
