"""On PostgreSQL: concurrent sign-ups never exceed a programme's capacity, and one resident
signing up from many tabs is recorded once."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.outreach import services
from maeul.outreach.models import AutonomySignup
from tests.concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_sign_ups_stop_at_capacity(
    programme: Any, places: Any, make_resident: Any
) -> None:
    residents = [make_resident(places["geumcheon"]) for _ in range(8)]
    results = race(8, lambda i: services.sign_up(user=residents[i], programme_id=programme.pk))
    signups = [r for r in results if isinstance(r, AutonomySignup)]
    assert len(signups) == 8, results
    winners = [s for s in signups if not s.waitlisted]
    assert len(winners) == programme.capacity == 2
    assert AutonomySignup.objects.filter(programme=programme, waitlisted=False).count() == 2
    assert AutonomySignup.objects.filter(programme=programme, waitlisted=True).count() == 6


def test_one_resident_from_many_tabs_signs_up_once(
    programme: Any, places: Any, make_resident: Any
) -> None:
    resident = make_resident(places["geumcheon"])
    results = race(6, lambda i: services.sign_up(user=resident, programme_id=programme.pk))
    assert sum(1 for r in results if isinstance(r, AutonomySignup)) == 1
    assert AutonomySignup.objects.filter(user=resident).count() == 1
