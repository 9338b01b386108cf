"""Publications of a municipality: public list and downloads (with the SHA-256 and audit
head anyone can check), and the officials' form that publishes a new one.

Publishing runs as a background job (``publishing/jobs.py``): the form starts it and sends
the official to its progress page, which links back here when the file is kept.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maeul.accounts.permissions import has_permission
from maeul.jobs import services as job_services
from maeul.publishing.forms import PublishForm
from maeul.publishing.jobs import PUBLISH
from maeul.publishing.models import Publication
from maeul.publishing.rules import PublishingPermission
from maeul.publishing.services import storage
from maeul.publishing.views import _resolved


@require_http_methods(["GET", "POST"])
@_resolved
def publications(request: HttpRequest, municipality: Any) -> HttpResponse:
    may_publish = has_permission(request.user, PublishingPermission.PUBLISH, municipality)
    form = PublishForm(request.POST or None)
    if request.method == "POST":
        if not may_publish:
            raise PermissionDenied(_("Only the municipality's officials publish."))
        if form.is_valid():
            data = form.cleaned_data
            job = job_services.start(
                PUBLISH,
                request.user,
                {
                    "municipality": municipality.pk,
                    "kind": data["kind"],
                    "year": data["year"],
                    "quarter": data.get("quarter"),
                },
                municipality=municipality,
            )
            return redirect("jobs:detail", job.pk)
    return render(
        request,
        "publishing/publications.html",
        {
            "municipality": municipality,
            "publications": Publication.objects.filter(municipality=municipality),
            "form": form if may_publish else None,
        },
    )


@require_GET
@_resolved
def publication_file(request: HttpRequest, municipality: Any, pk: int) -> FileResponse:
    publication = Publication.objects.filter(municipality=municipality, pk=pk).first()
    if publication is None:
        raise Http404(str(pk))
    path = storage() / publication.file_name
    if not path.is_file():
        raise Http404(publication.file_name)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=publication.file_name,
        content_type="application/pdf",
    )
