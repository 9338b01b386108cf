"""On PostgreSQL: one person flagging one item from many tabs at once leaves one flag (the
constraint ``moderation_one_flag_per_person`` decides, the others get the message), and
many people flagging a new item at once share one queue entry."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.core.errors import Conflict
from maeul.moderation import services
from maeul.moderation.models import Flag, ModeratedItem
from tests.concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_person_flags_once_from_many_tabs(proposal: Any, flagger: Any) -> None:
    results = race(
        6,
        lambda i: services.flag_add(
            actor=flagger, kind="budgeting.proposal", object_id=proposal.pk, reason="spam"
        ),
    )
    assert sum(1 for r in results if isinstance(r, Flag)) == 1, results
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, Flag)), results
    assert Flag.objects.count() == 1 and ModeratedItem.objects.count() == 1


def test_many_people_flag_a_new_item_at_once(
    proposal: Any, places: dict[str, Any], make_resident: Any
) -> None:
    people = [make_resident(places["geumcheon"]) for _ in range(6)]
    results = race(
        6,
        lambda i: services.flag_add(
            actor=people[i], kind="budgeting.proposal", object_id=proposal.pk, reason="abuse"
        ),
    )
    assert all(isinstance(r, Flag) for r in results), results
    assert ModeratedItem.objects.count() == 1
    assert Flag.objects.count() == 6
