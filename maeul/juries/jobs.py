"""The juries' long work, run as jobs (``maeul.jobs``): a large volunteers CSV.

The import service is all-or-nothing on its own (one durable transaction, every error listed
before anything is saved), so the kind is not wrapped in another transaction; the file is
read and decoded here so that a refused file names its problem on the progress page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.core.errors import NotAllowed
from maeul.core.tabular import decode_text
from maeul.jobs.kinds import JobKind, register
from maeul.jobs.runner import Runner
from maeul.juries import services
from maeul.juries.models import Jury

IMPORT_VOLUNTEERS = "juries.import_volunteers"


def import_volunteers(run: Runner) -> None:
    jury_id = run.params.get("jury")
    jury = (
        Jury.objects.filter(pk=jury_id).select_related("municipality").first()
        if isinstance(jury_id, int)
        else None
    )
    if jury is None:
        raise NotAllowed(_("This jury no longer exists. Nothing was imported."))
    run.report(5, _("Reading the file"))
    text = decode_text(run.input())
    run.report(20, _("Checking every row and saving the volunteers"))
    count = services.volunteers_import_csv(actor=run.owner, jury=jury, text=text)
    run.summary(_("%(count)s volunteers imported.") % {"count": count})
    run.link(reverse("juries:manage", args=[jury.pk]))


register(
    JobKind(
        code=IMPORT_VOLUNTEERS,
        title=gettext_lazy("Import volunteers from a CSV file"),
        work=import_volunteers,
        atomic=False,
    )
)
