"""Where jobs keep files: ``settings.JOBS_ROOT`` (``MAEUL_JOBS_ROOT``), outside the public
media directory, because a job's result is served only to its owner through
``jobs:download``. With workers on other machines it must be a shared directory (the same
mount on the web servers and the workers), like ``MAEUL_MEDIA_ROOT``.

Paths stored on a job are relative to the root and made here, never from user input."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from django.conf import settings


def root() -> Path:
    return Path(settings.JOBS_ROOT)


def absolute(relative: str) -> Path:
    """The file of a stored relative path; refuses anything that would leave the root."""
    base = root().resolve()
    path = (base / relative).resolve()
    if base not in path.parents:
        raise ValueError(f"job file outside the jobs directory: {relative!r}")
    return path


def new_relative(folder: str, job_id: int, suffix: str = "") -> str:
    """A fresh, unguessable relative path for one of a job's files."""
    clean = "".join(c for c in suffix if c.isalnum() or c in ".-_")[:20]
    return f"{folder}/{job_id}-{secrets.token_hex(8)}{clean}"


def write_atomically(relative: str, data: bytes) -> Path:
    """Write ``data`` under a temporary name beside the target and rename it into place, so
    the target either does not exist or holds the whole file."""
    target = absolute(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.part")
    with part.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(part, target)
    return target


def remove(relative: str) -> None:
    if not relative:
        return
    with contextlib.suppress(ValueError):  # a path outside the root was never ours
        absolute(relative).unlink(missing_ok=True)


def remove_job_files(job_id: int) -> None:
    """Every result file of one job, finished or partial (``<id>-…`` and ``.<id>-….part``):
    what a worker that stopped mid-job left behind."""
    folder = root() / "results"
    if not folder.is_dir():
        return
    for pattern in (f"{job_id}-*", f".{job_id}-*"):
        for path in folder.glob(pattern):
            path.unlink(missing_ok=True)
