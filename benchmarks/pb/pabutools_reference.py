"""Compute pabutools' reference selections once and store them as a test fixture.

pabutools is too slow (and too memory-hungry) on the largest shared files to run inside the
test suite, so this script runs it by hand, one subprocess per (file, rule) with a time
limit, and writes ``tests/engine/budgeting/fixtures/pabutools_reference.json`` with the
pabutools version, the exact parameters, each selection and its time and peak memory. The
differential tests compare Maeul's selections with this file (and run pabutools live on the
small files).

    .venv/bin/python benchmarks/pb/pabutools_reference.py [--timeout 900] [FILE.pb ...]

Parameters (all with pabutools' default lexicographic tie-breaking by project id):
greedy = greedy_utilitarian_welfare(Cost_Sat); mes = method_of_equal_shares(Cost_Sat);
mes-add1 = method_of_equal_shares(Cost_Sat, voter_budget_increment=1);
phragmen = sequential_phragmen.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("MAEUL_SHARED_DATA", ROOT.parent / "shared" / "data")) / "pabulib"
FIXTURE = ROOT / "tests" / "engine" / "budgeting" / "fixtures" / "pabutools_reference.json"
RULES = ("greedy", "mes", "mes-add1", "phragmen")


def approval_files() -> list[Path]:
    """The shared approval and choose-1 files, smallest first."""
    files = []
    for path in sorted(DATA.glob("*.pb")):
        head = path.read_text(encoding="utf-8-sig")[:4000]
        if "vote_type;approval" in head or "vote_type;choose-1" in head:
            files.append(path)
    return sorted(files, key=lambda p: p.stat().st_size)


def _limit_memory(gigabytes: float) -> None:
    """Cap the child's address space: pabutools' add1 caches grow to gigabytes."""
    limit = int(gigabytes * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--memory-gb", type=float, default=6, help="address-space limit")
    parser.add_argument("--rules", default=",".join(RULES))
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = [Path(f) for f in args.files] or approval_files()
    data = json.loads(FIXTURE.read_text()) if FIXTURE.exists() else {}
    data["pabutools_version"] = version("pabutools")
    data["parameters"] = __doc__.split("Parameters")[1].strip() if __doc__ else ""
    results = data.setdefault("results", {})
    runner = Path(__file__).with_name("_run_one.py")
    for path in files:
        for rule in args.rules.split(","):
            key = f"{path.name}|{rule}"
            if key in results and "selected" in results[key]:
                continue
            try:
                proc = subprocess.run(
                    [sys.executable, str(runner), "pabutools", rule, str(path)],
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                    check=True,
                    preexec_fn=lambda: _limit_memory(args.memory_gb),
                )
                results[key] = json.loads(proc.stdout.strip().splitlines()[-1])
            except subprocess.TimeoutExpired:
                results[key] = {"timeout_s": args.timeout}
            except subprocess.CalledProcessError as exc:
                lines = exc.stderr.strip().splitlines() or ["killed"]
                results[key] = {"error": lines[-1][:300]}
            print(key, {k: v for k, v in results[key].items() if k != "selected"}, flush=True)
            FIXTURE.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
