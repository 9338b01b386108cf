"""Reading jobs: only ever a person's own."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from maeul.jobs import kinds
from maeul.jobs.models import Job, JobState
from maeul.jobs.notices import UNEXPECTED
from maeul.jobs.runner import progress_key


def jobs_of(user: Any) -> QuerySet[Job]:
    return Job.objects.filter(owner=user).order_by("-created_at", "-pk")


def own_job(user: Any, job_id: int) -> Job:
    """The job if ``user`` owns it; a 404 otherwise, telling nothing about others' jobs."""
    job = Job.objects.filter(pk=job_id, owner=user).first()
    if job is None:
        raise Http404("job")
    return job


def title(job: Job) -> str:
    try:
        return str(kinds.get(job.kind).title)
    except kinds.UnknownJobKind:
        return job.kind


def status(job: Job) -> dict[str, Any]:
    """What the progress page shows, as JSON-ready values in the active language. A running
    job's latest report comes from the shared cache (it may not be committed yet)."""
    percent, message = job.percent, job.message
    if job.state == JobState.RUNNING:
        reported = cache.get(progress_key(job.pk))
        if reported is not None and reported[0] >= percent:
            percent, message = reported
    error = ""
    if job.state == JobState.FAILED:
        error = str(UNEXPECTED) if job.error_unexpected else job.error
    return {
        "id": job.pk,
        "title": title(job),
        "state": job.state,
        "state_label": str(JobState(job.state).label),
        "percent": percent,
        "message": message,
        "finished": job.finished,
        "summary": job.summary,
        "error": error,
        "nothing_changed": _("Nothing was changed.") if job.state == JobState.FAILED else "",
        "download_url": reverse("jobs:download", args=[job.pk]) if job.result_path else "",
        "download_name": job.result_name,
        "result_url": job.result_url,
    }
