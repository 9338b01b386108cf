"""Casting, eligibility, choices, revote policies, channels and the rule freeze."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import audit_verify
from maeul.core.errors import Conflict, ServiceError
from maeul.voting import services
from maeul.voting.errors import (
    AlreadyVoted,
    ChannelNotOffered,
    InvalidChoices,
    NotEligible,
    PollNotOpen,
    RulesLocked,
)
from maeul.voting.models import Ballot, BallotChoice, Participation, Poll, PollOption
from maeul.voting.selectors import poll_tally
from tests.voting.conftest import option_ids

pytestmark = pytest.mark.django_db


def test_cast_returns_receipt_and_stores_participation_and_ballot_apart(make_poll, voter):
    poll = make_poll()
    result = services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[1]])
    assert len(result.receipt) == 14 and result.receipt.count("-") == 2
    assert Participation.objects.get(poll=poll).resident == voter
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.receipt == result.receipt
    assert ballot.cast_on == timezone.localdate()
    assert ballot.slot is None  # forbidden revote: no slot at all
    assert poll_tally(poll).options[1].votes == 1
    entry = AuditEntry.objects.filter(kind="voting.ballot_cast").get()
    assert entry.actor_id is None and result.receipt not in entry.payload
    assert audit_verify().ok


def test_second_ballot_is_refused_with_clear_message(make_poll, voter):
    poll = make_poll()
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    with pytest.raises(AlreadyVoted) as info:
        services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[1]])
    assert info.value.status == 409
    assert "one ballot" in info.value.message or "이미" in info.value.message
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_idempotent_retry_returns_same_receipt(make_poll, voter):
    poll = make_poll()
    first = services.ballot_cast(
        voter=voter, poll=poll, choices=[option_ids(poll)[0]], idempotency_key="k-1"
    )
    again = services.ballot_cast(
        voter=voter, poll=poll, choices=[option_ids(poll)[0]], idempotency_key="k-1"
    )
    assert again.receipt == first.receipt and again.replayed
    # Same key, different choices: the cached result of the first request (documented).
    other = services.ballot_cast(
        voter=voter, poll=poll, choices=[option_ids(poll)[2]], idempotency_key="k-1"
    )
    assert other.receipt == first.receipt
    with pytest.raises(AlreadyVoted):
        services.ballot_cast(
            voter=voter, poll=poll, choices=[option_ids(poll)[0]], idempotency_key="k-2"
        )
    assert Ballot.objects.filter(poll=poll).count() == 1


@pytest.mark.parametrize(
    ("kind", "max_choices", "choices", "ok"),
    [
        ("single", 1, [0], True),
        ("single", 1, [0, 1], False),
        ("single", 1, [], False),
        ("multiple", 2, [0, 1], True),
        ("multiple", 2, [0, 1, 2], False),
        ("approval", 1, [0, 1, 2], True),
        ("ranking", 1, [2, 0, 1], True),
        ("single", 1, [0, 0], False),
    ],
)
def test_choice_validation(make_poll, voter, kind, max_choices, choices, ok):
    poll = make_poll(kind=kind, max_choices=max_choices)
    ids = option_ids(poll)
    picked = [ids[i] for i in choices]
    if ok:
        services.ballot_cast(voter=voter, poll=poll, choices=picked)
    else:
        with pytest.raises(InvalidChoices) as info:
            services.ballot_cast(voter=voter, poll=poll, choices=picked)
        assert info.value.status == 422
        assert not Participation.objects.filter(poll=poll).exists()


def test_unknown_option_and_garbage_are_422(make_poll, voter):
    poll = make_poll()
    for bad in ([999999], ["x"], "1", None):
        with pytest.raises(InvalidChoices):
            services.ballot_cast(voter=voter, poll=poll, choices=bad)


def test_ranking_tally_uses_points(make_poll, places, make_resident):
    poll = make_poll(kind="ranking")
    a, b, c = option_ids(poll)
    for order in ([a, b, c], [b, a], [a]):
        services.ballot_cast(voter=make_resident(places["geumcheon"]), poll=poll, choices=order)
    tally = poll_tally(poll)
    points = {o.id: o.votes for o in tally.options}
    assert points == {a: 3 + 2 + 3, b: 2 + 3, c: 1}
    assert tally.winners == [a]
    assert BallotChoice.objects.filter(poll=poll, option_id=a, rank=1).count() == 2


@pytest.mark.parametrize("policy", ["forbidden", "last_counts"])
@pytest.mark.parametrize("secrecy", ["secret", "public"])
def test_revote_policies(make_poll, voter, policy, secrecy):
    poll = make_poll(revote=policy, secrecy=secrecy)
    a, b, _c = option_ids(poll)
    first = services.ballot_cast(voter=voter, poll=poll, choices=[a])
    if policy == "forbidden":
        with pytest.raises(AlreadyVoted):
            services.ballot_cast(voter=voter, poll=poll, choices=[b])
        assert [o.votes for o in poll_tally(poll).options][:2] == [1, 0]
        return
    second = services.ballot_cast(voter=voter, poll=poll, choices=[b])
    assert second.replaced and second.receipt != first.receipt
    tally = poll_tally(poll)
    assert [o.votes for o in tally.options][:2] == [0, 1]
    assert tally.ballots == 1 and tally.participants == 1
    assert Ballot.objects.get(receipt=first.receipt).voided
    participation = Participation.objects.get(poll=poll)
    assert participation.revotes == 1
    assert participation.receipt == (second.receipt if secrecy == "public" else "")


def test_eligibility_rules(make_poll, places, make_resident):
    poll = make_poll(min_age=19, verified_only=True, electorate_dongs=[places["gasan"]])
    ids = option_ids(poll)
    year = timezone.localtime(poll.opens_at).year
    cases = [
        make_resident(places["gwanak"]),  # other district
        make_resident(places["geumcheon"], places["doksan"]),  # other dong
        make_resident(places["geumcheon"], places["gasan"], birth_year=year - 18),  # too young
        make_resident(places["geumcheon"], places["gasan"], verified=False),  # not verified
    ]
    for person in cases:
        with pytest.raises(NotEligible) as info:
            services.ballot_cast(voter=person, poll=poll, choices=[ids[0]])
        assert info.value.status == 403 and info.value.message
    ok = make_resident(places["geumcheon"], places["gasan"], birth_year=year - 19)
    services.ballot_cast(voter=ok, poll=poll, choices=[ids[0]])


def test_unverified_may_vote_when_poll_allows(make_poll, places, make_resident):
    poll = make_poll(verified_only=False)
    person = make_resident(places["geumcheon"], verified=False)
    services.ballot_cast(voter=person, poll=poll, choices=[option_ids(poll)[0]])


def test_official_cannot_cast_online(make_poll, manager):
    poll = make_poll()
    with pytest.raises(PermissionDenied):
        services.ballot_cast(voter=manager, poll=poll, choices=[option_ids(poll)[0]])


def test_draft_poll_refuses_ballots(make_poll, voter):
    poll = make_poll(announce=False)
    with pytest.raises(PollNotOpen):
        services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])


# ---- rule freeze -----------------------------------------------------------------------------


RULE_CHANGES = {
    "title": "Another question",
    "kind": "approval",
    "max_choices": 2,
    "min_age": 30,
    "verified_only": False,
    "closes_at": timezone.now() + dt.timedelta(days=9),
    "secrecy": "public",
    "revote": "last_counts",
    "result_rule": "majority",
    "threshold_percent": 60,
    "quorum_percent": 20,
    "electorate_size": 1000,
    "allow_desk": True,
}


@pytest.mark.parametrize("field", sorted(RULE_CHANGES))
def test_rules_freeze_with_first_ballot(make_poll, voter, manager, field):
    poll = make_poll(**({"kind": "multiple", "max_choices": 3} if field == "max_choices" else {}))
    services.poll_update(actor=manager, poll=poll, changes={field: RULE_CHANGES[field]})
    poll.refresh_from_db()
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    poll.refresh_from_db()
    assert poll.rules_locked_at is not None
    value = RULE_CHANGES[field]
    if field in ("verified_only",):
        value = True
    elif field == "title":
        value = "Yet another"
    elif field == "electorate_size":
        value = 5
    elif field == "closes_at":
        value = value + dt.timedelta(days=1)
    elif field in ("kind", "secrecy", "revote", "result_rule", "allow_desk"):
        value = Poll._meta.get_field(field).get_default()
    elif isinstance(value, int):
        value = value + 1
    with pytest.raises(RulesLocked) as info:
        services.poll_update(actor=manager, poll=poll, changes={field: value})
    assert info.value.field == field


def test_options_and_dongs_freeze_but_description_does_not(make_poll, voter, manager, places):
    poll = make_poll()
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    with pytest.raises(RulesLocked):
        services.poll_update(actor=manager, poll=poll, options=["A", "B"])
    with pytest.raises(RulesLocked):
        services.poll_update(actor=manager, poll=poll, electorate_dongs=[places["gasan"]])
    services.poll_update(actor=manager, poll=poll, changes={"description": "More detail."})


def test_database_trigger_refuses_rule_change_behind_the_service(make_poll, voter):
    poll = make_poll()
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    with pytest.raises(IntegrityError), transaction.atomic():
        Poll.objects.filter(pk=poll.pk).update(kind="approval", max_choices=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        PollOption.objects.create(poll=poll, position=9, label="Late option")
    with pytest.raises(IntegrityError), transaction.atomic():
        PollOption.objects.filter(poll=poll).update(label="Changed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Poll.objects.filter(pk=poll.pk).update(rules_locked_at=None)
    # Non-rule columns stay writable.
    Poll.objects.filter(pk=poll.pk).update(description="ok")


# ---- channels ------------------------------------------------------------------------------


def test_channel_must_be_offered(make_poll, voter, manager):
    poll = make_poll(allow_online=False, allow_desk=True)
    with pytest.raises(ChannelNotOffered):
        services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    services.ballot_record_at_desk(
        official=manager, poll=poll, resident=voter, choices=[option_ids(poll)[0]]
    )
    participation = Participation.objects.get(poll=poll)
    assert participation.channel == "desk" and participation.recorded_by == manager
    with pytest.raises(ChannelNotOffered):
        services.paper_batch_enter(
            official=manager, poll=poll, label="x", roll=[voter], ballots=[[option_ids(poll)[0]]]
        )


@pytest.mark.parametrize("first", ["online", "desk", "paper", "assembly"])
@pytest.mark.parametrize("second", ["online", "desk", "paper", "assembly"])
def test_every_channel_against_one_ballot_rule(make_poll, voter, manager, first, second):
    poll = make_poll(allow_desk=True, allow_paper=True, allow_assembly=True)
    ids = option_ids(poll)

    def cast(channel: str, label: str) -> None:
        if channel == "online":
            services.ballot_cast(voter=voter, poll=poll, choices=[ids[0]])
        elif channel == "desk":
            services.ballot_record_at_desk(
                official=manager, poll=poll, resident=voter, choices=[ids[0]]
            )
        elif channel == "paper":
            services.paper_batch_enter(
                official=manager, poll=poll, label=label, roll=[voter], ballots=[[ids[0]]]
            )
        else:
            services.assembly_result_enter(
                chair=manager,
                poll=poll,
                name=label,
                held_on=timezone.localdate(),
                counts={ids[0]: 1},
                ballots=1,
                roll=[voter],
            )

    cast(first, "first")
    with pytest.raises(AlreadyVoted) as info:
        cast(second, "second")
    assert info.value.message
    assert Participation.objects.filter(poll=poll).count() == 1
    assert poll_tally(poll).total_ballots == 1


def test_paper_after_online_takes_precedence_when_last_ballot_counts(
    make_poll, voter, manager, places, make_resident
):
    poll = make_poll(allow_paper=True, revote="last_counts")
    a, b, _c = option_ids(poll)
    online = services.ballot_cast(voter=voter, poll=poll, choices=[a])
    other = make_resident(places["geumcheon"])
    services.paper_batch_enter(
        official=manager, poll=poll, label="box 1", roll=[voter, other], ballots=[[b], [b]]
    )
    tally = poll_tally(poll)
    assert [o.votes for o in tally.options][:2] == [0, 2]
    assert tally.ballots == 2 and tally.participants == 2
    assert Ballot.objects.get(receipt=online.receipt).voided
    # After a paper ballot, nothing replaces it online.
    with pytest.raises(AlreadyVoted):
        services.ballot_cast(voter=voter, poll=poll, choices=[a])


def test_paper_batch_is_all_or_nothing(make_poll, voter, manager, places, make_resident):
    poll = make_poll(allow_paper=True)
    ids = option_ids(poll)
    services.ballot_cast(voter=voter, poll=poll, choices=[ids[0]])
    other = make_resident(places["geumcheon"])
    with pytest.raises(AlreadyVoted) as info:
        services.paper_batch_enter(
            official=manager,
            poll=poll,
            label="box",
            roll=[other, voter],
            ballots=[[ids[1]], [ids[1]]],
        )
    assert voter.username in info.value.message
    assert not Participation.objects.filter(resident=other).exists()
    with pytest.raises(ServiceError) as mismatch:
        services.paper_batch_enter(
            official=manager, poll=poll, label="box", roll=[other], ballots=[[ids[1]], [ids[1]]]
        )
    assert "2" in str(mismatch.value)


def test_assembly_totals_are_labelled_aggregates(make_poll, manager, voter, places, make_resident):
    poll = make_poll(allow_assembly=True)
    a, b, c = option_ids(poll)
    services.ballot_cast(voter=voter, poll=poll, choices=[a])
    attendee = make_resident(places["geumcheon"])
    services.assembly_result_enter(
        chair=manager,
        poll=poll,
        name="Gasan assembly",
        held_on=timezone.localdate(),
        counts={a: 3, b: 7, c: 0},
        ballots=10,
        roll=[attendee],
    )
    tally = poll_tally(poll)
    assert tally.total_ballots == 11 and tally.assembly_ballots == 10
    assert tally.participants == 1 + 1 + 9
    assert tally.assemblies[0]["name"] == "Gasan assembly"
    assert {o.id: (o.ballot_votes, o.assembly_votes) for o in tally.options}[b] == (0, 7)
    with pytest.raises(InvalidChoices):
        services.assembly_result_enter(
            chair=manager,
            poll=poll,
            name="Bad sums",
            held_on=timezone.localdate(),
            counts={a: 3},
            ballots=10,
        )


def test_result_rules(make_poll, manager, places, make_resident):
    poll = make_poll(result_rule="majority", threshold_percent=50, allow_assembly=True)
    a, b, c = option_ids(poll)
    services.assembly_result_enter(
        chair=manager,
        poll=poll,
        name="A",
        held_on=timezone.localdate(),
        counts={a: 5, b: 4, c: 1},
        ballots=10,
    )
    assert poll_tally(poll).outcome == "no_majority"
    quorum = make_poll(result_rule="quorum", quorum_percent=50, electorate_size=4)
    person = make_resident(places["geumcheon"])
    services.ballot_cast(voter=person, poll=quorum, choices=[option_ids(quorum)[0]])
    assert poll_tally(quorum).outcome == "no_quorum"
    services.ballot_cast(
        voter=make_resident(places["geumcheon"]), poll=quorum, choices=[option_ids(quorum)[0]]
    )
    tally = poll_tally(quorum)
    assert tally.outcome == "decided" and tally.turnout == "50.0"


def test_publish_and_verify(make_poll, voter, manager, time_machine):
    poll = make_poll()
    result = services.ballot_cast(
        voter=voter, poll=poll, choices=[option_ids(poll)[0]], idempotency_key="abc"
    )
    with pytest.raises(Conflict):
        services.poll_publish(actor=manager, poll=poll)
    time_machine.move_to(poll.closes_at + dt.timedelta(seconds=1))
    published = services.poll_publish(actor=manager, poll=poll)
    assert published.result["total_ballots"] == 1
    assert services.poll_verify(published) == []
    kinds = list(AuditEntry.objects.values_list("kind", flat=True))
    assert {"voting.poll_opened", "voting.poll_closed", "voting.poll_published"} <= set(kinds)
    from maeul.voting.models import CastRequest

    assert not CastRequest.objects.filter(poll=poll).exists()
    # Tampering with the ledger is caught by the recount.
    Ballot.objects.filter(receipt=result.receipt).update(voided=True)
    assert services.poll_verify(published)


@pytest.mark.postgres
def test_sql_receipts_digest_equals_python_digest(make_poll, places, make_resident):
    from maeul.voting.selectors import counted_receipts_digest, receipts_digest

    poll = make_poll(revote="last_counts")
    for _ in range(5):
        person = make_resident(places["geumcheon"])
        services.ballot_cast(voter=person, poll=poll, choices=[option_ids(poll)[0]])
    services.ballot_cast(voter=person, poll=poll, choices=[option_ids(poll)[1]])  # one voided
    receipts = Ballot.objects.filter(poll=poll, voided=False).values_list("receipt", flat=True)
    assert counted_receipts_digest(poll) == receipts_digest(list(receipts))
    assert Ballot.objects.filter(poll=poll).count() == 6
