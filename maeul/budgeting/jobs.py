"""Budgeting's long work, run as jobs (``maeul.jobs``): a large reported-cycle project list.

``services.records.reported_projects_record`` is all-or-nothing on its own (one durable
transaction after every project is checked), so the kind is not wrapped in another
transaction; a refused file (a bad cell, totals that do not add up) fails the job with the
same explanation the upload page gives, and nothing is written."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.budgeting.models import Cycle
from maeul.budgeting.records_import import parse_reported_projects
from maeul.budgeting.services.records import reported_projects_record
from maeul.core.errors import NotAllowed
from maeul.jobs.kinds import JobKind, register
from maeul.jobs.runner import Runner

RECORD_REPORTED_PROJECTS = "budgeting.record_reported_projects"


def record_reported_projects(run: Runner) -> None:
    cycle_id = run.params.get("cycle")
    cycle = (
        Cycle.objects.filter(pk=cycle_id).select_related("municipality").first()
        if isinstance(cycle_id, int)
        else None
    )
    if cycle is None:
        raise NotAllowed(_("This cycle no longer exists. Nothing was recorded."))
    run.report(5, _("Reading the file"))
    projects = parse_reported_projects(run.input(), name=str(run.params.get("name", "")))
    run.report(
        40, _("Checking the totals and saving %(count)s projects") % {"count": len(projects)}
    )
    reported_projects_record(actor=run.owner, cycle=cycle, projects=projects)
    run.summary(_("The projects and their execution records were saved."))
    run.link(reverse("budgeting:cycle", args=[cycle.municipality.slug, cycle.cycle_year]))


register(
    JobKind(
        code=RECORD_REPORTED_PROJECTS,
        title=gettext_lazy("Record the adopted projects of a reported cycle"),
        work=record_reported_projects,
        atomic=False,
    )
)
