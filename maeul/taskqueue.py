"""Maeul's one Celery application: background work and the daily schedule.

Tasks live in ``maeul/<app>/tasks.py`` and only call that app's services. Where they run is a
setting, not a code path: with ``MAEUL_BROKER_URL`` (Redis in production) a task is a message
for a worker (``celery -A maeul.taskqueue worker``) and beat (``celery -A maeul.taskqueue
beat``) sends the daily jobs; without it — the demo, the test suite — ``task_always_eager``
runs each task in-process the moment it is sent, so the two-command quick start needs no
broker and the tests exercise the same functions a worker would.

Send tasks with :func:`enqueue_on_commit` from inside a service's transaction: the work then
starts only once what it depends on is committed, and a rolled-back action sends nothing.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maeul.settings")

app = Celery("maeul")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="tasks")


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Send ``task`` with its arguments after the current transaction commits (at once when
    there is none); nothing is sent if the transaction rolls back."""
    transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs))
