"""The open-data catalogue on the demo: exactly the public tables, anonymous downloads in
every format, year cuts, the ZIP and its datapackage.json, and no personal data."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from maeul.accounts.models import User, VerifiedIdentity
from maeul.exports.registry import all_tables
from maeul.publishing.catalogue import datasets, municipality_for, public_tables

GEUMCHEON = "1154500000"
PUBLIC = {
    "autonomy-programmes",
    "contest-results",
    "council-composition",
    "courses",
    "deliberation-stats",
    "district-evaluation",
    "innovation-consulting",
    "innovation-plans",
    "innovation-project-records",
    "lawsuits",
    "jury-activity",
    "municipalities",
    "outside-programmes",
    "pb-history",
    "pledges",
    "points-issued",
    "poll-results",
    "resident-reports",
    "poll-turnout",
    "screening-reasons",
    "sns-posts",
    "survey-results",
}


def test_the_catalogue_lists_exactly_the_public_tables(shared_demo: None) -> None:
    assert {t.name for t in public_tables()} == {t.name for t in all_tables() if t.public}
    assert {t.name for t in public_tables()} == PUBLIC
    page = Client().get(f"/data/{GEUMCHEON}/")
    assert page.status_code == 200
    listed = set(re.findall(r'data-testid="dataset-([a-z-]+)"', page.content.decode()))
    assert listed == PUBLIC
    assert "points-summary" not in page.content.decode()  # registered, not public
    body = page.content.decode()
    assert "공공누리 제1유형" in body
    assert 'data-testid="last-update">20' in body  # a date, not "–": the demo wrote the log


def test_a_resident_downloads_geumcheon_without_logging_in(shared_demo: None) -> None:
    client = Client()
    csv_response = client.get(f"/data/{GEUMCHEON}/pb-history.csv")
    assert csv_response.status_code == 200
    assert csv_response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["municipality", "cycle_year", "budget_year"]
    years = [int(r[1]) for r in rows[1:]]
    assert 2021 in years and 2018 in years
    book = load_workbook(io.BytesIO(client.get(f"/data/{GEUMCHEON}/pb-history.xlsx").content))
    sheet = book.worksheets[0]
    assert sheet.cell(2, 2).data_type == "n" and sheet.cell(2, 1).data_type == "s"
    assert book.sheetnames[1] == "columns"
    records = json.loads(client.get(f"/data/{GEUMCHEON}/pb-history.json").content)
    assert records[0]["municipality"] == "금천구"
    assert isinstance(records[0]["proposals"], int)


def test_a_year_cut_keeps_that_years_rows_and_describes_the_present_otherwise(
    shared_demo: None,
) -> None:
    client = Client()
    rows = json.loads(client.get(f"/data/{GEUMCHEON}/2021/pb-history.json").content)
    assert [r["cycle_year"] for r in rows] == [2021]
    assert rows[0]["mobile_voters"] == 1956
    pledges = json.loads(client.get(f"/data/{GEUMCHEON}/2021/pledges.json").content)
    assert len(pledges) == 69  # no year column: the pledges as they are today
    empty = client.get(f"/data/{GEUMCHEON}/2009/")
    assert empty.status_code == 200
    assert 'data-testid="no-data-year"' in empty.content.decode()
    assert json.loads(client.get(f"/data/{GEUMCHEON}/2009/pb-history.json").content) == []


@pytest.mark.parametrize(
    "url",
    [
        "/data/nowhere/",
        "/data/nowhere/pb-history.csv",
        f"/data/{GEUMCHEON}/1999/",
        f"/data/{GEUMCHEON}/no-such-table.csv",
        f"/data/{GEUMCHEON}/points-summary.csv",
        f"/data/{GEUMCHEON}/pb-history.exe",
        f"/data/{GEUMCHEON}/99999/all.zip",
    ],
)
def test_bad_addresses_answer_not_found(shared_demo: None, url: str) -> None:
    assert Client().get(url).status_code == 404


FIELD_CHECK = {
    "integer": re.compile(r"^-?\d+$"),
    "number": re.compile(r"^-?\d+(\.\d+)?$"),
    "boolean": re.compile(r"^(true|false)$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "datetime": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"),
}


def validate_package(archive: zipfile.ZipFile) -> dict[str, Any]:
    """The Frictionless Data Package rules the ZIP must follow (tabular-data-package): a
    valid name, a licence, resources whose paths exist in the ZIP, whose CSV header is the
    schema's field names in order, and whose every value is of its field's type."""
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    assert re.fullmatch(r"[a-z0-9._-]+", package["name"])
    assert package["licenses"] and package["licenses"][0]["name"] == "KOGL-Type1"
    names = [r["name"] for r in package["resources"]]
    assert len(names) == len(set(names))
    for resource in package["resources"]:
        assert re.fullmatch(r"[a-z0-9._-]+", resource["name"])
        assert resource["profile"] == "tabular-data-resource"
        fields = resource["schema"]["fields"]
        raw = archive.read(resource["path"])
        assert raw.startswith(b"\xef\xbb\xbf") and resource["encoding"] == "utf-8-sig"
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows[0] == [f["name"] for f in fields], resource["name"]
        for row in rows[1:]:
            for value, spec in zip(row, fields, strict=True):
                assert spec["type"] in {"string", *FIELD_CHECK}
                if value in resource["schema"]["missingValues"] or spec["type"] == "string":
                    continue
                assert FIELD_CHECK[spec["type"]].match(value), (resource["name"], spec, value)
                if spec["type"] == "number":
                    Decimal(value)
    return package


def test_the_zip_holds_every_public_table_and_a_valid_datapackage(shared_demo: None) -> None:
    response = Client().get(f"/data/{GEUMCHEON}/all.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    package = validate_package(archive)
    assert {r["name"] for r in package["resources"]} == PUBLIC
    pb = next(r for r in package["resources"] if r["name"] == "pb-history")
    won = next(f for f in pb["schema"]["fields"] if f["name"] == "adopted_amount_won")
    assert won["type"] == "integer" and won["maeul:unit"]["code"] == "won"
    year_zip = zipfile.ZipFile(io.BytesIO(Client().get(f"/data/{GEUMCHEON}/2021/all.zip").content))
    validate_package(year_zip)
    assert "data/pb-history-1154500000-2021.csv" in year_zip.namelist()


def test_the_api_serves_the_same_catalogue(shared_demo: None) -> None:
    client = Client()
    page = client.get(f"/api/data/{GEUMCHEON}/tables").json()
    assert page["count"] == len(PUBLIC)
    assert {t["name"] for t in page["items"]} == PUBLIC
    pb = next(t for t in page["items"] if t["name"] == "pb-history")
    assert pb["licence"] == "KOGL-Type1" and pb["by_year"] is True
    assert pb["downloads"]["csv"].endswith(f"/data/{GEUMCHEON}/pb-history.csv")
    assert {c["name"] for c in pb["columns"]} >= {"cycle_year", "mobile_voters"}
    rows = client.get(f"/api/data/{GEUMCHEON}/tables/pb-history/rows?year=2021").json()
    assert rows["count"] == 1 and rows["items"][0]["mobile_voters"] == 1956
    assert client.get(f"/api/data/{GEUMCHEON}/tables?year=abc").status_code == 422
    assert client.get("/api/data/nowhere/tables").status_code == 404
    assert client.get(f"/api/data/{GEUMCHEON}/tables/points-summary/rows").status_code == 404


PERSONAL_COLUMNS = re.compile(r"birth|e-?mail|identity|username|phone|gender|address", re.I)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)*")


def test_no_public_table_of_the_demo_holds_personal_data(shared_demo: None) -> None:
    """Every public table of every municipality of the demo, scanned for the demo's account
    names, display names, e-mail addresses and identity hashes, and for columns that would
    carry birth dates or contact details."""
    users = list(User.objects.values_list("username", "name", "email"))
    assert len(users) > 100  # the demo's residents are there to be found
    usernames = {u for u, _n, _e in users if len(u) >= 4}
    names = {n for _u, n, _e in users if len(n) >= 3}
    emails = {e for _u, _n, e in users if e}
    hashes = set(VerifiedIdentity.objects.values_list("identity_hash", flat=True))
    cells = 0
    for table in public_tables():
        assert not [c.name for c in table.columns if PERSONAL_COLUMNS.search(c.name)], table.name
    codes = {"seoul", GEUMCHEON, "2915500000", "gwangju", "gyeonggi"}
    for code in codes:
        for item in datasets(municipality_for(code)):
            for row in item.rows:
                for value in row:
                    text = "" if value is None else str(value)
                    cells += 1
                    assert not EMAIL.search(text), (item.name, text)
                    assert not any(e in text for e in emails), (item.name, text)
                    assert text not in usernames, (item.name, text)
                    assert not any(h and h in text for h in hashes), item.name
                    assert text not in names, (item.name, text)
    assert cells > 1000
