"""Irreversible official actions on points go through the confirmation step: the first POST
answers a page that lists the consequences in plain words and changes nothing; only the
second, with ``confirmed=1``, acts. Input the service would refuse is refused at once, so
nobody confirms what cannot happen."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maeul.auditlog.models import AuditEntry
from maeul.points import services
from maeul.points.models import AwardTable, PointsAccount, PointsTransaction, VoucherRequest

from .conftest import kst

pytestmark = pytest.mark.django_db

VOUCHERS = "/points/m/gwangju-nam-gu/vouchers/"


@pytest.fixture
def resident(namgu: dict[str, Any], make_resident: Any, award: Any) -> Any:
    person = make_resident(namgu["district"], namgu["yangnim"], username="parknamgu")
    for day in range(1, 11):
        award(person, when=kst(2020, 4, day))  # 20,000 points
    return person


@pytest.fixture
def official(namgu: dict[str, Any], make_official: Any) -> Client:
    client = Client()
    client.force_login(make_official(namgu["district"], "administrator"))
    return client


def _request(resident: Any, namgu: dict[str, Any], approve_by: Any = None) -> VoucherRequest:
    made = services.voucher_request_create(
        resident=resident, municipality=namgu["district"], units=2
    )
    if approve_by is not None:
        services.voucher_request_approve(actor=approve_by, request_id=made.pk)
    return VoucherRequest.objects.get(pk=made.pk)


def _audit_kinds() -> list[str]:
    return list(AuditEntry.objects.order_by("seq").values_list("kind", flat=True))


def _english(client: Client) -> Client:
    client.cookies["maeul_language"] = "en"
    return client


def test_issue_asks_first_and_changes_nothing_until_confirmed(
    official: Client, resident: Any, namgu: dict[str, Any], make_official: Any
) -> None:
    request = _request(resident, namgu, approve_by=make_official(namgu["district"]))
    before = _audit_kinds()
    url = f"{VOUCHERS}{request.pk}/issue/"
    fields = {f"r{request.pk}-handed_to": "본인(박남구)"}
    page = _english(official).post(url, fields)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="consequences"' in text
    assert "2 vouchers of 10,000 points each are issued to" in text
    assert "They are recorded as handed over to 본인(박남구)." in text
    assert "cannot be taken back or issued a second time" in text
    # Every posted field is carried to the confirming POST.
    assert f'name="r{request.pk}-handed_to" value="본인(박남구)"' in text
    request.refresh_from_db()
    assert request.status == "approved" and request.vouchers.count() == 0
    assert _audit_kinds() == before
    done = official.post(url, {**fields, "confirmed": "1"})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == "issued" and request.vouchers.count() == 2
    assert _audit_kinds()[-1] == "points.voucher_issued"


def test_reject_asks_first_and_returns_the_points_only_when_confirmed(
    official: Client, resident: Any, namgu: dict[str, Any]
) -> None:
    request = _request(resident, namgu)
    balance = PointsAccount.objects.get(resident=resident).balance
    url = f"{VOUCHERS}{request.pk}/reject/"
    fields = {"reason": "서류 미비"}
    text = official.post(url, fields).content.decode()  # Korean
    assert "2매 상품권 신청을 반려합니다" in text
    assert "20,000포인트는 주민의 잔액으로 돌아갑니다" in text
    assert "서류 미비" in text
    request.refresh_from_db()
    assert request.status == "requested"
    assert PointsAccount.objects.get(resident=resident).balance == balance
    official.post(url, {**fields, "confirmed": "1"})
    request.refresh_from_db()
    assert request.status == "rejected"
    assert PointsAccount.objects.get(resident=resident).balance == balance + 20_000


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"action": "reject", "reason": " "}, "Give the resident a reason."),
        ({"action": "issue", "handed_to": ""}, "Record to whom the vouchers were handed."),
        ({"action": "issue", "handed_to": "본인"}, "it cannot be issued"),  # not approved yet
    ],
)
def test_what_cannot_happen_is_refused_without_a_confirmation_page(
    fields: dict[str, str],
    message: str,
    official: Client,
    resident: Any,
    namgu: dict[str, Any],
) -> None:
    request = _request(resident, namgu)
    data: dict[str, Any] = {}
    if "reason" in fields:
        data["reason"] = fields["reason"]
    if "handed_to" in fields:
        data[f"r{request.pk}-handed_to"] = fields["handed_to"]
    url = f"{VOUCHERS}{request.pk}/{fields['action']}/"
    response = _english(official).post(url, data, follow=True)
    text = response.content.decode()
    assert 'data-testid="consequences"' not in text
    assert message in text
    request.refresh_from_db()
    assert request.status == "requested"


def test_officials_out_of_scope_get_no_confirmation_page(
    resident: Any, namgu: dict[str, Any], places: dict[str, Any], make_official: Any
) -> None:
    request = _request(resident, namgu, approve_by=make_official(namgu["district"]))
    other = Client()
    other.force_login(make_official(places["geumcheon"], "administrator"))
    url = f"{VOUCHERS}{request.pk}/issue/"
    data = {f"r{request.pk}-handed_to": "본인"}
    assert other.post(url, data).status_code == 403
    assert other.post(url, {**data, "confirmed": "1"}).status_code == 403
    # Through their own municipality's address the request is simply not there.
    own = f"/points/m/{places['geumcheon'].slug}/vouchers/{request.pk}/issue/"
    assert other.post(own, data).status_code == 404
    assert other.post(own, {**data, "confirmed": "1"}).status_code == 404
    request.refresh_from_db()
    assert request.status == "approved"


def test_correction_asks_first(official: Client, resident: Any, namgu: dict[str, Any]) -> None:
    url = "/points/m/gwangju-nam-gu/correct/"
    balance = PointsAccount.objects.get(resident=resident).balance
    fields = {"resident": "parknamgu", "points": "-1500", "reason": "중복 적립"}
    text = _english(official).post(url, fields).content.decode()
    assert "1,500 points are taken from the balance of" in text
    assert "never deleted; only another correction offsets it" in text
    assert "with the reason: 중복 적립" in text
    assert PointsTransaction.objects.filter(kind="correction").count() == 0
    assert official.post(url, {**fields, "confirmed": "1"}).status_code == 302
    assert PointsAccount.objects.get(resident=resident).balance == balance - 1500


def test_award_table_publication_asks_first(official: Client, namgu: dict[str, Any]) -> None:
    url = "/points/m/gwangju-nam-gu/table/new/"
    fields = {
        "effective_from": "2021-01-01",
        "voucher_valid_months": "6",
        "points_valid_months": "24",
        "committee_attendance__points": "3000",
        "survey__points": "500",
    }
    text = _english(official).post(url, fields).content.decode()
    assert "every award in Nam-gu follows this table (2 activities)" in text
    assert "cannot be changed or withdrawn" in text
    assert "Points expire 24 months after they are earned." in text
    assert "Vouchers are valid for 6 months." in text
    assert AwardTable.objects.filter(municipality=namgu["district"]).count() == 1
    assert official.post(url, {**fields, "confirmed": "1"}).status_code == 302
    assert AwardTable.objects.filter(municipality=namgu["district"]).count() == 2
