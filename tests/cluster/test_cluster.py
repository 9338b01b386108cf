"""Two app servers behind nginx, a streaming replica, Redis and a worker, on one machine
(issue 22): what must hold when Maeul runs on more than one process."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests.cluster.conftest import (
    CLUSTER_DB,
    DIR,
    PROXY,
    REPLICA_PORT,
    REPO,
    SCRIPT,
    WEB_PORTS,
    cluster_db,
    run_in_cluster,
)

pytestmark = [pytest.mark.cluster]

SERVERS = [f"http://127.0.0.1:{port}" for port in WEB_PORTS]


def _residents(cluster: dict[str, Any], count: int) -> list[int]:
    return [next(cluster["next_resident"]) for _ in range(count)]


def _log_in(base: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=20)
    client.get("/accounts/login/")
    answer = client.post(
        "/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
        headers={"Referer": base + "/accounts/login/"},
    )
    shown = answer.text[answer.text.find("<main") :][:1500]
    assert answer.status_code == 302, shown
    return client


def test_a_resident_logs_in_on_one_server_and_continues_on_the_other(
    cluster: dict[str, Any],
) -> None:
    (index,) = _residents(cluster, 1)
    username = f"bench{index}"
    first = _log_in(SERVERS[0], username, cluster["seed"]["password"])
    session = first.cookies["sessionid"]
    first.close()
    for base in SERVERS:
        page = httpx.get(base + "/accounts/profile/", cookies={"sessionid": session}, timeout=20)
        assert page.status_code == 200, (base, page.status_code)
        assert username in page.text


def test_rate_limits_count_across_both_servers(cluster: dict[str, Any]) -> None:
    token = secrets.token_hex(16)
    statuses = []
    for attempt in range(6):  # the password-reset form allows 5 per hour per address
        base = SERVERS[attempt % 2]
        answer = httpx.post(
            base + "/accounts/password/reset/",
            data={"email": f"nobody{attempt}@example.org", "csrfmiddlewaretoken": token},
            cookies={"csrftoken": token},
            headers={"Referer": base + "/accounts/password/reset/"},
            timeout=20,
        )
        statuses.append(answer.status_code)
    assert statuses[:5] == [302] * 5, statuses
    assert statuses[5] == 429, statuses


def _cast(seed: dict[str, Any], index: int) -> str | None:
    """Cast resident ``index``'s ballot through nginx, retrying with the same Idempotency-Key
    as a phone would when the answer is lost; the receipt, or None when never acknowledged."""
    token = secrets.token_hex(16)
    headers = {
        "Cookie": f"sessionid={seed['sessions'][index]}; csrftoken={token}",
        "X-CSRFToken": token,
        "Idempotency-Key": f"cluster-{index}",
        "Referer": PROXY + "/",
    }
    options = seed["options"]
    for _attempt in range(10):
        try:
            answer = httpx.post(
                f"{PROXY}/api/polls/{seed['poll']}/ballots",
                json={"choices": [options[index % len(options)]]},
                headers=headers,
                timeout=20,
            )
        except httpx.HTTPError:
            time.sleep(0.3)
            continue
        if answer.status_code in (200, 201):
            receipt: str = answer.json()["receipt"]
            return receipt
        if answer.status_code in (502, 503, 504):
            time.sleep(0.3)
            continue
        raise AssertionError(f"cast {index}: {answer.status_code} {answer.text[:300]}")
    return None


def _kill_server(port: str) -> None:
    pid = int((DIR / f"web-{port}.pid").read_text())
    os.killpg(pid, signal.SIGKILL)


def test_a_burst_across_both_servers_with_one_killed_loses_no_acknowledged_ballot(
    cluster: dict[str, Any],
) -> None:
    seed = cluster["seed"]
    indexes = _residents(cluster, 240)
    acked: dict[int, str] = {}
    done = 0
    lock = threading.Lock()

    def one(index: int) -> None:
        nonlocal done
        receipt = _cast(seed, index)
        with lock:
            done += 1
            if receipt is not None:
                acked[index] = receipt

    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            futures = [pool.submit(one, index) for index in indexes]
            while done < len(indexes) // 3:
                time.sleep(0.05)
            _kill_server(WEB_PORTS[1])  # SIGKILL mid-burst: no graceful anything
            for future in futures:
                future.result()
    finally:
        subprocess.run([str(SCRIPT), "web", WEB_PORTS[1]], cwd=REPO, check=True)
    assert len(acked) == len(indexes)  # every phone got its receipt in the end
    checked = cluster_db("check", stdin=json.dumps({"seed": seed, "acked": acked}))
    assert checked == {"lost": 0, "double": 0}
    run_in_cluster(str(REPO / ".venv" / "bin" / "maeul"), "audit", "verify")  # exits 0 if intact


def _replica_sql(sql: str) -> str:
    done = subprocess.run(
        ["psql", "-X", "-Atq", "-h", "127.0.0.1", "-p", REPLICA_PORT, "-U", "postgres"]
        + ["-d", CLUSTER_DB, "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _primary_sql(sql: str) -> None:
    subprocess.run(
        ["psql", "-X", "-q", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
        + ["-d", CLUSTER_DB, "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
    )


def test_published_pages_read_the_replica_and_a_fresh_receipt_checks_at_once(
    cluster: dict[str, Any],
) -> None:
    seed = cluster["seed"]
    dashboard = f"{PROXY}/pledges/seoul-geumcheon-gu/"  # on REPLICA_READ_VIEWS
    assert "금천구" in httpx.get(dashboard, timeout=20).text
    _replica_sql("SELECT pg_wal_replay_pause()")
    try:
        _primary_sql(
            "UPDATE places_municipality SET name = '새이름구' WHERE slug = 'seoul-geumcheon-gu'"
        )
        stale = httpx.get(dashboard, timeout=20).text
        assert "새이름구" not in stale and "금천구" in stale  # the paused replica answered
        wrote = {"maeul_wrote": str(int(time.time()))}
        fresh = httpx.get(dashboard, cookies=wrote, timeout=20).text
        assert "새이름구" in fresh  # read-your-writes: the primary answered
        time.sleep(1.2)
        health = httpx.get(f"{PROXY}/healthz", timeout=20).json()
        assert health["replicas"]["replica1"]["lag_seconds"] > 0  # the lag shows
        (index,) = _residents(cluster, 1)
        receipt = _cast(seed, index)
        assert receipt is not None
        check = httpx.get(
            f"{PROXY}/votes/{seed['poll']}/check", params={"receipt": receipt}, timeout=20
        )
        assert 'class="badge ok"' in check.text  # the receipt check reads the primary
    finally:
        _replica_sql("SELECT pg_wal_replay_resume()")
        _primary_sql(
            "UPDATE places_municipality SET name = '금천구' WHERE slug = 'seoul-geumcheon-gu'"
        )


def test_a_notice_sent_from_one_app_server_is_stored_once_by_the_worker(
    cluster: dict[str, Any],
) -> None:
    """A ballot cast on one app server earns points; the points notice goes through Redis to
    the Celery worker, which stores it exactly once (the web process never runs the task)."""
    seed = cluster["seed"]
    cluster_db("award")
    (index,) = _residents(cluster, 1)
    token = secrets.token_hex(16)
    answer = httpx.post(
        f"{SERVERS[0]}/api/polls/{seed['poll']}/ballots",
        json={"choices": [seed["options"][0]]},
        headers={
            "Cookie": f"sessionid={seed['sessions'][index]}; csrftoken={token}",
            "X-CSRFToken": token,
            "Idempotency-Key": f"notice-{index}",
        },
        timeout=20,
    )
    assert answer.status_code == 201, answer.text[:300]
    found: dict[str, int] = {}
    for _ in range(150):  # the worker picks the task up within seconds
        found = cluster_db("notices", f"bench{index}", "points.awarded")
        if found["notices"]:
            break
        time.sleep(0.2)
    assert found["notices"] == 1, found
    time.sleep(2)  # a late duplicate would show by now
    assert cluster_db("notices", f"bench{index}", "points.awarded")["notices"] == 1
    worker_log = (DIR / "log" / "worker.log").read_text()
    assert "notifications.create_notices" in worker_log or "notifications.fan_out" in worker_log
