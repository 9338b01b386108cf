"""Casting ballots through the local cluster (two app servers behind nginx) next to one app
server alone, in the same run, on the same database.

    .venv/bin/python benchmarks/cluster.py --seconds 30

Brings the cluster up (``deploy/local-cluster.sh up``; it is taken down at the end unless
``--keep``), turns the per-address cast limit off on its app servers (every simulated resident
connects from 127.0.0.1), seeds residents with logged-in sessions and one open poll in the
cluster's database, then casts for ``--seconds`` against one app server directly, and for as
long against nginx in front of both, each phase with its own residents. After each phase the
database is checked: every acknowledged receipt is a counted ballot (``lost``) and nobody holds
two (``double``). The last line is
``single_ballots_per_s=… single_p99_ms=… cluster_ballots_per_s=… cluster_p99_ms=… lost=… double=…``.
On a machine with two cores both configurations share the same two cores, so the cluster
shows what the extra hop and the second server cost or give there, not the scaling of more
machines.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from seeding import check_ballots, seed_open_poll  # noqa: E402 (beside this file)
from voting import _load  # noqa: E402

SCRIPT = REPO / "deploy" / "local-cluster.sh"
DIR = Path(os.environ.get("MAEUL_CLUSTER_DIR", "/tmp/maeul-cluster"))


def _cluster(*args: str) -> None:
    subprocess.run([str(SCRIPT), *args], cwd=REPO, check=True)


def _use_cluster_settings() -> None:
    for line in (DIR / "maeul.env").read_text().splitlines():
        name, _, value = line.partition("=")
        if name:
            os.environ[name] = value
    os.environ.pop("MAEUL_TESTING", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maeul.settings")


def _phase(name: str, base: str, seed: dict, seconds: float, concurrency: int) -> dict:
    latencies, info = asyncio.run(_load(base, seed, seconds, concurrency))
    lost, double = check_ballots(seed, info["acked"])
    ordered = sorted(latencies) or [0.0]
    result = {
        "ballots_per_s": len(info["acked"]) / info["elapsed"],
        "p50_ms": statistics.median(ordered),
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
        "lost": lost,
        "double": double,
        "statuses": info["statuses"],
    }
    print(
        f"{name}: {result['ballots_per_s']:.0f} ballots/s, p50 {result['p50_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms, lost {lost}, double {double}, statuses {info['statuses']}"
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--residents", type=int, default=0, help="default: 600 per second")
    parser.add_argument("--keep", action="store_true", help="leave the cluster up afterwards")
    args = parser.parse_args()
    per_phase = args.residents or int(600 * args.seconds)
    _cluster("up")
    try:
        with (DIR / "maeul.env").open("a") as env:
            env.write("MAEUL_CAST_LIMIT_ADDRESS=0\n")
        for port in os.environ.get("MAEUL_CLUSTER_WEB_PORTS", "8181 8182").split():
            _cluster("web", port)
        _use_cluster_settings()
        import django

        django.setup()
        began = time.perf_counter()
        seed = seed_open_poll(2 * per_phase)
        print(f"seeded {2 * per_phase} residents in {time.perf_counter() - began:.1f} s")
        sessions = seed["sessions"]
        first = {**seed, "sessions": sessions[:per_phase]}
        second = {**seed, "sessions": sessions[per_phase:]}
        web = os.environ.get("MAEUL_CLUSTER_WEB_PORTS", "8181 8182").split()[0]
        proxy = os.environ.get("MAEUL_CLUSTER_PORT", "8180")
        single = _phase(
            "one app server", f"http://127.0.0.1:{web}", first, args.seconds, args.concurrency
        )
        both = _phase(
            "nginx + two app servers",
            f"http://127.0.0.1:{proxy}",
            second,
            args.seconds,
            args.concurrency,
        )
    finally:
        if not args.keep:
            _cluster("down")
    print(
        f"single_ballots_per_s={single['ballots_per_s']:.0f} single_p99_ms={single['p99_ms']:.1f} "
        f"cluster_ballots_per_s={both['ballots_per_s']:.0f} cluster_p99_ms={both['p99_ms']:.1f} "
        f"lost={single['lost'] + both['lost']} double={single['double'] + both['double']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
