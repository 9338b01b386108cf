"""The add1 table of issue 24: every shared Pabulib file, the whole ``maeul pb solve`` process.

Each file runs ``maeul pb solve FILE --rule mes --completion add1 --increment 1 --start even
--exhaustive-stop --json`` as a fresh process (interpreter start-up, imports, parsing and the
rule, as an official would run it): one warm-up run, then ``--repeat`` counted runs (3 by
default); the table gives the median wall and CPU time (user + system, the steadier figure
on a shared machine) and the largest peak resident memory of the counted runs (the child's
own ``ru_maxrss``, from ``os.wait4``). The exit status is shown: 3 means the default
tie-break (``cost-votes``) met a tie it may not decide, which is an answer too.

    .venv/bin/python benchmarks/pb/add1_table.py [--repeat 3] [--timeout 120] [FILE ...]
    .venv/bin/python benchmarks/pb/add1_table.py --python /old/checkout/.venv/bin/python \\
        --pythonpath /old/checkout      # the same table for another checkout
    .venv/bin/python benchmarks/pb/add1_table.py --before /old/checkout
                                        # this checkout and another in alternation
    .venv/bin/python benchmarks/pb/add1_table.py --compile ...
                                        # byte-compile the measured checkouts' ``maeul``
                                        # first, as ./quickstart.sh does

Without ``--compile``, a checkout without ``__pycache__`` under ``PYTHONDONTWRITEBYTECODE``
(set on the shared machine) compiles every module the command imports on each run, about
0.04 s of CPU that an installed Maeul does not spend; the header says which case was measured.

Prints a Markdown table for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("MAEUL_SHARED_DATA", ROOT.parent / "shared" / "data")) / "pabulib"
OPTIONS = (
    "--rule",
    "mes",
    "--completion",
    "add1",
    "--increment",
    "1",
    "--start",
    "even",
    "--exhaustive-stop",
    "--json",
)


def run_once(
    python: str, pythonpath: str, path: Path, timeout: float
) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak MB and exit status of one whole process."""
    env = dict(os.environ, PYTHONPATH=pythonpath)
    command = [python, "-m", "maeul.cli", "pb", "solve", str(path), *OPTIONS]
    start = time.perf_counter()
    # ``python -m`` puts the working directory first on sys.path: run from the checkout
    # measured, or another checkout's ``maeul`` would shadow it.
    child = subprocess.Popen(
        command, env=env, cwd=pythonpath, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            child.send_signal(signal.SIGKILL)
            pid, status, usage = os.wait4(child.pid, 0)
            return timeout, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, -9
        time.sleep(0.005)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode


def bytecode(python: str, checkouts: list[str], compile_first: bool) -> str:
    """Byte-compile ``maeul`` in each checkout if asked, with the interpreter the runs use
    (another one would write bytecode the runs never read); say how they get their bytecode."""
    if compile_first:
        for checkout in checkouts:
            subprocess.run(
                [python, "-m", "compileall", "-q", str(Path(checkout) / "maeul")],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        return "maeul byte-compiled beforehand (as ./quickstart.sh does)"
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return "PYTHONDONTWRITEBYTECODE set: modules without a .pyc are compiled on every run"
    return "bytecode as Python writes it (the warm-up run writes it)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--pythonpath", default=str(ROOT))
    parser.add_argument(
        "--before",
        metavar="CHECKOUT",
        help="another checkout (e.g. main) run in alternation with this one, A B A B ...:"
        " the table gains its median CPU and the median of the pairwise CPU ratios",
    )
    parser.add_argument(
        "--compile",
        action="store_true",
        help="byte-compile the measured checkouts' maeul package first (as ./quickstart.sh does)",
    )
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    if args.before:
        paired(args)
        return
    files = [Path(f) for f in args.files] or sorted(DATA.glob("*.pb"))
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} CPUs,"
        f" load average {os.getloadavg()[0]:.1f} at the start; median of {args.repeat}"
        " after one warm-up, whole process;"
        f" {bytecode(args.python, [args.pythonpath], args.compile)}"
    )
    print()
    print("| file | wall s | CPU s | peak MB | exit |")
    print("|---|---:|---:|---:|---:|")
    for path in files:
        run_once(args.python, args.pythonpath, path, args.timeout)  # warm-up
        runs = [
            run_once(args.python, args.pythonpath, path, args.timeout) for _ in range(args.repeat)
        ]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        peak = max(r[2] for r in runs)
        codes = sorted({r[3] for r in runs})
        exit_text = ",".join("timeout" if c == -9 else str(c) for c in codes)
        print(f"| {path.stem} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {exit_text} |", flush=True)


def paired(args: argparse.Namespace) -> None:
    """This checkout (A) and ``--before`` (B) in alternation, so that a machine whose speed
    drifts (shared, loaded) affects both alike; the ratio is taken pair by pair."""
    files = [Path(f) for f in args.files] or sorted(DATA.glob("*.pb"))
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} CPUs,"
        f" load average {os.getloadavg()[0]:.1f} at the start; A = {args.pythonpath},"
        f" B = {args.before}; medians of {args.repeat} pairs after one warm-up each;"
        f" {bytecode(args.python, [args.pythonpath, args.before], args.compile)}"
    )
    print()
    print("| file | A wall s | A CPU s | A peak MB | exit | B CPU s | A/B CPU |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for path in files:
        run_once(args.python, args.pythonpath, path, args.timeout)
        run_once(args.python, args.before, path, args.timeout)
        pairs = [
            (
                run_once(args.python, args.pythonpath, path, args.timeout),
                run_once(args.python, args.before, path, args.timeout),
            )
            for _ in range(args.repeat)
        ]
        a_wall = statistics.median(a[0] for a, _ in pairs)
        a_cpu = statistics.median(a[1] for a, _ in pairs)
        b_cpu = statistics.median(b[1] for _, b in pairs)
        ratio = statistics.median(a[1] / b[1] for a, b in pairs if b[1] > 0)
        peak = max(a[2] for a, _ in pairs)
        codes = sorted({a[3] for a, _ in pairs} | {b[3] for _, b in pairs})
        exit_text = ",".join("timeout" if c == -9 else str(c) for c in codes)
        print(
            f"| {path.stem} | {a_wall:.2f} | {a_cpu:.2f} | {peak:.0f} | {exit_text} |"
            f" {b_cpu:.2f} | {ratio:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
