"""What the voting core tells people (issue 15): a vote announced reaches exactly those the
voting rules let vote (the poll's place, dongs, age, verification, or its roll) and nobody in
another municipality; the reminder 24 hours before the close goes to those who have not voted,
once; results to those who took part; officials of that municipality who publish results hear
of votes whose time is up. No notice carries what a ballot chose. Notices are stored after
the commit, hence transactional tests; the beat jobs are run through their task functions."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone, translation

from maeul.notifications import kinds
from maeul.notifications.models import Notice
from maeul.voting import clock, notices, services, tasks
from maeul.voting.services import reminders
from tests.voting.conftest import option_ids

pytestmark = pytest.mark.django_db(transaction=True)


def told(kind: str) -> list[int]:
    return sorted(Notice.objects.filter(kind=kind).values_list("recipient_id", flat=True))


@pytest.fixture
def people(
    places: dict[str, Any], make_resident: Callable[..., Any], make_official: Callable[..., Any]
) -> dict[str, Any]:
    return {
        "gasan": make_resident(places["geumcheon"], places["gasan"]),
        "doksan": make_resident(places["geumcheon"], places["doksan"]),
        "no_dong": make_resident(places["geumcheon"]),
        "young": make_resident(places["geumcheon"], places["gasan"], birth_year=2015),
        "unverified": make_resident(places["geumcheon"], places["gasan"], verified=False),
        "gwanak": make_resident(places["gwanak"]),
        "namgu": make_resident(places["namgu"]),
        "namgu_manager": make_official(places["namgu"], "programme_manager"),
    }


def test_an_announced_vote_reaches_its_eligible_residents_only(
    make_poll: Callable[..., Any], people: dict[str, Any], manager: Any
) -> None:
    poll = make_poll(min_age=19)
    eligible = [people["gasan"], people["doksan"], people["no_dong"]]
    assert told("voting.poll_opened") == sorted(p.pk for p in eligible)
    notice = Notice.objects.filter(kind="voting.poll_opened").first()
    assert notice is not None and notice.url == f"/votes/{poll.pk}/"
    assert set(notice.data) == {"title", "opens", "closes"}


def test_a_nam_gu_vote_never_reaches_geumcheon(
    make_poll: Callable[..., Any], people: dict[str, Any], places: dict[str, Any]
) -> None:
    make_poll(municipality=places["namgu"], actor=people["namgu_manager"])
    assert told("voting.poll_opened") == [people["namgu"].pk]


def test_a_dong_vote_and_a_roll_vote_follow_their_own_rules(
    make_poll: Callable[..., Any], people: dict[str, Any], places: dict[str, Any], manager: Any
) -> None:
    dong_poll = make_poll(electorate_dongs=[places["gasan"]], verified_only=False)
    on_dong = Notice.objects.filter(event_key=f"voting.poll:{dong_poll.pk}:opened")
    assert sorted(on_dong.values_list("recipient_id", flat=True)) == sorted(
        [people["gasan"].pk, people["young"].pk, people["unverified"].pk]
    )
    roll_poll = make_poll(electorate_kind="roll", roll=[people["gwanak"], manager])
    on_roll = Notice.objects.filter(event_key=f"voting.poll:{roll_poll.pk}:opened")
    assert sorted(on_roll.values_list("recipient_id", flat=True)) == sorted(
        [people["gwanak"].pk, manager.pk]
    )


def test_an_announcement_that_rolls_back_tells_nobody(
    make_poll: Callable[..., Any], people: dict[str, Any]
) -> None:
    poll = make_poll(announce=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        notices.poll_announced(poll)
        raise RuntimeError("the announcement failed")
    assert not Notice.objects.exists()


def test_results_go_to_those_who_took_part_and_reveal_no_choice(
    make_poll: Callable[..., Any], people: dict[str, Any], manager: Any
) -> None:
    poll = make_poll(("공원 조성", "도서관 건립"), title="우선 사업 투표")
    assert poll.is_secret
    services.ballot_cast(voter=people["gasan"], poll=poll, choices=[option_ids(poll)[1]])
    with time_machine.travel(poll.closes_at + dt.timedelta(minutes=1), tick=False):
        services.poll_publish(actor=manager, poll=poll)
    assert told("voting.poll_results") == [people["gasan"].pk]
    for notice in Notice.objects.filter(recipient=people["gasan"]):
        stored = json.dumps(notice.data, ensure_ascii=False)
        for language in ("ko", "en"):
            with translation.override(language):
                shown = " ".join(kinds.get(notice.kind).render(notice.data))
            assert "도서관" not in stored + shown and "공원" not in stored + shown


def test_the_closing_reminder_goes_once_to_those_who_have_not_voted(
    make_poll: Callable[..., Any], people: dict[str, Any]
) -> None:
    closing = make_poll(closes_at=timezone.now() + dt.timedelta(hours=12))
    make_poll(closes_at=timezone.now() + dt.timedelta(days=3))  # not reminded yet
    services.ballot_cast(voter=people["gasan"], poll=closing, choices=[option_ids(closing)[0]])
    assert tasks.remind_closing() == 1
    assert tasks.remind_closing() == 1  # beat runs it every hour
    reminded = Notice.objects.filter(kind="voting.poll_closing")
    assert {n.event_key for n in reminded} == {f"voting.poll:{closing.pk}:closing"}
    assert sorted(n.recipient_id for n in reminded) == sorted(
        [people["doksan"].pk, people["no_dong"].pk, people["young"].pk]
    )


def test_officials_of_that_municipality_hear_of_votes_whose_time_is_up(
    make_poll: Callable[..., Any], people: dict[str, Any], manager: Any, places: dict[str, Any]
) -> None:
    poll = make_poll(closes_at=timezone.now() + dt.timedelta(hours=1))
    make_poll(municipality=places["namgu"], actor=people["namgu_manager"])
    assert reminders.remind_to_close() == 0  # still open
    later = timezone.now() + dt.timedelta(hours=2)
    assert reminders.remind_to_close(later) == 1
    assert reminders.remind_to_close(later) == 1
    assert told("voting.poll_to_close") == [manager.pk]
    assert Notice.objects.get(kind="voting.poll_to_close").event_key == (
        f"voting.poll:{poll.pk}:to_close"
    )
    assert tasks.remind_to_close() == 0  # the task: nothing has ended by now


def test_history_replayed_by_the_demo_loader_tells_nobody(
    make_poll: Callable[..., Any], people: dict[str, Any], manager: Any
) -> None:
    with clock.replaying(timezone.now()):
        poll = make_poll()
        services.ballot_cast(voter=people["gasan"], poll=poll, choices=[option_ids(poll)[0]])
    with clock.replaying(poll.closes_at + dt.timedelta(minutes=1)):
        services.poll_publish(actor=manager, poll=poll)
    assert not Notice.objects.exists()


def test_telling_a_vote_costs_the_same_queries_for_few_or_many_residents(
    make_poll: Callable[..., Any], places: dict[str, Any], make_resident: Callable[..., Any]
) -> None:
    """The recipients are one query of user ids however many residents are eligible, and the
    notices are stored in batches: no query per resident."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def announce_counting() -> tuple[int, int]:
        poll = make_poll(announce=False)
        with CaptureQueriesContext(connection) as queries:
            services.poll_announce(actor=poll_manager, poll=poll)
        return len(queries), Notice.objects.filter(
            event_key=f"voting.poll:{poll.pk}:opened"
        ).count()

    from maeul.accounts.models import User

    poll_manager = User.objects.get(username="manager.g")
    announce_counting()  # warms what is read once per process (permissions, places)
    for _ in range(3):
        make_resident(places["geumcheon"], places["gasan"])
    few_queries, few = announce_counting()
    for _ in range(40):
        make_resident(places["geumcheon"], places["doksan"])
    many_queries, many = announce_counting()
    assert (few, many) == (3, 43)
    assert many_queries == few_queries


def test_a_vote_closed_early_is_not_named_to_close(
    make_poll: Callable[..., Any], manager: Any
) -> None:
    from maeul.voting.closing import poll_close_early

    poll = make_poll(closes_at=timezone.now() + dt.timedelta(hours=1))
    poll_close_early(actor=manager, poll=poll, reason="예산 사정으로 중단")
    assert reminders.remind_to_close(timezone.now() + dt.timedelta(hours=2)) == 0
    assert not Notice.objects.filter(kind="voting.poll_to_close").exists()
