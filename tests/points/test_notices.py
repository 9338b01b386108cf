"""What the points programme tells residents (issue 15): points awarded, vouchers issued and
points expired, each to the resident concerned only and once per ledger row or expiry day;
the nightly expiry job (beat) through its task function. Notices are stored after the
commit, hence transactional tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from maeul.notifications.models import Notice
from maeul.points import services, tasks
from tests.points.conftest import kst

pytestmark = pytest.mark.django_db(transaction=True)


def told(kind: str) -> list[int]:
    return sorted(Notice.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_an_award_tells_its_resident_once(
    namgu: dict[str, Any], make_resident: Any, award: Any, places: dict[str, Any]
) -> None:
    resident = make_resident(namgu["district"], namgu["yangnim"])
    other = make_resident(places["geumcheon"], places["gasan"])
    first = award(resident, key="meeting:1")
    again = award(resident, key="meeting:1")  # the same event delivered twice
    assert first.created and not again.created
    notice = Notice.objects.get(kind="points.awarded")
    assert notice.recipient_id == resident.pk
    assert notice.data == {"points": 2000}
    assert notice.municipality_id == namgu["district"].pk
    refused = award(other)  # not a Nam-gu resident: no points, no notice
    assert not refused.created
    assert told("points.awarded") == [resident.pk]


def test_issued_vouchers_tell_their_resident(
    namgu: dict[str, Any], make_resident: Any, award: Any, make_official: Any
) -> None:
    resident = make_resident(namgu["district"], namgu["yangnim"])
    for day in range(1, 6):
        award(resident, when=kst(2020, 4, day))
    manager = make_official(namgu["district"], "programme_manager")
    request = services.voucher_request_create(
        resident=resident, municipality=namgu["district"], units=1
    )
    services.voucher_request_approve(actor=manager, request_id=request.pk)
    assert told("points.voucher_issued") == []
    services.voucher_request_issue(actor=manager, request_id=request.pk, handed_to="본인")
    notice = Notice.objects.get(kind="points.voucher_issued")
    assert notice.recipient_id == resident.pk
    assert notice.data["units"] == 1 and notice.data["handed_to"] == "본인"
    assert dt.date.fromisoformat(notice.data["valid_until"]) > timezone.localdate()


def test_the_nightly_expiry_job_expires_and_tells_once(
    namgu: dict[str, Any], make_resident: Any, award: Any, make_official: Any
) -> None:
    admin = make_official(namgu["district"], "administrator")
    services.points_policy_set(
        actor=admin, municipality=namgu["district"], points_valid_months=12, voucher_valid_months=6
    )
    old = make_resident(namgu["district"], namgu["yangnim"])
    recent = make_resident(namgu["district"], namgu["bongseon"])
    award(old, when=kst(2020, 3, 1))
    award(recent, when=kst(2021, 4, 1))
    assert tasks.expire_due("2021-05-01") == {namgu["district"].code: 2000}
    assert tasks.expire_due("2021-05-01") == {namgu["district"].code: 0}
    notice = Notice.objects.get(kind="points.expired")
    assert notice.recipient_id == old.pk
    assert notice.data == {"points": 2000, "cutoff": "2020-05-01"}
    assert notice.event_key == f"points.expired:{namgu['district'].pk}:2021-05-01"


def test_the_expiry_job_skips_municipalities_whose_points_never_expire(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    resident = make_resident(namgu["district"], namgu["yangnim"])
    award(resident, when=kst(2020, 3, 1))
    assert tasks.expire_due("2024-01-01") == {}
    assert told("points.expired") == []
