"""Registered exports: the command and the web download give the same table."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from openpyxl import load_workbook

from maeul.exports.registry import one_decimal, rate


def test_rate_rounds_half_up_with_one_decimal() -> None:
    assert rate(766, 906) == "84.5"
    assert rate(1, 8) == "12.5"
    assert rate(1, 3) == "33.3"
    assert rate(2, 3) == "66.7"
    assert rate(5, 0) == ""
    assert one_decimal("1.25") == "1.3"


def test_export_command_csv_json_xlsx(
    places: dict[str, Any], tmp_path: Any, capfdbinary: Any
) -> None:
    call_command("export", "municipalities", "--municipality", "1154500000")
    rows = list(csv.reader(io.StringIO(capfdbinary.readouterr().out.decode("utf-8"))))
    assert rows[0] == ["admin_code", "identifier", "municipality", "name_en", "kind", "parent"]
    assert [r[2] for r in rows[1:]] == ["금천구", "가산동", "독산1동"]
    call_command("export", "municipalities", "--format", "json", "--municipality", "gwangju")
    data = json.loads(capfdbinary.readouterr().out.decode("utf-8"))
    assert [d["municipality"] for d in data] == ["광주광역시", "남구"]
    out = tmp_path / "m.xlsx"
    call_command("export", "municipalities", "--format", "xlsx", "--output", str(out))
    sheet = load_workbook(out).active
    assert sheet.max_row == 1 + 7 and sheet["C2"].value == "서울특별시"


def test_export_command_errors_are_clear(places: dict[str, Any]) -> None:
    with pytest.raises(CommandError, match="unknown export 'nope'"):
        call_command("export", "nope")
    with pytest.raises(CommandError, match="no single municipality"):
        call_command("export", "municipalities", "--municipality", "9999")


def test_web_download_is_for_officials_of_the_scope(
    client: Client, places: dict[str, Any], make_official: Any, make_resident: Any
) -> None:
    url = "/exports/municipalities.csv"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(make_resident(places["geumcheon"]))
    assert client.get(url).status_code == 403
    client.force_login(make_official(places["geumcheon"], "reviewer"))
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "금천구" in text and "관악구" not in text
    assert client.get("/exports/municipalities.pdf").status_code == 404
    assert client.get("/exports/").status_code == 200
