"""Races on PostgreSQL: two officials pressing "run the lottery" at once get one draw; a
resident's double-submitted application gives one volunteer; one report per half year, one
publication, one appointment."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import Conflict
from maeul.juries import services
from maeul.juries.models import Draw
from tests.concurrency import race

pytestmark = pytest.mark.postgres


def test_concurrent_draws_give_one_jury(transactional_db: Any, jury_factory: Any) -> None:
    jury = jury_factory(pool=40)
    results = race(3, lambda i: services.jury_draw(actor=jury.admin, jury=jury, seed=100 + i))
    draws = [r for r in results if isinstance(r, Draw)]
    assert len(draws) == 1
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, Draw))
    assert Draw.objects.filter(jury=jury).count() == 1
    assert jury.volunteers.filter(status="juror").count() == 10


def test_double_application_gives_one_volunteer(
    transactional_db: Any, jury_factory: Any, places: dict[str, Any], make_resident: Any
) -> None:
    jury = jury_factory(pool=0)
    resident = make_resident(places["geumcheon"], places["gasan"])
    results = race(
        2,
        lambda i: services.volunteer_apply(
            actor=resident, jury=jury, dong=None, phone="", contact_by="sms", consent=True
        ),
    )
    assert sum(1 for r in results if isinstance(r, Conflict)) == 1
    assert jury.volunteers.filter(user=resident).count() == 1


def test_concurrent_reports_and_publications_of_one_period(
    transactional_db: Any, standing: Any
) -> None:
    """Two organisers saving the same half year at once leave one report (the jury's lock
    orders them: the second rewrites the first's draft); two publishing it at once publish it
    once; an appointment pressed twice seats the pool once."""
    import datetime as dt

    from maeul.juries.models import HalfYearReport

    results = race(
        3,
        lambda i: services.report_save(
            actor=standing.admin,
            jury=standing,
            year=2019,
            half=1,
            title=f"보고서 {i}",
            summary="요약",
            presented_on=dt.date(2019, 7, 17),
        ),
    )
    assert all(isinstance(r, HalfYearReport) for r in results), results
    assert HalfYearReport.objects.filter(jury=standing).count() == 1
    report = HalfYearReport.objects.get(jury=standing)
    results = race(3, lambda i: services.report_publish(actor=standing.admin, report=report))
    assert sum(1 for r in results if isinstance(r, HalfYearReport)) == 1
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, HalfYearReport))
    assert AuditEntry.objects.filter(kind="juries.report_published").count() == 1


def test_concurrent_appointments_seat_the_pool_once(
    transactional_db: Any, namgu: Any, make_official: Any
) -> None:
    from tests.juries.conftest import members_csv

    admin = make_official(namgu, "administrator")
    jury = services.jury_create(
        actor=admin, municipality=namgu, name="위촉", recruitment_year=2020, panel_size=8
    )
    services.volunteers_import_csv(actor=admin, jury=jury, text=members_csv(8, 2020))
    results = race(3, lambda i: services.jury_appoint(actor=admin, jury=jury))
    assert results.count(8) == 1
    assert all(isinstance(r, Conflict) for r in results if r != 8)
    assert AuditEntry.objects.filter(kind="juries.appointed").count() == 1
    assert jury.volunteers.filter(status="juror").count() == 8
