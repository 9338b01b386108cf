"""The audit log's pages for auditors: who sees what (role x municipality), the filters, the
detail page, the export of the filtered view, pagination that says how much there is, and
"verify the chain" from the page on an intact and on a tampered chain."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import audit_head, audit_record
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _en(method: Any, url: str, data: dict[str, Any] | None = None) -> Any:
    """``method`` (a bound ``client.get``/``client.post``) with the English cookie."""
    client = method.__self__
    client.cookies["maeul_language"] = "en"
    try:
        return method(url, data or {})
    finally:
        client.cookies["maeul_language"] = "ko"


@pytest.fixture
def entries(places: dict[str, Any], make_official: Any) -> dict[str, AuditEntry]:
    """One entry per place of the tree, one platform-level entry, written by an official."""
    actor = make_official(places["geumcheon"], "administrator", username="clerk.geumcheon")
    made = {}
    for key in ("seoul", "geumcheon", "gasan", "gwanak", "namgu"):
        made[key] = audit_record(
            kind="points.voucher_issued",
            actor=actor if key in ("geumcheon", "gasan") else None,
            subject=f"points.voucherrequest:{len(made) + 1}",
            municipality=places[key],
            data={"units": 3, "first": f"{key}-0001", "handed_to": "홍길동"},
        )
    made["platform"] = audit_record(
        kind="accounts.official_created", subject="accounts.user:1", data={"roles": ["auditor"]}
    )
    return made


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def _seqs(response: Any) -> set[int]:
    return {int(n) for n in re.findall(r'href="/audit/entries/(\d+)/" aria-label', response.text)}


@pytest.fixture
def superuser(db: Any) -> Any:
    from maeul.accounts.models import User

    return User.objects.create_superuser("root", password=PASSWORD)


# ---- who sees what -----------------------------------------------------------------------

SCOPES = {
    # (municipality of the official, roles) -> the entries they read
    ("geumcheon", "auditor"): {"geumcheon", "gasan"},
    ("geumcheon", "administrator"): {"geumcheon", "gasan"},
    ("seoul", "auditor"): {"seoul", "geumcheon", "gasan", "gwanak"},
    ("gwanak", "auditor"): {"gwanak"},
    ("namgu", "administrator"): {"namgu"},
    ("gasan", "auditor"): {"gasan"},
}


@pytest.mark.parametrize(("place", "role"), sorted(SCOPES))
def test_officials_read_their_subtree_only(
    place: str,
    role: str,
    places: dict[str, Any],
    make_official: Any,
    entries: dict[str, AuditEntry],
) -> None:
    official = make_official(places[place], role)
    client = _client(official)
    visible = SCOPES[(place, role)]
    response = client.get("/audit/")
    assert response.status_code == 200
    assert _seqs(response) == {entries[k].seq for k in visible}
    for key, entry in entries.items():
        detail = client.get(f"/audit/entries/{entry.seq}/")
        assert detail.status_code == (200 if key in visible else 404), key
    exported = client.get("/audit/export.csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert {int(r["seq"]) for r in rows} == {entries[k].seq for k in visible}


@pytest.mark.parametrize("role", ["programme_manager", "reviewer"])
def test_other_roles_are_refused(
    role: str, places: dict[str, Any], make_official: Any, entries: dict[str, AuditEntry]
) -> None:
    client = _client(make_official(places["geumcheon"], role))
    for url in (
        "/audit/",
        f"/audit/entries/{entries['geumcheon'].seq}/",
        "/audit/export.csv",
        "/audit/verify/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post("/audit/verify/").status_code == 403


def test_residents_are_refused_and_visitors_sent_to_log_in(
    places: dict[str, Any], make_resident: Any, entries: dict[str, AuditEntry]
) -> None:
    resident = _client(make_resident(places["geumcheon"]))
    anonymous = _client()
    for url in ("/audit/", f"/audit/entries/{entries['geumcheon'].seq}/", "/audit/export.csv"):
        assert resident.get(url).status_code == 403, url
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert resident.post("/audit/verify/").status_code == 403
    # The head alone is public: anyone may note it to check later that nothing was removed.
    head = anonymous.get("/audit/head").json()
    assert head == {"seq": entries["platform"].seq, "hash": entries["platform"].entry_hash}


def test_platform_level_entries_are_for_superusers_only(
    superuser: Any, places: dict[str, Any], make_official: Any, entries: dict[str, AuditEntry]
) -> None:
    """An entry without a municipality belongs to no official's scope, not even the
    capital's: only the platform operator reads it."""
    root = _client(superuser)
    assert _seqs(root.get("/audit/")) == {e.seq for e in entries.values()}
    assert root.get(f"/audit/entries/{entries['platform'].seq}/").status_code == 200
    seoul = _client(make_official(places["seoul"], "administrator", "auditor"))
    assert seoul.get(f"/audit/entries/{entries['platform'].seq}/").status_code == 404


# ---- the list: readable, filtered, paginated ---------------------------------------------


def test_the_list_shows_descriptions_names_and_labels(
    places: dict[str, Any], make_official: Any, entries: dict[str, AuditEntry]
) -> None:
    client = _client(make_official(places["geumcheon"], "auditor"))
    korean = client.get("/audit/").text
    assert "상품권 발급" in korean  # the kind's description, not only its code
    assert "서울특별시 금천구" in korean  # the municipality's name, not its code
    english = _en(client.get, "/audit/").text
    assert "Vouchers issued" in english
    assert "Geumcheon-gu" in english


def test_filters_by_kind_actor_municipality_subject_and_date(
    places: dict[str, Any], make_official: Any, entries: dict[str, AuditEntry]
) -> None:
    auditor = make_official(places["seoul"], "auditor")
    other = audit_record(
        kind="budgeting.result_published",
        actor=auditor,
        subject="budgeting.resultrun:7",
        municipality=places["geumcheon"],
        data={"adopted": [1, 2], "total_cost": "1000"},
    )
    client = _client(auditor)
    seq = {k: e.seq for k, e in entries.items()}

    def seqs(**params: str) -> set[int]:
        response = client.get("/audit/", params)
        assert response.status_code == 200
        return _seqs(response)

    in_scope = {seq["seoul"], seq["geumcheon"], seq["gasan"], seq["gwanak"], other.seq}
    assert seqs() == in_scope
    assert seqs(kind="budgeting.result_published") == {other.seq}
    assert seqs(kind="points.*") == in_scope - {other.seq}
    assert seqs(actor="CLERK.geumcheon") == {seq["geumcheon"], seq["gasan"]}
    assert seqs(municipality=places["geumcheon"].code) == {
        seq["geumcheon"],
        seq["gasan"],
        other.seq,
    }
    assert seqs(municipality=places["gasan"].code) == {seq["gasan"]}
    assert seqs(subject="budgeting.resultrun:7") == {other.seq}
    assert seqs(subject="points.voucherrequest") == in_scope - {other.seq}
    today = timezone.localdate()
    assert seqs(date_from=today.isoformat(), date_to=today.isoformat()) == in_scope
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    assert seqs(date_to=yesterday) == set()
    assert seqs(date_from=(today + dt.timedelta(days=1)).isoformat()) == set()
    assert seqs(kind="points.*", municipality=places["gwanak"].code) == {seq["gwanak"]}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "The end date is before"),
        ({"kind": "points.nothing"}, "Select a valid choice"),
        ({"date_from": "yesterday"}, "Enter a valid date"),
        ({"municipality": "2915500000"}, "Select a valid choice"),  # Nam-gu: out of scope
    ],
)
def test_bad_filters_are_explained_not_widened(
    params: dict[str, str],
    message: str,
    places: dict[str, Any],
    make_official: Any,
    entries: dict[str, AuditEntry],
) -> None:
    client = _client(make_official(places["geumcheon"], "auditor"))
    response = _en(client.get, "/audit/", params)
    assert response.status_code == 200
    assert message in response.text
    assert _seqs(response) == set()
    export = _en(client.get, "/audit/export.csv", params)
    assert export.status_code == 200 and message in export.text  # the page, not a file


def test_pagination_says_how_much_there_is_and_the_export_has_every_page(
    places: dict[str, Any], make_official: Any
) -> None:
    for i in range(120):
        audit_record(
            kind="points.awarded",
            subject=f"points.pointstransaction:{i}",
            municipality=places["geumcheon"],
            data={"points": 100, "resident": i},
        )
    client = _client(make_official(places["geumcheon"], "auditor"))
    first = _en(client.get, "/audit/")
    assert "Entries 1–50 of 120 (page 1 of 3)." in first.text
    assert len(_seqs(first)) == 50
    last = _en(client.get, "/audit/", {"page": 3})
    assert "Entries 101–120 of 120 (page 3 of 3)." in last.text
    assert _seqs(last) == set(range(1, 21))
    rows = list(csv.DictReader(io.StringIO(client.get("/audit/export.csv").text.lstrip("\ufeff"))))
    assert len(rows) == 120


def test_list_queries_do_not_grow_with_the_page(places: dict[str, Any], make_official: Any) -> None:
    client = _client(make_official(places["geumcheon"], "auditor"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/audit/").status_code == 200
        return len(captured)

    audit_record(kind="points.awarded", municipality=places["geumcheon"], data={})
    few = queries()
    for _i in range(40):
        audit_record(kind="points.awarded", municipality=places["gasan"], data={})
    assert queries() == few


# ---- one entry -----------------------------------------------------------------------------


def test_the_detail_lays_out_the_data_in_full(places: dict[str, Any], make_official: Any) -> None:
    long_reason = "사유 " * 200
    entry = audit_record(
        kind="pledges.status_changed",
        subject="pledges.pledge:3",
        municipality=places["geumcheon"],
        data={
            "number": 3,
            "from": "in_progress",
            "to": "done",
            "reason": long_reason.strip(),
            "changes": {"title": ["옛 제목", "새 제목"], "budget": {"before": 10, "after": 20}},
            "rows": [],
            "roles": ["auditor", "reviewer"],
            "acknowledged": True,
        },
    )
    client = _client(make_official(places["geumcheon"], "administrator"))
    page = _en(client.get, f"/audit/entries/{entry.seq}/").text
    assert "Pledge status changed" in page
    assert "<dt>reason</dt>" in page
    assert long_reason.strip() in page  # never clipped
    assert "<dt>changes</dt>" in page and "새 제목" in page and "<dt>after</dt>" in page
    assert "<dt>warning acknowledged" in page and "<dd>yes</dd>" in page
    assert "<dd>(none)</dd>" in page
    assert "<li>Auditor</li>" in page and "<li>Reviewer</li>" in page  # labels, not codes
    assert "Pledge #3" in page or "pledge #3" in page.lower()
    assert 'data-testid="hash-ok"><span class="badge ok">' in page
    korean = client.get(f"/audit/entries/{entry.seq}/").text
    assert "공약 상태 변경" in korean and "<dt>사유 <code" in korean


def test_the_detail_of_a_tampered_entry_says_so(
    places: dict[str, Any], make_official: Any, entries: dict[str, AuditEntry]
) -> None:
    target = entries["gasan"]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE auditlog_auditentry SET payload = %s WHERE seq = %s",
            ['{"units":30}', target.seq],
        )
    client = _client(make_official(places["geumcheon"], "auditor"))
    page = _en(client.get, f"/audit/entries/{target.seq}/").text
    assert "no: this entry was changed after it was written" in page


# ---- export ----------------------------------------------------------------------------------


def test_csv_export_has_the_filtered_entries_with_descriptions_and_exact_data(
    places: dict[str, Any], make_official: Any, entries: dict[str, AuditEntry]
) -> None:
    client = _client(make_official(places["geumcheon"], "auditor"))
    response = client.get("/audit/export.csv", {"municipality": places["gasan"].code})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    gasan = entries["gasan"]
    assert int(row["seq"]) == gasan.seq
    assert row["kind"] == "points.voucher_issued"
    assert row["description"] == "상품권 발급"
    assert row["municipality"] == "서울특별시 금천구 가산동"
    assert row["actor"] == "clerk.geumcheon"
    assert row["data"] == gasan.payload
    assert row["entry_hash"] == gasan.entry_hash and row["prev_hash"] == gasan.prev_hash


def test_xlsx_export_opens_with_the_same_rows(
    places: dict[str, Any], make_official: Any, entries: dict[str, AuditEntry]
) -> None:
    from openpyxl import load_workbook

    client = _client(make_official(places["geumcheon"], "auditor"))
    response = _en(client.get, "/audit/export.xlsx", {"kind": "points.voucher_issued"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:4] == ("seq", "time", "kind", "description")
    assert {int(r[0]) for r in values[1:]} == {entries["geumcheon"].seq, entries["gasan"].seq}
    assert {r[3] for r in values[1:]} == {"Vouchers issued"}
    assert client.get("/audit/export.pdf").status_code == 404


# ---- verify the chain from the page ----------------------------------------------------------


def test_verify_on_an_intact_chain_shows_ok_and_the_head(
    places: dict[str, Any], make_official: Any, entries: dict[str, AuditEntry]
) -> None:
    client = _client(make_official(places["geumcheon"], "auditor"))
    form = _en(client.get, "/audit/verify/")
    assert form.status_code == 200 and 'data-testid="verify-result"' not in form.text
    seq, head = audit_head()
    page = _en(client.post, "/audit/verify/").text
    assert "The chain is intact" in page
    assert f"{len(entries)} entries checked" in page
    assert f'data-testid="verified-head">{head}</code>' in page
    matched = _en(client.post, "/audit/verify/", {"expect_head": head.upper()}).text
    assert "The head matches the published head hash." in matched
    korean = client.post("/audit/verify/").text
    assert "체인에 이상이 없습니다" in korean


def test_verify_on_a_tampered_chain_names_the_first_bad_entry(
    places: dict[str, Any], make_official: Any, entries: dict[str, AuditEntry]
) -> None:
    client = _client(make_official(places["geumcheon"], "auditor"))
    target = entries["gwanak"]  # outside this auditor's scope: named, not shown
    later = entries["namgu"]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE auditlog_auditentry SET actor_label = %s WHERE seq IN (%s, %s)",
            ["intruder", target.seq, later.seq],
        )
    page = _en(client.post, "/audit/verify/").text
    assert f"The chain is broken at entry {target.seq}" in page
    assert f"Entry {target.seq} was changed after it was written" in page
    assert "intruder" not in page
    assert client.get(f"/audit/entries/{target.seq}/").status_code == 404
    korean = client.post("/audit/verify/").text
    assert f"{target.seq}번 항목에서 체인이 어긋납니다" in korean


def test_verify_with_a_different_published_head_reports_truncation(
    places: dict[str, Any], make_official: Any, entries: dict[str, AuditEntry]
) -> None:
    client = _client(make_official(places["geumcheon"], "auditor"))
    published = audit_head()[1]
    AuditEntry.objects.filter(seq=entries["platform"].seq).delete()  # the last entry removed
    page = _en(client.post, "/audit/verify/", {"expect_head": published}).text
    assert "does not match the published head hash" in page
    bad = _en(client.post, "/audit/verify/", {"expect_head": "not-a-hash"}).text
    assert "A head hash is 64 characters" in bad
    assert 'data-testid="verify-result"' not in bad
