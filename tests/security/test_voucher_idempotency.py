"""Finding 10 of the security review (issue 12): a voucher request retried with the same
``Idempotency-Key`` redeemed twice, although docs/subsystems/concurrency.md promised keys.

Promise: a key is stored under the unique constraint ``points_voucher_idempotency_key`` in the
request's own transaction; however many copies of one request arrive, and however close
together, the points are redeemed once and every copy is answered with the first request (201
once, then 200 with ``replayed``). The same key with another body answers 422
``idempotency_key_reused`` and changes nothing.
"""

# The points tests' fixtures are imported by name, so pytest finds them; their parameters then
# shadow the imports, as fixtures do.
# ruff: noqa: F811

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Sum
from django.test import Client

from maeul.points import services
from maeul.points.models import (
    LedgerEntry,
    PointsAccount,
    PointsTransaction,
    VoucherRequest,
    VoucherRequestKey,
)
from maeul.points.selectors import ledger_check
from tests.concurrency import race
from tests.points.conftest import award, kst, namgu  # noqa: F401  (fixtures)

URL = "/api/points/voucher-requests"
BODY = {"municipality": "gwangju-nam-gu", "units": 1}


def _rich_resident(namgu: dict[str, Any], make_resident: Any, award: Any, points: int) -> Any:
    resident = make_resident(namgu["district"], namgu["yangnim"])
    for day in range(1, points // 2000 + 1):
        award(resident, when=kst(2020, 2, day))  # 2,000 points each
    return resident


def _balance(resident: Any) -> int:
    return PointsAccount.objects.get(resident=resident).balance


def _post(client: Client, body: dict[str, Any], key: str | None) -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(URL, body, content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_retry_with_the_same_key_redeems_once(
    client: Client, namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    resident = _rich_resident(namgu, make_resident, award, 30_000)
    client.force_login(resident)
    first = _post(client, BODY, "phone-7f3a-0001")
    assert first.status_code == 201 and first.json()["replayed"] is False
    again = _post(client, BODY, "phone-7f3a-0001")
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["id"] == first.json()["id"]
    assert VoucherRequest.objects.filter(resident=resident).count() == 1
    assert PointsTransaction.objects.filter(resident=resident, kind="redeem").count() == 1
    assert _balance(resident) == 20_000
    # A new key is a new request.
    assert _post(client, BODY, "phone-7f3a-0002").status_code == 201
    assert _balance(resident) == 10_000
    assert ledger_check() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language,expected", [("ko", "다른 상품권 신청"), ("en", "different voucher request")]
)
def test_same_key_with_another_body_is_refused(
    client: Client,
    namgu: dict[str, Any],
    make_resident: Any,
    award: Any,
    language: str,
    expected: str,
) -> None:
    resident = _rich_resident(namgu, make_resident, award, 30_000)
    client.force_login(resident)
    client.cookies["maeul_language"] = language
    assert _post(client, BODY, "k-1").status_code == 201
    refused = _post(client, {**BODY, "units": 2}, "k-1")
    assert refused.status_code == 422
    assert refused.json()["code"] == "idempotency_key_reused"
    assert expected in refused.json()["message"]
    assert VoucherRequest.objects.filter(resident=resident).count() == 1
    assert _balance(resident) == 20_000


@pytest.mark.django_db
def test_keys_belong_to_one_resident_and_failures_are_not_remembered(
    client: Client, namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    poor = make_resident(namgu["district"])
    rich = _rich_resident(namgu, make_resident, award, 10_000)
    client.force_login(poor)
    failed = _post(client, BODY, "shared-key")
    assert failed.status_code == 422 and failed.json()["code"] == "insufficient_points"
    assert not VoucherRequestKey.objects.exists()  # rolled back with the refusal
    other = Client()
    other.force_login(rich)
    assert _post(other, BODY, "shared-key").status_code == 201  # another resident's key
    for day in range(1, 6):
        award(poor, when=kst(2020, 3, day))
    assert _post(client, BODY, "shared-key").status_code == 201  # retry after the refusal
    assert VoucherRequest.objects.count() == 2


@pytest.mark.django_db
def test_without_a_key_each_request_counts(
    client: Client, namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    resident = _rich_resident(namgu, make_resident, award, 20_000)
    client.force_login(resident)
    assert _post(client, BODY, None).status_code == 201
    assert _post(client, BODY, None).status_code == 201
    assert _balance(resident) == 0
    too_long = _post(client, BODY, "x" * 201)
    assert too_long.status_code in (400, 422) and too_long.json()["field"] == "idempotency_key"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_copies_redeem_once(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    resident = _rich_resident(namgu, make_resident, award, 50_000)
    results = race(
        20,
        lambda i: services.voucher_request_submit(
            resident=resident,
            municipality=namgu["district"],
            units=1,
            idempotency_key="retry-storm",
        ),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    assert len({r.request.pk for r in results}) == 1
    assert sorted(r.replayed for r in results) == [False] + [True] * 19
    assert VoucherRequest.objects.filter(resident=resident).count() == 1
    assert PointsTransaction.objects.filter(resident=resident, kind="redeem").count() == 1
    account = PointsAccount.objects.get(resident=resident)
    assert account.balance == 40_000
    assert LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] == 40_000
    assert ledger_check() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_http_retries_redeem_once(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    resident = _rich_resident(namgu, make_resident, award, 50_000)
    clients = []
    for _ in range(20):
        c = Client()
        c.force_login(resident)
        clients.append(c)
    responses = race(20, lambda i: _post(clients[i], BODY, "http-retry-storm"))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 19 + [201], statuses
    assert len({r.json()["id"] for r in responses}) == 1
    assert VoucherRequest.objects.filter(resident=resident).count() == 1
    assert _balance(resident) == 40_000
    assert ledger_check() == []
