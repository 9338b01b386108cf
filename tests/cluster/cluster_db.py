"""Runs against the local cluster's database (deploy/local-cluster.sh env), in its own
process, for the cluster tests: ``seed N`` prints the seeded poll and sessions as JSON;
``check`` reads ``{"seed": ..., "acked": {...}}`` on stdin and prints ``{"lost", "double"}``;
``award`` publishes an award table (500 points per mobile vote) for the seeded district;
``notices USERNAME KIND`` prints how many notices of KIND the account has and their e-mail
delivery rows."""

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
    elif sys.argv[1] == "award":
        import datetime as dt

        from django.utils import timezone

        from maeul.places.models import Municipality
        from maeul.points.services import award_table_publish

        award_table_publish(
            actor=None,
            municipality=Municipality.objects.get(slug="seoul-geumcheon-gu"),
            effective_from=timezone.localdate() - dt.timedelta(days=1),
            rules=[{"activity": "mobile_vote", "points": 500}],
        )
        print(json.dumps({"published": True}))
    elif sys.argv[1] == "notices":
        from maeul.notifications.models import Delivery, Notice

        notices = Notice.objects.filter(recipient__username=sys.argv[2], kind=sys.argv[3])
        deliveries = Delivery.objects.filter(notice__in=notices)
        print(json.dumps({"notices": notices.count(), "deliveries": deliveries.count()}))
    else:
        raise SystemExit(f"unknown command {sys.argv[1]!r}")


if __name__ == "__main__":
    main()
