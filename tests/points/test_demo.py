"""The demo loader reproduces the seed's figure from ledger entries, idempotently, and the
``points-summary`` export shows it: Nam-gu 2020-01..2020-10, 156 residents, 377,000 points."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.management import call_command

from maeul.accounts import demo as accounts_demo
from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import audit_verify
from maeul.exports.registry import get_table
from maeul.places import demo as places_demo
from maeul.points import demo as points_demo
from maeul.points.models import (
    LedgerEntry,
    PointsAccount,
    PointsTransaction,
    Voucher,
    VoucherRequest,
)
from maeul.points.selectors import ledger_check, totals

pytestmark = pytest.mark.django_db


def load() -> None:
    places_demo.load()
    accounts_demo.load()
    points_demo.load()


def counts() -> tuple[int, ...]:
    return (
        PointsTransaction.objects.count(),
        LedgerEntry.objects.count(),
        PointsAccount.objects.count(),
        VoucherRequest.objects.count(),
        Voucher.objects.count(),
        AuditEntry.objects.count(),
    )


def test_plan_is_exact_and_respects_caps() -> None:
    plan = points_demo.award_plan()
    assert sum(a.points for a in plan) == 377_000
    assert len({a.resident for a in plan}) == 156
    assert {a.when.year for a in plan} == {2020}
    assert {a.when.month for a in plan} <= set(range(1, 11))
    assert plan == points_demo.award_plan()  # deterministic


def test_demo_golden_figure_and_idempotent_load(capfdbinary: Any) -> None:
    load()
    first = counts()
    load()
    assert counts() == first
    assert audit_verify().ok

    call_command("export", "points-summary", "--municipality", "gwangju-nam-gu")
    rows = list(csv.reader(io.StringIO(capfdbinary.readouterr().out.decode("utf-8"))))
    assert rows[0] == ["municipality", "period", "residents", "points"]
    assert rows[1] == ["남구", "2020-01..2020-10", "156", "377000"]
    months = rows[2:]
    assert [r[1] for r in months] == [f"2020-{m:02d}" for m in range(1, 11)]
    assert sum(int(r[3]) for r in months) == 377_000
    table = get_table("points-summary")
    assert list(table.rows(None))[0] == ["남구", "2020-01..2020-10", 156, 377_000]

    namgu = PointsAccount.objects.get(
        resident__username="resident.namgu", municipality__slug="gwangju-nam-gu"
    )
    assert namgu.balance == 12_500
    assert VoucherRequest.objects.filter(status="issued").count() == 1
    assert VoucherRequest.objects.filter(status="requested").count() == 1
    result = totals(namgu.municipality, "2020-01", "2020-10")
    assert (result.residents, result.earned) == (156, 377_000)
    assert len(result.by_dong) == 16
    assert ledger_check() == []
