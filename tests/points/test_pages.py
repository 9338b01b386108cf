"""Screens and the permission matrix: resident / official of Nam-gu (by role) / official of
another municipality / anonymous, for every points action, on services' rules and over HTTP."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from maeul.accounts.permissions import has_permission
from maeul.points import services
from maeul.points.models import PointsAccount, PointsTransaction, VoucherRequest
from maeul.points.rules import PointsPermission

from .conftest import kst

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

ACTIONS = [
    PointsPermission.VIEW_TOTALS,
    PointsPermission.AWARD_MANUAL,
    PointsPermission.CORRECT,
    PointsPermission.MANAGE_AWARD_TABLE,
    PointsPermission.EXPIRE,
    PointsPermission.HANDLE_VOUCHERS,
    PointsPermission.REQUEST_VOUCHER,
]
# actor -> the actions it holds on Nam-gu
EXPECTED = {
    "anonymous": set(),
    "resident": {PointsPermission.REQUEST_VOUCHER},
    "namgu_admin": set(ACTIONS) - {PointsPermission.REQUEST_VOUCHER},
    "namgu_manager": {
        PointsPermission.VIEW_TOTALS,
        PointsPermission.AWARD_MANUAL,
        PointsPermission.HANDLE_VOUCHERS,
    },
    "namgu_auditor": {PointsPermission.VIEW_TOTALS},
    "gwangju_admin": set(ACTIONS)
    - {PointsPermission.REQUEST_VOUCHER},  # the city's scope covers Nam-gu
    "geumcheon_admin": set(),
}
PAGES = {
    "totals": PointsPermission.VIEW_TOTALS,
    "vouchers": PointsPermission.HANDLE_VOUCHERS,
    "award": PointsPermission.AWARD_MANUAL,
    "correct": PointsPermission.CORRECT,
    "table/new": PointsPermission.MANAGE_AWARD_TABLE,
    "resident": PointsPermission.VIEW_TOTALS,
}


@pytest.fixture
def actors(
    namgu: dict[str, Any], places: dict[str, Any], make_resident: Any, make_official: Any
) -> dict[str, Any]:
    from django.contrib.auth.models import AnonymousUser

    return {
        "anonymous": AnonymousUser(),
        "resident": make_resident(namgu["district"], namgu["yangnim"], username="parknamgu"),
        "namgu_admin": make_official(namgu["district"], "administrator"),
        "namgu_manager": make_official(namgu["district"], "programme_manager"),
        "namgu_auditor": make_official(namgu["district"], "auditor"),
        "gwangju_admin": make_official(places["gwangju"], "administrator"),
        "geumcheon_admin": make_official(places["geumcheon"], "administrator"),
    }


@pytest.mark.parametrize("actor", list(EXPECTED))
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(
    actors: dict[str, Any], namgu: dict[str, Any], actor: str, action: str
) -> None:
    allowed = has_permission(actors[actor], action, namgu["district"])
    assert allowed == (action in EXPECTED[actor])


def test_statement_is_only_ones_own(actors: dict[str, Any]) -> None:
    resident = actors["resident"]
    assert has_permission(resident, PointsPermission.VIEW_STATEMENT, resident)
    assert not has_permission(actors["namgu_manager"], PointsPermission.VIEW_STATEMENT, resident)
    assert not has_permission(actors["anonymous"], PointsPermission.VIEW_STATEMENT, resident)


@pytest.mark.parametrize("actor", list(EXPECTED))
@pytest.mark.parametrize("page", list(PAGES))
def test_officials_pages_by_actor(
    client: Client, actors: dict[str, Any], actor: str, page: str
) -> None:
    if actor != "anonymous":
        client.force_login(actors[actor])
    response = client.get(f"/points/m/gwangju-nam-gu/{page}/")
    if actor == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif PAGES[page] in EXPECTED[actor]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_public_award_table_page(client: Client, namgu: dict[str, Any]) -> None:
    response = client.get("/points/m/gwangju-nam-gu/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "2,000" in text and "위원회" in text
    assert client.get("/points/m/seoul-gwanak-gu/").status_code == 404
    home = client.get("/m/gwangju-nam-gu/").content.decode()
    assert "/points/m/gwangju-nam-gu/" in home


def test_statement_and_voucher_request_over_http(
    client: Client, actors: dict[str, Any], namgu: dict[str, Any], award: Any
) -> None:
    resident = actors["resident"]
    assert client.get("/points/").status_code == 302
    client.force_login(resident)
    for day in range(1, 7):
        award(resident, when=kst(2020, 4, day))
    page = client.get("/points/").content.decode()
    assert "12,000" in page and "상품권 신청" in page
    response = client.post(
        "/points/vouchers/request/", {"municipality": "gwangju-nam-gu", "units": 2}, follow=True
    )
    assert "20,000" in response.content.decode()  # "2 vouchers need 20,000 points ..."
    assert VoucherRequest.objects.count() == 0
    response = client.post(
        "/points/vouchers/request/", {"municipality": "gwangju-nam-gu", "units": 0}, follow=True
    )
    assert response.status_code == 200 and VoucherRequest.objects.count() == 0
    client.post("/points/vouchers/request/", {"municipality": "gwangju-nam-gu", "units": 1})
    request = VoucherRequest.objects.get()
    assert PointsAccount.objects.get(resident=resident).balance == 2000
    client.post(f"/points/vouchers/{request.pk}/cancel/")
    request.refresh_from_db()
    assert request.status == "cancelled"
    assert PointsAccount.objects.get(resident=resident).balance == 12_000


def test_official_approves_and_issues_over_http(
    client: Client, actors: dict[str, Any], namgu: dict[str, Any], award: Any
) -> None:
    resident = actors["resident"]
    for day in range(1, 6):
        award(resident, when=kst(2020, 4, day))
    request = services.voucher_request_create(
        resident=resident, municipality=namgu["district"], units=1
    )
    other = Client()
    other.force_login(actors["geumcheon_admin"])
    assert other.post(f"/points/m/gwangju-nam-gu/vouchers/{request.pk}/approve/").status_code == 403
    client.force_login(actors["namgu_manager"])
    url = "/points/m/gwangju-nam-gu/vouchers/"
    assert "parknamgu" in client.get(url).content.decode()
    client.post(f"{url}{request.pk}/approve/")
    response = client.post(
        f"{url}{request.pk}/issue/",
        {f"r{request.pk}-handed_to": "본인", "confirmed": "1"},
        follow=True,
    )
    request.refresh_from_db()
    assert request.status == "issued"
    assert request.vouchers.get().number in response.content.decode()
    again = client.post(
        f"{url}{request.pk}/issue/",
        {f"r{request.pk}-handed_to": "본인", "confirmed": "1"},
        follow=True,
    )
    assert request.vouchers.count() == 1 and "발급" in again.content.decode()


def test_manual_award_with_evidence(
    client: Client, actors: dict[str, Any], namgu: dict[str, Any]
) -> None:
    client.force_login(actors["namgu_manager"])
    url = "/points/m/gwangju-nam-gu/award/"
    base = {
        "token": "form-1",
        "resident": "parknamgu",
        "activity": "committee_attendance",
        "occurred_on": "2020-05-04",
        "note": "5월 주민자치회 회의 참석",
    }
    fake = SimpleUploadedFile("sheet.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(url, {**base, "evidence": fake})
    assert "does not match" in response.content.decode() or "일치하지" in response.content.decode()
    assert PointsTransaction.objects.count() == 0
    response = client.post(url, {**base, "resident": "nobody"})
    assert PointsTransaction.objects.count() == 0 and response.status_code == 200
    response = client.post(url, {**base, "note": ""})
    assert PointsTransaction.objects.count() == 0
    png = SimpleUploadedFile("sheet.png", PNG, content_type="image/png")
    assert client.post(url, {**base, "evidence": png}).status_code == 302
    png = SimpleUploadedFile("sheet.png", PNG, content_type="image/png")
    client.post(url, {**base, "evidence": png})  # the same form submitted twice
    txn = PointsTransaction.objects.get()
    assert txn.amount == 2000 and txn.recorded_by == actors["namgu_manager"] and txn.evidence
    ledger = client.get("/points/m/gwangju-nam-gu/resident/", {"resident": "parknamgu"})
    assert f"/points/evidence/{txn.pk}/" in ledger.content.decode()
    assert "5월 주민자치회 회의 참석" in ledger.content.decode()
    unknown = client.get("/points/m/gwangju-nam-gu/resident/", {"resident": "nobody"})
    assert (
        unknown.status_code == 200 and f"/points/evidence/{txn.pk}/" not in unknown.content.decode()
    )
    download = client.get(f"/points/evidence/{txn.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    other = Client()
    other.force_login(actors["geumcheon_admin"])
    assert other.get(f"/points/evidence/{txn.pk}/").status_code == 404


def test_correction_over_http_needs_a_reason(
    client: Client, actors: dict[str, Any], namgu: dict[str, Any], award: Any
) -> None:
    award(actors["resident"])
    client.force_login(actors["namgu_admin"])
    url = "/points/m/gwangju-nam-gu/correct/"
    response = client.post(url, {"resident": "parknamgu", "points": "-500", "reason": ""})
    assert response.status_code == 200 and "사유" in response.content.decode()
    assert PointsTransaction.objects.filter(kind="correction").count() == 0
    response = client.post(
        url, {"resident": "parknamgu", "points": "-500", "reason": "중복 기록", "confirmed": "1"}
    )
    assert response.status_code == 302
    assert PointsAccount.objects.get(resident=actors["resident"]).balance == 1500


def test_totals_page_and_downloads(
    client: Client, actors: dict[str, Any], namgu: dict[str, Any], award: Any
) -> None:
    award(actors["resident"], "survey", kst(2020, 2, 3))
    award(actors["resident"], when=kst(2020, 3, 3))
    client.force_login(actors["namgu_auditor"])
    url = "/points/m/gwangju-nam-gu/totals/"
    page = client.get(url).content.decode()
    assert "2020-01..2020-03" in page and "2,500" in page and "양림동" in page and "<svg" in page
    bad = client.get(url, {"month_from": "2020-13", "month_to": "2020-01"})
    assert bad.status_code == 200
    csv_text = client.get(
        url, {"month_from": "2020-03", "month_to": "2020-03", "format": "csv"}
    ).content.decode("utf-8-sig")
    assert csv_text.splitlines()[:2] == [
        "section,key,label,residents,points",
        "period,2020-03..2020-03,,1,2000",
    ]
    xlsx = client.get(url, {"month_from": "2020-01", "month_to": "2020-12", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["E2"].value == 2500


def test_statement_api(
    client: Client, actors: dict[str, Any], namgu: dict[str, Any], award: Any
) -> None:
    assert client.get("/api/points/statement").status_code == 401
    award(actors["resident"])
    client.force_login(actors["resident"])
    data = client.get("/api/points/statement").json()
    assert data["accounts"][0]["municipality"] == "2915500000"
    assert data["accounts"][0]["balance"] == 2000
    assert data["accounts"][0]["history"][0]["points"] == 2000
    assert data["accounts"][0]["history_count"] == 1
    assert (data["accounts"][0]["history_limit"], data["accounts"][0]["history_offset"]) == (200, 0)
    table = client.get("/api/points/award-tables/gwangju-nam-gu").json()
    assert table["version"] == 1 and {"activity": "survey", "points": 500} in [
        {"activity": r["activity"], "points": r["points"]} for r in table["rules"]
    ]


def test_statement_api_pages_each_accounts_history(
    client: Client, actors: dict[str, Any], namgu: dict[str, Any], award: Any
) -> None:
    """Five awards of 2,000 on five days: the window of two lines from offset 1 holds the
    second and third newest, each with the balance after it; 201 lines is refused with 422."""
    for day in range(1, 6):
        award(actors["resident"], when=kst(2020, 3, day))
    client.force_login(actors["resident"])
    everything = client.get("/api/points/statement").json()["accounts"][0]
    assert everything["history_count"] == 5 and len(everything["history"]) == 5
    assert [line["balance_after"] for line in everything["history"]] == [
        10_000,
        8_000,
        6_000,
        4_000,
        2_000,
    ]
    page = client.get("/api/points/statement", {"limit": 2, "offset": 1}).json()["accounts"][0]
    assert page["balance"] == 10_000 and page["history_count"] == 5
    assert (page["history_limit"], page["history_offset"]) == (2, 1)
    assert page["history"] == everything["history"][1:3]
    past = client.get("/api/points/statement", {"offset": 5}).json()["accounts"][0]
    assert past["history"] == [] and past["history_count"] == 5
    for bad in ({"limit": 201}, {"limit": 0}, {"offset": -1}, {"limit": "x"}):
        response = client.get("/api/points/statement", bad)
        assert response.status_code == 422, bad
        assert response.json()["code"] == "invalid"


def test_voucher_request_api_errors_and_success(
    client: Client, actors: dict[str, Any], namgu: dict[str, Any], award: Any
) -> None:
    url = "/api/points/voucher-requests"
    client.force_login(actors["resident"])
    body = {"municipality": "gwangju-nam-gu", "units": 1}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "insufficient_points"
    assert "현재 잔액은 0포인트" in response.json()["message"]
    for day in range(1, 6):
        award(actors["resident"], when=kst(2020, 4, day))
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201 and response.json()["points"] == 10_000
    nowhere = {"municipality": "nowhere", "units": 1}
    assert client.post(url, nowhere, content_type="application/json").status_code == 404
    assert "/api/points/statement" in client.get("/api/openapi.json").content.decode()


def test_admin_is_read_only_and_for_the_operator_only(
    client: Client, actors: dict[str, Any], namgu: dict[str, Any], award: Any
) -> None:
    from maeul.accounts.models import User

    txn = award(actors["resident"]).transaction
    client.force_login(User.objects.create_superuser("operator", password="operator-pw-123"))
    assert client.get("/admin/points/pointstransaction/").status_code == 200
    page = client.get(f"/admin/points/pointstransaction/{txn.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get("/admin/points/pointstransaction/add/").status_code == 403
    for official in ("namgu_auditor", "geumcheon_admin"):
        client.force_login(actors[official])
        response = client.get(f"/admin/points/pointstransaction/{txn.pk}/change/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_points_command(
    namgu: dict[str, Any], actors: dict[str, Any], award: Any, capsys: Any
) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    award(actors["resident"])
    call_command("points", "verify")
    assert "points ledger: ok" in capsys.readouterr().out
    with pytest.raises(CommandError, match="expire needs --municipality"):
        call_command("points", "expire")
    with pytest.raises(CommandError):
        call_command("points", "expire", "--municipality", "gwangju-nam-gu")  # no policy
    services.points_policy_set(
        actor=None, municipality=namgu["district"], points_valid_months=1, voucher_valid_months=12
    )
    call_command("points", "expire", "--municipality", "gwangju-nam-gu", "--as-of", "2020-06-01")
    assert "expired 2000 points of 1 residents" in capsys.readouterr().out
    PointsAccount.objects.filter(resident=actors["resident"]).update(balance=5)
    with pytest.raises(CommandError, match="ledger problems"):
        call_command("points", "verify")


def test_new_award_table_version_screen(
    client: Client, actors: dict[str, Any], namgu: dict[str, Any]
) -> None:
    url = "/points/m/gwangju-nam-gu/table/new/"
    client.force_login(actors["namgu_manager"])
    assert client.get(url).status_code == 403
    client.force_login(actors["namgu_admin"])
    page = client.get(url).content.decode()
    assert 'name="committee_attendance__points" value="2000"' in page
    data = {
        "effective_from": "2019-06-01",
        "voucher_valid_months": "6",
        "committee_attendance__points": "3000",
        "confirmed": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "2020-01-01" in response.content.decode()
    data["effective_from"] = "2021-01-01"
    data["mobile_vote__points"] = "700"
    data["mobile_vote__cap"] = "1000"  # a cap without a period
    response = client.post(url, data)
    assert response.status_code == 200 and namgu["district"].award_tables.count() == 1
    data["mobile_vote__period"] = "month"
    assert client.post(url, data).status_code == 302
    table = namgu["district"].award_tables.order_by("-version").first()
    assert table.version == 2
    assert {r.activity: r.points for r in table.rules.all()} == {
        "committee_attendance": 3000,
        "mobile_vote": 700,
    }
    assert namgu["district"].points_policy.voucher_valid_months == 6


def test_query_counts_do_not_grow_with_history(
    client: Client, actors: dict[str, Any], namgu: dict[str, Any], award: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    resident = actors["resident"]

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for day in range(1, 6):
        award(resident, when=kst(2020, 4, day))
    services.voucher_request_create(resident=resident, municipality=namgu["district"], units=1)
    client.force_login(resident)
    small = count("/points/")
    for day in range(1, 28):
        award(resident, "survey", kst(2020, 5, day))
    services.voucher_request_create(resident=resident, municipality=namgu["district"], units=1)
    assert count("/points/") == small
    client.force_login(actors["namgu_admin"])
    assert count("/points/m/gwangju-nam-gu/totals/") <= 20
    assert count("/points/m/gwangju-nam-gu/vouchers/") <= 20


def test_a_long_history_is_paged_and_balances_run_on_across_pages(
    client: Client, actors: dict[str, Any], namgu: dict[str, Any], award: Any
) -> None:
    """Issue 23: the statement used to stop silently at its last 200 lines."""
    resident = actors["resident"]
    for day in range(45):
        award(resident, when=kst(2020, 1, 1) + dt.timedelta(days=day))
    client.force_login(resident)
    param = "page_gwangju-nam-gu"
    shown = []
    for number in (1, 2, 3):
        page = client.get(f"/points/?{param}={number}")
        rows = page.context["statements"][0].lines
        shown.append([(line.points, line.balance_after) for line in rows])
    assert [len(rows) for rows in shown] == [20, 20, 5]
    assert "1–20" in client.get("/points/").content.decode()  # the pager says how many in all
    flat = [line for rows in shown for line in rows]
    assert flat[0][1] == 90_000 and flat[-1][1] == 2000  # today's balance down to the first award
    for (points, after), (_, before_it) in zip(flat, flat[1:], strict=False):
        assert before_it == after - points  # the running balance continues over page breaks
