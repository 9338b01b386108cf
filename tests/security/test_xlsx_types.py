"""Finding 5 of the security review (issue 12): XLSX cells guessed from strings.

The old writer turned every string that parsed as a number into a number: ``"0012"`` became 12,
administrative codes became numbers, and ``"nan"``/``"inf"``/``"1e400"`` became broken cells.
Every column of every exported table now declares its type (``maeul.exports.columns``), and
the writers follow the declaration: numbers only for numeric types, text for text, JSON keeps
the types.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from maeul.exports.columns import (
    BOOLEAN,
    DATE,
    DATETIME,
    DECIMAL,
    INTEGER,
    PERCENT,
    TEXT,
    UNITS,
    WON,
    Column,
    ColumnType,
    ColumnValueError,
)
from maeul.exports.registry import ExportTable, all_tables
from maeul.exports.writers import render, to_csv, to_json, to_xlsx, typed_rows

KST = dt.timezone(dt.timedelta(hours=9))
COLUMNS = (
    Column("code", TEXT, "코드", "Code"),
    Column("count", INTEGER, "수", "Count"),
    Column("amount", WON, "금액", "Amount"),
    Column("ratio", DECIMAL, "비율", "Ratio"),
    Column("rate", PERCENT, "율", "Rate"),
    Column("day", DATE, "날짜", "Day"),
    Column("at", DATETIME, "시각", "Time"),
    Column("ok", BOOLEAN, "여부", "Whether"),
)
ROW = [
    "0012",
    -5,
    1_234_000,
    "0.125",
    "84.5",
    dt.date(2021, 5, 1),
    dt.datetime(2021, 5, 1, 9, 0, tzinfo=dt.UTC),
    True,
]
LOOKS_LIKE_NUMBERS = ["0012", "1154500000", "nan", "inf", "-inf", "1e400", "1E5", "-0", "=1+1"]


def _sheet(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data)).worksheets[0]


def test_text_that_looks_like_a_number_stays_text_in_xlsx() -> None:
    sheet = _sheet(to_xlsx("t", COLUMNS[:1], [[v] for v in LOOKS_LIKE_NUMBERS]))
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == LOOKS_LIKE_NUMBERS
    assert {c.data_type for c in cells} == {"s"}


def test_each_type_is_written_as_declared() -> None:
    sheet = _sheet(to_xlsx("t", COLUMNS, [ROW, [None] * len(COLUMNS)]))
    code, count, amount, ratio, rate, day, at, ok = (c for c in sheet[2])
    assert (code.value, code.data_type) == ("0012", "s")
    assert (count.value, count.data_type) == (-5, "n")
    assert (amount.value, amount.number_format) == (1_234_000, "#,##0")
    assert (ratio.value, ratio.data_type) == (0.125, "n")
    assert (rate.value, rate.data_type) == (84.5, "n")
    assert day.value.date() == dt.date(2021, 5, 1) and day.is_date
    assert (
        at.value == dt.datetime(2021, 5, 1, 18, 0, tzinfo=KST).replace(tzinfo=None) and at.is_date
    )  # Korea time
    assert ok.value is True
    assert all(c.value is None for c in sheet[3])
    assert _cells_csv(to_csv(COLUMNS, [ROW])) == [
        "0012",
        "-5",
        "1234000",
        "0.125",
        "84.5",
        "2021-05-01",
        "2021-05-01T18:00:00+09:00",
        "true",
    ]
    record = json.loads(to_json(COLUMNS, [ROW]))[0]
    assert record == {
        "code": "0012",
        "count": -5,
        "amount": 1234000,
        "ratio": 0.125,
        "rate": 84.5,
        "day": "2021-05-01",
        "at": "2021-05-01T18:00:00+09:00",
        "ok": True,
    }
    assert '"rate": 84.5' in to_json(COLUMNS, [ROW])  # exact decimal text, not a float repr


def _cells_csv(text: str) -> list[str]:
    return text.splitlines()[1].split(",")


def test_numbers_excel_cannot_hold_are_exact_text_not_rounded_or_dropped() -> None:
    big = Column("big", DECIMAL, "큰 수", "Big")
    whole = Column("whole", INTEGER, "정수", "Whole")
    sheet = _sheet(
        to_xlsx(
            "t",
            (big, whole),
            [["1e400", 12345678901234567], ["0.1234567890123456789", 1], ["-2.5", -3]],
        )
    )
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0] == ["1" + "0" * 400, "12345678901234567"]
    assert rows[1] == ["0.1234567890123456789", 1]
    assert rows[2] == [-2.5, -3]
    assert json.loads(to_json((big,), [["1e400"]]))[0]["big"] == 10**400


@pytest.mark.parametrize(
    ("column", "value"),
    [
        (Column("n", INTEGER, "수", "n"), "12abc"),
        (Column("n", INTEGER, "수", "n"), "1.5"),
        (Column("n", INTEGER, "수", "n"), True),
        (Column("d", DECIMAL, "수", "d"), "nan"),
        (Column("d", DECIMAL, "수", "d"), "inf"),
        (Column("d", PERCENT, "수", "d"), float("nan")),
        (Column("t", DATETIME, "시각", "t"), "2021-05-01T09:00"),  # no time zone
        (Column("d", DATE, "날짜", "d"), "2021-02-30"),
        (Column("b", BOOLEAN, "여부", "b"), "yes"),
    ],
)
def test_a_value_that_does_not_fit_its_column_is_refused_by_name(
    column: Column, value: Any
) -> None:
    with pytest.raises(ColumnValueError, match=f"row 1: column '{column.name}'"):
        list(typed_rows((column,), [[value]]))


def test_untyped_columns_are_refused() -> None:
    with pytest.raises(TypeError, match="no declared type"):
        render("xlsx", "t", ["name"], [["x"]], bom=False)  # type: ignore[list-item]
    with pytest.raises(TypeError, match="declare no type"):
        ExportTable(name="t", title="t", columns=("name",), rows=lambda m: [])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Korean and English"):
        Column("x", TEXT, "", "English only")


def test_municipalities_admin_codes_stay_text(places: dict[str, Any], tmp_path: Any) -> None:
    out = tmp_path / "m.xlsx"
    call_command("export", "municipalities", "--format", "xlsx", "--output", str(out))
    sheet = load_workbook(out).worksheets[0]
    header = [c.value for c in sheet[1]]
    codes = [row[header.index("admin_code")] for row in sheet.iter_rows(min_row=2)]
    assert "1154500000" in [c.value for c in codes]
    assert {c.data_type for c in codes if c.value is not None} == {"s"}
    dictionary = load_workbook(out)["columns"]
    assert [c.value for c in dictionary[1]][:3] == ["name", "type", "unit"]


def test_poll_results_json_keeps_types(
    places: dict[str, Any], make_official: Any, make_resident: Any, time_machine: Any
) -> None:
    from django.utils import timezone

    from maeul.voting import services

    manager = make_official(places["geumcheon"], "programme_manager")
    voter = make_resident(places["geumcheon"], places["gasan"])
    now = timezone.now()
    poll = services.poll_create(
        actor=manager,
        municipality=places["geumcheon"],
        options=["0012", "=1+1"],
        code="types",
        title="1e400",
        kind="single",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(minutes=5),
    )
    poll = services.poll_announce(actor=manager, poll=poll)
    first = poll.options.order_by("position").first()
    services.ballot_cast(voter=voter, poll=poll, choices=[first.pk])
    time_machine.move_to(poll.closes_at + dt.timedelta(minutes=1))
    services.poll_publish(actor=manager, poll=poll)
    client = Client()
    client.force_login(make_official(places["geumcheon"], "reviewer"))
    records = json.loads(client.get("/exports/poll-results.json").content)
    assert [r["option"] for r in records] == ["0012", "=1+1"]
    assert {r["poll_title"] for r in records} == {"1e400"}
    assert [r["votes"] for r in records] == [1, 0]
    assert [r["share_percent"] for r in records] == [100.0, 0.0]
    assert [r["winner"] for r in records] == [True, False]
    assert records[0]["opens_at"].endswith("+09:00")
    sheet = _sheet(Client().get(f"/votes/{poll.pk}/results.xlsx").content)
    header = [c.value for c in sheet[1]]
    options = [row[header.index("option")] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in options] == [("0012", "s"), ("=1+1", "s")]
    votes = [row[header.index("votes")] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in votes] == [(1, "n"), (0, "n")]


def test_every_registered_table_declares_a_type_for_every_column_it_writes(
    shared_demo: None,
) -> None:
    """With the whole demo loaded, every registered table's rows have exactly one value per
    declared column, every value fits its column's type, and all three formats render."""
    tables = all_tables()
    assert {t.name for t in tables} >= {
        "council-composition",
        "deliberation-stats",
        "municipalities",
        "pb-history",
        "pledges",
        "points-summary",
        "poll-results",
    }
    for table in tables:
        assert table.columns, table.name
        for column in table.columns:
            assert isinstance(column, Column), (table.name, column)
            assert column.type in set(ColumnType), (table.name, column.name)
            assert column.ko.strip() and column.en.strip(), (table.name, column.name)
            assert column.unit in UNITS, (table.name, column.name)
        rows = [list(row) for row in table.rows(None)]
        assert rows, f"{table.name}: the demo has no rows to check"
        typed = list(typed_rows(table.columns, rows))  # raises naming row and column
        for column_index, column in enumerate(table.columns):
            values = {type(row[column_index]) for row in typed} - {type(None)}
            expected = {
                TEXT: {str},
                INTEGER: {int},
                WON: {int},
                DECIMAL: {Decimal},
                PERCENT: {Decimal},
                DATE: {dt.date},
                DATETIME: {dt.datetime},
                BOOLEAN: {bool},
            }[column.type]
            assert values <= expected, (table.name, column.name, values)
        for fmt in ("csv", "xlsx", "json"):
            assert render(fmt, table.name, table.columns, rows, bom=True)


def test_other_downloads_use_typed_columns() -> None:
    """The result downloads, points totals and the pledge table declare typed columns too."""
    from maeul.budgeting.exports import HISTORY_COLUMNS, RESULT_COLUMNS
    from maeul.pledges.tables import TABLE_COLUMNS
    from maeul.points.selectors import TOTALS_COLUMNS
    from maeul.voting.exports import COLUMNS as POLL_COLUMNS

    for columns in (HISTORY_COLUMNS, RESULT_COLUMNS, TABLE_COLUMNS, TOTALS_COLUMNS, POLL_COLUMNS):
        assert all(isinstance(c, Column) for c in columns)


def test_office_sheets_write_text_as_text() -> None:
    """The deliberation sheet (the city's own layout, read back by the importer) types cells
    by value: text from an uploaded sheet is never a formula or a number."""
    from maeul.governance.sheet import write_sheet

    row = [1, "금천구", '=HYPERLINK("x")', "협치회의", dt.date(2026, 1, 5), "10:00", "12:00"]
    row += [Decimal("2"), "0012", 10, 5, 5, 9, 4, 5, "-안건", "@결정", ""]
    cells = list(load_workbook(io.BytesIO(write_sheet("금천구 2026-Q1", [row]))).worksheets[0][4])
    assert (cells[2].value, cells[2].data_type) == ('=HYPERLINK("x")', "s")
    assert (cells[8].value, cells[8].data_type) == ("0012", "s")
    assert (cells[9].value, cells[9].data_type) == (10, "n")
    assert (cells[15].value, cells[15].data_type) == ("-안건", "s")
    assert cells[4].is_date


def test_column_dictionary_for_the_catalogue(places: dict[str, Any], capfdbinary: Any) -> None:
    call_command("export", "poll-results", "--columns", "--format", "json")
    entries = json.loads(capfdbinary.readouterr().out.decode("utf-8"))
    by_name = {e["name"]: e for e in entries}
    assert by_name["share_percent"] == {
        "name": "share_percent",
        "type": "percent",
        "unit": "percent",
        "unit_ko": "%",
        "unit_en": "percent",
        "description_ko": "득표율(소수 첫째 자리, 반올림)",
        "description_en": "Share of the votes (one decimal, rounded half up)",
    }
    assert by_name["opens_at"]["unit"] == "Asia/Seoul" and by_name["votes"]["type"] == "integer"
