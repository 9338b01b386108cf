"""Importing the register from CSV or .xlsx: all rows or none, every error named by row and
column in Korean (and in English for an English reader)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from openpyxl import Workbook

from maeul.core.tabular import TableInvalid, TableUnreadable
from maeul.outsidegrants import services
from maeul.outsidegrants.models import OutsideProgramme
from tests.conftest import PASSWORD

HEADER = "연도,분야,주관기관,기관구분,사업명,마감일,지원금액(원),지방비매칭,공고주소,비고\n"
GOOD = '2021,복지,보건복지부,정부,돌봄 공모,2021-04-30,"300,000,000",예,https://example.org/a,\n'
GOOD2 = "2021,산업·중소기업,서울특별시,서울시,G밸리 공모,2021.05.10,0,아니오,,메모\n"


def _import(manager: Any, places: dict[str, Any], text: str, name: str = "r.csv") -> int:
    return services.programmes_import(
        actor=manager, municipality=places["geumcheon"], content=text.encode(), name=name
    )


def test_a_good_file_is_imported_whole(manager: Any, places: dict[str, Any]) -> None:
    assert _import(manager, places, HEADER + GOOD + GOOD2) == 2
    first, second = OutsideProgramme.objects.order_by("deadline")
    assert (first.field, first.funder_kind, first.amount_offered_won) == (
        "welfare",
        "central",
        300_000_000,
    )
    assert first.matching_required and not second.matching_required
    assert second.field == "industry" and second.note == "메모"


def test_an_xlsx_workbook_is_read(manager: Any, places: dict[str, Any]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(
        [2021, "환경", "환경부", "정부", "탄소중립 공모", "2021-06-01", 5000000, "예", "", ""]
    )
    out = io.BytesIO()
    book.save(out)
    assert (
        services.programmes_import(
            actor=manager,
            municipality=places["geumcheon"],
            content=out.getvalue(),
            name="r.xlsx",
        )
        == 1
    )
    assert OutsideProgramme.objects.get().field == "environment"


def test_bad_rows_save_nothing_and_name_each_error(manager: Any, places: dict[str, Any]) -> None:
    bad = (
        HEADER
        + GOOD
        + "2021,우주,기관,정부,x,2021-04-30,100,예,,\n"  # unknown field
        + "2021,복지,기관,정부,y,2021-02-30,-5,예,,\n"  # impossible date, negative amount
        + "2021,복지,기관,정부,z,,1.5,예,,\n"  # not whole won
        + "2021,복지,기관,정부,w,,1,예,ftp://x,\n"  # not a web address
    )
    with translation.override("ko"), pytest.raises(TableInvalid) as caught:
        _import(manager, places, bad)
    messages = [str(e) for e in caught.value.errors]
    assert any(m.startswith("3행") and "분야" in m and "우주" in m for m in messages), messages
    assert any(m.startswith("4행") and "마감일" in m for m in messages), messages
    assert any(m.startswith("4행") and "지원금액" in m for m in messages), messages
    assert any(m.startswith("5행") and "지원금액" in m for m in messages), messages
    assert any(m.startswith("6행") and "http" in m for m in messages), messages
    assert not OutsideProgramme.objects.exists()
    with translation.override("en"):
        with pytest.raises(TableInvalid) as english:
            _import(manager, places, bad)
        shown = [str(e) for e in english.value.errors]
    assert any(m.startswith("Row 3, column B") and "is not one of" in m for m in shown), shown


@pytest.mark.parametrize(
    "content",
    ["", "연도,분야\n2021,복지\n", HEADER, "\x00\x01binary"],
)
def test_unreadable_files_are_refused(manager: Any, places: dict[str, Any], content: str) -> None:
    with pytest.raises((TableUnreadable, TableInvalid, Exception)) as caught:
        _import(manager, places, content)
    assert getattr(caught.value, "message", "")
    assert not OutsideProgramme.objects.exists()


def test_the_import_page_lists_the_errors(manager: Any, places: dict[str, Any]) -> None:
    client = Client()
    client.login(username=manager.username, password=PASSWORD)
    upload = SimpleUploadedFile("r.csv", (HEADER + "2021,우주,기관,정부,x,,1,예,,\n").encode())
    answer = client.post("/outside-grants/manage/seoul-geumcheon-gu/import/", {"file": upload})
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "가져오지 않았습니다" in body or "Nothing was imported" in body
    assert "우주" in body
    assert not OutsideProgramme.objects.exists()
    ok = SimpleUploadedFile("r.csv", (HEADER + GOOD).encode())
    answer = client.post("/outside-grants/manage/seoul-geumcheon-gu/import/", {"file": ok})
    assert answer.status_code == 302
    assert OutsideProgramme.objects.count() == 1
