"""Half-yearly progress reports (submit, return with reason, resubmit, approve, evidence
checks, audit) and the Excel import/export of the pledge table (all or nothing, every error
named by row and column)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.translation import override
from openpyxl import Workbook, load_workbook

from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import audit_verify
from maeul.core.errors import Conflict, ServiceError
from maeul.pledges import services
from maeul.pledges.models import ReportState
from maeul.pledges.tables import COLUMNS, pledge_table_xlsx
from tests.conftest import PASSWORD


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_report_cycle(
    places: dict[str, Any], make_official: Any, pledge_factory: Any, media: Any
) -> None:
    m = places["geumcheon"]
    pledge = pledge_factory(m, 3)
    department = make_official(m, "auditor")  # any official of the district may report
    planning = make_official(m, "programme_manager")
    evidence = SimpleUploadedFile("result.pdf", b"%PDF-1.4 evidence", "application/pdf")
    report = services.report_submit(
        actor=department,
        pledge=pledge,
        year=2021,
        half=1,
        text="상반기 추진",
        executed_won=1000,
        files=[evidence],
    )
    assert report.evidence.get().content_type == "application/pdf"
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=department, report=report)
    with override("en"), pytest.raises(ServiceError) as caught:
        services.report_return(actor=planning, report=report, reason=" ")
    assert caught.value.field == "reason"
    services.report_return(actor=planning, report=report, reason="증빙 보완 필요")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED and report.return_reason == "증빙 보완 필요"
    again = services.report_submit(
        actor=department, pledge=pledge, year=2021, half=1, text="보완", executed_won=1200
    )
    assert again.pk == report.pk and again.state == ReportState.SUBMITTED
    with pytest.raises(Conflict):
        services.report_submit(actor=department, pledge=pledge, year=2021, half=1, text="x")
    services.report_approve(actor=planning, report=again)
    with pytest.raises(Conflict):
        services.report_approve(actor=planning, report=again)
    assert list(again.events.values_list("state", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    kinds = list(
        AuditEntry.objects.filter(kind__startswith="pledges.report").values_list("kind", flat=True)
    )
    assert kinds == [
        "pledges.report_submitted",
        "pledges.report_returned",
        "pledges.report_submitted",
        "pledges.report_approved",
    ]
    assert audit_verify().ok
    outsider = make_official(places["gwanak"], "administrator")
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=outsider, pledge=pledge, year=2021, half=2, text="x")
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/pledges/reports/{report.pk}/").status_code == 404
    assert client.post(f"/pledges/reports/{report.pk}/approve/").status_code == 404
    assert client.post(f"/pledges/reports/{report.pk}/return/").status_code == 404
    file_url = f"/pledges/evidence/{report.evidence.get().pk}/"
    assert client.get(file_url).status_code == 404
    client.force_login(planning)
    download = client.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "result.pdf" in download["Content-Disposition"]


def test_admin_sheet_pages(places: dict[str, Any], make_official: Any, pledge_factory: Any) -> None:
    from maeul.pledges.admin import IndicatorForm

    m = places["geumcheon"]
    pledge = pledge_factory(m, 1)
    other = pledge_factory(places["gwanak"], 1)
    from maeul.accounts.models import User

    client = Client()
    client.force_login(make_official(m, "administrator"))  # officials: no admin (issue 13)
    assert client.get(f"/admin/pledges/pledge/{pledge.pk}/change/").status_code == 302
    client.force_login(User.objects.create_superuser("operator", password="operator-pw-123"))
    assert client.get("/admin/pledges/pledge/").status_code == 200
    assert client.get(f"/admin/pledges/pledge/{pledge.pk}/change/").status_code == 200
    assert client.get(f"/admin/pledges/pledge/{other.pk}/change/").status_code == 200
    form = IndicatorForm(
        data={"year": "2021", "order": 0, "name": "x", "weight": 10, "achievement": "120"}
    )
    assert not form.is_valid() and "achievement" in form.errors
    form = IndicatorForm(
        data={"year": "2021", "order": 0, "name": "x", "weight": 10, "achievement": "1/3"}
    )
    assert form.is_valid()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ"),
        ("fake.pdf", b"GIF89a"),
        ("big.png", b"\x89PNG" + b"0" * (10 << 20)),
        ("empty.pdf", b""),
        ("zip.xlsx", b"PK\x03\x04 not a workbook"),  # a zip must hold a workbook (xl/)
    ],
)
def test_evidence_type_and_size_are_checked(
    places: dict[str, Any],
    make_official: Any,
    pledge_factory: Any,
    media: Any,
    name: str,
    content: bytes,
) -> None:
    pledge = pledge_factory(places["geumcheon"], 1)
    with pytest.raises(ServiceError) as caught:
        services.report_submit(
            actor=make_official(places["geumcheon"]),
            pledge=pledge,
            year=2021,
            half=1,
            text="x",
            files=[SimpleUploadedFile(name, content)],
        )
    assert caught.value.field == "evidence" and name in caught.value.message
    assert not pledge.reports.exists()


def test_report_screens(
    places: dict[str, Any], make_official: Any, pledge_factory: Any, media: Any
) -> None:
    m = places["geumcheon"]
    pledge_factory(m, 2)
    official = make_official(m, "administrator", username="planner")
    client = Client()
    client.login(username="planner", password=PASSWORD)
    response = client.post(
        f"/pledges/{m.slug}/2/report/",
        {
            "year": "2021",
            "half": "2",
            "text": "하반기",
            "executed_won": "0",
            "figures": "",
            "evidence": SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n...."),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    assert client.post(f"{url}return/", {"reason": ""}).status_code == 200
    assert client.post(f"{url}approve/").status_code == 302
    assert official.is_active
    assert (
        "승인" in client.get(url).content.decode() or "Approved" in client.get(url).content.decode()
    )


def _edited_table(municipality: Any, edit: Any) -> bytes:
    book = load_workbook(io.BytesIO(pledge_table_xlsx(municipality)))
    edit(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_excel_round_trip(places: dict[str, Any], make_official: Any, pledge_factory: Any) -> None:
    m = places["geumcheon"]
    for n in (1, 2, 3):
        pledge_factory(m, n)
    admin = make_official(m, "administrator")
    book = load_workbook(io.BytesIO(pledge_table_xlsx(m)))
    assert [c.value for c in book.active[1]] == list(COLUMNS)

    def edit(sheet: Any) -> None:
        sheet["E2"] = "완료"
        sheet["F3"] = "기획예산과"

    assert (
        services.pledge_table_import(actor=admin, municipality=m, data=_edited_table(m, edit)) == 2
    )
    pledge = m.pledges.get(number=1)
    assert pledge.status == "completed"
    assert pledge.status_changes.get().new_status == "completed"
    assert m.pledges.get(number=2).department == "기획예산과"
    assert AuditEntry.objects.filter(kind="pledges.table_imported").count() == 1


def test_excel_import_is_all_or_nothing(
    places: dict[str, Any], make_official: Any, pledge_factory: Any
) -> None:
    m = places["geumcheon"]
    for n in (1, 2):
        pledge_factory(m, n)
    admin = make_official(m, "administrator")

    def edit(sheet: Any) -> None:
        sheet["E2"] = "완료"  # valid on its own
        sheet["E3"] = "끝남"
        sheet.append([99, "", "", "없는 공약", "정상추진"])
        sheet.append(["abc", "", "", "x", "정상추진"])
        sheet.append([1, "", "", "중복", "정상추진"])
        sheet.append([2, "", "", "", "정상추진"])

    with override("en"), pytest.raises(ServiceError) as caught:
        services.pledge_table_import(actor=admin, municipality=m, data=_edited_table(m, edit))
    lines = caught.value.message.splitlines()
    assert "Row 3, column 추진상태: 끝남 is not one of" in lines[0]
    assert "Row 4, column 공약번호: there is no pledge number 99 here." in lines
    assert "Row 5, column 공약번호: abc is not a pledge number." in lines
    assert "Row 6, column 공약번호: pledge 1 also appears in row 2." in lines
    assert "Row 7, column 공약번호: pledge 2 also appears in row 3." in lines
    assert m.pledges.get(number=1).status == "on_track"  # nothing changed
    with override("en"), pytest.raises(ServiceError) as caught:
        services.pledge_table_import(actor=admin, municipality=m, data=b"not a workbook")
    assert "not an Excel workbook" in caught.value.message

    empty = Workbook()
    empty.active.append(["번호"])
    buffer = io.BytesIO()
    empty.save(buffer)
    with override("en"), pytest.raises(ServiceError) as caught:
        services.pledge_table_import(actor=admin, municipality=m, data=buffer.getvalue())
    assert "공약번호" in caught.value.message

    client = Client()
    client.force_login(admin)
    response = client.post(
        f"/pledges/{m.slug}/import/",
        {"file": SimpleUploadedFile("t.xlsx", _edited_table(m, edit))},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "there is no pledge number 99 here" in response.content.decode() or (
        "99" in response.content.decode()
    )
    with pytest.raises(PermissionDenied):
        services.pledge_table_import(
            actor=make_official(places["gwanak"], "administrator"), municipality=m, data=b""
        )


def test_public_table_download(places: dict[str, Any], pledge_factory: Any) -> None:
    pledge_factory(places["geumcheon"], 1)
    response = Client().get(f"/pledges/{places['geumcheon'].slug}/table.xlsx")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active["D2"].value == "공약 1"


def test_status_change_from_the_sheet(
    places: dict[str, Any], make_official: Any, pledge_factory: Any
) -> None:
    m = places["geumcheon"]
    pledge = pledge_factory(m, 4)
    client = Client()
    client.force_login(make_official(m, "auditor"))
    url = f"/pledges/{m.slug}/4/status/"
    assert client.post(url, {"status": "completed"}).status_code == 403
    client.force_login(make_official(m, "programme_manager"))
    assert url in client.get(f"/pledges/{m.slug}/4/").content.decode()  # the form is shown
    response = client.post(url, {"status": "on_hold", "reason": "예산 미확보"})
    assert response.status_code == 302
    pledge.refresh_from_db()
    change = pledge.status_changes.get()
    assert (pledge.status, change.old_status, change.reason) == (
        "on_hold",
        "on_track",
        "예산 미확보",
    )
    assert AuditEntry.objects.filter(kind="pledges.status_changed").count() == 1
    assert "예산 미확보" in client.get(f"/pledges/{m.slug}/4/").content.decode()
