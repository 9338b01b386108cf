"""The open-data catalogue's pages and downloads: public, no login, read only.

Every address is stable (``/data/<code>/<table>.<format>``, with ``<year>/`` between for a
year's cut), so a resident, a journalist or a script can link to it for good.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maeul.exports.writers import CONTENT_TYPES, FORMATS
from maeul.exports.writers import render as render_table
from maeul.publishing.catalogue import (
    BadYear,
    UnknownMunicipality,
    UnknownTable,
    available_years,
    dataset,
    datasets,
    last_update,
    municipality_for,
    parse_year,
    publishing_places,
)
from maeul.publishing.licences import current_licence
from maeul.publishing.package import build_zip, descriptor


def _resolved(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Turn the catalogue's lookup errors into a 404 with a message saying what was wrong."""

    @wraps(view)
    def wrapper(request: HttpRequest, code: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            municipality = municipality_for(code)
            if "year" in kwargs:
                kwargs["year"] = parse_year(kwargs["year"])
            return view(request, municipality, *args, **kwargs)
        except UnknownMunicipality:
            raise Http404(_("No municipality has the code %(code)s.") % {"code": code}) from None
        except UnknownTable as error:
            raise Http404(_("No public table is called %(name)s.") % {"name": error}) from None
        except BadYear as error:
            raise Http404(
                _("%(year)s is not a year of the catalogue (2000 to 2100).") % {"year": error}
            ) from None

    return wrapper


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "publishing/index.html",
        {"places": publishing_places(), "licence": current_licence()},
    )


@require_GET
@_resolved
def catalogue(request: HttpRequest, municipality: Any, year: int | None = None) -> HttpResponse:
    items = datasets(municipality, year)
    years = available_years(datasets(municipality)) if year is not None else available_years(items)
    return render(
        request,
        "publishing/catalogue.html",
        {
            "municipality": municipality,
            "year": year,
            "years": years,
            "items": items,
            "formats": FORMATS,
            "licence": current_licence(),
            "updated": last_update(municipality),
        },
    )


@require_GET
@_resolved
def table(
    request: HttpRequest, municipality: Any, name: str, year: int | None = None
) -> HttpResponse:
    item = dataset(name, municipality, year)
    return render(
        request,
        "publishing/table.html",
        {
            "municipality": municipality,
            "year": year,
            "item": item,
            "formats": FORMATS,
            "licence": current_licence(),
            "updated": last_update(municipality),
            "preview": item.rows[:20],
        },
    )


@require_GET
@_resolved
def download(
    request: HttpRequest, municipality: Any, name: str, fmt: str, year: int | None = None
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(_("Files come as csv, xlsx or json."))
    item = dataset(name, municipality, year)
    data = render_table(fmt, item.table.name, item.table.columns, item.rows, bom=True)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{item.file_stem}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@_resolved
def archive(request: HttpRequest, municipality: Any, year: int | None = None) -> HttpResponse:
    response = HttpResponse(build_zip(municipality, year), content_type="application/zip")
    stem = f"maeul-{municipality.code}" + (f"-{year}" if year else "")
    response["Content-Disposition"] = f'attachment; filename="{stem}.zip"'
    return response


@require_GET
@_resolved
def package(request: HttpRequest, municipality: Any, year: int | None = None) -> HttpResponse:
    import json

    body = descriptor(municipality, year, datasets(municipality, year))
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
