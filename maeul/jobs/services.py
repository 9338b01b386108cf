"""Starting jobs and running them (the task ``jobs.run`` calls :func:`run_job`)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from maeul.core import textlimits
from maeul.core.errors import ServiceError
from maeul.jobs import files, kinds, notices
from maeul.jobs.models import Job, JobState
from maeul.jobs.runner import Runner
from maeul.taskqueue import enqueue_on_commit

log = logging.getLogger(__name__)


def start(
    kind: str,
    owner: Any,
    params: Mapping[str, Any] | None = None,
    *,
    municipality: Any = None,
    upload: bytes | None = None,
    upload_name: str = "",
) -> Job:
    """Create a job of ``kind`` for ``owner`` and run it once this transaction commits.

    The caller has checked that ``owner`` may do the work (the kind checks again when it
    runs). ``params`` must be JSON; ``upload`` is kept in the jobs directory for the work to
    read (``Runner.input``) and removed when the job ends. Returns the job at once: send the
    person to ``job.get_absolute_url`` (``jobs:detail``)."""
    kinds.get(kind)  # an unknown code fails here, in the caller's request
    payload = json.loads(json.dumps(dict(params or {})))
    with transaction.atomic():
        job = Job.objects.create(
            owner=owner,
            municipality=municipality,
            kind=kind,
            params=payload,
            language=translation.get_language() or "ko",
        )
        if upload is not None:
            relative = files.new_relative("input", job.pk, _suffix(upload_name))
            files.write_atomically(relative, upload)
            job.input_path = relative
            job.save(update_fields=["input_path"])
        from maeul.jobs import tasks  # tasks import this module

        enqueue_on_commit(tasks.run, job.pk)
    return job


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[1].lower() if "." in name else ""


def run_job(job_id: int) -> str:
    """Run one job to its end; safe to call twice (only a queued job is taken).

    The work runs in the language of the page that started it, so its messages and the
    reason of a refusal read as the person expects. On any failure the work's transaction
    (atomic kinds) has rolled back, its files are removed and the job is marked failed."""
    taken = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return "skipped"
    job = Job.objects.select_related("owner", "municipality").get(pk=job_id)
    with translation.override(job.language):
        runner = Runner(job)
        try:
            kind = kinds.get(job.kind)
            if kind.atomic:
                with transaction.atomic():
                    kind.work(runner)
                    runner.place_files()
            else:
                kind.work(runner)
                runner.place_files()
        except ServiceError as error:
            runner.discard_files()
            _fail(job, error.message, unexpected=False)
            return "failed"
        except Exception:  # the owner is told plainly; the operators get the traceback
            log.exception("job %s (%s) failed", job.pk, job.kind)
            runner.discard_files()
            _fail(job, "", unexpected=True)
            return "failed"
        try:
            recorded = _finish(job, runner)
        except Exception:
            log.exception("job %s (%s) could not be recorded as done", job.pk, job.kind)
            runner.discard_files()
            raise
        if not recorded:  # the sweep failed it meanwhile (fail_stalled): its word stands
            runner.discard_files()
            return "failed"
        return "done"


def _title(job: Job) -> str:
    try:
        return str(kinds.get(job.kind).title)
    except kinds.UnknownJobKind:
        return job.kind


def _finish(job: Job, runner: Runner) -> bool:
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
            state=JobState.DONE,
            percent=100,
            finished_at=timezone.now(),
            result_path=runner.result_path,
            result_name=runner.result_name,
            result_type=runner.result_type,
            result_url=runner.result_url,
            summary=runner.summary_text,
            input_path="",
        )
        if updated:
            notices.tell_finished(job, _title(job), runner.summary_text)
    files.remove(job.input_path)
    return bool(updated)


def _fail(job: Job, reason: str, *, unexpected: bool) -> None:
    # A refusal may list every bad row of a large file: keep what the column holds.
    if len(reason) > textlimits.TEXT:
        reason = reason[: textlimits.TEXT - 1] + "…"
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
            state=JobState.FAILED,
            finished_at=timezone.now(),
            error=reason,
            error_unexpected=unexpected,
            input_path="",
            result_path="",
        )
        if updated:
            notices.tell_failed(job, _title(job), reason or str(notices.UNEXPECTED))
    files.remove(job.input_path)


def fail_stalled(now: dt.datetime | None = None) -> int:
    """Fail the jobs still running ``settings.JOB_STALLED_HOURS`` after they started: their
    worker stopped (a redelivered message finds the job taken and leaves it). Their database
    work rolled back with the worker's connection; their partial files are removed here and
    the owner is told. Returns how many; safe to run twice."""
    limit = (now or timezone.now()) - dt.timedelta(hours=settings.JOB_STALLED_HOURS)
    stalled = Job.objects.filter(state=JobState.RUNNING, started_at__lt=limit)
    count = 0
    for job in stalled.select_related("owner"):
        files.remove_job_files(job.pk)
        with translation.override(job.language):
            _fail(job, str(notices.INTERRUPTED), unexpected=False)
        count += 1
    return count
