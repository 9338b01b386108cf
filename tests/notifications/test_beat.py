"""The beat schedule names the notification jobs, and each names a registered task."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from maeul.taskqueue import app


def test_the_schedule_sends_due_deliveries_every_minute_and_the_digests() -> None:
    import maeul.notifications.tasks  # noqa: F401  (registers the tasks, as autodiscovery does)

    schedule = settings.CELERY_BEAT_SCHEDULE
    jobs = {entry["task"]: entry for entry in schedule.values()}
    assert jobs["notifications.send_due"]["schedule"] == 60.0
    digests = [
        entry for entry in schedule.values() if entry["task"] == "notifications.send_digests"
    ]
    assert sorted(entry["args"] for entry in digests) == [("daily",), ("weekly",)]
    weekly = next(entry for entry in digests if entry["args"] == ("weekly",))
    assert weekly["schedule"].day_of_week == {1}  # Monday
    for entry in schedule.values():
        if entry["task"].startswith("notifications."):
            assert entry["task"] in app.tasks


@pytest.mark.django_db
def test_the_scheduled_tasks_run_the_digest_and_the_due_sends(
    make_resident: Any, places: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    from maeul.notifications import tasks
    from tests.notifications.helpers import DIGEST_KIND, resident_with_email, send

    person = resident_with_email(make_resident, places["geumcheon"])
    with django_capture_on_commit_callbacks(execute=True):
        send([person.pk], kind=DIGEST_KIND, key="p:1")
        assert tasks.send_due() == 0
    assert not mail.outbox
    assert tasks.send_digests("daily") == 1
    assert tasks.send_digests("weekly") == 0
    assert len(mail.outbox) == 1
