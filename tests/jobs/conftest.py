from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def jobs_root(settings: Any, tmp_path: Path) -> Path:
    """Each test's job files in a directory of its own, to count what a job leaves behind."""
    root = tmp_path / "jobs"
    settings.JOBS_ROOT = root
    return root


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
