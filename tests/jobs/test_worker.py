"""A job run by a real Celery worker through Redis, on PostgreSQL: what production runs.
Skipped without Redis (a failure under CI), like tests/notifications/test_worker.py, whose
worker fixtures it reuses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from maeul.jobs import files
from maeul.jobs.models import Job, JobState
from maeul.jobs.notices import JOB_FINISHED
from maeul.jobs.services import start
from maeul.notifications.models import Notice
from tests.notifications.test_worker import _wait, sink, through_redis, worker  # noqa: F401

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def job_worker(jobs_root: Path, monkeypatch: pytest.MonkeyPatch, request: Any) -> Path:
    """The worker process writes results where this process reads them."""
    monkeypatch.setenv("MAEUL_JOBS_ROOT", str(jobs_root))
    log: Path = request.getfixturevalue("worker")
    return log


def test_a_real_worker_runs_a_large_download_job(
    job_worker: Path,
    through_redis: None,  # noqa: F811
    make_official: Any,
    places: dict[str, Any],
) -> None:
    official = make_official(places["geumcheon"], "reviewer")
    job = start(
        "exports.download",
        official,
        {"table": "municipalities", "format": "csv"},
        municipality=places["geumcheon"],
    )
    _wait(lambda: Job.objects.get(pk=job.pk).finished, 60, job_worker)
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    text = files.absolute(job.result_path).read_bytes().decode("utf-8-sig")
    assert "금천구" in text and "관악구" not in text
    _wait(
        lambda: Notice.objects.filter(recipient=official, kind=JOB_FINISHED).exists(),
        30,
        job_worker,
    )
    log = job_worker.read_text()
    assert "Task jobs.run" in log and "succeeded" in log
