"""What a job's work function is handed: its parameters, its input, and the ways to report
progress and leave a result.

Results are held back until the work has returned: ``save_file`` writes to a temporary name
(``.<name>.part``) and the service renames it into place only when the whole job succeeded,
so a failed job leaves neither rows (see ``JobKind.atomic``) nor files behind.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db.models import Q

from maeul.jobs import files
from maeul.jobs.models import Job, JobState

PROGRESS_SECONDS = 24 * 3600


def progress_key(job_id: int) -> str:
    return f"maeul.jobs.progress:{job_id}"


class Runner:
    """One run of one job. Create it only through ``services.run_job``."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.owner: Any = job.owner
        self.municipality: Any = job.municipality
        self.params: dict[str, Any] = dict(job.params or {})
        self._pending: list[tuple[Path, str]] = []  # (temporary file, final relative path)
        self._placed: list[str] = []
        self.result_path = ""
        self.result_name = ""
        self.result_type = ""
        self.result_url = ""
        self.summary_text = ""

    def input(self) -> bytes:
        """The file uploaded with ``services.start(..., upload=...)``; empty when none."""
        if not self.job.input_path:
            return b""
        return files.absolute(self.job.input_path).read_bytes()

    def report(self, percent: int, message: str = "") -> None:
        """Say how far the work is (0–99; 100 is set when it ends) and what it is doing.

        Stored in the shared cache, which the status page reads first, and on the job row. A
        report made inside the work's database transaction reaches the row only when that
        transaction commits; the cache shows it at once (with ``MAEUL_REDIS_URL`` the web
        servers and the workers share that cache)."""
        percent = max(0, min(99, int(percent)))
        message = str(message)[:300]
        cache.set(progress_key(self.job.pk), (percent, message), PROGRESS_SECONDS)
        Job.objects.filter(Q(pk=self.job.pk) & Q(state=JobState.RUNNING)).update(
            percent=percent, message=message
        )

    def save_file(self, name: str, data: bytes, content_type: str) -> None:
        """Leave ``data`` as the job's result, downloaded as ``name``. Written now under a
        temporary name; it takes its place only if the job succeeds."""
        suffix = os.path.splitext(name)[1]
        relative = files.new_relative("results", self.job.pk, suffix)
        target = files.absolute(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f".{target.name}.part")
        with part.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        self._pending.append((part, relative))
        self.result_path, self.result_name, self.result_type = relative, name, content_type

    def link(self, url: str) -> None:
        """Point the owner at a page of the site (what the job made or changed)."""
        self.result_url = url

    def summary(self, text: str) -> None:
        """One sentence saying what the job did ("412 volunteers imported.")."""
        self.summary_text = str(text)[:500]

    # -- used by services.run_job ------------------------------------------------------------

    def place_files(self) -> None:
        for part, relative in self._pending:
            os.replace(part, files.absolute(relative))
            self._placed.append(relative)
        self._pending = []

    def discard_files(self) -> None:
        for part, _relative in self._pending:
            part.unlink(missing_ok=True)
        for relative in self._placed:
            files.remove(relative)
        self._pending, self._placed = [], []
        self.result_path = self.result_name = self.result_type = ""
