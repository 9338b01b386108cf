"""Run one rule on one file with one implementation and print a JSON line.

Used by ``pabutools_reference.py`` and ``compare.py`` in a fresh subprocess, so that each
measurement has its own peak memory (``ru_maxrss``) and a time limit. Times include parsing
(not the interpreter's start-up and imports); ``cpu_s`` is the process CPU time over the same
span, the fair figure when the machine is shared. ``thread_cpu_s`` is the main thread's
share of it. Both implementations import numpy, whose OpenBLAS library starts a worker
thread that spins for about 0.1 s of CPU after the import whether or not any BLAS work
follows; the clock starts once other threads have been idle for 20 ms (at most 2 s), so
that this import cost stays out of the span like the rest of the imports. Threads woken by
the measured code itself are counted.

    python benchmarks/pb/_run_one.py {maeul,pabutools} RULE FILE.pb
"""

from __future__ import annotations

import json
import resource
import sys
import time

RULES = ("greedy", "mes", "mes-add1", "phragmen")


Run = tuple[list[str], float, float, float, float]


def settle(limit: float = 2.0) -> None:
    """Return once the process's other threads have used no CPU for 20 ms (or after
    ``limit`` seconds)."""
    deadline = time.perf_counter() + limit
    others = time.process_time() - time.thread_time()
    while time.perf_counter() < deadline:
        time.sleep(0.02)
        now = time.process_time() - time.thread_time()
        if now - others < 0.0005:
            return
        others = now


def run_pabutools(rule: str, path: str) -> Run:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import (
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    settle()
    start, cpu, own = time.perf_counter(), time.process_time(), time.thread_time()
    instance, profile = parse_pabulib(path)
    parsed = time.perf_counter() - start
    if rule == "greedy":
        result = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    elif rule == "mes":
        result = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    elif rule == "mes-add1":
        result = method_of_equal_shares(
            instance, profile, sat_class=Cost_Sat, voter_budget_increment=1
        )
    else:
        result = sequential_phragmen(instance, profile)
    elapsed = time.perf_counter() - start
    return (
        [p.name for p in result],
        parsed,
        elapsed,
        time.process_time() - cpu,
        time.thread_time() - own,
    )


def run_maeul(rule: str, path: str) -> Run:
    from maeul.engine.budgeting import greedy, method_of_equal_shares, phragmen, read_pb

    settle()
    start, cpu, own = time.perf_counter(), time.process_time(), time.thread_time()
    instance, profile = read_pb(path)
    parsed = time.perf_counter() - start
    if rule == "greedy":
        outcome = greedy(instance, profile, tie_break="id")
    elif rule == "mes":
        outcome = method_of_equal_shares(instance, profile, tie_break="id")
    elif rule == "mes-add1":
        outcome = method_of_equal_shares(
            instance, profile, completion="add1", increment=1, tie_break="id"
        )
    else:
        outcome = phragmen(instance, profile, tie_break="id", zero_approval="fund")
    elapsed = time.perf_counter() - start
    return (
        list(outcome.selected),
        parsed,
        elapsed,
        time.process_time() - cpu,
        time.thread_time() - own,
    )


def main() -> None:
    impl, rule, path = sys.argv[1:4]
    run = run_pabutools if impl == "pabutools" else run_maeul
    selected, parsed, total, cpu, thread_cpu = run(rule, path)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "selected": selected,
                "parse_s": round(parsed, 4),
                "total_s": round(total, 4),
                "cpu_s": round(cpu, 4),
                "thread_cpu_s": round(thread_cpu, 4),
                "peak_mb": round(peak_mb, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
