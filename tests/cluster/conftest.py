"""The local cluster (deploy/local-cluster.sh) for the tests marked ``cluster``.

These tests run only when asked (``MAEUL_CLUSTER_TESTS=1``, as ``.ci/run`` does after the main
suites): bringing the cluster up takes a minute or two and needs root-level access to the
machine's PostgreSQL. The fixture brings it up once for the session and down at the end,
unless ``MAEUL_CLUSTER_KEEP=1`` leaves it up to be looked at (the next run starts afresh).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "deploy" / "local-cluster.sh"
DIR = Path(os.environ.get("MAEUL_CLUSTER_DIR", "/tmp/maeul-cluster"))
PROXY = f"http://127.0.0.1:{os.environ.get('MAEUL_CLUSTER_PORT', '8180')}"
WEB_PORTS = os.environ.get("MAEUL_CLUSTER_WEB_PORTS", "8181 8182").split()
REPLICA_PORT = os.environ.get("MAEUL_CLUSTER_REPLICA_PORT", "5440")
# The database deploy/local-cluster.sh creates (.ci/run names it after its own database).
CLUSTER_DB = os.environ.get("MAEUL_CLUSTER_DB", "maeul_cluster")
RESIDENTS = 400


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("MAEUL_CLUSTER_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="cluster tests run with MAEUL_CLUSTER_TESTS=1 (.ci/run)")
    for item in items:
        if "cluster" in item.keywords:
            item.add_marker(skip)


def cluster_env() -> dict[str, str]:
    env = dict(os.environ)
    for line in (DIR / "maeul.env").read_text().splitlines():
        name, _, value = line.partition("=")
        if name:
            env[name] = value
    env.pop("MAEUL_TESTING", None)
    return env


def run_in_cluster(*args: str, stdin: str | None = None) -> str:
    """Run a command with the cluster's settings (its database, Redis, keys)."""
    done = subprocess.run(
        args, cwd=REPO, env=cluster_env(), input=stdin, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def cluster_db(*args: str, stdin: str | None = None) -> Any:
    return json.loads(
        run_in_cluster(
            str(REPO / ".venv" / "bin" / "python"),
            "tests/cluster/cluster_db.py",
            *args,
            stdin=stdin,
        )
    )


@pytest.fixture(scope="session")
def cluster() -> Iterator[dict[str, Any]]:
    keep = os.environ.get("MAEUL_CLUSTER_KEEP") == "1"
    saved = DIR / "seed.json"
    if keep and saved.exists():  # reuse a kept cluster: residents not used yet, same seed
        seed, used = json.loads(saved.read_text())
    else:
        subprocess.run([str(SCRIPT), "up"], cwd=REPO, check=True)
        seed, used = cluster_db("seed", str(RESIDENTS)), 0
    residents = iter(range(used, RESIDENTS))
    try:
        yield {"seed": seed, "next_resident": residents}
    finally:
        if keep:
            saved.write_text(json.dumps([seed, next(residents, RESIDENTS)]))
        if not keep:
            subprocess.run([str(SCRIPT), "down"], cwd=REPO, check=False)
