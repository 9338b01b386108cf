"""Casting ballots over HTTP at sustained load, then counting a million ballots.

    .venv/bin/python benchmarks/voting.py --seconds 60 --pgbench 4000

Creates its own PostgreSQL database (``maeul_bench`` on 127.0.0.1, dropped at the end unless
``--keep``), migrates it, creates residents with logged-in sessions and one open secret poll,
starts gunicorn with production-like settings (DEBUG off, persistent connections, plain HTTP
on loopback), and casts one ballot per simulated resident through
``POST /api/polls/{id}/ballots`` (session cookie, CSRF token, Idempotency-Key) with bounded
concurrency for ``--seconds``, from a non-blocking socket client that costs little CPU.
Afterwards it checks the database: every acknowledged receipt must be a counted ballot
(``lost``), no resident may hold two (``double``), and the audit chain must verify.
``--pgbench`` runs the cast's SQL statement through pgbench on the same database for
comparison. Then it loads 1,000,000 ballots into a second poll with ``INSERT ... SELECT`` and
times ``poll_tally``. The last line is ``ballots_per_s=X p50_ms=Y p99_ms=Z lost=L double=D``
(see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from seeding import check_ballots, seed_open_poll  # noqa: E402 (beside this file)

BIN = Path(sys.executable).parent


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _psql(base: str, sql: str) -> None:
    subprocess.run(
        ["psql", base + "/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
    )


async def _load(base: str, seed: dict, seconds: float, concurrency: int) -> tuple[list, dict]:
    import httpx

    poll, options, sessions = seed["poll"], seed["options"], seed["sessions"]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    acked: dict[int, str] = {}
    next_index = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker() -> None:
            nonlocal next_index
            while time.monotonic() < deadline and next_index < len(sessions):
                i = next_index
                next_index += 1
                token = secrets.token_hex(16)
                headers = {
                    "Cookie": f"sessionid={sessions[i]}; csrftoken={token}",
                    "X-CSRFToken": token,
                    "Idempotency-Key": f"bench-{i}",
                }
                began = time.perf_counter()
                try:
                    response = await client.post(
                        f"/api/polls/{poll}/ballots",
                        json={"choices": [options[i % len(options)]]},
                        headers=headers,
                    )
                except httpx.HTTPError:
                    statuses[0] = statuses.get(0, 0) + 1
                    continue
                latencies.append((time.perf_counter() - began) * 1000)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code == 201:
                    acked[i] = response.json()["receipt"]

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.monotonic() - started
    return latencies, {"statuses": statuses, "acked": acked, "elapsed": elapsed}


def _load_raw(
    host: str, port: int, seed: dict, seconds: float, concurrency: int
) -> tuple[list, dict]:
    """The same requests as ``_load`` from one thread with non-blocking sockets and an epoll
    loop, so that the generator costs tens of microseconds of CPU per ballot instead of
    milliseconds (httpx's async client took about a sixth of the two cores at 100 ballots/s).

    Plain HTTP/1.1: gunicorn's sync workers close the connection after every response, so
    each ballot opens its own connection, as a phone would; the response is read to the
    end of its Content-Length (or to the close).
    """
    import json
    import selectors

    poll, options, sessions = seed["poll"], seed["options"], seed["sessions"]
    path = f"/api/polls/{poll}/ballots"
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    acked: dict[int, str] = {}
    state = {"next": 0}
    deadline = time.monotonic() + seconds
    selector = selectors.DefaultSelector()

    def request(i: int) -> bytes:
        token = secrets.token_hex(16)
        body = json.dumps({"choices": [options[i % len(options)]]}).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Cookie: sessionid={sessions[i]}; csrftoken={token}\r\n"
            f"X-CSRFToken: {token}\r\nIdempotency-Key: bench-{i}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    def start() -> bool:
        if time.monotonic() >= deadline or state["next"] >= len(sessions):
            return False
        i = state["next"]
        state["next"] += 1
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        began = time.perf_counter()
        sock.connect((host, port))  # loopback: completes at once
        sock.sendall(request(i))
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ, {"i": i, "began": began, "buf": b""})
        return True

    def finish(sock: socket.socket, job: dict, status: int) -> None:
        selector.unregister(sock)
        sock.close()
        statuses[status] = statuses.get(status, 0) + 1
        if status:
            latencies.append((time.perf_counter() - job["began"]) * 1000)
        if status == 201:
            body = job["buf"].split(b"\r\n\r\n", 1)[1]
            acked[job["i"]] = json.loads(body)["receipt"]
        start()

    def complete(data: bytes) -> int | None:
        """The status code once the whole response is in, else None."""
        end = data.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = data[:end].decode("latin-1").split("\r\n")
        length = None
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        if length is None or len(data) - end - 4 < length:
            return None
        return int(head[0].split()[1])

    started = time.monotonic()
    for _ in range(concurrency):
        if not start():
            break
    while selector.get_map():
        for key, _events in selector.select(timeout=30):
            sock, job = key.fileobj, key.data
            try:
                chunk = sock.recv(65536)
            except OSError:
                chunk = b""
            if chunk:
                job["buf"] += chunk
                status = complete(job["buf"])
                if status is not None:
                    finish(sock, job, status)
            else:  # closed before a complete response
                status = complete(job["buf"]) or 0
                finish(sock, job, status)
    elapsed = time.monotonic() - started
    return latencies, {"statuses": statuses, "acked": acked, "elapsed": elapsed}


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process (Linux /proc), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_cpu() -> tuple[float, float, float]:
    """(busy, all, stolen) CPU seconds of the whole machine so far, from /proc/stat; stolen is
    time a virtual machine's host gave to others."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:7]) - idle) / ticks, sum(fields[:8]) / ticks, fields[7] / ticks


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _backends(database: str) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        return [row[0] for row in cursor.fetchall()]


PGBENCH_STATEMENT = """WITH k AS (SELECT nextval('pgb_n') AS n), p AS (
    INSERT INTO voting_participation (poll_id, resident_id, channel, recorded_by_id,
        paper_batch_id, assembly_id, created_at, revotes, receipt)
    SELECT {poll}, {first} - 1 + k.n, 'online', NULL, NULL, NULL, now(), 0, '' FROM k
    RETURNING 1
), c AS (
    INSERT INTO voting_castrequest (poll_id, token, receipt)
    SELECT {poll}, md5('key' || k.n), 'PGB-' || lpad(k.n::text, 10, '0') FROM k RETURNING 1
), b AS (
    INSERT INTO voting_ballot (id, poll_id, receipt, cast_on, slot, voided)
    SELECT md5('ballot' || k.n)::uuid, {poll}, 'PGB-' || lpad(k.n::text, 10, '0'),
        current_date, NULL, false FROM k RETURNING 1
), m AS (
    INSERT INTO voting_ballotchoice (ballot_id, poll_id, option_id, rank)
    SELECT md5('ballot' || k.n)::uuid, {poll}, {option}, 1 FROM k RETURNING 1
)
SELECT seq, created_at, prev_hash, entry_hash FROM {append};
"""


def _pgbench(server: str, database: str, seed: dict, clients: int, transactions: int) -> str:
    """Run the cast's SQL statement — the shape maeul/voting/fastpath.py sends: four inserts
    as CTEs and the audit append last — through pgbench on the benchmark database, on the
    second poll, one seeded resident per transaction: PostgreSQL's work per ballot without
    HTTP, Django, or the request's reads (session, account, profile). Returns the figures."""
    import re
    import tempfile

    from django.db.models import Min

    from maeul.accounts.models import User
    from maeul.auditlog.services import append_sql, pending_entry
    from maeul.voting import fastpath
    from maeul.voting.models import Poll

    poll = Poll.objects.select_related("municipality").get(pk=seed["tally_poll"])
    entry = pending_entry(
        kind="voting.ballot_cast",
        subject=poll,
        municipality=poll.municipality,
        data={"poll": poll.pk, "channel": "online", "replaced": False},
    )
    call, params = append_sql(entry, after=fastpath._AFTER)
    literals = ["NULL" if v is None else "'" + str(v).replace("'", "''") + "'" for v in params]
    script = PGBENCH_STATEMENT.format(
        poll=poll.pk,
        first=User.objects.filter(resident__isnull=False).aggregate(Min("pk"))["pk__min"],
        option=poll.options.order_by("position").values_list("pk", flat=True)[0],
        append=call.replace("%s", "{}").format(*literals),
    )
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as handle:
        handle.write(" ".join(script.split()) + "\n")  # pgbench: one command per line
    url = f"{server}/{database}"
    subprocess.run(["psql", url, "-q", "-c", "CREATE SEQUENCE IF NOT EXISTS pgb_n"], check=True)
    command = ["pgbench", "-n", "-c", str(clients), "-j", "2", "-t", str(transactions)]
    out = subprocess.run(
        [*command, "-f", handle.name, url], check=True, capture_output=True, text=True
    ).stdout
    Path(handle.name).unlink()
    failed = re.search(r"number of failed transactions: (\d+)", out)
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    latency = re.search(r"latency average = ([\d.]+) ms", out)
    return (
        f"tps={float(tps[1]) if tps else 0:.1f} latency_avg_ms={latency[1] if latency else '?'} "
        f"failed={failed[1] if failed else '?'} ({' '.join(command)})"
    )


def _tally_million(seed: dict, n: int) -> dict[str, float]:
    from django.db import connection

    from maeul.voting.models import Poll
    from maeul.voting.selectors import poll_tally

    poll = Poll.objects.get(pk=seed["tally_poll"])
    options = list(poll.options.order_by("position").values_list("pk", flat=True))
    already = poll.ballots.count()  # the pgbench run's ballots, if any
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_ids AS SELECT g, gen_random_uuid() AS id "
            "FROM generate_series(1, %s) AS g",
            [n],
        )
        cursor.execute(
            "INSERT INTO voting_ballot (id, poll_id, receipt, cast_on, voided) "
            "SELECT id, %s, upper(substr(md5(g::text), 1, 4) || '-' || substr(md5(g::text), 5, 4)"
            " || '-' || substr(md5(g::text), 9, 4)), CURRENT_DATE, false FROM bench_ids",
            [poll.pk],
        )
        cursor.execute(
            "INSERT INTO voting_ballotchoice (ballot_id, poll_id, option_id, rank) "
            "SELECT id, %s, (ARRAY[%s, %s, %s, %s]::bigint[])[1 + g %% 4], 1 "
            "FROM bench_ids",
            [poll.pk, *options],
        )
        cursor.execute("ANALYZE voting_ballot; ANALYZE voting_ballotchoice")
    loaded = time.perf_counter() - began
    times = []
    for _ in range(3):
        began = time.perf_counter()
        tally = poll_tally(poll, electorate=n + already)
        times.append(time.perf_counter() - began)
    assert tally.total_ballots == n + already, tally.total_ballots
    assert sum(o.votes for o in tally.options) == n + already
    return {
        "ballots": n + already,
        "load_s": loaded,
        "tally_s": min(times),
        "tally_median_s": statistics.median(times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--residents", type=int, default=0, help="default: 800 per second of load, plus 1,000"
    )
    parser.add_argument("--tally-ballots", type=int, default=1_000_000)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="maeul_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--pgbench",
        type=int,
        default=0,
        metavar="N",
        help="then run the cast's SQL statement with pgbench, 8 clients x N transactions",
    )
    parser.add_argument(
        "--client",
        choices=["raw", "httpx"],
        default="raw",
        help="load generator: non-blocking sockets in one thread (default), or httpx's async client",
    )
    parser.add_argument(
        "--switch-interval",
        type=float,
        default=0.0,
        help="sys.setswitchinterval() in the gunicorn workers, in seconds (0: Python's 0.005)",
    )
    args = parser.parse_args()
    residents = args.residents or int(800 * args.seconds) + 1000

    _psql(args.server, f"DROP DATABASE IF EXISTS {args.database}")
    _psql(args.server, f"CREATE DATABASE {args.database}")
    url = f"{args.server}/{args.database}?conn_max_age=600"
    env = {
        **os.environ,
        "MAEUL_DATABASE_URL": url,
        "MAEUL_DEBUG": "0",
        "MAEUL_DEMO": "0",
        "MAEUL_HTTPS": "0",
        "MAEUL_TESTING": "0",
        "MAEUL_ALLOWED_HOSTS": "127.0.0.1",
        "MAEUL_LOG_LEVEL": "WARNING",
        # Every simulated resident connects from 127.0.0.1, where a real vote's residents come
        # from many addresses: the per-address cast limit is off here, the per-account one on.
        "MAEUL_CAST_LIMIT_ADDRESS": "0",
    }
    os.environ.update(env)
    os.environ.setdefault("MAEUL_SECRET_KEY", secrets.token_urlsafe(50))
    env["MAEUL_SECRET_KEY"] = os.environ["MAEUL_SECRET_KEY"]
    server = None
    try:
        subprocess.run([str(BIN / "maeul"), "migrate", "-v", "0"], cwd=REPO, env=env, check=True)
        sys.path.insert(0, str(REPO))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maeul.settings")
        import django

        django.setup()
        began = time.perf_counter()
        seed = seed_open_poll(residents)
        print(f"seeded {residents} residents with sessions in {time.perf_counter() - began:.1f} s")
        port = _port()
        extra: list[str] = []
        if args.switch_interval:
            config = Path(f"/tmp/maeul-bench-gunicorn-{os.getpid()}.py")
            config.write_text(
                "import sys\n\n\ndef post_fork(server, worker):\n"
                f"    sys.setswitchinterval({args.switch_interval!r})\n"
            )
            extra = ["-c", str(config)]
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                *extra,
                "-w",
                str(args.workers),
                "--threads",
                str(args.threads),
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "maeul.wsgi",
            ],
            cwd=REPO,
            env=env,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        import httpx

        for _ in range(300):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        workers = _children(server.pid)
        workers_cpu = sum(_cpu_seconds(pid) for pid in workers)
        client_cpu = time.process_time()
        load_before = os.getloadavg()[0]
        machine_before = _machine_cpu()
        if args.client == "httpx":
            latencies, info = asyncio.run(_load(base, seed, args.seconds, args.concurrency))
        else:
            latencies, info = _load_raw("127.0.0.1", port, seed, args.seconds, args.concurrency)
        client_cpu = time.process_time() - client_cpu
        workers_cpu = sum(_cpu_seconds(pid) for pid in workers) - workers_cpu
        database_cpu = sum(_cpu_seconds(pid) for pid in _backends(args.database))
        load_after = os.getloadavg()[0]
        machine_busy, machine_all, stolen = (
            a - b for a, b in zip(_machine_cpu(), machine_before, strict=True)
        )
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        server = None
        lost, double = check_ballots(seed, info["acked"])
        ok = len(info["acked"])
        rate = ok / info["elapsed"]
        ordered = sorted(latencies)
        p50 = ordered[len(ordered) // 2] if ordered else 0.0
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0
        print(
            f"responses by status: {dict(sorted(info['statuses'].items()))}; "
            f"{ok} ballots in {info['elapsed']:.1f} s; workers={args.workers} "
            f"threads={args.threads} concurrency={args.concurrency} "
            f"switch_interval={args.switch_interval or 0.005} client={args.client}"
        )
        per = 1000 / max(1, sum(info["statuses"].values()))
        print(
            f"CPU per request: gunicorn workers {workers_cpu * per:.2f} ms, PostgreSQL backends "
            f"{database_cpu * per:.2f} ms, load generator {client_cpu * per:.2f} ms; "
            f"load average {load_before:.2f} before, {load_after:.2f} after"
        )
        ours = workers_cpu + database_cpu + client_cpu
        print(
            f"machine CPU during the load: {100 * machine_busy / machine_all:.0f}% busy, of "
            f"which this benchmark {100 * ours / machine_all:.0f}% and everything else "
            f"{100 * max(0.0, machine_busy - ours) / machine_all:.0f}%, stolen by the host "
            f"{100 * stolen / machine_all:.0f}% (of {os.cpu_count()} cores)"
        )
        if args.pgbench:
            transactions = min(args.pgbench, len(seed["sessions"]) // 8)
            result = _pgbench(args.server, args.database, seed, 8, transactions)
            print(f"pgbench of the cast statement, same database, right after: {result}")
        from maeul.auditlog.services import audit_verify

        chain = audit_verify()
        print(f"audit chain: {'verifies' if chain.ok else chain.problem}, {chain.entries} entries")
        if args.tally_ballots:
            tally = _tally_million(seed, args.tally_ballots)
            print(
                f"tally of {tally['ballots']} ballots: {tally['tally_s']:.3f} s best of 3 "
                f"(median {tally['tally_median_s']:.3f} s; loading took {tally['load_s']:.1f} s)"
            )
        print(
            f"ballots_per_s={rate:.1f} p50_ms={p50:.1f} p99_ms={p99:.1f} lost={lost} "
            f"double={double}"
        )
        return 0 if lost == 0 and double == 0 and chain.ok else 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGKILL)
        if not args.keep:
            from django.db import connections

            connections.close_all()
            _psql(args.server, f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")


if __name__ == "__main__":
    raise SystemExit(main())
