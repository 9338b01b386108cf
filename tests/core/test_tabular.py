"""The shared table reader: an importer declares its columns and gets parsing, header
matching and located errors, from CSV (any of the encodings Korean offices save in) and from
workbooks; bad input is always a message, never an exception from the parser underneath."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.utils.translation import override
from openpyxl import Workbook

from maeul.core.errors import ServiceError
from maeul.core.tabular import (
    Boolean,
    Choice,
    Column,
    Count,
    Date,
    Integer,
    Number,
    Table,
    TableInvalid,
    TableUnreadable,
    Text,
    Time,
    column_letter,
)

TABLE = Table(
    (
        Column("name", "이름", "name", Text(max_length=5)),
        Column("count", "인원", "count", Count()),
        Column("day", "일자", "date", Date(), required=False),
        Column("start", "시작시각", "start", Time(), required=False),
        Column("kind", "유형", "kind", Choice({"회의": "meeting", "meeting": "meeting"}), False),
        Column("consent", "동의", "consent", Boolean(), required=False),
    )
)


def workbook(*rows: list[Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_csv_rows_become_typed_values() -> None:
    text = '이름,인원,일자,시작시각,유형,동의\n김민지,"1,200",2026.03.01,14:00,회의,예\n'
    result = TABLE.read_csv(text.encode("utf-8"))
    assert result.errors == []
    (row,) = result.rows
    assert row.number == 2
    assert row.values == {
        "name": "김민지",
        "count": 1200,
        "day": dt.date(2026, 3, 1),
        "start": dt.time(14, 0),
        "kind": "meeting",
        "consent": True,
    }


@pytest.mark.parametrize(
    "encoded",
    [
        "\ufeff이름,인원\n김민지,3\n".encode(),  # Excel's "CSV UTF-8" writes a BOM
        "이름,인원\n김민지,3\n".encode("cp949"),  # Korean Excel's plain "CSV"
        "이름,인원\r\n김민지,3\r\n".encode(),
    ],
)
def test_csv_encodings_korean_offices_save_in(encoded: bytes) -> None:
    result = TABLE.read(encoded, name="people.csv")
    assert [r.values for r in result.rows] == [{"name": "김민지", "count": 3}]


def test_headers_match_in_english_in_any_order_with_spacing_and_extra_columns() -> None:
    text = "Count , NAME,비고,참 고\n3,이수,anything,x\n"
    result = TABLE.read_csv(text)
    assert result.errors == [] and result.rows[0].values == {"name": "이수", "count": 3}
    assert result.letters == {"count": "A", "name": "B"}


def test_every_error_is_located_and_nothing_is_kept_from_a_bad_row() -> None:
    text = "이름,인원,일자,시작시각,유형\n너무나긴이름입니다,-1,2026-02-30,25:00,잔치\n,3,,,\n좋음,4,,,\n"
    with override("en"):
        result = TABLE.read_csv(text)
        messages = [str(e) for e in result.errors]
    assert [(e.row, e.letter, e.column) for e in result.errors] == [
        (2, "A", "이름"),
        (2, "B", "인원"),
        (2, "C", "일자"),
        (2, "D", "시작시각"),
        (2, "E", "유형"),
        (3, "A", "이름"),
    ]
    assert messages[0] == "Row 2, column A (이름): At most 5 characters."
    assert "cannot be negative" in messages[1]
    assert messages[2].endswith("2026-02-30 is not a date (YYYY-MM-DD).")
    assert messages[4].endswith("잔치 is not one of 회의.")
    assert messages[5].endswith("This cell is required.")
    assert [r.number for r in result.rows] == [4]
    with pytest.raises(TableInvalid) as caught:
        result.raise_if_errors()
    assert isinstance(caught.value, ServiceError) and len(caught.value.errors) == 6
    assert caught.value.message.count("\n") == 5


def test_messages_are_korean_by_default() -> None:
    result = TABLE.read_csv("이름,인원\n김,\n")
    assert str(result.errors[0]).startswith("2행")


def test_an_importers_own_checks_drop_the_row_and_join_the_errors_in_row_order() -> None:
    result = TABLE.read_csv("이름,인원\n가,1\n나,2\n다,x\n")
    for row in result.rows:
        if row["count"] == 1:
            row.error("count", "one is too few")
    assert [r["name"] for r in result.rows] == ["나"]
    assert [(e.row, e.message) for e in result.errors][0] == (2, "one is too few")
    assert [e.row for e in result.errors] == [2, 4]
    result.rows[0].error(None, "the whole row is wrong")
    result.all_rows[0].error("비고", "a column the table does not declare")
    with override("en"):
        shown = [str(e) for e in result.errors]
    assert shown[1:3] == [
        "Row 2, column 비고: a column the table does not declare",
        "Row 3: the whole row is wrong",
    ]
    assert result.rows == []


def test_missing_and_duplicated_columns_are_errors_on_the_header_row() -> None:
    with override("en"):
        missing = TABLE.read_csv("이름,비고\n가,x\n")
        twice = TABLE.read_csv("이름,인원,name\n가,1,나\n")
        shown = str(missing.errors[0])
    assert [(e.row, e.column, e.letter) for e in missing.errors] == [(1, "인원", "")]
    assert shown == "Row 1, column 인원: The column is missing from the header row."
    assert missing.rows == []
    assert [(e.row, e.letter) for e in twice.errors] == [(1, "C")]
    assert "columns A and C" in twice.errors[0].message
    assert twice.rows == []


def test_a_workbook_with_a_title_block_finds_its_header_by_the_anchor_column() -> None:
    table = Table(TABLE.columns[:2], header_row=None, anchor="name")
    data = workbook(
        ["명단"],
        ["2026년 1분기"],
        ["이름", "인원"],
        ["가", 3.0],  # Excel's numbers are floats
        [None, None],
        ["나", "4"],
    )
    result = table.read(data, name="명단.xlsx")
    assert result.header_row == 3
    assert [(r.number, r.values) for r in result.rows] == [
        (4, {"name": "가", "count": 3}),
        (6, {"name": "나", "count": 4}),
    ]


def test_workbook_cells_keep_their_types() -> None:
    table = Table(
        (
            Column("day", "일자", cell=Date()),
            Column("at", "시각", cell=Time()),
            Column("amount", "금액", cell=Number()),
            Column("n", "번호", cell=Integer(minimum=1, maximum=9)),
        )
    )
    data = workbook(
        ["일자", "시각", "금액", "번호"],
        [dt.datetime(2026, 3, 1, 9, 30), dt.time(9, 30), 0.1, 3],  # noqa: DTZ001 (Excel: naive)
        [dt.date(2026, 3, 2), "09:30", "1,000.5", 10],
    )
    with override("en"):
        result = table.read_workbook(data)
        message = str(result.errors[0])
    assert result.rows[0].values == {
        "day": dt.date(2026, 3, 1),
        "at": dt.time(9, 30),
        "amount": Decimal("0.1"),
        "n": 3,
    }
    assert message == "Row 3, column D (번호): 10 is more than 9."


@pytest.mark.parametrize(
    ("data", "name", "reason", "words"),
    [
        (b"", "a.csv", "empty", "empty"),
        (b"\n\n  \n", "a.csv", "empty", "empty"),
        (b"\xff\xfe\x00\x41\x00", "a.csv", "encoding", "UTF-8"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.xls", "old_excel", ".xls"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "not_workbook", "Excel workbook"),
        (b"just some text", "a.xlsx", "not_workbook", "Excel workbook"),
        ("\n이름,인원\n가,1\n".encode(), "a.csv", "no_header", "Row 1 must be the header row"),
        (b'"unterminated,1\n' + b"x" * 200_000, "a.csv", "malformed", "could not be read"),
        (b"a\x00b,c\n", "a.csv", "malformed", "not CSV"),
    ],
)
def test_unreadable_files_are_one_clear_message(
    data: bytes, name: str, reason: str, words: str
) -> None:
    with override("en"), pytest.raises(TableUnreadable) as caught:
        TABLE.read(data, name=name)
    assert caught.value.reason == reason
    assert words in caught.value.message
    assert caught.value.field == "file"


def test_a_zip_that_is_not_a_workbook_and_a_workbook_without_rows() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(TableUnreadable) as caught:
        TABLE.read(buffer.getvalue())
    assert caught.value.reason == "not_workbook"
    with pytest.raises(TableUnreadable) as caught:
        TABLE.read(workbook())
    assert caught.value.reason == "empty"


def test_a_header_row_looked_for_and_not_found() -> None:
    table = Table(TABLE.columns[:2], header_row=None, anchor="name")
    with override("en"), pytest.raises(TableUnreadable) as caught:
        table.read(workbook(["제목"], ["비고"], [1]))
    assert caught.value.reason == "no_header"
    assert "이름" in caught.value.message


def test_too_many_rows_stops_reading() -> None:
    table = Table(TABLE.columns[:2], max_rows=3)
    assert len(table.read_csv("이름,인원\n" + "가,1\n" * 3).rows) == 3
    with override("en"), pytest.raises(TableUnreadable) as caught:
        table.read_csv("이름,인원\n" + "가,1\n" * 4)
    assert caught.value.reason == "too_many_rows" and "3" in caught.value.message


def test_blank_cells_read_as_the_default_where_allowed() -> None:
    table = Table(
        (
            Column("name", "이름"),
            Column("note", "비고", required=True, blank=True, default=""),
            Column("n", "번호", cell=Integer(), required=False, blank=False),
        )
    )
    result = table.read_csv("이름,비고,번호\n가,,\n")
    assert result.rows == []
    assert [(e.column, e.message) for e in result.errors] == [("번호", "숫자를 입력해야 합니다.")]
    result = table.read_csv("이름,비고\n가,\n")
    assert result.rows[0].values == {"name": "가", "note": ""}
    assert result.present == {"name", "note"}


def test_short_rows_and_cells_beyond_the_header_are_tolerated() -> None:
    result = TABLE.read_csv("이름,인원,일자\n가,1\n나,2,2026-01-01,extra,more\n")
    assert [r.values.get("day") for r in result.rows] == [None, dt.date(2026, 1, 1)]


@pytest.mark.parametrize("value", ["abc", "12abc", "nan", "Infinity", True])
def test_numbers_that_are_not(value: Any) -> None:
    table = Table((Column("n", "번호", cell=Number()),))
    result = table.read_workbook(workbook(["번호"], [value]))
    assert result.rows == [] and len(result.errors) == 1


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_a_table_definition_with_repeated_keys_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        Table((Column("a", "가"), Column("a", "나")))
    with pytest.raises(ValueError, match="anchor"):
        Table((Column("a", "가"),), header_row=None)
