"""Closing a vote early, cancelling one, and the desk finding a walk-in resident (issue 13):
the services, their refusals (in Korean and English), the audit entries and the guard every
cast passes — on SQLite and PostgreSQL, including a close racing concurrent casts."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict, ServiceError
from maeul.voting import closing, fastpath, services
from maeul.voting.desk import ResidentAmbiguous, ResidentNotFound, WalkIn, identify_walk_in
from maeul.voting.errors import AlreadyVoted, PollClosed
from maeul.voting.models import Ballot, Participation, Poll
from maeul.voting.selectors import poll_state
from tests.voting.conftest import option_ids

pytestmark = pytest.mark.django_db


def test_close_early_stops_every_channel_and_is_audited(
    make_poll, manager, voter, places, make_resident
):
    poll = make_poll(allow_desk=True, allow_paper=True)
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    closed = closing.poll_close_early(actor=manager, poll=poll, reason="  Flooded hall  ")
    assert closed.closed_early and closed.close_reason == "Flooded hall"
    assert poll_state(closed) == "closed"
    entry = AuditEntry.objects.get(kind="voting.poll_closed_early")
    assert entry.data["reason"] == "Flooded hall" and entry.data["ballots"] == 1
    other = make_resident(places["geumcheon"], places["gasan"])
    with override("en"), pytest.raises(PollClosed) as refused:
        services.ballot_cast(voter=other, poll=poll, choices=[option_ids(poll)[0]])
    assert "closed early" in refused.value.message
    with override("ko"), pytest.raises(PollClosed) as refused:
        services.ballot_record_at_desk(
            official=manager, poll=poll, resident=other, choices=[option_ids(poll)[0]]
        )
    assert "조기 마감" in refused.value.message
    # Paper ballots cast before the close may still be entered until publication.
    services.paper_batch_enter(
        official=manager, poll=poll, label="box", roll=[other], ballots=[[option_ids(poll)[1]]]
    )
    published = services.poll_publish(actor=manager, poll=Poll.objects.get(pk=poll.pk))
    assert published.result["total_ballots"] == 2
    with pytest.raises(Conflict):
        closing.poll_close_early(actor=manager, poll=published, reason="again")


@pytest.mark.parametrize(
    ("language", "message"),
    [("ko", "조기 마감 사유를 적어 주세요"), ("en", "Give the reason for closing the vote early.")],
)
def test_close_early_needs_a_reason_and_an_open_vote(language, message, make_poll, manager):
    poll = make_poll()
    with override(language), pytest.raises(ServiceError) as refused:
        closing.poll_close_early(actor=manager, poll=poll, reason="   ")
    assert message in refused.value.message and refused.value.field == "reason"
    upcoming = make_poll(opens_at=timezone.now() + dt.timedelta(hours=2))
    with override("en"), pytest.raises(Conflict) as refused:
        closing.poll_close_early(actor=manager, poll=upcoming, reason="x")
    assert "cancel it instead" in refused.value.message
    draft = make_poll(announce=False)
    with pytest.raises(Conflict):
        closing.poll_close_early(actor=manager, poll=draft, reason="x")
    assert not Poll.objects.filter(closed_at__isnull=False).exists()


def test_cancel_only_without_ballots(make_poll, manager, voter, places, make_official):
    draft = make_poll(announce=False)
    with pytest.raises(PermissionDenied):
        closing.poll_cancel(
            actor=make_official(places["gwanak"], "programme_manager"), poll=draft, reason="x"
        )
    cancelled = closing.poll_cancel(actor=manager, poll=draft, reason="Duplicate of another")
    assert poll_state(cancelled) == "cancelled"
    assert AuditEntry.objects.get(kind="voting.poll_cancelled").data["reason"] == (
        "Duplicate of another"
    )
    with pytest.raises(Conflict):
        services.poll_announce(actor=manager, poll=cancelled)
    with pytest.raises(Conflict):
        services.poll_update(actor=manager, poll=cancelled, changes={"title": "New"})
    open_poll = make_poll()
    services.ballot_cast(voter=voter, poll=open_poll, choices=[option_ids(open_poll)[0]])
    with override("en"), pytest.raises(Conflict) as refused:
        closing.poll_cancel(actor=manager, poll=open_poll, reason="x")
    assert "close it early instead" in refused.value.message
    assert Poll.objects.get(pk=open_poll.pk).cancelled_at is None
    # An open vote nobody voted in can be cancelled; then it refuses ballots.
    empty = make_poll()
    closing.poll_cancel(actor=manager, poll=empty, reason="Wrong options")
    with pytest.raises(PollClosed):
        services.ballot_cast(voter=voter, poll=empty, choices=[option_ids(empty)[0]])


def test_a_cached_poll_is_still_refused_after_the_close(
    make_poll, manager, voter, places, make_resident
):
    """The poll object a process holds (the fast path caches frozen polls for a minute) says
    open; the guard inside the cast reads the database and refuses."""
    poll = make_poll()
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    stale = Poll.objects.get(pk=poll.pk)
    closing.poll_close_early(actor=manager, poll=poll, reason="storm")
    late = make_resident(places["geumcheon"], places["gasan"])
    if connection.vendor == "postgresql":
        assert fastpath.applies(stale) is settings.FAST_CAST
    with pytest.raises(PollClosed):
        services.ballot_cast(voter=late, poll=stale, choices=[option_ids(poll)[0]])
    assert Ballot.objects.filter(poll=poll).count() == 1


# ---- the desk -----------------------------------------------------------------------------


@pytest.fixture
def named(places, make_resident):
    def make(name: str, dong: Any, birth_year: int = 1980, verified: bool = True) -> Any:
        user = make_resident(places["geumcheon"], dong, birth_year=birth_year, verified=verified)
        user.name = name
        user.save(update_fields=["name"])
        return user

    return make


def test_desk_identifies_by_name_birth_date_and_dong(make_poll, manager, places, named):
    poll = make_poll(allow_desk=True)
    kim = named("김민지", places["gasan"])
    named("김민지", places["doksan"])  # same name and year, another dong
    named("김민지", places["gasan"], birth_year=1991)  # same name and dong, another year
    walk_in = WalkIn(name="김 민지", birth_date=dt.date(1980, 3, 4), dong=places["gasan"])
    assert identify_walk_in(poll, walk_in) == kim
    with override("en"), pytest.raises(ResidentNotFound) as missing:
        identify_walk_in(poll, WalkIn("박서준", dt.date(1980, 3, 4), places["gasan"]))
    assert "No resident named 박서준, born in 1980, is registered in Gasan-dong" in (
        missing.value.message
    )
    with override("ko"), pytest.raises(ResidentNotFound) as missing:
        identify_walk_in(poll, WalkIn("박서준", dt.date(1980, 3, 4), places["gasan"]))
    assert "등록된 주민이 없습니다" in missing.value.message


def test_ambiguous_walk_in_is_resolved_by_identity_verification(
    make_poll, manager, places, named, settings
):
    from maeul.accounts import services as accounts

    settings.IDENTITY_ADAPTERS = ["demo"]
    poll = make_poll(allow_desk=True)
    first = named("이서연", places["gasan"])
    second = named("이서연", places["gasan"], verified=False)
    accounts.identity_verify(
        user=second, adapter_key="demo", name="이서연", identity_number="800304-2123456"
    )
    walk_in = WalkIn("이서연", dt.date(1980, 3, 4), places["gasan"])
    with override("en"), pytest.raises(ResidentAmbiguous) as ambiguous:
        identify_walk_in(poll, walk_in)
    assert "2 registered residents match" in ambiguous.value.message
    verified = WalkIn("이서연", dt.date(1980, 3, 4), places["gasan"], "800304-2123456")
    assert identify_walk_in(poll, verified) == second
    with pytest.raises(ServiceError):  # the number's birth date must be the one on the card
        identify_walk_in(poll, WalkIn("이서연", dt.date(1980, 3, 5), None, "800304-2123456"))
    assert first != second


def test_same_resident_online_and_at_the_desk_has_one_ballot(make_poll, manager, places, named):
    poll = make_poll(allow_desk=True)
    resident = named("정하늘", places["gasan"])
    services.ballot_cast(voter=resident, poll=poll, choices=[option_ids(poll)[0]])
    client = Client()
    client.cookies["maeul_language"] = "en"
    client.force_login(manager)
    card = {
        "desk-name": "정하늘",
        "desk-birth_date": "1980-01-01",
        "desk-dong": places["gasan"].pk,
        "desk-identity_checked": "on",
    }
    shown = client.post(f"/votes/{poll.pk}/desk/", {**card, "step": "identify"})
    assert shown.status_code == 200
    assert "has already voted (Online (mobile or web))" in shown.content.decode()
    recorded = client.post(
        f"/votes/{poll.pk}/desk/",
        {
            **card,
            "step": "record",
            "resident": resident.pk,
            "ballot-key": "desk",
            "ballot-choice": option_ids(poll)[1],
        },
    )
    assert recorded.context["result"] is None
    with pytest.raises(AlreadyVoted):
        services.ballot_record_at_desk(
            official=manager, poll=poll, resident=resident, choices=[option_ids(poll)[1]]
        )
    assert Participation.objects.filter(poll=poll).count() == 1


def test_desk_page_records_a_walk_in_without_a_user_name(make_poll, manager, places, named):
    poll = make_poll(allow_desk=True)
    resident = named("최윤아", places["doksan"])
    client = Client()
    client.force_login(manager)
    page = client.get(f"/votes/{poll.pk}/desk/").content.decode()
    assert "주민 확인" in page and "아이디" not in page.split("<form")[1]
    card = {
        "desk-name": "최윤아",
        "desk-birth_date": "1980-07-01",
        "desk-dong": places["doksan"].pk,
        "desk-identity_checked": "on",
    }
    shown = client.post(f"/votes/{poll.pk}/desk/", {**card, "step": "identify"})
    assert "투표 기록" in shown.content.decode() and shown.context["resident"] == resident
    done = client.post(
        f"/votes/{poll.pk}/desk/",
        {
            **card,
            "step": "record",
            "resident": resident.pk,
            "ballot-key": "desk",
            "ballot-choice": option_ids(poll)[2],
        },
    )
    assert done.context["result"] is not None
    participation = Participation.objects.get(poll=poll, resident=resident)
    assert participation.channel == "desk" and participation.recorded_by == manager


# ---- a close racing casts (PostgreSQL) ------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_close_early_racing_casts_counts_exactly_the_ballots_before_it(
    places, make_resident, make_official
):
    """Residents cast on the one-statement path while an official closes the vote: every
    ballot that got a receipt is counted, every other one was refused, and the close's audit
    entry counts exactly the ballots the result counts (none slipped in after it)."""
    manager = make_official(places["geumcheon"], "programme_manager")
    now = timezone.now()
    poll = services.poll_create(
        actor=manager,
        municipality=places["geumcheon"],
        options=["A", "B"],
        code="race-close",
        title="Race",
        kind="single",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(hours=1),
    )
    poll = services.poll_announce(actor=manager, poll=poll)
    first = make_resident(places["geumcheon"], places["gasan"])
    services.ballot_cast(voter=first, poll=poll, choices=[option_ids(poll)[0]])
    residents = [make_resident(places["geumcheon"], places["gasan"]) for _ in range(24)]
    stale = Poll.objects.get(pk=poll.pk)
    option = option_ids(poll)[1]
    receipts, refusals, errors = [], [], []
    start = threading.Barrier(len(residents) + 1)

    def cast(person: Any) -> None:
        try:
            start.wait()
            receipts.append(services.ballot_cast(voter=person, poll=stale, choices=[option]))
        except PollClosed:
            refusals.append(person)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(p,)) for p in residents]
    for thread in threads:
        thread.start()
    start.wait()
    closing.poll_close_early(actor=manager, poll=poll, reason="race")
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(receipts) + len(refusals) == len(residents)
    counted = Ballot.objects.filter(poll=poll).count()
    assert counted == 1 + len(receipts)
    entry = AuditEntry.objects.get(kind="voting.poll_closed_early")
    assert entry.data["ballots"] == counted
