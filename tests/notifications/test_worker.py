"""A real Celery worker, against Redis and PostgreSQL: what production runs.

``notify`` here sends its messages through Redis (the test process switches its Celery app
off in-process mode for the test), a separate ``celery worker`` process stores the notices
and sends the e-mails to a local SMTP server. Run by ``.ci/run``; skipped when Redis is not
reachable, except under CI (``CI=true``), where a missing Redis is a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from kombu import pools as kombu_pools

from maeul.notifications.models import Delivery, DeliveryStatus, Notice, NoticeSettings
from maeul.taskqueue import app
from tests.notifications.helpers import RESIDENT_KIND, send
from tests.notifications.smtp import Sink, smtp_sink

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

REDIS_URL = os.environ.get("MAEUL_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
ROOT = Path(__file__).resolve().parents[2]

# The worker process registers the tests' kinds before it starts, like a programme's
# AppConfig.ready would.
BOOT = """
import django
django.setup()
import tests.notifications.helpers
from maeul.taskqueue import app
app.worker_main(["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip",
                 "--without-mingle", "--without-heartbeat", "--hostname=maeul-test@%h"])
"""


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"Redis is required under CI: {error}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")


@pytest.fixture
def sink() -> Iterator[tuple[Sink, int]]:
    with smtp_sink() as running:
        yield running


@pytest.fixture
def worker(sink: tuple[Sink, int], tmp_path: Path) -> Iterator[Path]:
    _redis_or_skip()
    settings = connection.settings_dict
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "maeul.settings",
        "MAEUL_BROKER_URL": REDIS_URL,
        "MAEUL_DATABASE_URL": (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/"
            f"{settings['NAME']}"
        ),
        "MAEUL_EMAIL_HOST": "127.0.0.1",
        "MAEUL_EMAIL_PORT": str(sink[1]),
        "MAEUL_EMAIL_TLS": "0",
        "MAEUL_DEBUG": "0",
        "MAEUL_DEMO": "0",
        "MAEUL_TESTING": "1",
    }
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", BOOT], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait(lambda: "ready." in log.read_text(), 60, log)
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def through_redis() -> Iterator[None]:
    """This process's ``notify`` sends to Redis instead of running tasks in-process."""
    before = (app.conf.task_always_eager, app.conf.broker_url)
    _forget_connections()  # earlier tests may have opened the in-memory transport
    app.conf.task_always_eager, app.conf.broker_url = False, REDIS_URL
    try:
        yield
    finally:
        _forget_connections()
        app.conf.task_always_eager, app.conf.broker_url = before


def _forget_connections() -> None:
    """Drop the app's cached connection and producer pools, so the next message is sent
    over a connection to the broker configured now. kombu also keeps producer pools in a
    registry of its own, keyed by connection: left there, a pool closed here would be handed
    to the next test (even an eager task acquires a producer), which then fails with "Acquire
    on closed pool"; ``pools.reset()`` empties that registry too."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    kombu_pools.reset()


def _wait(done: Callable[[], bool], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if done():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out; worker log:\n{log.read_text()[-4000:]}")


def test_a_real_worker_stores_and_emails_each_notice_once(
    worker: Path,
    sink: tuple[Sink, int],
    through_redis: None,
    make_resident: Any,
    places: dict[str, Any],
) -> None:
    people = []
    for language in ("ko", "en", "en"):
        person = make_resident(places["geumcheon"])
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
        NoticeSettings.objects.create(user=person, language=language)
        people.append(person)
    outsider = make_resident(places["namgu"])
    ids = [person.pk for person in people]
    send(ids)
    # the same event sent again while the first is in flight: a retried or duplicated task
    app.send_task(
        "notifications.create_notices",
        args=[RESIDENT_KIND.code, ids, "vote:1:opened", {"title": "Park"}, "/votes/1/", None],
    )
    _wait(lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 3, 60, worker)
    time.sleep(2)  # anything extra would arrive now
    assert sorted(sink[0].recipients()) == sorted(person.email for person in people)
    assert Notice.objects.count() == 3
    assert not Notice.objects.filter(recipient=outsider).exists()
    raw = sink[0].messages[0].content.decode()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
    log = worker.read_text()
    assert "Task notifications.create_notices" in log  # stored by the worker, not here
    assert "Task notifications.send_deliveries" in log
