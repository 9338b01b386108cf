"""Property: whatever sequence of awards, voucher requests, decisions and corrections a
resident goes through, every balance equals its ledger entries, no balance is negative, every
transaction balances, and refused operations leave no trace."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maeul.core.errors import ServiceError
from maeul.points import services
from maeul.points.models import PointsAccount, PointsTransaction, VoucherRequest
from maeul.points.selectors import ledger_check

from .conftest import kst

pytestmark = pytest.mark.django_db

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("award"),
            st.sampled_from(["survey", "committee_attendance", "mobile_vote", "volunteering"]),
            st.integers(1, 12),
        ),
        st.tuples(st.just("request"), st.integers(-1, 3), st.just(0)),
        st.tuples(
            st.just("decide"), st.sampled_from(["approve", "reject", "cancel", "issue"]), st.just(0)
        ),
        st.tuples(st.just("correct"), st.integers(-5000, 5000), st.just(0)),
    ),
    min_size=1,
    max_size=14,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_any_sequence_keeps_the_ledger_consistent(
    namgu: dict[str, Any],
    make_resident: Any,
    make_official: Any,
    award: Any,
    operations: list[tuple[str, Any, int]],
) -> None:
    district = namgu["district"]
    resident = make_resident(district)
    admin = make_official(district, "administrator")
    for kind, value, month in operations:
        before = PointsTransaction.objects.count()
        try:
            if kind == "award":
                award(resident, value, kst(2020, month, 1 + before % 28))
            elif kind == "request":
                services.voucher_request_create(
                    resident=resident, municipality=district, units=value
                )
            elif kind == "correct":
                services.points_correct(
                    actor=admin,
                    resident=resident,
                    municipality=district,
                    points=value,
                    reason="property test",
                )
            else:
                latest = VoucherRequest.objects.filter(resident=resident).order_by("-pk").first()
                if latest is None:
                    continue
                if value == "approve":
                    services.voucher_request_approve(actor=admin, request_id=latest.pk)
                elif value == "reject":
                    services.voucher_request_reject(actor=admin, request_id=latest.pk, reason="x")
                elif value == "cancel":
                    services.voucher_request_cancel(resident=resident, request_id=latest.pk)
                else:
                    services.voucher_request_issue(
                        actor=admin, request_id=latest.pk, handed_to="본인"
                    )
        except ServiceError:
            if kind != "decide":
                assert PointsTransaction.objects.count() == before
        account = PointsAccount.objects.filter(resident=resident).first()
        assert account is None or account.balance >= 0
    assert ledger_check(district) == []
    open_points = sum(
        r.amount
        for r in VoucherRequest.objects.filter(resident=resident)
        if r.status in ("requested", "approved", "issued")
    )
    earned = sum(t.amount for t in PointsTransaction.objects.filter(resident=resident, kind="earn"))
    corrections = sum(
        e.amount
        for t in PointsTransaction.objects.filter(resident=resident, kind="correction")
        for e in t.entries.filter(account__kind="resident")
    )
    account = PointsAccount.objects.filter(resident=resident).first()
    assert (account.balance if account else 0) == earned + corrections - open_points
