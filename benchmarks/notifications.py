"""A vote opens and every eligible resident is told, in the inbox and by e-mail, by a real
worker: how fast, and is anyone told twice or not at all.

    .venv/bin/python benchmarks/notifications.py --residents 100000
    .venv/bin/python benchmarks/notifications.py --residents 10000   # a quick run

Creates its own PostgreSQL database (``maeul_notices_bench`` on 127.0.0.1; dropped at the end
unless ``--keep``), migrates it and adds, with bulk inserts, ``--residents`` verified
residents of Geumcheon-gu with an e-mail address (a third in English) and 1,000 of Gwangju
Nam-gu who must not be told. It starts a local SMTP server (aiosmtpd, in this process) and
``--concurrency`` Celery worker processes (``celery worker``, prefork) against Redis
(``--redis``, a database of its own, emptied first), the way production runs them.

The measured action is the official's: inside one transaction, the vote opens and
``notify`` is called for every eligible resident. The clock starts before that transaction
and stops when the last notice is stored (in-app) and when the SMTP server has received the
last e-mail. Then it checks: every eligible resident has exactly one notice and exactly one
e-mail, nobody else has either. The last line is
``notices=… inapp_per_s=… email_per_s=… duplicates=N lost=N``.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's maeul, whatever is installed
KIND = "bench.vote_opened"
EVENT = "voting.poll:1:opened"
OUTSIDERS = 1000


def register_kind() -> None:
    """The benchmark's kind, registered in this process and in each worker (a programme does
    it in its AppConfig.ready)."""
    from maeul.notifications import kinds

    kinds.register(
        kinds.NoticeKind(
            code=KIND,
            audience=kinds.Audience.RESIDENT,
            label="A vote opened",
            subject="Vote “%(title)s” is open",
            body="You can vote until %(closes)s.",
        )
    )


WORKER_BOOT = """
import sys
import django
django.setup()
sys.path.insert(0, {bench!r})
import notifications as bench
bench.register_kind()
from maeul.taskqueue import app
app.worker_main(["worker", "--concurrency={concurrency}", "--loglevel=WARNING",
                 "--without-gossip", "--without-mingle", "--without-heartbeat",
                 "--hostname=bench@%h"])
"""


class Sink:
    """Counts what the SMTP server receives, per recipient."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.last = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.received.update(envelope.rcpt_tos)
            self.last = time.perf_counter()
        return "250 OK"

    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _psql(server: str, sql: str) -> None:
    subprocess.run(
        ["psql", server + "/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
    )


def _seed(residents: int) -> tuple[list[int], list[int]]:
    """Eligible residents of Geumcheon-gu and outsiders of Nam-gu; their user ids."""
    from django.utils import timezone

    from maeul.accounts.models import ResidentProfile, User
    from maeul.notifications.models import NoticeSettings
    from maeul.places.models import Municipality

    seoul = Municipality.objects.create(
        slug="seoul", admin_code="1100000000", name="서울특별시", kind="special_city"
    )
    gwangju = Municipality.objects.create(
        slug="gwangju", admin_code="2900000000", name="광주광역시", kind="metropolitan_city"
    )
    geumcheon = Municipality.objects.create(
        slug="seoul-geumcheon-gu",
        admin_code="1154500000",
        name="금천구",
        kind="district",
        parent=seoul,
    )
    namgu = Municipality.objects.create(
        slug="gwangju-nam-gu", admin_code="2915500000", name="남구", kind="district", parent=gwangju
    )
    now = timezone.now()

    def make(district: Any, prefix: str, n: int) -> list[int]:
        ids: list[int] = []
        for start in range(0, n, 5000):
            users = User.objects.bulk_create(
                User(username=f"{prefix}{i}", password="!", email=f"{prefix}{i}@example.org")
                for i in range(start, min(start + 5000, n))
            )
            ResidentProfile.objects.bulk_create(
                ResidentProfile(
                    user=u,
                    birth_year=1940 + u.pk % 66,
                    gender=("female", "male")[u.pk % 2],
                    district=district,
                    verification_status="verified",
                    verified_at=now,
                )
                for u in users
            )
            NoticeSettings.objects.bulk_create(
                NoticeSettings(user=u, language="en") for u in users if u.pk % 3 == 0
            )
            ids += [u.pk for u in users]
        return ids

    return make(geumcheon, "bench", residents), make(namgu, "outsider", OUTSIDERS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="maeul_notices_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    import redis

    redis.Redis.from_url(args.redis).flushdb()
    _psql(args.server, f"DROP DATABASE IF EXISTS {args.database}")
    _psql(args.server, f"CREATE DATABASE {args.database}")
    smtp_port = _port()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DJANGO_SETTINGS_MODULE": "maeul.settings",
        "MAEUL_DATABASE_URL": f"{args.server}/{args.database}",
        "MAEUL_BROKER_URL": args.redis,
        "MAEUL_EMAIL_HOST": "127.0.0.1",
        "MAEUL_EMAIL_PORT": str(smtp_port),
        "MAEUL_EMAIL_TLS": "0",
        "MAEUL_DEBUG": "0",
        "MAEUL_DEMO": "0",
        "MAEUL_SECRET_KEY": os.environ.get("MAEUL_SECRET_KEY", "notices-benchmark-" + "x" * 40),
    }
    os.environ.update(env)
    worker = None
    controller = None
    try:
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "django", "migrate", "-v", "0"], cwd=REPO, env=env, check=True
        )
        import django

        django.setup()
        register_kind()
        from aiosmtpd.controller import Controller
        from django.contrib.auth import get_user_model
        from django.db import transaction

        from maeul.notifications.models import Delivery, Notice
        from maeul.notifications.services import notify

        eligible, _outsiders = _seed(args.residents)
        print(
            f"migrated and seeded {len(eligible):,} residents in {time.perf_counter() - began:.1f} s"
        )

        import logging

        logging.getLogger("mail.log").setLevel(logging.WARNING)
        sink = Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        boot = WORKER_BOOT.format(bench=str(REPO / "benchmarks"), concurrency=args.concurrency)
        (REPO / "var").mkdir(exist_ok=True)
        log = open(REPO / "var" / "notices-bench-worker.log", "w")  # noqa: SIM115
        worker = subprocess.Popen(
            [sys.executable, "-c", boot], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        time.sleep(8)  # the worker processes start (the first task would wait for them anyway)

        start = time.perf_counter()
        with transaction.atomic():
            # the official's action: the vote opens and its eligible residents are told
            notify(
                KIND,
                eligible,
                event_key=EVENT,
                data={"title": "가산동 주민참여예산 2027", "closes": "2027-05-31"},
                url="/votes/1/",
            )
        action = time.perf_counter() - start
        limit = max(900.0, args.residents / 50)
        inapp_done = email_done = 0.0
        while time.perf_counter() - start < limit:
            if not inapp_done and Notice.objects.count() >= len(eligible):
                inapp_done = time.perf_counter() - start
            if sink.total() >= len(eligible):
                email_done = sink.last - start
                break
            time.sleep(0.5)
        time.sleep(3)  # anything sent twice would arrive now
        if not inapp_done:
            inapp_done = time.perf_counter() - start
        if not email_done:
            email_done = time.perf_counter() - start

        per_person = Counter(
            Notice.objects.filter(kind=KIND).values_list("recipient_id", flat=True)
        )
        wanted = set(eligible)
        by_address = dict(
            get_user_model().objects.filter(pk__in=eligible).values_list("email", "pk")
        )
        emailed_ids = {by_address[address] for address in sink.received if address in by_address}
        duplicates = sum(count - 1 for count in per_person.values() if count > 1) + sum(
            count - 1 for count in sink.received.values() if count > 1
        )
        lost = len(wanted - set(per_person)) + len(wanted - emailed_ids)
        strays = len(set(per_person) - wanted) + sum(
            1 for address in sink.received if address.startswith("outsider")
        )
        failed = Delivery.objects.exclude(status="sent").count()
        print(
            f"action (notify inside the official's transaction): {action * 1000:.0f} ms; "
            f"in-app done after {inapp_done:.1f} s, e-mail after {email_done:.1f} s; "
            f"deliveries not sent: {failed}; notices or e-mails to Nam-gu: {strays}; "
            f"worker processes: {args.concurrency}"
        )
        n = len(per_person)
        print(
            f"notices={n} inapp_per_s={len(eligible) / inapp_done:.0f} "
            f"email_per_s={len(eligible) / email_done:.0f} duplicates={duplicates} "
            f"lost={lost}"
        )
        return 0 if duplicates == 0 and lost == 0 and strays == 0 else 1
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        if controller is not None:
            controller.stop()
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _psql(args.server, f"DROP DATABASE IF EXISTS {args.database}")


if __name__ == "__main__":
    sys.exit(main())
