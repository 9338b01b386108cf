"""Filing a report: anonymity, the tracking code, attachments and bad input."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maeul.core.errors import ServiceError
from maeul.reports import services, tracking
from maeul.reports.models import Report, ReportAttachment

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_anonymous_report_stores_no_account_and_only_the_code_hash(
    file_report: Any, make_resident: Any, places: dict[str, Any]
) -> None:
    from maeul.auditlog.models import AuditEntry

    resident = make_resident(places["namgu"])
    report, code = file_report(user=resident, anonymous=True)
    assert code is not None and len(code) == 19
    stored = Report.objects.get(pk=report.pk)
    assert stored.reporter_id is None
    assert stored.tracking_hash == tracking.code_hash(code)
    assert code.replace("-", "") not in str(Report.objects.filter(pk=report.pk).values().get())
    entry = AuditEntry.objects.get(kind="reports.filed")
    assert entry.actor_id is None
    assert resident.username not in str(entry.data)


def test_code_finds_only_its_report_and_forgives_typing(file_report: Any) -> None:
    first, code = file_report(title="첫째")
    second, other = file_report(title="둘째")
    assert services.find_by_code(code) == first
    assert services.find_by_code(other) == second
    sloppy = code.lower().replace("-", " ").replace("0", "o")
    assert services.find_by_code(sloppy) == first
    assert services.find_by_code("ABCD-EFGH-JKMN-PQRS") is None
    assert services.find_by_code("not a code") is None


def test_account_report_has_no_code(file_report: Any, make_resident: Any, places: Any) -> None:
    resident = make_resident(places["namgu"])
    report, code = file_report(user=resident, anonymous=False)
    assert code is None
    assert report.reporter == resident
    assert report.tracking_hash is None


def test_signed_out_visitor_is_always_anonymous(file_report: Any) -> None:
    report, code = file_report(anonymous=False)
    assert code is not None and report.reporter_id is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "   "}, "text"),
        ({"title": ""}, "title"),
        ({"category": "gossip"}, "category"),
        ({"dong": "999999"}, "dong"),
        ({"dong": "x"}, "dong"),
        ({"title": "가" * 201}, "title"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    file_report: Any, data: dict[str, Any], field: str
) -> None:
    with pytest.raises(ServiceError) as caught:
        file_report(**data)
    assert caught.value.field == field
    assert Report.objects.count() == 0


def test_dong_of_another_district_is_refused(file_report: Any, places: Any) -> None:
    with pytest.raises(ServiceError):
        file_report(dong=places["gasan"].pk)


def _file_with(places: Any, *uploads: Any) -> Any:
    from django.contrib.auth.models import AnonymousUser

    return services.report_file(
        user=AnonymousUser(),
        municipality=places["namgu"],
        data={"category": "budget_waste", "title": "보도블록", "text": "멀쩡한데 교체"},
        files=list(uploads),
    )


def test_attachment_is_stored(places: Any) -> None:
    report, _code = _file_with(places, SimpleUploadedFile("사진.png", PNG, "image/png"))
    attachment = ReportAttachment.objects.get(report=report)
    assert attachment.original_name == "사진.png"
    assert attachment.size == len(PNG)


def test_disguised_attachment_is_refused_and_nothing_is_stored(places: Any) -> None:
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ServiceError) as caught:
        _file_with(places, SimpleUploadedFile("ok.png", PNG, "image/png"), fake)
    assert "invoice.pdf" in caught.value.message
    assert Report.objects.count() == 0 and ReportAttachment.objects.count() == 0


def test_oversized_attachment_is_refused(places: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 32)
    with pytest.raises(ServiceError) as caught:
        _file_with(places, SimpleUploadedFile("big.png", PNG, "image/png"))
    assert "big.png" in caught.value.message
    assert Report.objects.count() == 0


def test_too_many_attachments_are_refused(places: Any) -> None:
    files = [SimpleUploadedFile(f"{n}.png", PNG, "image/png") for n in range(6)]
    with pytest.raises(ServiceError):
        _file_with(places, *files)
    assert Report.objects.count() == 0


def test_codes_are_random_and_well_formed() -> None:
    codes = {tracking.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(tracking.normalise(c) == c.replace("-", "") for c in codes)
    assert tracking.normalise(io.StringIO().getvalue()) is None
