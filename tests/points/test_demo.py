"""Golden figure from records: Nam-gu's 2020-01..2020-10 points (seed 000: 156 residents,
377,000 points) come from the participation the demo records in the programmes — the online
ballots of the 2020 mobile votes and the attendance of the 6th citizens' jury — delivered as
participation events to the points receiver, never from awards written to fit. Every award
in the window names a record that exists, the ``points-summary`` export shows the figure, and
loading twice changes nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from maeul.accounts import demo as accounts_demo
from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import audit_verify
from maeul.exports.registry import get_table
from maeul.juries import demo as juries_demo
from maeul.juries.models import Attendance
from maeul.places import demo as places_demo
from maeul.pledges import demo as pledges_demo
from maeul.points import demo as points_demo
from maeul.points.models import (
    LedgerEntry,
    PointsAccount,
    PointsTransaction,
    Voucher,
    VoucherRequest,
)
from maeul.points.selectors import ledger_check, totals
from maeul.voting import demo as voting_demo
from maeul.voting.models import Participation

pytestmark = pytest.mark.django_db


def steps() -> list[tuple[int, Callable[[Any], None]]]:
    """The demo's steps the figure needs, in the order ``maeul demo`` runs them."""
    found: list[tuple[int, Callable[[Any], None]]] = [
        (places_demo.ORDER, places_demo.load),
        (accounts_demo.ORDER, accounts_demo.load),
        (voting_demo.ORDER, voting_demo.load),
        (pledges_demo.ORDER, pledges_demo.load),
        (juries_demo.ORDER, juries_demo.load),
        *points_demo.STEPS,
    ]
    return sorted(found, key=lambda step: step[0])


def load(capture: Any) -> None:
    # Each loader's participation events are delivered on commit, as in `maeul demo`.
    for _order, step in steps():
        with capture(execute=True):
            step(None)


def counts() -> tuple[int, ...]:
    return (
        PointsTransaction.objects.count(),
        LedgerEntry.objects.count(),
        PointsAccount.objects.count(),
        VoucherRequest.objects.count(),
        Voucher.objects.count(),
        AuditEntry.objects.count(),
    )


def test_award_table_comes_before_the_programmes_and_vouchers_after() -> None:
    orders = {step.__name__: order for order, step in points_demo.STEPS}
    assert orders["award_table"] < voting_demo.ORDER < juries_demo.ORDER < orders["vouchers"]


def test_namgu_figure_from_recorded_participation(
    django_capture_on_commit_callbacks: Any, capfdbinary: Any
) -> None:
    load(django_capture_on_commit_callbacks)
    namgu = PointsAccount.objects.filter(municipality__slug="gwangju-nam-gu").first()
    assert namgu is not None
    district = namgu.municipality

    result = totals(district, "2020-01", "2020-10")
    assert (result.residents, result.earned) == (156, 377_000)

    window = PointsTransaction.objects.filter(
        municipality=district, kind="earn", month__gte="2020-01", month__lte="2020-10"
    )
    by_activity = {
        activity: (
            window.filter(activity=activity).count(),
            sum(t.amount for t in window.filter(activity=activity)),
        )
        for activity in set(window.values_list("activity", flat=True))
    }
    assert by_activity == {"mobile_vote": (279, 139_500), "jury_service": (95, 237_500)}
    # every award names a participation the programmes recorded
    for txn in window:
        kind, _sep, rest = txn.source_key.partition(":")
        first, second = (int(part) for part in rest.split(":"))
        if kind == "voting.ballot":
            assert Participation.objects.filter(
                poll_id=first, resident_id=second, channel="online", resident=txn.resident
            ).exists(), txn.source_key
        else:
            assert kind == "juries.attendance", txn.source_key
            assert Attendance.objects.filter(
                session_id=first, volunteer__user_id=second, present=True
            ).exists(), txn.source_key
            assert txn.resident_id == second
    assert not window.filter(source_key__startswith="demo:").exists()

    # resident.namgu sits on the jury only from December 2020: a balance, outside the figure
    resident = PointsAccount.objects.get(resident__username="resident.namgu", municipality=district)
    assert resident.balance == 10_000
    assert not VoucherRequest.objects.filter(resident=resident.resident).exists()
    assert VoucherRequest.objects.filter(status="issued").count() == 1
    assert VoucherRequest.objects.filter(status="requested").count() == 1
    assert ledger_check() == []
    assert audit_verify().ok

    call_command("export", "points-summary", "--municipality", "gwangju-nam-gu")
    rows = list(csv.reader(io.StringIO(capfdbinary.readouterr().out.decode("utf-8"))))
    assert rows[0] == ["municipality", "period", "residents", "points"]
    assert rows[1] == ["남구", "2020-01..2020-10", "156", "377000"]
    months_2020 = [r for r in rows if len(r[1]) == 7 and r[1].startswith("2020-")]
    assert [r[1] for r in months_2020] == ["2020-05", "2020-06", "2020-07", "2020-08", "2020-10"]
    assert sum(int(r[3]) for r in months_2020) == 377_000
    assert all(not r[1].startswith("2020-") or r[1] <= "2020-10" for r in rows)
    assert list(get_table("points-summary").rows(None))[0] == [
        "남구",
        "2020-01..2020-10",
        156,
        377_000,
    ]

    first = counts()
    load(django_capture_on_commit_callbacks)
    assert counts() == first
