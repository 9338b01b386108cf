"""Finding 9 of the security review: ``/healthz`` said "ok" with the database down, so a load
balancer kept sending residents to a process that could only fail.

Now ``/healthz`` is the readiness check (database, and the cache when Redis is configured):
503 naming what is unreachable. ``/livez`` answers 200 while the process runs, whatever the
database does, so an orchestrator does not restart processes for an outage a restart cannot
cure. Shown on real web processes whose database (or cache) refuses connections.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from django.test import Client

from tests.security.live_process import UNREACHABLE_DATABASES, free_port, maeul_process

REACHABLE_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def _postgres_running() -> bool:
    try:
        import psycopg

        psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres").close()
    except Exception:
        return False
    return True


def test_ready_process_answers_ok_with_its_checks(client: Client, db: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert client.get("/livez").status_code == 200


@pytest.mark.slow
@pytest.mark.parametrize("backend", sorted(UNREACHABLE_DATABASES))
def test_unreachable_database_makes_healthz_503_but_livez_200(tmp_path: Path, backend: str) -> None:
    with maeul_process(tmp_path, MAEUL_DATABASE_URL=UNREACHABLE_DATABASES[backend]) as base:
        ready = httpx.get(base + "/healthz", timeout=10)
        assert ready.status_code == 503
        assert ready.json() == {"status": "unavailable", "checks": {"database": "unreachable"}}
        assert "127.0.0.1" not in ready.text and "nonexistent" not in ready.text
        alive = httpx.get(base + "/livez", timeout=10)
        assert alive.status_code == 200 and alive.json() == {"status": "ok"}


@pytest.mark.slow
def test_reachable_database_makes_healthz_200(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ready.sqlite3'}"
    with maeul_process(tmp_path, MAEUL_DATABASE_URL=url) as base:
        ready = httpx.get(base + "/healthz", timeout=10)
        assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok"}
    if _postgres_running():
        with maeul_process(tmp_path, MAEUL_DATABASE_URL=REACHABLE_POSTGRES) as base:
            assert httpx.get(base + "/healthz", timeout=10).status_code == 200


@pytest.mark.slow
def test_configured_but_unreachable_cache_makes_healthz_503(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ready.sqlite3'}"
    redis = f"redis://127.0.0.1:{free_port()}/0"  # a port nothing listens on
    with maeul_process(tmp_path, MAEUL_DATABASE_URL=url, MAEUL_REDIS_URL=redis) as base:
        ready = httpx.get(base + "/healthz", timeout=10)
        assert ready.status_code == 503
        assert ready.json()["checks"] == {"database": "ok", "cache": "unreachable"}
        assert httpx.get(base + "/livez", timeout=10).status_code == 200
