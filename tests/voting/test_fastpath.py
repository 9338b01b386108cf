"""The cast as one statement on PostgreSQL (maeul/voting/fastpath.py): the same rows, the same
refusals and the same audit entry as the ORM path, in one statement; and the limit of an
"up to k choices" poll."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import audit_verify
from maeul.voting import fastpath, services
from maeul.voting.errors import AlreadyVoted, InvalidChoices, PollClosed
from maeul.voting.models import Ballot, BallotChoice, CastRequest, Participation, Poll
from maeul.voting.selectors import poll_tally
from tests.concurrency import race
from tests.voting.conftest import option_ids

pytestmark = pytest.mark.django_db


def _locked_poll(make_poll: Any, make_resident: Any, places: Any, **fields: Any) -> Any:
    """A poll whose rules are locked by a first ballot (the ORM path takes that one)."""
    poll = make_poll(**fields)
    first = make_resident(places["geumcheon"])
    services.ballot_cast(voter=first, poll=poll, choices=option_ids(poll)[:1])
    return Poll.objects.select_related("municipality").get(pk=poll.pk)


@pytest.mark.parametrize("kind", ["multiple", "ranking"])
def test_up_to_k_choices_means_at_most_k_even_for_one(make_poll, voter, kind):
    poll = make_poll(kind=kind, max_choices=1 if kind == "multiple" else 2)
    a, b, c = option_ids(poll)
    with pytest.raises(InvalidChoices, match="1" if kind == "multiple" else "2"):
        services.ballot_cast(
            voter=voter, poll=poll, choices=[a, b] if kind == "multiple" else [a, b, c]
        )
    assert not Participation.objects.filter(poll=poll).exists()
    services.ballot_cast(voter=voter, poll=poll, choices=[b] if kind == "multiple" else [c, a])
    assert poll_tally(poll).total_ballots == 1


def test_ranking_at_the_default_limit_ranks_every_option(make_poll, voter):
    poll = make_poll(kind="ranking")  # max_choices stays 1: no limit on a ranking
    services.ballot_cast(voter=voter, poll=poll, choices=option_ids(poll))
    assert BallotChoice.objects.filter(poll=poll).count() == 3


@pytest.mark.postgres
@pytest.mark.parametrize("secrecy", ["secret", "public"])
def test_cast_on_a_locked_poll_is_one_statement_with_the_same_rows(
    make_poll, make_resident, places, secrecy
):
    """With ``MAEUL_FAST_CAST=0`` the ORM path runs instead and must leave the same rows."""
    poll = _locked_poll(make_poll, make_resident, places, kind="approval", secrecy=secrecy)
    assert fastpath.applies(poll) is settings.FAST_CAST
    voter = make_resident(places["geumcheon"])
    a, _b, c = option_ids(poll)
    with CaptureQueriesContext(connection) as queries:
        result = services.ballot_cast(voter=voter, poll=poll, choices=[c, a], idempotency_key="k1")
    writes = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]]
    if settings.FAST_CAST:
        assert len(writes) == 1 and "auditlog_append(" in writes[0]
    else:
        assert len(writes) > 1 and not any("auditlog_append(" in sql for sql in writes)
    participation = Participation.objects.get(poll=poll, resident=voter)
    assert participation.channel == "online" and participation.recorded_by is None
    assert participation.receipt == (result.receipt if secrecy == "public" else "")
    ballot = Ballot.objects.get(poll=poll, receipt=result.receipt)
    assert ballot.slot is None and not ballot.voided
    assert set(BallotChoice.objects.filter(ballot=ballot).values_list("option_id", "rank")) == {
        (a, 1),
        (c, 1),
    }
    assert CastRequest.objects.filter(poll=poll, receipt=result.receipt).count() == 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.kind == "voting.ballot_cast" and entry.subject == f"voting.poll:{poll.pk}"
    assert entry.municipality_code == poll.municipality.code
    if secrecy == "secret":  # names neither the voter nor the ballot
        assert entry.actor_id is None and entry.data == {
            "poll": poll.pk,
            "channel": "online",
            "replaced": False,
        }
    else:
        assert entry.actor_id == voter.pk
        assert entry.data["resident"] == voter.pk and entry.data["receipt"] == result.receipt
    assert audit_verify().ok
    assert poll_tally(poll).total_ballots == 2


@pytest.mark.postgres
def test_the_switch_sends_every_cast_through_the_orm_path(make_poll, make_resident, places):
    """``MAEUL_FAST_CAST=0``: no one-statement cast and no cached poll, the same ballot."""
    poll = _locked_poll(make_poll, make_resident, places)
    voter = make_resident(places["geumcheon"])
    with override_settings(FAST_CAST=False):
        assert not fastpath.applies(poll)
        anonymous = AnonymousUser()
        assert fastpath.poll_for_cast(anonymous, poll.pk) is not fastpath.poll_for_cast(
            anonymous, poll.pk
        )
        with CaptureQueriesContext(connection) as queries:
            result = services.ballot_cast(voter=voter, poll=poll, choices=option_ids(poll)[:1])
    writes = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]]
    assert len(writes) > 1 and not any("auditlog_append(" in sql for sql in writes)
    assert Ballot.objects.filter(poll=poll, receipt=result.receipt).exists()
    assert audit_verify().ok


@pytest.mark.postgres
def test_refusals_and_replays_on_the_statement_path(make_poll, make_resident, places):
    poll = _locked_poll(make_poll, make_resident, places)
    voter = make_resident(places["geumcheon"])
    a, b, _c = option_ids(poll)
    first = services.ballot_cast(voter=voter, poll=poll, choices=[a], idempotency_key="same")
    again = services.ballot_cast(voter=voter, poll=poll, choices=[a], idempotency_key="same")
    assert again.replayed and again.receipt == first.receipt
    entries = AuditEntry.objects.count()
    with pytest.raises(AlreadyVoted):
        services.ballot_cast(voter=voter, poll=poll, choices=[b], idempotency_key="other")
    with pytest.raises(AlreadyVoted):
        services.ballot_cast(voter=voter, poll=poll, choices=[b])
    with pytest.raises(InvalidChoices):
        services.ballot_cast(voter=make_resident(places["geumcheon"]), poll=poll, choices=[a, b])
    assert AuditEntry.objects.count() == entries  # a refused ballot leaves no entry
    assert Ballot.objects.filter(poll=poll).count() == 2
    assert Participation.objects.filter(poll=poll).count() == 2


@pytest.mark.postgres
def test_desk_ballot_on_the_statement_path_names_the_official(
    make_poll, make_resident, places, manager
):
    poll = _locked_poll(make_poll, make_resident, places, allow_desk=True)
    resident = make_resident(places["geumcheon"])
    services.ballot_record_at_desk(
        official=manager, poll=poll, resident=resident, choices=option_ids(poll)[1:2]
    )
    participation = Participation.objects.get(poll=poll, resident=resident)
    assert participation.channel == "desk" and participation.recorded_by == manager
    assert AuditEntry.objects.order_by("-seq").first().actor_id == manager.pk


@pytest.mark.postgres
def test_cached_poll_still_closes_by_the_clock(make_poll, make_resident, places, monkeypatch):
    poll = _locked_poll(make_poll, make_resident, places)
    cached = fastpath.poll_for_cast(AnonymousUser(), poll.pk)
    again = fastpath.poll_for_cast(AnonymousUser(), poll.pk)
    assert (again is cached) is settings.FAST_CAST  # frozen: served from the cache
    from maeul.voting import clock

    monkeypatch.setattr(clock, "now", lambda: poll.closes_at)
    with pytest.raises(PollClosed):
        services.ballot_cast(
            voter=make_resident(places["geumcheon"]), poll=cached, choices=option_ids(poll)[:1]
        )


@pytest.mark.postgres
def test_polls_with_open_rules_are_not_cached(make_poll):
    poll = make_poll()
    assert poll.rules_locked_at is None
    anonymous = AnonymousUser()
    assert fastpath.poll_for_cast(anonymous, poll.pk) is not fastpath.poll_for_cast(
        anonymous, poll.pk
    )
    draft = make_poll(announce=False)
    from django.http import Http404

    with pytest.raises(Http404):
        fastpath.poll_for_cast(anonymous, draft.pk)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_statement_path_under_concurrency(make_poll, make_resident, places):
    """One resident from 30 threads: one ballot; 40 residents at once: 40 ballots; the chain
    stays linear and verifies."""
    poll = _locked_poll(make_poll, make_resident, places)
    ids = option_ids(poll)
    voter = make_resident(places["geumcheon"])
    outcomes = race(
        30, lambda i: services.ballot_cast(voter=voter, poll=poll, choices=[ids[i % 3]])
    )
    assert sum(isinstance(o, services.CastResult) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, AlreadyVoted) for o in outcomes) == 29, outcomes
    people = [make_resident(places["geumcheon"]) for _ in range(40)]
    outcomes = race(
        40, lambda i: services.ballot_cast(voter=people[i], poll=poll, choices=[ids[i % 3]])
    )
    assert all(isinstance(o, services.CastResult) for o in outcomes), outcomes
    assert Participation.objects.filter(poll=poll).count() == 42
    assert Ballot.objects.filter(poll=poll).count() == 42
    assert poll_tally(poll).total_ballots == 42
    report = audit_verify()
    assert report.ok
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert AuditEntry.objects.filter(kind="voting.ballot_cast").count() == 42


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_statement_path_same_idempotency_key_from_20_threads(make_poll, make_resident, places):
    poll = _locked_poll(make_poll, make_resident, places)
    ids = option_ids(poll)
    voter = make_resident(places["geumcheon"])
    outcomes = race(
        20,
        lambda i: services.ballot_cast(
            voter=voter, poll=poll, choices=[ids[i % 3]], idempotency_key="one-key"
        ),
    )
    results = [o for o in outcomes if isinstance(o, services.CastResult)]
    assert len(results) == 20, outcomes  # every retry gets the receipt, none is refused
    assert len({r.receipt for r in results}) == 1
    assert sum(not r.replayed for r in results) == 1
    assert Ballot.objects.filter(poll=poll).count() == 2  # the first resident's and this one
