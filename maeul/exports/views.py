"""Web downloads of the registered tables, for officials of the table's municipality."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maeul.accounts.permissions import has_permission, official_of
from maeul.exports.registry import UnknownExport, all_tables, get_table
from maeul.exports.writers import CONTENT_TYPES, FORMATS
from maeul.exports.writers import render as render_table
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
@require_GET
def download(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    try:
        table = get_table(name)
    except UnknownExport:
        raise Http404(name) from None
    if fmt not in FORMATS:
        raise Http404(fmt)
    scope = _scope(request)
    if not has_permission(request.user, table.permission, scope) and not request.user.is_superuser:
        raise PermissionDenied(_("You may download only your own municipality's data."))
    data = render_table(fmt, table.name, table.columns, table.rows(scope), bom=True)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    suffix = f"-{scope.code}" if scope else ""
    response["Content-Disposition"] = f'attachment; filename="{table.name}{suffix}.{fmt}"'
    return response
