"""Races on PostgreSQL (SQLite serialises writers, so these are skipped there): concurrent
redemptions never overdraw, a duplicated event pays once, a request is issued once, caps hold.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count, Sum

from maeul.core.errors import ServiceError
from maeul.points import services
from maeul.points.models import LedgerEntry, PointsAccount, PointsTransaction, Voucher
from maeul.points.selectors import ledger_check, points_earned_figures
from tests.concurrency import race

from .conftest import kst

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_redemptions_never_overdraw(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    resident = make_resident(namgu["district"], namgu["yangnim"])
    for day in range(1, 26):
        award(resident, when=kst(2020, 2, day))  # 25 x 2,000 = 50,000 points
    results = race(
        20,
        lambda i: services.voucher_request_create(
            resident=resident, municipality=namgu["district"], units=1
        ),
    )
    succeeded = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(succeeded) == 5
    assert len(refused) == 15
    assert all(isinstance(r, services.InsufficientPoints) for r in refused), refused
    account = PointsAccount.objects.get(resident=resident)
    assert account.balance == 0
    assert LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] == 0
    assert ledger_check() == []


def test_same_event_delivered_concurrently_awards_once(
    namgu: dict[str, Any], make_resident: Any
) -> None:
    resident = make_resident(namgu["district"])
    results = race(
        12,
        lambda i: services.points_award_for_event(
            resident=resident,
            municipality=namgu["district"],
            activity="committee_attendance",
            source_key="governance.attendance:31:7",
            occurred_at=kst(2020, 3, 3),
        ),
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert sum(r.created for r in results) == 1
    assert {r.transaction.pk for r in results} == {PointsTransaction.objects.get().pk}
    assert PointsAccount.objects.get(resident=resident).balance == 2000
    assert ledger_check() == []


def test_concurrent_issue_of_one_request_issues_once(
    namgu: dict[str, Any], make_resident: Any, make_official: Any, award: Any
) -> None:
    resident = make_resident(namgu["district"])
    for day in range(1, 11):
        award(resident, when=kst(2020, 2, day))  # 20,000
    officials = [make_official(namgu["district"], "programme_manager") for _ in range(8)]
    request = services.voucher_request_create(
        resident=resident, municipality=namgu["district"], units=2
    )
    services.voucher_request_approve(actor=officials[0], request_id=request.pk)
    results = race(
        8,
        lambda i: services.voucher_request_issue(
            actor=officials[i], request_id=request.pk, handed_to="본인"
        ),
    )
    issued = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(issued) == 1
    assert all(isinstance(r, ServiceError) and r.status == 409 for r in refused), refused
    assert Voucher.objects.filter(request=request).count() == 2


def test_caps_hold_under_concurrent_events(namgu: dict[str, Any], make_resident: Any) -> None:
    resident = make_resident(namgu["district"])
    results = race(
        10,
        lambda i: services.points_award_for_event(
            resident=resident,
            municipality=namgu["district"],
            activity="mobile_vote",
            source_key=f"voting.ballot:{i}:{resident.pk}",
            occurred_at=kst(2020, 5, 1 + i),
        ),
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert sum(r.points for r in results) == 1000  # cap: 1,000 points a month
    assert PointsAccount.objects.get(resident=resident).balance == 1000


def test_card_figures_hold_under_concurrent_awards(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    """Twelve awards at once, all on the pool row: four residents' first awards, one to a
    resident who had already earned, and seven to one newcomer (only one of which may count
    them). The stored figures equal the count of the earn transactions."""
    district = namgu["district"]
    regular, *newcomers, repeated = [make_resident(district) for _ in range(6)]
    award(regular, activity="survey")  # 500, before the race
    receivers = [*newcomers, regular] + [repeated] * 7

    def work(i: int) -> Any:
        return services.points_award_for_event(
            resident=receivers[i],
            municipality=district,
            activity="committee_attendance",
            source_key=f"governance.attendance:{i}:{receivers[i].pk}",
            occurred_at=kst(2020, 3, 3),
        )

    results = race(len(receivers), work)
    assert not any(isinstance(r, Exception) for r in results), results
    assert all(r.created for r in results)
    expected = (6, 500 + 12 * 2000)
    earns = PointsTransaction.objects.filter(municipality=district, kind="earn")
    assert earns.aggregate(r=Count("resident", distinct=True), p=Sum("amount")) == dict(
        zip("rp", expected, strict=True)
    )
    assert points_earned_figures(district) == expected
    assert PointsAccount.objects.get(resident=repeated).earned == 7 * 2000
    assert ledger_check() == []
