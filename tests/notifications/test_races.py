"""At most once under real concurrency: two workers (threads with their own PostgreSQL
connections) sending the same deliveries or the same digests at the same moment."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from maeul.notifications import delivery
from maeul.notifications.models import Delivery, DeliveryStatus, Notice, NoticeSettings
from tests.concurrency import race
from tests.notifications.helpers import DIGEST_KIND, RESIDENT_KIND

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _people(make_resident: Any, district: Any, n: int) -> list[Any]:
    people = []
    for _ in range(n):
        person = make_resident(district)
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
        NoticeSettings.objects.create(user=person, language="en")
        people.append(person)
    return people


def _rows(people: list[Any], kind: str, status: str, digest: str = "") -> list[int]:
    """Notices and their e-mail rows written directly, so nothing is sent before the race."""
    past = timezone.now() - dt.timedelta(minutes=1)
    notices = Notice.objects.bulk_create(
        Notice(recipient=person, kind=kind, event_key="race:1", data={"title": "T", "points": 1})
        for person in people
    )
    rows = Delivery.objects.bulk_create(
        Delivery(notice=notice, channel="email", status=status, digest=digest, not_before=past)
        for notice in notices
    )
    return [row.pk for row in rows]


def test_two_workers_sending_the_same_batch_send_each_email_once(
    make_resident: Any, places: dict[str, Any]
) -> None:
    people = _people(make_resident, places["geumcheon"], 40)
    ids = _rows(people, RESIDENT_KIND.code, DeliveryStatus.PENDING)
    results = race(4, lambda i: delivery.send_deliveries(ids))
    assert all(isinstance(result, dict) for result in results), results
    assert sum(result["sent"] for result in results) == 40
    sent_to = Counter(message.to[0] for message in mail.outbox)
    assert len(sent_to) == 40 and set(sent_to.values()) == {1}
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert delivery.send_deliveries(ids)["sent"] == 0  # the task, run once more


def test_two_digest_runs_at_once_send_each_person_one_digest(
    make_resident: Any, places: dict[str, Any]
) -> None:
    people = _people(make_resident, places["geumcheon"], 10)
    _rows(people, DIGEST_KIND.code, DeliveryStatus.HELD, "daily")
    results = race(3, lambda i: delivery.send_digests("daily"))
    assert sum(results) == 10, results
    sent_to = Counter(message.to[0] for message in mail.outbox)
    assert len(sent_to) == 10 and set(sent_to.values()) == {1}
