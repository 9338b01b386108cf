"""Shared fixtures: where the Pabulib files are, and which ones are approval elections."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def data_dir() -> Path:
    """``tests/data/pabulib`` (the real elections the tests need, shipped with the repository;
    see ``tests/data/README.md``), or ``$MAEUL_SHARED_DATA/pabulib`` to run on another set."""
    base = os.environ.get("MAEUL_SHARED_DATA")
    root = Path(base) if base else ROOT / "tests" / "data"
    return root / "pabulib"


DATA = data_dir()
ALL_FILES = sorted(DATA.glob("*.pb")) if DATA.is_dir() else []


def _vote_type(path: Path) -> str:
    for line in path.read_text(encoding="utf-8-sig").splitlines()[:60]:
        if line.startswith("vote_type;"):
            return line.split(";", 1)[1].strip()
    return "approval"


APPROVAL_FILES = [p for p in ALL_FILES if _vote_type(p) in ("approval", "choose-1")]

needs_data = pytest.mark.skipif(
    not ALL_FILES,
    reason=f"Pabulib data not found at {DATA} (MAEUL_SHARED_DATA points elsewhere)",
)


def file_ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]
