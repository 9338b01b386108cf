"""Background task of the jobs app: it only calls its service."""

from __future__ import annotations

from maeul.jobs import services
from maeul.taskqueue import app


@app.task(name="jobs.run", acks_late=True)
def run(job_id: int) -> str:
    """Safe to receive twice: only a queued job is taken."""
    return services.run_job(job_id)


@app.task(name="jobs.fail_stalled", acks_late=True)
def fail_stalled() -> int:
    """Hourly (beat): jobs whose worker stopped mid-way are failed and their owners told."""
    return services.fail_stalled()
