"""The demo loader: Nam-gu 2020 polls published and verifiable, an open poll, idempotent."""

from __future__ import annotations

from django.test import Client

from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import audit_verify
from maeul.voting.models import Ballot, Participation, Poll
from maeul.voting.services import poll_verify


def _load() -> None:
    from maeul.accounts import demo as accounts_demo
    from maeul.places import demo as places_demo
    from maeul.voting import demo

    places_demo.load()
    accounts_demo.load()
    demo.load()


def test_demo_loads_namgu_2020_and_an_open_poll_idempotently(shared_demo: None) -> None:
    """On the shared demo; the voting loader run again over it adds nothing."""
    historical = Poll.objects.filter(code__startswith="namgu-2020-")
    assert historical.count() == 10
    assert all(p.published_at is not None for p in historical)
    channels = [set(p.channels()) for p in historical]
    assert sum("online" in c for c in channels) == 4
    assert sum("paper" in c for c in channels) == 6
    assert sum("assembly" in c for c in channels) == 2
    for poll in historical:
        assert poll_verify(poll) == [], poll.code
        assert poll.result["total_ballots"] > 0
    counts = (Ballot.objects.count(), Participation.objects.count(), AuditEntry.objects.count())
    _load()
    assert (
        Ballot.objects.count(),
        Participation.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    assert audit_verify().ok

    open_poll = Poll.objects.get(code="namgu-2026-open")
    # A visitor who signs up as a Nam-gu resident (unverified) may vote at once.
    from maeul.accounts.models import ResidentProfile, User
    from maeul.places.models import Municipality

    user = User.objects.create_user("visitor", password="a-long-demo-password")
    ResidentProfile.objects.create(
        user=user,
        birth_year=1990,
        gender="other",
        district=Municipality.objects.get(slug="gwangju-nam-gu"),
    )
    client = Client()
    client.force_login(user)
    page = client.get(f"/votes/{open_poll.pk}/")
    assert page.context["may_vote"], page.context["problem"]
    results = client.get(f"/votes/{historical.first().pk}/results/")
    assert results.status_code == 200 and b"<svg" in results.content
