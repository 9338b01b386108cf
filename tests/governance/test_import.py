"""The quarterly sheet: a good file imports; a file with errors imports nothing and lists every
error by row and column; the export reads back identically (round trip)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from maeul.auditlog.models import AuditEntry
from maeul.governance import services
from maeul.governance.models import DeliberationSession, QuarterlyReport
from maeul.governance.sheet import read_rows, session_row, write_sheet
from tests.governance.helpers import row, sheet


@pytest.fixture
def manager(places: dict[str, Any], make_official: Any) -> Any:
    return make_official(places["geumcheon"], "programme_manager")


def test_good_file_imports_and_round_trips(places: dict[str, Any], manager: Any) -> None:
    content = sheet(
        row("1"),
        row("2", day=dt.date(2026, 3, 5), kind="워킹그룹", start="19:00", end="20:30", hours=1.5),
        row("3", kind="공론장", invited=(40, None, None), attended=(35, 0, 35)),
    )
    counts = services.sessions_import(actor=manager, scope=places["geumcheon"], content=content)
    assert counts == {"금천구 2026-Q1": 3}
    report = QuarterlyReport.objects.get()
    assert (report.year, report.quarter, report.status) == (2026, 1, "draft")
    sessions = list(DeliberationSession.objects.order_by("reference"))
    assert [s.duration_minutes for s in sessions] == [120, 90, 120]
    assert sessions[2].invited_government is None and sessions[2].attended_total == 35
    assert AuditEntry.objects.filter(kind="governance.sessions_imported").count() == 1

    exported = write_sheet("금천구 2026-Q1", [session_row(s) for s in sessions])
    original, errors = read_rows(content)
    again, errors_again = read_rows(exported)
    assert errors == errors_again == []
    assert [vars(r) for r in again] == [vars(r) for r in original]

    # Importing again replaces the draft report's sessions instead of doubling them.
    services.sessions_import(actor=manager, scope=places["geumcheon"], content=exported)
    assert DeliberationSession.objects.count() == 3


def test_file_with_errors_imports_nothing_and_lists_every_error(
    places: dict[str, Any], manager: Any
) -> None:
    content = sheet(
        row("1"),
        row("2", invited=(0, 0, 0), attended=(5, 2, 3)),  # attended without invited
        row("3", attended=(None, -2, 4)),  # negative count
        row("4", start="16:00", end="15:00"),  # end before start
        row("5", kind="잡담"),  # unknown type
        row("6", district="관악구"),  # another district
        row("1"),  # duplicate number
        row("8", day="2026-02-30"),  # impossible date
        row("9", attended=(99, 8, 18)),  # total is not gov + civil
    )
    before = AuditEntry.objects.count()
    with pytest.raises(services.ImportFailed) as failure:
        services.sessions_import(actor=manager, scope=places["geumcheon"], content=content)
    found = {(e.row, e.column) for e in failure.value.errors}
    assert found == {
        (5, "초대인원(종합)"),
        (5, "초대인원(행정)"),
        (5, "초대인원(민간)"),
        (6, "참석인원(행정)"),
        (7, "종료시각"),
        (8, "유형"),
        (9, "자치구"),
        (10, "연번"),
        (11, "일자"),
        (12, "참석인원(종합)"),
    }
    negative = next(e for e in failure.value.errors if e.row == 6)
    assert negative.letter == "N" and "6" in str(negative) and "N" in str(negative)
    assert DeliberationSession.objects.count() == 0
    assert QuarterlyReport.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_not_a_workbook_and_missing_columns(places: dict[str, Any], manager: Any) -> None:
    with pytest.raises(services.ImportFailed) as failure:
        services.sessions_import(actor=manager, scope=places["geumcheon"], content=b"a,b\n1,2")
    assert len(failure.value.errors) == 1
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["연번", "자치구"])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(services.ImportFailed) as failure:
        services.sessions_import(
            actor=manager, scope=places["geumcheon"], content=buffer.getvalue()
        )
    assert "숙의공론장 명칭" in {e.column for e in failure.value.errors}


def test_submitted_report_cannot_be_replaced(places: dict[str, Any], manager: Any) -> None:
    services.sessions_import(actor=manager, scope=places["geumcheon"], content=sheet(row("1")))
    report = QuarterlyReport.objects.get()
    services.report_submit(actor=manager, report=report)
    with pytest.raises(services.ImportFailed) as failure:
        services.sessions_import(actor=manager, scope=places["geumcheon"], content=sheet(row("1")))
    assert failure.value.errors[0].column == "일자"
    assert DeliberationSession.objects.count() == 1


def test_import_page_lists_errors(places: dict[str, Any], manager: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(manager)
    upload = SimpleUploadedFile("q1.xlsx", sheet(row("1", attended=(None, -1, 3))))
    response = client.post("/governance/m/seoul-geumcheon-gu/import/", {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="import-errors"' in body and "N" in body
    good = SimpleUploadedFile("q1.xlsx", sheet(row("1")))
    response = client.post("/governance/m/seoul-geumcheon-gu/import/", {"file": good})
    assert response.status_code == 302
    assert DeliberationSession.objects.count() == 1
