"""A real Maeul web process (gunicorn) started for a test with chosen settings: used to show
what the API and the readiness check answer when the database cannot be reached, with no
mock in between — the process really tries to connect and really fails."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

# Nothing listens on port 1 of the loopback interface: connecting is refused at once.
UNREACHABLE_DATABASES = {
    "postgresql": "postgres://postgres@127.0.0.1:1/maeul_unreachable",
    "sqlite": "sqlite:////nonexistent-directory/maeul/unreachable.sqlite3",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def maeul_process(tmp_path: Path, **environment: str) -> Iterator[str]:
    """Serve Maeul in production mode (DEBUG off) on a free port; yield its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "MAEUL_TESTING": "0",
        "MAEUL_DEBUG": "0",
        "MAEUL_DEMO": "0",
        "MAEUL_HTTPS": "0",
        "MAEUL_VAR_DIR": str(tmp_path / "var"),
        "MAEUL_MEDIA_ROOT": str(tmp_path / "media"),
        "MAEUL_SECRET_KEY": secrets.token_urlsafe(50),
        "MAEUL_IDENTITY_HASH_KEY": secrets.token_urlsafe(50),
        "MAEUL_VOTING_KEY": secrets.token_urlsafe(50),
        "MAEUL_LOG_LEVEL": "CRITICAL",
        **environment,
    }
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(GUNICORN), "-w", "1", "-b", f"127.0.0.1:{port}", "maeul.wsgi"],
        cwd=REPO,
        env=env,
        start_new_session=True,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/livez", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError(
                    "Maeul did not start:\n" + (tmp_path / "gunicorn.log").read_text()[-3000:]
                )
            time.sleep(0.2)
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        log.close()
