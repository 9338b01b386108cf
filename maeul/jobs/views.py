"""Pages of long work, under /jobs/.

Access: every page is for a logged-in person and shows only that person's own jobs (queries
filter on ``request.user``); another person's job id is a 404, telling nothing.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maeul.core.paging import page_of, query_without
from maeul.jobs import files, selectors

ACCESS = {
    "index": "logged-in (own jobs)",
    "detail": "logged-in (own jobs)",
    "status": "logged-in (own jobs)",
    "download": "logged-in (own jobs)",
}


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.jobs_of(request.user))
    return render(
        request,
        "jobs/index.html",
        {
            "page": page,
            "items": [{"job": job, "title": selectors.title(job)} for job in page.object_list],
            "query": query_without(request),
        },
    )


@login_required
@require_GET
@never_cache
def detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.own_job(request.user, job_id)
    return render(request, "jobs/detail.html", {"job": job, "status": selectors.status(job)})


@login_required
@require_GET
@never_cache
def status(request: HttpRequest, job_id: int) -> JsonResponse:
    """The progress page's poll: state, percentage and, once finished, the outcome."""
    job = selectors.own_job(request.user, job_id)
    return JsonResponse(selectors.status(job))


@login_required
@require_GET
def download(request: HttpRequest, job_id: int) -> FileResponse:
    job = selectors.own_job(request.user, job_id)
    if not job.result_path:
        raise Http404("result")
    try:
        handle = files.absolute(job.result_path).open("rb")
    except (OSError, ValueError):
        raise Http404("result") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.result_name or "result",
        content_type=job.result_type or "application/octet-stream",
    )
