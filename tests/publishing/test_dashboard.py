"""The dashboard across programmes and the city's district comparison."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from maeul.places.models import Municipality, MunicipalityKind

GEUMCHEON = "1154500000"


def test_the_dashboard_shows_every_programme_with_chart_table_and_download(
    shared_demo: None,
) -> None:
    html = Client().get(f"/data/{GEUMCHEON}/dashboard/").content.decode()
    for key, table in [
        ("budgeting", "pb-history"),
        ("votes", "poll-results"),
        ("pledges", "pledges"),
        ("councils", "council-composition"),
        ("deliberation", "deliberation-stats"),
    ]:
        start = html.index(f'data-testid="section-{key}"')
        end = html.find("</section>", start)
        block = html[start:end]
        assert f"/data/{GEUMCHEON}/{table}.csv" in block, key
        if key != "votes":  # Geumcheon's demo has no published poll
            assert "<svg" in block and "<title>" in block and "<table" in block, key
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert ' style="' not in html  # the CSP forbids inline styles


def test_the_city_view_compares_its_districts(shared_demo: None) -> None:
    html = Client().get("/data/seoul/dashboard/").content.decode()
    start = html.index('data-testid="districts"')
    block = html[start : html.index("</section>", start)]
    districts = Municipality.objects.get(slug="seoul").children.filter(level=2).count()
    assert districts == 25
    assert len(re.findall(r'<th scope="row">', block)) == 25
    assert re.search(r'<th scope="row">금천구</th><td>[1-9][\d,]*</td>', block)


def test_a_district_has_no_comparison(shared_demo: None) -> None:
    html = Client().get(f"/data/{GEUMCHEON}/dashboard/").content.decode()
    assert 'data-testid="districts"' not in html


@pytest.mark.django_db
def test_a_formula_in_public_text_stays_text(places: Any) -> None:
    """A name written like a formula comes out of the public download as inert text: an
    apostrophe in CSV, a text cell in XLSX."""
    formula = '=HYPERLINK("http://x","y")'
    Municipality.objects.create(
        slug="geumcheon-formula-dong",
        name="수식동",
        name_en=formula,
        kind=MunicipalityKind.DONG,
        parent=places["geumcheon"],
    )
    client = Client()
    text = client.get(f"/data/{GEUMCHEON}/municipalities.csv").content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + formula in cells and formula not in cells
    book = load_workbook(io.BytesIO(client.get(f"/data/{GEUMCHEON}/municipalities.xlsx").content))
    found = [c for row in book.worksheets[0].iter_rows() for c in row if c.value == formula]
    assert found and all(c.data_type == "s" for c in found)
