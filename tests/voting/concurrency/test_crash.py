"""P4: acknowledged ballots survive kill -9 of gunicorn and an immediate PostgreSQL stop.

A *private* cluster (initdb into a temporary directory, its own port and socket directory) is
started for this test and stopped with ``-m immediate`` mid-load, so the machine's shared
PostgreSQL is never touched. After the restart, every ballot acknowledged with 201 and a
receipt must be present, participations must equal ballots, the tally must equal the ballots,
and the audit chain must verify. Residents whose request got no answer retry with the same
Idempotency-Key and receive their receipt (200, committed before the crash) or a new one.
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.voting.concurrency.harness import (
    REPO,
    Gunicorn,
    free_port,
    run_async,
    session_headers,
)

PG_BIN = Path("/usr/lib/postgresql/15/bin")
TOOLS = Path(__file__).with_name("crash_tools.py")
RESIDENTS = 240

pytestmark = pytest.mark.postgres


def _as_postgres(*args: str) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return list(args)


class PrivateCluster:
    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists():
            pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN}")
        self.dir = Path(tempfile.mkdtemp(prefix="maeul-crash-pg-"))
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self.data = self.dir / "data"
        self.port = free_port()
        subprocess.run(
            _as_postgres(
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ),
            check=True,
            capture_output=True,
        )
        self.start()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/maeul_crash?conn_max_age=0"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=on -c synchronous_commit=on"
        )
        subprocess.run(
            _as_postgres(
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                options,
                "-l",
                str(self.dir / "server.log"),
                "-w",
                "start",
            ),
            check=True,
            capture_output=True,
        )

    def stop(self, mode: str) -> None:
        subprocess.run(
            _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"),
            check=False,
            capture_output=True,
        )

    def psql(self, *args: str, database: str = "postgres", stdin: str | None = None) -> str:
        result = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
                *args,
            ],
            input=stdin,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def _tools(cluster: PrivateCluster, *args: str) -> dict[str, Any]:
    from django.conf import settings

    env = {
        **os.environ,
        "MAEUL_DATABASE_URL": cluster.url,
        "MAEUL_TESTING": "1",
        "MAEUL_SECRET_KEY": settings.SECRET_KEY,
        "MAEUL_LOG_LEVEL": "ERROR",
    }
    out = subprocess.run(
        [sys.executable, str(TOOLS), *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


async def _cast_all(
    base: str, seed: dict[str, Any], todo: list[int], acked: dict[int, str], stop: threading.Event
) -> None:
    poll, options, sessions = seed["poll"], seed["options"], seed["sessions"]
    limit = asyncio.Semaphore(24)
    async with httpx.AsyncClient(base_url=base, timeout=20) as client:

        async def one(i: int) -> None:
            async with limit:
                if stop.is_set():
                    return
                try:
                    response = await client.post(
                        f"/api/polls/{poll}/ballots",
                        json={"choices": [options[i % len(options)]]},
                        headers={**session_headers(sessions[i]), "Idempotency-Key": f"crash-{i}"},
                    )
                except httpx.HTTPError:
                    return
                if response.status_code in (200, 201):
                    acked[i] = response.json()["receipt"]

        await asyncio.gather(*(one(i) for i in todo))


def test_kill_gunicorn_and_postgres_mid_load(django_db_setup: Any, db: Any) -> None:
    from django.db import connection

    cluster = PrivateCluster()
    try:
        cluster.psql("-c", "CREATE DATABASE maeul_crash")
        source = connection.settings_dict
        schema = subprocess.run(
            [
                "pg_dump",
                "--schema-only",
                "--no-owner",
                "-h",
                source["HOST"] or "127.0.0.1",
                "-p",
                str(source["PORT"] or 5432),
                "-U",
                source["USER"] or "postgres",
                source["NAME"],
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        cluster.psql(database="maeul_crash", stdin=schema)
        seed = _tools(cluster, "seed", str(RESIDENTS))
        acked: dict[int, str] = {}
        stop = threading.Event()
        server = Gunicorn(cluster.url)
        loader = threading.Thread(
            target=lambda: asyncio.run(
                _cast_all(server.base, seed, list(range(RESIDENTS)), acked, stop)
            )
        )
        loader.start()
        target = random.randint(40, 120)
        deadline = time.monotonic() + 60
        while len(acked) < target and loader.is_alive() and time.monotonic() < deadline:
            time.sleep(0.005)
        server.kill()  # kill -9 of master and workers, mid-load
        cluster.stop("immediate")  # no checkpoint, no clean shutdown
        stop.set()
        loader.join(timeout=60)
        before = dict(acked)
        assert 0 < len(before) < RESIDENTS, f"crash did not land mid-load ({len(before)})"

        cluster.start()
        with Gunicorn(cluster.url) as again:
            stop.clear()
            rest = [i for i in range(RESIDENTS) if i not in acked]
            run_async(_cast_all(again.base, seed, rest, acked, stop))
        assert len(acked) == RESIDENTS, f"{RESIDENTS - len(acked)} residents got no receipt"
        for i, receipt in before.items():
            assert acked[i] == receipt  # acknowledged receipts never change

        path = cluster.dir / "acked.json"
        path.write_text(json.dumps(sorted(acked.values())))
        report = _tools(cluster, "check", str(path))
        assert report["missing"] == []
        assert report["ballots"] == RESIDENTS
        assert report["participations"] == report["ballots"] == report["choices"]
        assert report["tally_total"] == report["tally_sum"] == RESIDENTS
        assert report["audit_ok"], report["audit_problem"]
        assert report["cast_entries"] == RESIDENTS
    finally:
        cluster.remove()
