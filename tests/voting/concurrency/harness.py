"""Helpers of the concurrency tests: a gunicorn subprocess and authenticated HTTP clients."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import httpx

REPO = Path(__file__).resolve().parents[3]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


T = TypeVar("T")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on a fresh event loop in its own thread.

    The browser tests drive Playwright's sync API, which leaves an event loop
    running in the main thread for the rest of the session; ``asyncio.run``
    refuses to start there, so the HTTP load is fired from a thread of its own.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url(settings_dict: dict[str, Any]) -> str:
    user = settings_dict.get("USER") or "postgres"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}?conn_max_age=0"


class Gunicorn:
    """``gunicorn -w 3 --threads 4`` on a free loopback port, in its own process group."""

    def __init__(self, db_url: str, *, workers: int = 3, threads: int = 4) -> None:
        from django.conf import settings

        self.port = free_port()
        env = {
            **os.environ,
            "MAEUL_DATABASE_URL": db_url,
            "MAEUL_HTTPS": "0",
            "MAEUL_DEBUG": "0",
            "MAEUL_DEMO": "0",
            "MAEUL_TESTING": "0",
            "MAEUL_ALLOWED_HOSTS": "127.0.0.1",
            "MAEUL_SECRET_KEY": settings.SECRET_KEY,
            "MAEUL_LOG_LEVEL": "ERROR",
        }
        import tempfile

        # The log outlives this call: gunicorn writes to it until it is killed.
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix="maeul-gunicorn-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "-w",
                str(workers),
                "--threads",
                str(threads),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "maeul.wsgi",
            ],
            cwd=REPO,
            env=env,
            start_new_session=True,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited during start-up")
            time.sleep(0.2)
        self.kill()
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def kill(self) -> None:
        """SIGKILL the whole process group (master and workers): a crash, not a shutdown."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def __enter__(self) -> Gunicorn:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()


def session_headers(session_key: str) -> dict[str, str]:
    """Cookie and CSRF header of a logged-in session (CSRF: cookie secret == header)."""
    token = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
    return {
        "Cookie": f"sessionid={session_key}; csrftoken={token}",
        "X-CSRFToken": token,
        "Content-Type": "application/json",
    }


def login_session(user: Any) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value
