"""What residents' pages cost at a large municipality's size, served as the README deploys it.

    .venv/bin/python benchmarks/pages.py            # 10,000 proposals, 100,000 residents
    .venv/bin/python benchmarks/pages.py --small    # a tenth of it, for a quick run

Creates its own PostgreSQL database (``maeul_pages_bench`` on 127.0.0.1; dropped at the end unless
``--keep``; ``--reuse`` measures a kept one again without seeding, and keeps it), migrates it,
loads the demo (``maeul demo --no-serve``) and adds, with bulk inserts: 100,000 verified residents
of Geumcheon-gu, a PB cycle with 10,000 proposals (6,463 feasible) whose result is computed and
published through the services, a second cycle in its voting phase with the mobile vote open (the
ballot), 500 polls, and a published poll with 20,000 ballots cast by as many residents. Then it
starts gunicorn (4 workers x 4 threads, DEBUG off, persistent database connections) and measures
each page:

- one client in sequence (a kept-alive connection): median and p95 of ``--requests``
  requests (default 50) after three not counted;
- the server's CPU time per request: the gunicorn workers' user + system time from /proc
  over those requests, divided by their number;
- SQL queries per request: the same page rendered in this process by Django's test client
  with the queries captured (the server's settings, the same database);
- throughput with ``--concurrency`` clients (default 20), each on its own connection.

A page that answers 404 is skipped with a note (a page another change has not added yet);
any other status than 200 counts as an error. The last line is
``worst_page=... seq_p95_ms=... app_cpu_ms=... queries_max=... errors=N``: the page with the
highest sequential p95, the highest CPU per request and the most queries of all pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SLUG = "seoul-geumcheon-gu"
BIG_YEAR = 2030
BALLOT_YEAR = 2031


@dataclass(frozen=True)
class Scale:
    proposals: int
    feasible: int
    polls: int
    ballots: int
    residents: int
    ballot_proposals: int


LARGE = Scale(10_000, 6_463, 500, 20_000, 100_000, 500)
SMALL = Scale(1_000, 646, 50, 2_000, 10_000, 100)


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


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


# ---- seeding ------------------------------------------------------------------------------


def _official(district: object) -> object:
    from maeul.accounts.models import Official, OfficialRole, User

    user, created = User.objects.get_or_create(username="bench.manager")
    if created:
        record = Official.objects.create(user=user, municipality=district)
        OfficialRole.objects.create(official=record, role="programme_manager")
    return user


def _residents(district: object, n: int) -> list[int]:
    """``n`` verified residents spread over the district's dongs; their user ids."""
    from django.utils import timezone

    from maeul.accounts.models import ResidentProfile, User
    from maeul.places.models import Municipality

    dongs = list(Municipality.objects.filter(parent=district).order_by("pk"))
    now = timezone.now()
    ids: list[int] = []
    for start in range(0, n, 5000):
        users = User.objects.bulk_create(
            User(username=f"bench{i}", password="!", name=f"주민{i}")
            for i in range(start, min(start + 5000, n))
        )
        ResidentProfile.objects.bulk_create(
            ResidentProfile(
                user=u,
                birth_year=1940 + u.pk % 66,
                gender=("female", "male")[u.pk % 2],
                district=district,
                dong=dongs[u.pk % len(dongs)] if dongs else None,
                verification_status="verified",
                verified_at=now,
            )
            for u in users
        )
        ids += [u.pk for u in users]
    return ids


WORDS = [
    "놀이터",
    "도서관",
    "주차장",
    "공원",
    "산책로",
    "경로당",
    "가로등",
    "쉼터",
    "벽화",
    "정류장",
]


def _cycle(district: object, year: int, phase: str, total: int) -> object:
    from django.utils import timezone

    from maeul.budgeting.models import CategoryGroup, Cycle, PhaseWindow, ProjectType

    cycle = Cycle.objects.create(
        municipality=district,
        cycle_year=year,
        budget_year=year + 1,
        title=f"{year + 1}년도 주민참여예산 (벤치마크)",
        total_amount_won=total,
        phase=phase,
        rules_locked_at=timezone.now(),
        committee_weight_percent=50,
    )
    today = timezone.localdate()
    PhaseWindow.objects.create(
        cycle=cycle,
        phase=phase,
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=10),
    )
    names = [("parks", "공원·환경"), ("welfare", "복지"), ("traffic", "교통·안전")]
    names += [("culture", "문화·체육"), ("living", "생활 환경")]
    for order, (code, name) in enumerate(names):
        CategoryGroup.objects.create(
            cycle=cycle, code=code, name=name, cap_won=total // 5, sort_order=order
        )
    ProjectType.objects.create(cycle=cycle, code="general", name="일반사업", cap_won=100_000_000)
    ProjectType.objects.create(cycle=cycle, code="program", name="행사성", cap_won=20_000_000)
    return cycle


def _proposals(cycle: object, author_ids: list[int], n: int, feasible: int, rng: random.Random):
    from django.utils import timezone

    from maeul.budgeting.models import Proposal
    from maeul.places.models import Municipality

    groups = list(cycle.groups.order_by("sort_order"))
    types = list(cycle.types.order_by("-cap_won"))
    dongs = list(Municipality.objects.filter(parent=cycle.municipality).order_by("pk"))
    feasible_numbers = set(rng.sample(range(1, n + 1), feasible))
    now = timezone.now()
    rows = []
    for number in range(1, n + 1):
        kind = types[0] if number % 4 else types[1]
        status = (
            "feasible" if number in feasible_numbers else rng.choice(["submitted", "infeasible"])
        )
        word = WORDS[number % len(WORDS)]
        rows.append(
            Proposal(
                cycle=cycle,
                number=number,
                author_id=author_ids[number % len(author_ids)],
                title=f"{dongs[number % len(dongs)].name if dongs else ''} {word} 개선 {number}",
                description=f"{word}을 고쳐 주세요. " * 5,
                address=f"가산디지털로 {number}",
                dong=dongs[number % len(dongs)] if dongs else None,
                group=groups[number % len(groups)],
                type=kind,
                estimated_cost_won=rng.randrange(5, 120) * 1_000_000
                if kind.code == "general"
                else rng.randrange(2, 25) * 1_000_000,
                status=status,
                submitted_at=now,
                screened_at=now if status != "submitted" else None,
                committee_approvals=rng.randrange(0, 41) if status == "feasible" else 0,
                mobile_approvals=rng.randrange(0, 20_000) if status == "feasible" else 0,
            )
        )
    Proposal.objects.bulk_create(rows, batch_size=2000)


def _polls(district: object, official: object, n: int, rng: random.Random) -> None:
    """``n`` announced polls. Their announcements tell nobody: since issue 15 announcing a
    poll writes one notice per eligible resident (100,000 here), which made the seeding take
    hours; the pages measured list polls, not notices (the big poll below still tells every
    resident, so the inbox badge has realistic data; ``benchmarks/notifications.py``
    measures the fan-out itself)."""
    from unittest import mock

    from django.utils import timezone

    now = timezone.now()
    with mock.patch("maeul.voting.notices.poll_announced"):
        _announced_polls(district, official, n, rng, now)


def _announced_polls(
    district: object, official: object, n: int, rng: random.Random, now: dt.datetime
) -> None:
    from maeul.voting import services

    for i in range(n):
        opens = now + dt.timedelta(days=rng.randrange(-30, 30))
        poll = services.poll_create(
            actor=official,
            municipality=district,
            options=["찬성", "반대"],
            code=f"bench-{i}",
            title=f"주민 투표 {i}: {WORDS[i % len(WORDS)]} 설치",
            kind="single",
            opens_at=opens,
            closes_at=opens + dt.timedelta(days=7),
        )
        services.poll_announce(actor=official, poll=poll)


def _big_poll(district: object, official: object, resident_ids: list[int], ballots: int) -> int:
    """A poll with ``ballots`` ballots by as many residents, closed and published."""
    from django.db import connection
    from django.utils import timezone

    from maeul.voting import services
    from maeul.voting.models import Poll

    now = timezone.now()
    poll = services.poll_create(
        actor=official,
        municipality=district,
        options=["가 안", "나 안", "다 안", "라 안"],
        code="bench-big",
        title="금천구 주민 투표: 가장 필요한 시설 (2만 명)",
        kind="single",
        opens_at=now - dt.timedelta(days=7),
        closes_at=now + dt.timedelta(minutes=5),
    )
    services.poll_announce(actor=official, poll=poll)
    options = list(poll.options.order_by("position").values_list("pk", flat=True))
    voters = resident_ids[:ballots]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_voters AS SELECT g, v AS user_id, gen_random_uuid() AS id, "
            "upper(substr(md5(g::text), 1, 4) || '-' || substr(md5(g::text), 5, 4) || '-' "
            "|| substr(md5(g::text), 9, 4)) AS receipt "
            "FROM unnest(%s::bigint[]) WITH ORDINALITY AS t(v, g)",
            [voters],
        )
        cursor.execute(
            "INSERT INTO voting_participation (poll_id, resident_id, channel, created_at, "
            "revotes, receipt, kept_receipt) "
            "SELECT %s, user_id, 'online', now(), 0, receipt, '' FROM bench_voters",
            [poll.pk],
        )
        cursor.execute(
            "INSERT INTO voting_ballot (id, poll_id, receipt, cast_on, voided) "
            "SELECT id, %s, receipt, CURRENT_DATE, false FROM bench_voters",
            [poll.pk],
        )
        cursor.execute(
            "INSERT INTO voting_ballotchoice (ballot_id, poll_id, option_id, rank) "
            "SELECT id, %s, (ARRAY[%s, %s, %s, %s]::bigint[])[1 + g %% 4], 1 FROM bench_voters",
            [poll.pk, *options],
        )
        cursor.execute("DROP TABLE bench_voters")
    Poll.objects.filter(pk=poll.pk).update(closes_at=now - dt.timedelta(minutes=1))
    poll.refresh_from_db()
    services.poll_publish(actor=official, poll=poll)
    return int(poll.pk)


def seed(scale: Scale) -> dict[str, object]:
    from django.db import connection

    from maeul.budgeting import services as pb
    from maeul.places.models import Municipality

    rng = random.Random(23)
    district = Municipality.objects.get(slug=SLUG)
    official = _official(district)
    marks = [("start", time.perf_counter())]
    residents = _residents(district, scale.residents)
    marks.append(("residents", time.perf_counter()))
    cycle = _cycle(district, BIG_YEAR, "results", 500_000_000 * 100)
    _proposals(cycle, residents, scale.proposals, scale.feasible, rng)
    cycle.committee_voters, cycle.mobile_voters = 40, 20_000
    cycle.save(update_fields=["committee_voters", "mobile_voters"])
    marks.append(("proposals", time.perf_counter()))
    run = pb.result_compute(actor=official, cycle=cycle)
    marks.append(("compute", time.perf_counter()))
    pb.result_publish(actor=official, run=run)
    marks.append(("publish", time.perf_counter()))
    ballot_cycle = _cycle(district, BALLOT_YEAR, "voting", 5_000_000_000)
    _proposals(
        ballot_cycle, residents, scale.ballot_proposals, scale.ballot_proposals, random.Random(5)
    )
    from django.utils import timezone

    now = timezone.now()
    pb.mobile_vote_open(
        actor=official,
        cycle=ballot_cycle,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=7),
    )
    marks.append(("ballot cycle", time.perf_counter()))
    _polls(district, official, scale.polls, rng)
    marks.append(("polls", time.perf_counter()))
    big = _big_poll(district, official, residents, scale.ballots)
    marks.append(("big poll", time.perf_counter()))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        "seeded: "
        + ", ".join(
            f"{name} {b - a:.1f} s" for (_n, a), (name, b) in zip(marks, marks[1:], strict=False)
        )
    )
    return {"big_poll": big, "resident": residents[0]}


def session_for(user_id: int) -> str:
    """A logged-in session for the resident ``user_id`` (the ballot and 내 활동 pages)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from maeul.accounts.models import User

    user = User.objects.get(pk=user_id)
    store = SessionStore()
    store.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "maeul.accounts.backends.MaeulBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
    )
    store.create()
    return str(store.session_key)


# ---- measuring ----------------------------------------------------------------------------


def pages(info: dict[str, object]) -> list[tuple[str, str, bool]]:
    """(name, path, logged in) of the pages measured."""
    from maeul.budgeting.models import Proposal

    pb = f"/pb/m/{SLUG}/{BIG_YEAR}"
    last = max(1, -(-Proposal.objects.filter(cycle__cycle_year=BIG_YEAR).count() // 20))
    feasible = (
        Proposal.objects.filter(cycle__cycle_year=BIG_YEAR, status="feasible")
        .order_by("-mobile_approvals")
        .values_list("number", flat=True)
        .first()
    )
    return [
        ("municipality_home", f"/m/{SLUG}/", False),
        ("cycle", f"{pb}/", False),
        ("proposals_first", f"{pb}/proposals/", False),
        ("proposals_last", f"{pb}/proposals/?page={last}", False),
        ("proposal_search", f"{pb}/proposals/?q=%EB%86%80%EC%9D%B4%ED%84%B0", False),
        ("proposal", f"{pb}/proposals/{feasible}/", False),
        ("ballot", f"/pb/m/{SLUG}/{BALLOT_YEAR}/ballot/1/", True),
        ("results", f"{pb}/results/", False),
        ("results_steps_last", f"{pb}/results/steps/?page=last", False),
        ("analysis", f"{pb}/analysis/", False),
        ("vote_results", f"/votes/{info['big_poll']}/results/", False),
        ("votes_list", "/votes/", False),
        ("pledges_dashboard", f"/pledges/{SLUG}/", False),
        ("my_activity", "/me/", True),
        ("api_pb_result", f"/api/pb/cycles/{info['cycle']}/result", False),
    ]


def _get(conn: http.client.HTTPConnection, path: str, cookie: str) -> tuple[int, int]:
    headers = {"Accept-Language": "ko", "Cookie": cookie} if cookie else {"Accept-Language": "ko"}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    return response.status, len(body)


def sequential(port: int, path: str, cookie: str, n: int, workers: list[int]) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    status, size = 0, 0
    for _ in range(3):
        status, size = _get(conn, path, cookie)
    if status == 404:
        conn.close()
        return {"status": 404}
    cpu = sum(_cpu_seconds(pid) for pid in workers)
    times, errors = [], 0
    for _ in range(n):
        began = time.perf_counter()
        status, size = _get(conn, path, cookie)
        times.append((time.perf_counter() - began) * 1000)
        errors += status != 200
    cpu = sum(_cpu_seconds(pid) for pid in workers) - cpu
    conn.close()
    times.sort()
    return {
        "status": status,
        "bytes": size,
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)],
        "cpu_ms": 1000 * cpu / n,
        "errors": errors,
    }


def concurrent(port: int, path: str, cookie: str, clients: int, per_client: int) -> dict:
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        bad = 0
        for _ in range(per_client):
            try:
                status, _size = _get(conn, path, cookie)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status = 0
            bad += status != 200
        conn.close()
        with lock:
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return {"rps": clients * per_client / elapsed, "errors": errors[0]}


def queries(path: str, session: str) -> int:
    """SQL queries of one request for ``path``, rendered in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ko")
    if session:
        client.cookies["sessionid"] = session
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    return len(ctx.captured_queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="a tenth of the large size")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--per-client", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="maeul_pages_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database again")
    parser.add_argument("--only", default="", help="comma-separated page names to measure")
    args = parser.parse_args()
    scale = SMALL if args.small else LARGE

    if not args.reuse:
        _psql(args.server, f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
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
    }
    os.environ.update(env)
    os.environ.setdefault("MAEUL_SECRET_KEY", "pages-benchmark-" + "x" * 40)
    env["MAEUL_SECRET_KEY"] = os.environ["MAEUL_SECRET_KEY"]
    server = None
    try:
        if not args.reuse:
            began = time.perf_counter()
            subprocess.run(
                [str(BIN / "maeul"), "migrate", "-v", "0"], cwd=REPO, env=env, check=True
            )
            subprocess.run(
                [str(BIN / "maeul"), "demo", "--no-serve"],
                cwd=REPO,
                env=env,
                check=True,
                capture_output=True,
            )
            print(f"migrated and loaded the demo in {time.perf_counter() - began:.1f} s")
        sys.path.insert(0, str(REPO))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maeul.settings")
        import django

        django.setup()
        from maeul.accounts.models import User
        from maeul.budgeting.models import Cycle
        from maeul.voting.models import Poll

        if not args.reuse:
            began = time.perf_counter()
            seed(scale)
            print(f"seeded in {time.perf_counter() - began:.1f} s")
        info: dict[str, object] = {
            "big_poll": Poll.objects.get(code="bench-big").pk,
            "cycle": Cycle.objects.get(municipality__slug=SLUG, cycle_year=BIG_YEAR).pk,
        }
        session = session_for(User.objects.get(username="bench0").pk)
        port = _port()
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
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
        for _ in range(300):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                if _get(conn, "/healthz", "")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        workers = _children(server.pid)
        rows = []
        notes = []
        wanted = set(filter(None, args.only.split(",")))
        total_errors = 0
        for name, path, logged_in in pages(info):
            if wanted and name not in wanted:
                continue
            if path.endswith("page=last"):
                from maeul.budgeting.models import ResultRun

                run = ResultRun.objects.get(cycle_id=info["cycle"], published_at__isnull=False)
                steps = (run.summary or {}).get("trace", 100)
                from maeul.budgeting.views.public import TRACE_STEPS_PER_PAGE as per

                path = path.replace("page=last", f"page={max(1, -(-steps // per))}")
            cookie = f"sessionid={session}" if logged_in else ""
            seq = sequential(port, path, cookie, args.requests, workers)
            if seq["status"] == 404:
                notes.append(f"{name}: {path} answers 404, skipped")
                continue
            conc = concurrent(port, path, cookie, args.concurrency, args.per_client)
            n_queries = queries(path, session if logged_in else "")
            errors = seq["errors"] + conc["errors"]
            total_errors += errors
            rows.append((name, path, seq, conc, n_queries, errors))
            print(
                f"{name:20} {seq['median']:8.1f} {seq['p95']:8.1f} {seq['cpu_ms']:8.1f} "
                f"{n_queries:4d} {conc['rps']:7.1f} {seq['bytes']:9d} {errors:3d}  {path}",
                flush=True,
            )
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        server = None
        print()
        print(
            f"| page | median ms | p95 ms | server CPU ms/request | queries | "
            f"req/s with {args.concurrency} clients | bytes | errors |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, path, seq, conc, n_queries, errors in rows:
            print(
                f"| {name} (`{path}`) | {seq['median']:.1f} | {seq['p95']:.1f} | "
                f"{seq['cpu_ms']:.1f} | {n_queries} | {conc['rps']:.1f} | {seq['bytes']:,} | "
                f"{errors} |"
            )
        for note in notes:
            print(f"note: {note}")
        worst = max(rows, key=lambda r: r[2]["p95"])
        print(
            f"scale: {'small' if args.small else 'large'}; workers={args.workers} "
            f"threads={args.threads}; load average {os.getloadavg()[0]:.2f}"
        )
        print(
            f"worst_page={worst[0]} seq_p95_ms={worst[2]['p95']:.1f} "
            f"app_cpu_ms={max(r[2]['cpu_ms'] for r in rows):.1f} "
            f"queries_max={max(r[4] for r in rows)} errors={total_errors}"
        )
        return 0 if total_errors == 0 else 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGKILL)
        # A database measured with --reuse took minutes to seed and is measured again and
        # again (before/after a change): dropping it at the end would throw that away.
        if not args.keep and not args.reuse:
            from django.db import connections

            connections.close_all()
            _psql(args.server, f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")


if __name__ == "__main__":
    raise SystemExit(main())
