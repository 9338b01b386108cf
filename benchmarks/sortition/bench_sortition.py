"""Benchmark of the sortition engine on the shared pools (run by hand, not in CI).

    .venv/bin/python benchmarks/sortition/bench_sortition.py [--repeat 3] [--person-level]

Prints a Markdown table per instance and algorithm: wall time (median of ``--repeat`` runs),
minimum / geometric mean / maximum selection probability, and the paper's figures from
``paper_reference_stats.json`` where the paper has the same instance. ``--person-level``
adds LEXIMIN without grouping interchangeable people (one variable per person, as in the
paper) to show what the grouping buys. Data: ``$MAEUL_SHARED_DATA`` or ``../shared/data``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from maeul.engine.sortition import (  # noqa: E402
    Distribution,
    find_distribution,
    read_features_csv,
    read_people_csv,
)

DATA = Path(os.environ.get("MAEUL_SHARED_DATA", REPO.parent / "shared" / "data")) / "sortition"

# name: (people file, features file, panel size, household columns, target seconds)
INSTANCES: dict[str, tuple[str, str, int, tuple[str, ...], float | None]] = {
    "example_small_20": ("respondents.csv", "categories.csv", 20, (), None),
    "jury250": ("respondents.csv", "categories.csv", 35, ("household",), 5.0),
    "fixture150": ("candidates.csv", "features.csv", 22, ("primary_address1", "primary_zip"), None),
    "example_large_200": ("respondents.csv", "categories.csv", 200, (), 300.0),
}


def machine() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        model = next(
            line.split(":", 1)[1].strip()
            for line in out.splitlines()
            if line.startswith("Model name")
        )
    except (OSError, subprocess.CalledProcessError, StopIteration):
        model = platform.processor() or "unknown CPU"
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def solve(
    name: str, algorithm: str, repeat: int, **options: bool | int
) -> tuple[float, float, Distribution]:
    people_file, features_file, k, households, _ = INSTANCES[name]
    quotas = read_features_csv(DATA / name / features_file)
    people = read_people_csv(DATA / name / people_file, quotas, household_columns=households)
    times = []
    cpu = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        cpu_started = time.process_time()
        result = find_distribution(people, quotas, k, algorithm, **options)  # type: ignore[arg-type]
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    assert result is not None
    return statistics.median(times), statistics.median(cpu), result


def pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--person-level", action="store_true")
    parser.add_argument("--instances", nargs="*", default=list(INSTANCES))
    parser.add_argument("--legacy-samples", type=int, default=10000)
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"shared data not found at {DATA}; set MAEUL_SHARED_DATA", file=sys.stderr)
        return 2
    paper = json.loads((DATA / "paper_reference_stats.json").read_text())
    print(f"Machine: {machine()}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print()
    print(
        "| instance | n | k | algorithm | groups | wall (s) | CPU (s) | target | min | geo. mean | max |"
        " paper min | paper geo. mean | paper max | paper time (Gurobi) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name in args.instances:
        _, _, k, _, target = INSTANCES[name]
        ref = paper.get(name, {})
        runs: list[tuple[str, dict[str, bool | int]]] = [
            ("leximin", {}),
            ("maximin", {}),
            ("nash", {}),
            ("legacy", {"legacy_samples": args.legacy_samples}),
        ]
        if args.person_level:
            runs.insert(1, ("leximin", {"group_identical": False}))
        for algorithm, options in runs:
            per_person = options.get("group_identical") is False
            repeat = 1 if per_person or algorithm == "legacy" else args.repeat
            seconds, cpu, d = solve(name, algorithm, repeat, **options)
            label = algorithm + (" (per person)" if per_person else "")
            if algorithm == "legacy":
                label += f" ({args.legacy_samples} draws)"
            if algorithm in ("leximin", "legacy") and ref:
                key = "leximin" if algorithm == "leximin" else "legacy"
                paper_min = ref.get(f"{key}_min_prob_from_allocs")
                paper_geo = ref.get(f"geomean_{key}", "")
                paper_max = ref.get(f"{key}_max_prob_from_allocs")
                paper_time = (
                    ref.get("leximin_median_runtime_s_gurobi") if key == "leximin" else None
                )
                paper_cols = [
                    pct(paper_min) if paper_min is not None else "",
                    str(paper_geo),
                    pct(paper_max) if paper_max is not None else "",
                    f"{paper_time} s" if paper_time else "",
                ]
            else:
                paper_cols = ["", "", "", ""]
            target_col = f"<= {target:g} s" if target and algorithm == "leximin" else ""
            print(
                f"| {name} | {len(d.person_probabilities)} | {k} | {label} | {d.stats.groups} |"
                f" {seconds:.2f} | {cpu:.2f} | {target_col} | {pct(d.min_probability)} |"
                f" {pct(d.geometric_mean_probability)} | {pct(d.max_probability)} | "
                + " | ".join(paper_cols)
                + " |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
