"""A large download of the export catalogue, prepared by a job (``maeul.jobs``).

The web download renders small tables at once; a table with more than
``settings.JOB_EXPORT_ROWS`` rows is handed to this kind instead, so the request stays short
and the official watches its progress. The work writes nothing to the database; its file is
written under a temporary name and takes its place only when the whole table is written."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.accounts.permissions import has_permission
from maeul.core.errors import NotAllowed
from maeul.exports.registry import UnknownExport, get_table
from maeul.exports.writers import CONTENT_TYPES, FORMATS
from maeul.exports.writers import render as render_table
from maeul.jobs.kinds import JobKind, register
from maeul.jobs.runner import Runner

EXPORT_DOWNLOAD = "exports.download"


def may_download(user: Any, table: Any, scope: Any) -> bool:
    """The download page's rule: the table's permission in the official's municipality, or
    a platform operator."""
    return bool(has_permission(user, table.permission, scope) or user.is_superuser)


def file_name(table: Any, scope: Any, fmt: str) -> str:
    suffix = f"-{scope.code}" if scope else ""
    return f"{table.name}{suffix}.{fmt}"


def prepare_download(run: Runner) -> None:
    try:
        table = get_table(str(run.params.get("table", "")))
    except UnknownExport:
        raise NotAllowed(_("This table is no longer offered.")) from None
    fmt = str(run.params.get("format", ""))
    if fmt not in FORMATS:
        raise NotAllowed(_("This file format is not offered."))
    scope = run.municipality
    if not may_download(run.owner, table, scope):
        raise NotAllowed(_("You may download only your own municipality's data."))
    run.report(5, _("Reading the rows"))
    rows = list(table.rows(scope))
    run.report(50, _("Writing %(count)s rows to the file") % {"count": len(rows)})
    data = render_table(fmt, table.name, table.columns, rows, bom=True)
    run.report(95, _("Storing the file"))
    run.save_file(file_name(table, scope, fmt), data, CONTENT_TYPES[fmt])
    run.summary(_("%(count)s rows of %(table)s.") % {"count": len(rows), "table": table.title})


register(
    JobKind(
        code=EXPORT_DOWNLOAD,
        title=gettext_lazy("Prepare a large data download"),
        work=prepare_download,
    )
)
