"""Web downloads of the registered tables, for officials of the table's municipality; a
table larger than ``settings.JOB_EXPORT_ROWS`` rows is prepared by a job (``exports.jobs``)."""

from __future__ import annotations

from itertools import islice

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maeul.accounts.permissions import official_of
from maeul.exports.jobs import EXPORT_DOWNLOAD, file_name, may_download
from maeul.exports.registry import UnknownExport, all_tables, get_table
from maeul.exports.writers import CONTENT_TYPES, FORMATS
from maeul.exports.writers import render as render_table
from maeul.jobs.services import start as start_job
from maeul.places.models import Municipality


def _scope(request: HttpRequest) -> Municipality | None:
    official = official_of(request.user)
    return official.municipality if official else None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    if scope is None and not request.user.is_superuser:
        raise PermissionDenied(_("Data downloads are for officials."))
    return render(
        request,
        "exports/index.html",
        {
            "tables": all_tables(),
            "formats": FORMATS,
            "scope": scope,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def download(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    try:
        table = get_table(name)
    except UnknownExport:
        raise Http404(name) from None
    if fmt not in FORMATS:
        raise Http404(fmt)
    scope = _scope(request)
    if not may_download(request.user, table, scope):
        raise PermissionDenied(_("You may download only your own municipality's data."))
    # Read one row past the threshold: a larger table is written by a job, not the request.
    # A GET of a larger table answers with a page offering it; its button (a POST, so no
    # link prefetch starts work) hands the table to a job.
    if request.method == "POST":
        job = start_job(
            EXPORT_DOWNLOAD, request.user, {"table": table.name, "format": fmt}, municipality=scope
        )
        return redirect("jobs:detail", job.pk)
    limit = settings.JOB_EXPORT_ROWS
    rows = list(islice(table.rows(scope), limit + 1))
    if len(rows) > limit:
        return render(
            request,
            "exports/large.html",
            {
                "table": table,
                "format": fmt,
                "limit": limit,
                "file_name": file_name(table, scope, fmt),
            },
        )
    data = render_table(fmt, table.name, table.columns, rows, bom=True)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(table, scope, fmt)}"'
    return response
