"""Desk, paper and assembly ballots earn points when the municipality's award table lists
their activity (policy as data), exactly once per resident and poll, and only once the entry
commits; a table that lists only the mobile vote (the default) pays nothing for them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from maeul.points.models import PointsAccount, PointsTransaction
from maeul.points.services import award_table_publish
from maeul.surveys.models import Participant
from maeul.voting import services
from maeul.voting.errors import AlreadyVoted
from tests.voting.conftest import option_ids

from .conftest import RULES

IN_PERSON = [
    {"activity": "desk_ballot", "points": 300},
    {"activity": "paper_ballot", "points": 200},
    {"activity": "assembly_ballot", "points": 700},
]


@pytest.fixture
def in_person_table(places: dict[str, Any]) -> Any:
    return award_table_publish(
        actor=None,
        municipality=places["geumcheon"],
        effective_from=dt.date(2020, 1, 1),
        rules=[*RULES, *IN_PERSON],
    )


def _enter_all(make_poll: Any, manager: Any, people: list[Any]) -> Any:
    """One desk ballot (people[0]), a paper batch (people[1]) and an assembly (people[2])."""
    poll = make_poll(allow_desk=True, allow_paper=True, allow_assembly=True)
    a, b, _c = option_ids(poll)
    services.ballot_record_at_desk(official=manager, poll=poll, resident=people[0], choices=[a])
    services.paper_batch_enter(
        official=manager, poll=poll, label="상자 1", roll=[people[1]], ballots=[[b]]
    )
    services.assembly_result_enter(
        chair=manager,
        poll=poll,
        name="가산동 주민총회",
        held_on=timezone.localdate(),
        counts={a: 2, b: 1},
        ballots=3,
        roll=[people[2]],
    )
    return poll


def _people(places: dict[str, Any], make_resident: Any) -> list[Any]:
    return [make_resident(places["geumcheon"], places["gasan"]) for _ in range(3)]


def test_each_in_person_channel_earns_its_listed_points_after_commit(
    make_poll: Any,
    manager: Any,
    places: dict[str, Any],
    make_resident: Any,
    in_person_table: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    people = _people(places, make_resident)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        poll = _enter_all(make_poll, manager, people)
        assert not PointsTransaction.objects.exists()  # nothing before the commit
    announced = [c for c in callbacks if "announce" in c.__qualname__]
    assert len(announced) == 3  # one participation event per voter, sent at the commit
    for callback in callbacks:
        callback()
    for callback in announced:  # a second delivery pays nothing more
        callback()
    awards = {
        t.resident_id: (t.activity, t.amount, t.source_key) for t in PointsTransaction.objects.all()
    }
    assert awards == {
        people[0].pk: ("desk_ballot", 300, f"voting.ballot:{poll.pk}:{people[0].pk}"),
        people[1].pk: ("paper_ballot", 200, f"voting.ballot:{poll.pk}:{people[1].pk}"),
        people[2].pk: ("assembly_ballot", 700, f"voting.ballot:{poll.pk}:{people[2].pk}"),
    }
    assert [PointsAccount.objects.get(resident=p).balance for p in people] == [300, 200, 700]
    # In-person voters are participants of the voting programme for the surveys too.
    assert Participant.objects.filter(programme="voting").count() == 3


def test_the_default_table_pays_nothing_for_in_person_ballots(
    make_poll: Any,
    manager: Any,
    places: dict[str, Any],
    make_resident: Any,
    award_table: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    people = _people(places, make_resident)
    with django_capture_on_commit_callbacks(execute=True):
        _enter_all(make_poll, manager, people)
    assert not PointsTransaction.objects.exists()


def test_a_paper_ballot_replacing_an_online_one_earns_nothing_more(
    make_poll: Any,
    manager: Any,
    voter: Any,
    in_person_table: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    poll = make_poll(allow_paper=True, revote="last_counts")
    a, b, _c = option_ids(poll)
    with django_capture_on_commit_callbacks(execute=True):
        services.ballot_cast(voter=voter, poll=poll, choices=[a])
    with django_capture_on_commit_callbacks(execute=True):
        services.paper_batch_enter(
            official=manager, poll=poll, label="상자", roll=[voter], ballots=[[b]]
        )
    award = PointsTransaction.objects.get()
    assert (award.activity, award.amount) == ("mobile_vote", 500)


@pytest.mark.django_db(transaction=True)
def test_a_refused_batch_awards_nothing(
    make_poll: Any,
    manager: Any,
    voter: Any,
    places: dict[str, Any],
    make_resident: Any,
    in_person_table: Any,
) -> None:
    """Committed for real: a batch refused inside its transaction (a roll name already voted
    online) announces nothing; an accepted one pays at its commit."""
    poll = make_poll(allow_paper=True)
    a, b, _c = option_ids(poll)
    services.ballot_cast(voter=voter, poll=poll, choices=[a])
    other = make_resident(places["geumcheon"], places["gasan"])
    with pytest.raises(AlreadyVoted):
        services.paper_batch_enter(
            official=manager, poll=poll, label="상자", roll=[other, voter], ballots=[[b], [b]]
        )
    assert not PointsTransaction.objects.filter(activity="paper_ballot").exists()
    assert transaction.get_autocommit()
    services.paper_batch_enter(
        official=manager, poll=poll, label="상자", roll=[other], ballots=[[b]]
    )
    award = PointsTransaction.objects.get(activity="paper_ballot")
    assert (award.resident_id, award.amount) == (other.pk, 200)
