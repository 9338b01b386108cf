"""Officials: a cycle run before Maeul gets its adopted projects and their execution records
from the district's spreadsheet, after which its figures are computed from them.

Access: managers of the cycle's municipality (``get_authorised``: 404 for anyone else)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maeul.budgeting import selectors
from maeul.budgeting.forms import ReportedProjectsFileForm
from maeul.budgeting.jobs import RECORD_REPORTED_PROJECTS
from maeul.budgeting.records_import import REPORTED_COLUMNS, parse_reported_projects
from maeul.budgeting.rules import BudgetingPermission
from maeul.budgeting.services.records import reported_projects_record
from maeul.budgeting.views._common import cycle_context, official_cycle
from maeul.core.errors import ServiceError
from maeul.jobs.services import start as start_job

FILE_LIMIT = 2_000_000


@login_required
@require_http_methods(["GET", "POST"])
def reported_projects_upload(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Managers of the scope: upload a reported cycle's project list; a refused file is
    named with its rows and columns, or with the difference from the reported totals, and
    nothing is written."""
    cycle = official_cycle(request, cycle_id, BudgetingPermission.MANAGE)
    form = ReportedProjectsFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ServiceError(_("Correct the errors below."))
            upload = form.cleaned_data["file"]
            data = upload.read(FILE_LIMIT)
            if len(data) > settings.JOB_IMPORT_BYTES:  # a large file: checked and saved by a job
                job = start_job(
                    RECORD_REPORTED_PROJECTS,
                    request.user,
                    {"cycle": cycle.pk, "name": upload.name},
                    municipality=cycle.municipality,
                    upload=data,
                    upload_name=upload.name,
                )
                return redirect("jobs:detail", job.pk)
            projects = parse_reported_projects(data, name=upload.name)
            reported_projects_record(actor=request.user, cycle=cycle, projects=projects)
        except ServiceError as error:
            if not form.errors or error.field == "file":
                form.add_error(None, error.message)
        else:
            messages.success(request, _("The projects and their execution records were saved."))
            return redirect("budgeting:cycle", cycle.municipality.slug, cycle.cycle_year)
    context = cycle_context(request, cycle)
    context.update(
        form=form,
        columns=REPORTED_COLUMNS,
        figures=selectors.cycle_figures(cycle),
        title=_("Record the adopted projects of a reported cycle"),
    )
    return render(request, "budgeting/reported_upload.html", context)
