"""Publishing's long work, run as a job (``maeul.jobs``): building and keeping a data book or
a Governance Brief. A city's data book takes tens of seconds, too long for a request, so the
official's form starts a job and follows it on the progress page.

The kind keeps the jobs app's default one transaction: the publication row, its audit entry
and its file are kept only when the PDF was built whole (``services._keep`` writes the file
last, inside that transaction)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maeul.accounts.permissions import has_permission
from maeul.core.errors import NotAllowed
from maeul.jobs.kinds import JobKind, register
from maeul.jobs.runner import Runner
from maeul.places.models import Municipality
from maeul.publishing.models import PublicationKind
from maeul.publishing.rules import PublishingPermission
from maeul.publishing.services import publish_brief, publish_databook

PUBLISH = "publishing.publish"


def publish(run: Runner) -> None:
    """Params: ``municipality`` (id), ``kind`` (databook or brief), ``year`` and, for a
    brief, ``quarter``. The permission is checked again: the job may run later, on a worker,
    after the official's roles changed."""
    place_id, kind = run.params.get("municipality"), run.params.get("kind")
    year, quarter = run.params.get("year"), run.params.get("quarter")
    municipality = (
        Municipality.objects.filter(pk=place_id).first() if isinstance(place_id, int) else None
    )
    if municipality is None or not isinstance(year, int):
        raise NotAllowed(_("This municipality no longer exists. Nothing was published."))
    if not has_permission(run.owner, PublishingPermission.PUBLISH, municipality):
        raise NotAllowed(_("Only the municipality's officials publish. Nothing was published."))

    def progress(percent: int, message: str) -> None:
        run.report(percent, message)

    if kind == PublicationKind.DATABOOK:
        publication, _built = publish_databook(
            municipality, year, actor=run.owner, progress=progress
        )
    elif kind == PublicationKind.BRIEF and isinstance(quarter, int):
        publication, _built = publish_brief(
            municipality, year, quarter, actor=run.owner, progress=progress
        )
    else:
        raise NotAllowed(_("Choose a data book or a brief. Nothing was published."))
    run.summary(
        _("Published %(name)s, %(pages)s pages (SHA-256 %(sha)s).")
        % {"name": publication.file_name, "pages": publication.pages, "sha": publication.sha256}
    )
    run.link(reverse("publishing:publications", kwargs={"code": municipality.code}))


register(
    JobKind(
        code=PUBLISH,
        title=gettext_lazy("Publish a data book or Governance Brief"),
        work=publish,
    )
)
