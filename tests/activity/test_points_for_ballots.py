"""Points arrive for a ballot cast, once per resident and poll, only after the cast commits,
on the ORM path and the one-statement path, and the receipt page says what the vote earned."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maeul.auditlog.models import AuditEntry
from maeul.core import participation
from maeul.points.models import PointsAccount, PointsTransaction
from maeul.voting import services
from maeul.voting.models import Participation, Poll
from maeul.voting.services.casting import _cast_in_transaction, points_source_key
from tests.concurrency import race
from tests.conftest import PASSWORD
from tests.voting.conftest import option_ids


def test_a_cast_ballot_earns_the_table_s_points_after_commit(
    make_poll: Any, voter: Any, award_table: Any, django_capture_on_commit_callbacks: Any
) -> None:
    poll = make_poll()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
        # Inside the test's transaction nothing is awarded before the commit.
        assert not PointsTransaction.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    award = PointsTransaction.objects.get()
    assert (award.resident, award.amount, award.activity) == (voter, 500, "mobile_vote")
    assert award.source_key == f"voting.ballot:{poll.pk}:{voter.pk}"
    assert PointsAccount.objects.get(resident=voter).balance == 500
    assert result.event is not None
    assert participation.reward_of(result.event) == participation.Reward("awarded", 500)
    entry = AuditEntry.objects.get(kind="points.awarded")
    assert f'"source":"{award.source_key}"' in entry.payload.replace(" ", "")


def test_a_replacing_ballot_earns_nothing_more(
    make_poll: Any, voter: Any, award_table: Any, django_capture_on_commit_callbacks: Any
) -> None:
    poll = make_poll(revote="last_counts")
    with django_capture_on_commit_callbacks(execute=True):
        services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    with django_capture_on_commit_callbacks(execute=True):
        result = services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[1]])
    assert result.replaced
    assert PointsTransaction.objects.count() == 1
    assert PointsAccount.objects.get(resident=voter).balance == 500


def test_points_never_name_the_choice(
    make_poll: Any, voter: Any, award_table: Any, django_capture_on_commit_callbacks: Any
) -> None:
    poll = make_poll(options=("Zebra crossing", "Yellow carpet", "Speed bumps"))
    chosen = option_ids(poll)[2]
    with django_capture_on_commit_callbacks(execute=True):
        services.ballot_cast(voter=voter, poll=poll, choices=[chosen])
    award = PointsTransaction.objects.get()
    entry = AuditEntry.objects.get(kind="points.awarded")
    text = f"{award.source_key} {award.note} {entry.payload}"
    assert "Speed bumps" not in text
    assert f":{chosen}" not in award.source_key
    assert str(chosen) not in entry.payload.replace(award.source_key, "").replace(
        f'"resident":{voter.pk}', ""
    ).replace(f'"subject_id":{award.pk}', "")


def test_no_award_table_means_no_points_and_the_receipt_says_so(
    make_poll: Any, voter: Any, django_capture_on_commit_callbacks: Any
) -> None:
    poll = make_poll()
    client = Client()
    client.login(username=voter.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("voting:cast", args=[poll.pk]),
            {"choice": option_ids(poll)[0], "key": "k-1"},
        )
    assert response.status_code == 200, response.content.decode()[:500]
    assert not PointsTransaction.objects.exists()
    assert "참여 포인트가 없습니다" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_receipt_page_says_how_many_points(
    make_poll: Any, voter: Any, award_table: Any
) -> None:
    """Committed for real (no test transaction): the award is written when the cast commits,
    before the receipt page is rendered, so the page says how many points it earned."""
    poll = make_poll()
    client = Client()
    client.login(username=voter.username, password=PASSWORD)
    response = client.post(
        reverse("voting:cast", args=[poll.pk]), {"choice": option_ids(poll)[0], "key": "k-2"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "이 투표 참여로 500포인트를 받았습니다." in text
    assert PointsAccount.objects.get(resident=voter).balance == 500


def test_the_receipt_page_says_points_are_on_their_way_before_the_award(
    make_poll: Any, voter: Any, award_table: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Inside a surrounding transaction the award waits for its commit: the page, rendered
    first, says the points are on their way, then they arrive."""
    poll = make_poll()
    client = Client()
    client.login(username=voter.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("voting:cast", args=[poll.pk]), {"choice": option_ids(poll)[0], "key": "k-3"}
        )
    assert "참여 포인트가 곧 적립됩니다." in response.content.decode()
    assert PointsAccount.objects.get(resident=voter).balance == 500


def test_points_on_their_way_when_not_yet_recorded(
    make_poll: Any, voter: Any, award_table: Any
) -> None:
    """Before the award is written (its delivery failed or is queued), the event still earns
    points: the receipt says they are on their way, not that there are none."""
    poll = make_poll()
    event = participation.ParticipationEvent(
        activity=participation.ActivityCode.BALLOT_CAST,
        resident_id=voter.pk,
        municipality_id=poll.municipality_id,
        source_key=points_source_key(poll, voter),
        occurred_at=timezone.now(),
    )
    assert participation.reward_of(event) == participation.Reward("pending")
    participation.deliver(event)
    participation.deliver(event)  # a second delivery pays nothing more
    assert participation.reward_of(event) == participation.Reward("awarded", 500)
    assert PointsTransaction.objects.count() == 1


def test_the_cap_is_respected_and_then_nothing_is_due(
    make_poll: Any, voter: Any, award_table: Any, django_capture_on_commit_callbacks: Any
) -> None:
    results = []
    for _ in range(3):
        poll = make_poll()
        with django_capture_on_commit_callbacks(execute=True):
            results.append(
                services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
            )
    assert PointsAccount.objects.get(resident=voter).balance == 1000  # the monthly cap
    assert participation.reward_of(results[2].event) == participation.Reward("none")


def test_a_poll_of_a_dong_earns_the_district_s_points(
    make_poll: Any,
    voter: Any,
    award_table: Any,
    places: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    poll = make_poll(municipality=places["gasan"])
    with django_capture_on_commit_callbacks(execute=True):
        services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    assert PointsTransaction.objects.get().municipality == places["geumcheon"]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_cast_awards_nothing(make_poll: Any, voter: Any, award_table: Any) -> None:
    poll = make_poll()

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        _cast_in_transaction(
            voter=voter,
            poll=poll,
            choices=[option_ids(poll)[0]],
            channel="online",
            token=None,
            recorded_by=None,
            moment=timezone.now(),
        )
        assert Participation.objects.filter(poll=poll).exists()
        raise Abandon
    assert not Participation.objects.filter(poll=poll).exists()
    assert not PointsTransaction.objects.exists()
    # ... while a committed cast, outside any test transaction, is paid at its commit.
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    assert PointsTransaction.objects.get().amount == 500


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_one_statement_cast_awards_too(
    make_poll: Any, make_resident: Any, places: dict[str, Any], award_table: Any, settings: Any
) -> None:
    settings.FAST_CAST = True
    poll = make_poll()
    first = make_resident(places["geumcheon"], places["gasan"])
    second = make_resident(places["geumcheon"], places["gasan"])
    services.ballot_cast(voter=first, poll=poll, choices=[option_ids(poll)[0]])  # locks rules
    poll = Poll.objects.get(pk=poll.pk)
    assert poll.rules_locked_at is not None
    from maeul.voting import fastpath

    assert fastpath.applies(poll)
    services.ballot_cast(voter=second, poll=poll, choices=[option_ids(poll)[1]])
    awards = dict(PointsTransaction.objects.values_list("resident", "amount"))
    assert awards == {first.pk: 500, second.pk: 500}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_cast_award_once(
    make_poll: Any, voter: Any, award_table: Any
) -> None:
    poll = make_poll()
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    event = participation.ParticipationEvent(
        activity=participation.ActivityCode.BALLOT_CAST,
        resident_id=voter.pk,
        municipality_id=poll.municipality_id,
        source_key=points_source_key(poll, voter),
        occurred_at=timezone.now() - dt.timedelta(seconds=1),
    )
    results = race(2, lambda i: participation.deliver(event))
    assert not any(isinstance(r, Exception) for r in results), results
    assert PointsTransaction.objects.count() == 1
    assert PointsAccount.objects.get(resident=voter).balance == 500


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_threads_casting_for_one_resident_award_once(
    make_poll: Any, voter: Any, award_table: Any
) -> None:
    poll = make_poll()
    results = race(
        2,
        lambda i: services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[i % 3]]),
    )
    cast = [r for r in results if not isinstance(r, Exception)]
    assert len(cast) == 1, results
    assert PointsTransaction.objects.count() == 1
    assert PointsAccount.objects.get(resident=voter).balance == 500
