"""The open-data catalogue through the API: the same public tables, dictionaries and rows as
``/data/``, for scripts. Public, read only, paged like every list of the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from maeul.api.paging import paginated
from maeul.exports.writers import FORMATS, typed_rows
from maeul.places.models import Municipality
from maeul.publishing.catalogue import (
    BadYear,
    Dataset,
    UnknownMunicipality,
    UnknownTable,
    dataset,
    datasets,
    last_update,
    municipality_for,
    parse_year,
)
from maeul.publishing.licences import current_licence

router = Router()
PREFIX = "/data"
TAGS = ["open data"]


class OpenDataColumnOut(Schema):
    name: str
    type: str
    unit: str
    unit_ko: str
    unit_en: str
    description_ko: str
    description_en: str


class OpenDataTableOut(Schema):
    name: str
    title: str
    description: str
    municipality: str
    year: int | None
    by_year: bool
    rows: int
    licence: str
    licence_url: str
    last_update: dt.datetime | None
    downloads: dict[str, str]
    columns: list[OpenDataColumnOut]


def _place(code: str) -> Municipality:
    try:
        return municipality_for(code)
    except UnknownMunicipality:
        raise Http404(_("No municipality has the code %(code)s.") % {"code": code}) from None


def _year(year: str | None) -> int | None:
    if year in (None, ""):
        return None
    try:
        return parse_year(year)
    except BadYear:
        raise HttpError(
            422, _("%(year)s is not a year of the catalogue (2000 to 2100).") % {"year": year}
        ) from None


def _downloads(item: Dataset) -> dict[str, str]:
    base = settings.SITE_URL.rstrip("/")
    code = item.municipality.code
    if item.year is not None:
        return {
            f: base + reverse("publishing:download_year", args=[code, item.year, item.name, f])
            for f in FORMATS
        }
    return {f: base + reverse("publishing:download", args=[code, item.name, f]) for f in FORMATS}


def _table(item: Dataset, updated: dt.datetime | None) -> dict[str, Any]:
    licence = current_licence()
    return {
        "name": item.name,
        "title": str(item.table.title),
        "description": str(item.table.description),
        "municipality": item.municipality.code,
        "year": item.year,
        "by_year": item.by_year,
        "rows": len(item.rows),
        "licence": licence.code,
        "licence_url": licence.url,
        "last_update": updated,
        "downloads": _downloads(item),
        "columns": item.table.dictionary(),
    }


@router.get("/{code}/tables", response=list[OpenDataTableOut], auth=None)
@paginated
def list_tables(request: HttpRequest, code: str, year: str | None = None) -> list[dict[str, Any]]:
    """The public tables of a municipality (code: slug or administrative code), optionally
    cut to a year, with their column dictionaries, licence and download addresses."""
    municipality = _place(code)
    cut = _year(year)
    updated = last_update(municipality)
    return [_table(item, updated) for item in datasets(municipality, cut)]


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        number = float(value)
        return number if Decimal(repr(number)) == value else format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@router.get("/{code}/tables/{name}/rows", response=list[dict[str, Any]], auth=None)
@paginated
def list_rows(
    request: HttpRequest, code: str, name: str, year: str | None = None
) -> list[dict[str, Any]]:
    """The rows of one public table, each an object keyed by column name, in the column's type
    (a decimal that a binary number cannot hold exactly comes as its exact text)."""
    municipality = _place(code)
    cut = _year(year)
    try:
        item = dataset(name, municipality, cut)
    except UnknownTable:
        raise Http404(_("No public table is called %(name)s.") % {"name": name}) from None
    names = item.table.names
    return [
        {key: _json_value(value) for key, value in zip(names, row, strict=True)}
        for row in typed_rows(item.table.columns, item.rows)
    ]
