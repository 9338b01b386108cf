"""Maeul next to pabutools, per shared file and rule: time (parse included) and peak memory.

Each (implementation, file, rule) runs in a fresh subprocess (``_run_one.py``) so that its
peak resident memory is its own; pabutools runs with a time limit and an address-space cap
because it needs minutes and gigabytes on the large files. Prints a Markdown table (paste it
into ``benchmarks/RESULTS.md``) and checks that both select the same projects.

    .venv/bin/python benchmarks/pb/compare.py [--timeout 300] [--rules mes,greedy] [FILE ...]
    .venv/bin/python benchmarks/pb/compare.py --no-pabutools   # Maeul only, all files

``--pabutools-from-fixture`` takes pabutools' figures from the reference fixture (measured
by ``pabutools_reference.py`` on the same machine) instead of running it again.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("MAEUL_SHARED_DATA", ROOT.parent / "shared" / "data")) / "pabulib"
FIXTURE = ROOT / "tests" / "engine" / "budgeting" / "fixtures" / "pabutools_reference.json"
RUNNER = Path(__file__).with_name("_run_one.py")
RULES = ("greedy", "mes", "mes-add1", "phragmen")


def _limit(gigabytes: float) -> None:
    limit = int(gigabytes * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def measure(
    impl: str, rule: str, path: Path, timeout: float, memory_gb: float
) -> dict[str, object]:
    try:
        proc = subprocess.run(
            [sys.executable, str(RUNNER), impl, rule, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
            cwd=ROOT,
            preexec_fn=lambda: _limit(memory_gb),
        )
    except subprocess.TimeoutExpired:
        return {"timeout_s": timeout}
    except subprocess.CalledProcessError as exc:
        lines = exc.stderr.strip().splitlines() or ["killed"]
        return {"error": lines[-1][:120]}
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def approval_files() -> list[Path]:
    out = []
    for path in sorted(DATA.glob("*.pb"), key=lambda p: p.stat().st_size):
        head = path.read_text(encoding="utf-8-sig")[:4000]
        if "vote_type;approval" in head or "vote_type;choose-1" in head:
            out.append(path)
    return out


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def cell(result: dict[str, object]) -> str:
    if "timeout_s" in result:
        return f"> {result['timeout_s']:.0f} s (limit)"
    if "error" in result:
        return f"failed: {result['error']}"
    cpu = ""
    if "thread_cpu_s" in result:
        cpu = f" (CPU {result['cpu_s']:.3f} s, main thread {result['thread_cpu_s']:.3f} s)"
    elif "cpu_s" in result:
        cpu = f" (CPU {result['cpu_s']:.3f} s)"
    return f"{result['total_s']:.3f} s{cpu}, {result['peak_mb']:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--memory-gb", type=float, default=6)
    parser.add_argument("--rules", default=",".join(RULES))
    parser.add_argument("--no-pabutools", action="store_true")
    parser.add_argument("--pabutools-from-fixture", action="store_true")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = [Path(f) for f in args.files] or approval_files()
    reference = json.loads(FIXTURE.read_text())["results"] if FIXTURE.exists() else {}
    print(f"Machine: {machine()}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n")
    print(
        "Time: wall clock, parse included (process CPU time and the main thread's share in"
        " brackets); memory: peak RSS.\n"
    )
    print("| file | rule | Maeul | pabutools | speed-up | same selection |")
    print("|---|---|---|---|---|---|")
    for path in files:
        for rule in args.rules.split(","):
            ours = measure("maeul", rule, path, args.timeout, args.memory_gb)
            if args.no_pabutools:
                theirs: dict[str, object] = {}
            elif args.pabutools_from_fixture:
                theirs = reference.get(f"{path.name}|{rule}", {})
            else:
                theirs = measure("pabutools", rule, path, args.timeout, args.memory_gb)
            speed = same = "–"
            if "cpu_s" in ours and "cpu_s" in theirs:
                speed = f"{float(theirs['cpu_s']) / float(ours['cpu_s']):.0f}x CPU"  # type: ignore[arg-type]
            elif "total_s" in ours and "total_s" in theirs:
                speed = f"{float(theirs['total_s']) / float(ours['total_s']):.0f}x"  # type: ignore[arg-type]
            elif "total_s" in ours and "timeout_s" in theirs:
                speed = f"> {float(theirs['timeout_s']) / float(ours['total_s']):.0f}x"  # type: ignore[arg-type]
            if "selected" in ours and "selected" in theirs:
                a, b = ours["selected"], theirs["selected"]
                if rule == "phragmen":  # pabutools returns Phragmén's selection sorted
                    a = sorted(a)  # type: ignore[call-overload]
                same = "yes" if a == b else "NO"
            print(
                f"| {path.stem} | {rule} | {cell(ours)} | {cell(theirs) if theirs else '–'}"
                f" | {speed} | {same} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
