"""A municipality's open data as one ZIP: every public table as CSV plus a Frictionless Data
Package descriptor (``datapackage.json``, https://specs.frictionlessdata.io/data-package/).

The descriptor is built from the same typed columns the CSV is written from, so its field
types cannot drift from the file: ``text`` is a string, ``integer`` and ``won`` are integers,
``decimal`` and ``percent`` are numbers, booleans are written ``true``/``false``.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

from django.conf import settings

from maeul.exports.columns import (
    BOOLEAN,
    DATE,
    DATETIME,
    DECIMAL,
    INTEGER,
    PERCENT,
    TEXT,
    WON,
    Column,
)
from maeul.exports.writers import CONTENT_TYPES, to_csv
from maeul.places.models import Municipality
from maeul.publishing.catalogue import Dataset, datasets, last_update
from maeul.publishing.licences import current_licence

FIELD_TYPES = {
    TEXT: "string",
    INTEGER: "integer",
    WON: "integer",
    DECIMAL: "number",
    PERCENT: "number",
    DATE: "date",
    DATETIME: "datetime",
    BOOLEAN: "boolean",
}

_NAME = re.compile(r"[^a-z0-9._-]+")


def package_name(municipality: Municipality, year: int | None) -> str:
    """A Data Package name: lower case, digits, ``.``, ``_``, ``-`` only."""
    stem = f"maeul-{municipality.slug}" + (f"-{year}" if year else "")
    return _NAME.sub("-", stem.lower()).strip("-")


def field(column: Column) -> dict[str, Any]:
    described = column.as_dictionary()
    entry: dict[str, Any] = {
        "name": column.name,
        "type": FIELD_TYPES[column.type],
        "title": described["description_ko"],
        "description": described["description_en"],
        "maeul:type": str(column.type),
    }
    if column.unit:
        entry["maeul:unit"] = {
            "code": column.unit,
            "ko": described["unit_ko"],
            "en": described["unit_en"],
        }
    if column.type == BOOLEAN:
        entry["trueValues"] = ["true"]
        entry["falseValues"] = ["false"]
    return entry


def resource(item: Dataset) -> dict[str, Any]:
    return {
        "name": item.name,
        "path": f"data/{item.file_stem}.csv",
        "title": str(item.table.title),
        "description": str(item.table.description),
        "format": "csv",
        "mediatype": CONTENT_TYPES["csv"].split(";")[0],  # the one writer's CSV type
        "encoding": "utf-8-sig",
        "profile": "tabular-data-resource",
        "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
        "schema": {
            "fields": [field(column) for column in item.table.columns],
            "missingValues": [""],
        },
    }


def descriptor(
    municipality: Municipality, year: int | None, items: list[Dataset]
) -> dict[str, Any]:
    updated = last_update(municipality)
    title = municipality.name + (f" {year}" if year else "")
    return {
        "profile": "tabular-data-package",
        "name": package_name(municipality, year),
        "title": f"{title} 공개 데이터 (Maeul open data)",
        "homepage": f"{settings.SITE_URL.rstrip('/')}/data/{municipality.code}/",
        "licenses": [current_licence().as_datapackage()],
        "created": updated.isoformat() if updated else None,
        "resources": [resource(item) for item in items],
    }


def csv_bytes(item: Dataset) -> bytes:
    return to_csv(item.table.columns, item.rows, bom=True).encode("utf-8")


def build_zip(municipality: Municipality, year: int | None = None) -> bytes:
    """The ZIP of every public table of ``municipality`` (cut to ``year`` if given)."""
    items = datasets(municipality, year)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        package = descriptor(municipality, year, items)
        archive.writestr(
            "datapackage.json", json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        )
        for item in items:
            archive.writestr(f"data/{item.file_stem}.csv", csv_bytes(item))
    return buffer.getvalue()
