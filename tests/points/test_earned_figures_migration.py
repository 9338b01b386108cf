"""The migration that stores the points card's figures fills them from the ledger as it
stands: per resident the points of their earn transactions, per municipality's pool the
residents who earned and the points they earned; other movements count for nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.migrations import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("points", "0005_activity_outreach")]
AFTER = [("points", "0006_account_earned_figures")]
WHEN = dt.datetime(2020, 3, 5, 3, tzinfo=dt.UTC)


def test_figures_are_filled_from_earn_transactions(
    places: dict[str, Any], make_resident: Any, make_official: Any
) -> None:
    namgu, geumcheon, gwanak = places["namgu"], places["geumcheon"], places["gwanak"]
    first, second, corrected = (make_resident(namgu) for _ in range(3))
    elsewhere = make_resident(geumcheon)
    admin = make_official(namgu)
    old = migrate(BEFORE)
    Account = old.get_model("points", "PointsAccount")
    Transaction = old.get_model("points", "PointsTransaction")
    pools = {
        m.pk: Account.objects.create(municipality_id=m.pk, kind="pool") for m in (namgu, geumcheon)
    }
    accounts = {
        user.pk: Account.objects.create(
            municipality_id=municipality.pk, kind="resident", resident_id=user.pk
        )
        for user, municipality in (
            (first, namgu),
            (second, namgu),
            (corrected, namgu),
            (elsewhere, geumcheon),
        )
    }

    def move(user: Any, kind: str, amount: int, municipality: Any = namgu, **more: Any) -> None:
        Transaction.objects.create(
            municipality_id=municipality.pk,
            kind=kind,
            resident_id=user.pk,
            amount=amount,
            occurred_at=WHEN,
            month="2020-03",
            **more,
        )

    move(first, "earn", 2000, activity="committee_attendance")
    move(first, "earn", 500, activity="survey")
    move(second, "earn", 1000, activity="volunteering")
    move(first, "redeem", 10_000)
    move(first, "refund", 10_000)
    move(first, "expire", 300)
    move(second, "correction", 700, note="Missed session", approved_by_id=admin.pk)
    move(corrected, "correction", 400, note="Paper form", approved_by_id=admin.pk)
    # Geumcheon: its own figure; Gwanak has no pool and nothing to fill.
    move(elsewhere, "earn", 1500, municipality=geumcheon, activity="survey")

    new = migrate(AFTER)
    Account = new.get_model("points", "PointsAccount")

    def figures(pk: int) -> tuple[int, int]:
        account = Account.objects.get(pk=pk)
        return account.earners, account.earned

    assert figures(pools[namgu.pk].pk) == (2, 3500)
    assert figures(pools[geumcheon.pk].pk) == (1, 1500)
    assert [figures(accounts[u.pk].pk) for u in (first, second, corrected, elsewhere)] == [
        (0, 2500),
        (0, 1000),
        (0, 0),
        (0, 1500),
    ]
    assert not Account.objects.filter(municipality_id=gwanak.pk).exists()
    migrate_to_latest()
