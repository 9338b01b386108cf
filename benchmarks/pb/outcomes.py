"""Record, or check, the engine's outcomes on every shared Pabulib file.

A speed-up of a rule must not change what it selects. This script runs a fixed list of rule
settings (the add1 variants above all, which the completion search changes) on every shared
file and writes ``{file|setting: {"selected": [...], "share": ...} or {"error": ...}}`` as
JSON; with ``--against OLD.json`` it compares and exits 1 on any difference.

Record the outcomes of one checkout, then check another against them::

    PYTHONPATH=/path/to/old/checkout .venv/bin/python benchmarks/pb/outcomes.py --out old.json
    PYTHONPATH=$PWD .venv/bin/python benchmarks/pb/outcomes.py --out new.json --against old.json

``--timeout`` bounds each run (a subprocess per file), because the old add1 needs minutes on
Budapest 2022 VIII and Toulouse 2022; a run that times out is recorded as such and compared
only if both sides finished.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("MAEUL_SHARED_DATA", ROOT.parent / "shared" / "data")) / "pabulib"

# name -> keyword arguments of method_of_equal_shares / phragmen / greedy.
SETTINGS: dict[str, tuple[str, dict[str, Any]]] = {
    "add1": ("mes", {"completion": "add1", "increment": 1, "start": "even"}),
    "add1-id": ("mes", {"completion": "add1", "increment": 1, "tie_break": "id"}),
    "add1-nostop": (
        "mes",
        {"completion": "add1", "increment": 1, "exhaustive_stop": False, "tie_break": "id"},
    ),
    "add1-integral-card": (
        "mes",
        {
            "completion": "add1",
            "increment": 1,
            "start": "integral",
            "utility": "cardinality",
            "tie_break": "id",
        },
    ),
    "add1u": ("mes", {"completion": "add1u", "increment": 1, "tie_break": "id"}),
    "mes": ("mes", {"tie_break": "id"}),
    "phragmen": ("phragmen", {"tie_break": "id"}),
    "phragmen-fund": ("phragmen", {"tie_break": "id", "fund_unsupported": True}),
    "greedy": ("greedy", {"tie_break": "id"}),
}


def _one(path: str, name: str, queue: Any) -> None:
    from maeul.engine.budgeting import (
        BudgetingError,
        greedy,
        method_of_equal_shares,
        phragmen,
        read_pb,
    )

    rule, kwargs = SETTINGS[name]
    instance, profile = read_pb(path)
    try:
        if rule == "mes":
            outcome = method_of_equal_shares(instance, profile, **kwargs)
        elif rule == "phragmen":
            outcome = phragmen(instance, profile, **kwargs)
        else:
            outcome = greedy(instance, profile, **kwargs)
    except BudgetingError as exc:
        queue.put({"error": str(exc)})
        return
    result: dict[str, Any] = {"selected": list(outcome.selected)}
    if outcome.trace and outcome.trace[0].event == "add1":
        result["share"] = str(outcome.trace[0].value("share"))
    # The whole trace, except the add1 step's count of MES runs (a faster search makes fewer):
    # every price, payment and tie of the final run must be the same too.
    steps = [s for s in outcome.trace if s.event != "add1"]
    result["trace"] = hashlib.sha256(repr(steps).encode()).hexdigest()[:16]
    queue.put(result)


def run(path: Path, name: str, timeout: float) -> tuple[dict[str, Any], float]:
    queue: Any = multiprocessing.Queue()
    process = multiprocessing.Process(target=_one, args=(str(path), name, queue))
    start = time.perf_counter()
    process.start()
    process.join(timeout)
    elapsed = time.perf_counter() - start
    if process.is_alive():
        process.kill()
        process.join()
        return {"timeout": timeout}, elapsed
    if queue.empty():
        return {"crash": process.exitcode}, elapsed
    result: dict[str, Any] = queue.get()
    return result, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--against")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--settings", default=",".join(SETTINGS))
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = [Path(f) for f in args.files] or sorted(DATA.glob("*.pb"))
    names = args.settings.split(",")
    results: dict[str, Any] = {}
    for path in files:
        for name in names:
            key = f"{path.name}|{name}"
            results[key], elapsed = run(path, name, args.timeout)
            print(f"{elapsed:8.2f}s  {key}  {json.dumps(results[key])[:100]}", flush=True)
            Path(args.out).write_text(json.dumps(results, indent=1, ensure_ascii=False))
    if not args.against:
        return 0
    old = json.loads(Path(args.against).read_text())
    differ = compared = 0
    for key, new in results.items():
        before = old.get(key)
        if before is None or "timeout" in before or "timeout" in new:
            print(f"not compared: {key}")
            continue
        compared += 1
        if before != new:
            differ += 1
            print(f"DIFFERENT {key}: before {before} after {new}")
    print(f"{compared} outcomes compared, {differ} different")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
