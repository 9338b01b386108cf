"""Runs against the local cluster's database (deploy/local-cluster.sh env), in its own
process, for the cluster tests: ``seed N`` prints the seeded poll and sessions as JSON;
``check`` reads ``{"seed": ..., "acked": {...}}`` on stdin and prints ``{"lost", "double"}``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maeul.settings")

PASSWORD = "cluster-horse-battery-7"


def main() -> None:
    import django

    django.setup()
    from seeding import check_ballots, seed_open_poll

    if sys.argv[1] == "seed":
        seed = seed_open_poll(int(sys.argv[2]), password=PASSWORD)
        seed["password"] = PASSWORD
        print(json.dumps(seed))
    elif sys.argv[1] == "check":
        given = json.load(sys.stdin)
        acked = {int(index): receipt for index, receipt in given["acked"].items()}
        lost, double = check_ballots(given["seed"], acked)
        print(json.dumps({"lost": lost, "double": double}))
    else:
        raise SystemExit(f"unknown command {sys.argv[1]!r}")


if __name__ == "__main__":
    main()
