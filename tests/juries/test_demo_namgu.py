"""Nam-gu's juries in the demo, checked against seed 000 (SPEC §3): the 5th jury, 53 members
appointed on 2018-10-18, sat in 4 subgroups through the pledge progress report meetings of
July and December 2019 and is closed with its two half-yearly reports; the 6th, 35 members
appointed on 2020-07-14 in 4 subgroups, reported twice a year and monitored sites, and is
closed now that its two-year term (to 2022-07-13) is over — not shown as sitting past it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from maeul.accounts import demo as accounts_demo
from maeul.auditlog.models import AuditEntry
from maeul.juries import demo as juries_demo
from maeul.juries.models import Draw, Jury, JuryPhase, VolunteerStatus
from maeul.places import demo as places_demo
from maeul.pledges import demo as pledges_demo

pytestmark = pytest.mark.django_db


def load() -> None:
    places_demo.load()
    accounts_demo.load()
    pledges_demo.load()
    juries_demo.load()


def jurors(jury: Jury) -> int:
    return jury.volunteers.filter(status=VolunteerStatus.JUROR).count()


def test_namgu_juries_match_the_seed_and_load_once() -> None:
    load()
    fifth = Jury.objects.get(municipality__slug="gwangju-nam-gu", name=juries_demo.NAMGU_5TH)
    sixth = Jury.objects.get(municipality__slug="gwangju-nam-gu", name=juries_demo.NAMGU_6TH)

    assert fifth.phase == JuryPhase.CLOSED
    assert jurors(fifth) == 53
    assert not Draw.objects.filter(jury=fifth).exists()  # commissioned, not drawn
    assert fifth.term_start == dt.date(2018, 10, 18) and fifth.term_months == 15
    assert fifth.term_end >= dt.date(2019, 12, 31)  # sat through the December report
    assert fifth.subgroups.count() == 4
    assert sum(g.members.count() for g in fifth.subgroups.all()) == 53
    sessions = list(fifth.sessions.values_list("held_on", flat=True))
    assert sessions[:3] == [dt.date(2018, 10, 18), dt.date(2018, 10, 23), dt.date(2019, 2, 11)]
    assert [(d.year, d.month) for d in sessions[3:]] == [(2019, 7), (2019, 12)]
    reports = list(fifth.reports.order_by("year", "half"))
    assert [(r.year, r.half) for r in reports] == [(2019, 1), (2019, 2)]
    assert [(r.presented_on.year, r.presented_on.month) for r in reports] == [(2019, 7), (2019, 12)]
    assert all(r.published_at is not None for r in reports)

    assert sixth.phase == JuryPhase.CLOSED
    assert jurors(sixth) == 35
    assert sixth.term_start == dt.date(2020, 7, 14)
    assert sixth.term_months == 24  # Nam-gu's rule: a standing body
    assert sixth.term_end == dt.date(2022, 7, 13)
    assert sixth.subgroups.count() == 4
    assert sixth.visits.filter(published_at__isnull=False).count() >= 2
    assert {v.subgroup.jury_id for v in sixth.visits.all()} == {sixth.pk}
    assert sixth.reports.filter(published_at__isnull=False).exists()
    assert {r.half for r in sixth.reports.all()} <= {1, 2}

    counts = (Jury.objects.count(), AuditEntry.objects.count())
    load()
    assert (Jury.objects.count(), AuditEntry.objects.count()) == counts

    page = Client().get(f"/juries/jury/{fifth.pk}/").content.decode()
    assert "2019년 상반기" in page and "2019년 하반기" in page and "53" in page
    api = Client().get(f"/api/juries/{fifth.pk}/reports").json()["items"]
    assert [(r["year"], r["half"]) for r in api] == [(2019, 1), (2019, 2)]
    listing = Client().get("/juries/gwangju-nam-gu/").content.decode()
    assert "제5기" in listing and "제6기" in listing
