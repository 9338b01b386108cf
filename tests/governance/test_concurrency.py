"""Races on PostgreSQL (SQLite serialises writers, so these are skipped there): overlapping
terms added at once are refused for all but one; concurrent imports of one quarter replace
its sessions instead of doubling them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from maeul.core.errors import ServiceError
from maeul.governance import services
from maeul.governance.models import DeliberationSession, Membership, QuarterlyReport
from tests.concurrency import race
from tests.governance.helpers import row, sheet

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_races(places: dict[str, Any], make_official: Any) -> None:
    """Both races in one test: each transactional test pays a full flush on PostgreSQL."""
    manager = make_official(places["geumcheon"], "programme_manager")
    overlapping_terms_added_concurrently(places, manager)
    concurrent_imports_of_one_quarter(places, manager)


def overlapping_terms_added_concurrently(places: dict[str, Any], manager: Any) -> None:
    body = services.body_create(
        actor=manager,
        municipality=places["geumcheon"],
        name="금천구 협치회의",
        kind="working_group",
    )

    def add(i: int) -> Any:
        draft = services.MemberDraft(
            person_name="김동시",
            sector="civil",
            gender="female",
            appointment="commissioned",
            role="member",
            term_start=dt.date(2026, 1, 1) + dt.timedelta(days=i),
        )
        return services.membership_add(actor=manager, body=body, draft=draft, acknowledge=True)

    results = race(6, add)
    added = [r for r in results if isinstance(r, Membership)]
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(added) == 1 and len(refused) == 5, results
    assert all(r.field == "term_start" for r in refused)
    assert Membership.objects.filter(person_name="김동시").count() == 1


def concurrent_imports_of_one_quarter(places: dict[str, Any], manager: Any) -> None:
    content = sheet(row("1"), row("2"), row("3"))
    results = race(
        4,
        lambda i: services.sessions_import(
            actor=manager, scope=places["geumcheon"], content=content
        ),
    )
    assert all(r == {"금천구 2026-Q1": 3} for r in results), results
    assert QuarterlyReport.objects.count() == 1
    assert DeliberationSession.objects.count() == 3
