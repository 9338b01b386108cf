"""Sending notices: what a programme calls.

``notify`` is called inside the transaction of the action the notice is about. Nothing is
written or sent until that transaction commits (a rolled-back action tells nobody), and the
fan-out then runs as background work in batches, so telling 100,000 residents that a vote
opened never holds up the official who opened it. Recipients are user ids chosen by the
programme, which alone knows who an event concerns (eligible voters of a dong, the proposer,
the officials of one municipality).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from maeul.notifications import kinds

BATCH = 1000
"""Recipients per creation task: one message per batch keeps broker messages small and
lets several workers share a large fan-out."""


def notify(
    kind: str,
    recipients: Iterable[int],
    *,
    event_key: str,
    data: Mapping[str, Any] | None = None,
    url: str = "",
    municipality_id: int | None = None,
) -> None:
    """Tell ``recipients`` (user ids) about one event once the current transaction commits.

    ``event_key`` names the event stably: the same key for the same recipient and kind
    creates nothing new, which makes every caller and every retry safe to repeat. ``data``
    fills the kind's texts and must be JSON (checked now, where the mistake is made, rather
    than in a worker later). Never put what a secret ballot chose into ``data``.
    """
    kinds.get(kind)  # an unknown code fails in the caller's transaction, loudly
    payload = json.loads(json.dumps(dict(data or {})))
    ids = sorted({int(user_id) for user_id in recipients})
    if not ids:
        return
    from maeul.notifications import tasks  # tasks import services: import here, once used

    def send() -> None:
        if len(ids) <= BATCH:
            tasks.create_notices.delay(kind, ids, event_key, payload, url, municipality_id)
        else:  # one message from the request; a worker cuts it into batches
            tasks.fan_out.delay(kind, ids, event_key, payload, url, municipality_id)

    transaction.on_commit(send)


@dataclass(frozen=True)
class Personal:
    """One person's notice about their own event (their proposal, their application): the
    texts and the link differ from one recipient to the next, so these cannot share one
    :func:`notify`."""

    recipient_id: int
    event_key: str
    data: Mapping[str, Any]
    url: str = ""


def notify_each(
    kind: str, items: Iterable[Personal], *, municipality_id: int | None = None
) -> None:
    """Tell each item's recipient about their own event once the current transaction commits,
    in batches of :data:`BATCH` notices per task: a published result telling 6,000 authors
    whether their proposal was selected sends six messages, not 6,000 (one per author cost
    about 0.15 s each in-process). Same guarantees as :func:`notify`: an item whose
    (recipient, kind, event key) exists creates nothing."""
    kinds.get(kind)
    rows = [
        [int(item.recipient_id), item.event_key, json.loads(json.dumps(dict(item.data))), item.url]
        for item in items
    ]
    if not rows:
        return
    from maeul.notifications import tasks

    def send() -> None:
        for start in range(0, len(rows), BATCH):
            tasks.create_notices_each.delay(kind, rows[start : start + BATCH], municipality_id)

    transaction.on_commit(send)


def create_notices_each(
    kind: str, rows: list[list[Any]], municipality_id: int | None = None
) -> int:
    """Store the notices of :func:`notify_each` (rows of recipient id, event key, data, url),
    skipping those that exist; answers how many were new. Safe to run twice."""
    from maeul.notifications import delivery
    from maeul.notifications.models import Notice

    notices = [
        Notice(
            recipient_id=int(person),
            kind=kind,
            event_key=str(key),
            data=dict(data),
            url=str(url),
            municipality_id=municipality_id,
        )
        for person, key, data, url in rows
    ]
    pairs = [(notice.recipient_id, notice.event_key) for notice in notices]
    existing = Notice.objects.filter(
        kind=kind,
        event_key__in={key for _person, key in pairs},
        recipient_id__in={person for person, _key in pairs},
    )
    with transaction.atomic():
        before = existing.count()
        Notice.objects.bulk_create(notices, batch_size=BATCH, ignore_conflicts=True)
        created = existing.count() - before
    delivery.after_create_each(kind, pairs)
    return created


def fan_out(
    kind: str,
    recipient_ids: list[int],
    event_key: str,
    data: Mapping[str, Any],
    url: str = "",
    municipality_id: int | None = None,
) -> int:
    """Send one creation task per :data:`BATCH` recipients; answers how many.

    Runs in a worker, so the request that opened a vote for 100,000 residents sends one
    message (about 700 kB of ids) instead of a hundred; safe to run twice, as creation is."""
    from maeul.notifications import tasks

    batches = 0
    for start in range(0, len(recipient_ids), BATCH):
        tasks.create_notices.delay(
            kind, recipient_ids[start : start + BATCH], event_key, dict(data), url, municipality_id
        )
        batches += 1
    return batches


def create_notices(
    kind: str,
    recipient_ids: list[int],
    event_key: str,
    data: Mapping[str, Any],
    url: str = "",
    municipality_id: int | None = None,
) -> int:
    """Store one notice per recipient, skipping those who already have it; answers how many
    were new. Runs in the background task, safe to run twice."""
    from maeul.notifications import delivery
    from maeul.notifications.models import Notice

    if connection.vendor == "postgresql":
        created = _insert_notices_postgres(
            kind, recipient_ids, event_key, data, url, municipality_id
        )
    else:
        rows = [
            Notice(
                recipient_id=user_id,
                kind=kind,
                event_key=event_key,
                data=dict(data),
                url=url,
                municipality_id=municipality_id,
            )
            for user_id in recipient_ids
        ]
        with transaction.atomic():
            before = Notice.objects.filter(
                kind=kind, event_key=event_key, recipient_id__in=recipient_ids
            ).count()
            Notice.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
            created = (
                Notice.objects.filter(
                    kind=kind, event_key=event_key, recipient_id__in=recipient_ids
                ).count()
                - before
            )
    delivery.after_create(kind, event_key, recipient_ids)
    return created


def _insert_notices_postgres(
    kind: str,
    recipient_ids: list[int],
    event_key: str,
    data: Mapping[str, Any],
    url: str,
    municipality_id: int | None,
) -> int:
    """The same insert as the portable path, as one statement over an array of recipients:
    ``ON CONFLICT DO NOTHING`` on the once-per-event constraint, and the row count says how
    many were new. Django's bulk_create spends most of its time building and binding 7,000
    parameters per thousand notices; this binds seven."""
    from django.utils import timezone

    from maeul.notifications.models import Notice

    table = connection.ops.quote_name(Notice._meta.db_table)
    statement = f"""
        INSERT INTO {table}
            (recipient_id, kind, event_key, data, url, municipality_id, created_at)
        SELECT person, %s, %s, %s::jsonb, %s, %s, %s
        FROM unnest(%s::bigint[]) AS person
        ON CONFLICT (recipient_id, kind, event_key) DO NOTHING
    """  # noqa: S608 (the model's table name; values bound)
    values: list[Any] = [
        kind,
        event_key,
        json.dumps(dict(data)),
        url,
        municipality_id,
        timezone.now(),
        list(recipient_ids),
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement, values)
        return int(cursor.rowcount)


def mark_read(user: Any, notice_id: int) -> Any:
    """Mark one of the person's own notices read; answers the notice (None if it is not
    theirs: another person's notice is neither read nor revealed)."""
    from django.utils import timezone

    from maeul.notifications.models import Notice

    notice = Notice.objects.filter(pk=notice_id, recipient=user).first()
    if notice is not None and notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def mark_all_read(user: Any) -> int:
    from django.utils import timezone

    from maeul.notifications.models import Notice

    return Notice.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def set_frequency(user_id: int, kind: str, frequency: str) -> None:
    """Record how the person wants ``kind`` by e-mail (a registered kind, a known
    frequency: checked here, whatever form or link the choice came from)."""
    from maeul.notifications.models import Preference

    kinds.get(kind)
    if frequency not in kinds.Frequency.values:
        raise ValueError(f"unknown frequency {frequency!r}")
    Preference.objects.update_or_create(
        user_id=user_id, kind=kind, defaults={"frequency": frequency}
    )


def follow_site_language(user: Any, language: str) -> None:
    """The person switched the site's language: their e-mails follow it, unless they chose an
    e-mail language on the preferences page, which stays until they change it there."""
    from maeul.notifications.models import NoticeSettings

    if language not in dict(settings.LANGUAGES):
        return
    followed = NoticeSettings.objects.filter(user=user, language_chosen=False).update(
        language=language
    )
    if not followed:
        NoticeSettings.objects.get_or_create(
            user=user, defaults={"language": language, "language_chosen": False}
        )


def stop_digest(user_id: int, frequency: str) -> list[str]:
    """Stop the person's daily or weekly digest: every kind that reaches them in it (by their
    choice or by the kind's default) is set to never by e-mail; the inbox keeps them all.
    Returns the kinds changed, in one transaction."""
    from maeul.notifications.models import Preference

    if frequency not in (kinds.Frequency.DAILY, kinds.Frequency.WEEKLY):
        raise ValueError(f"not a digest frequency: {frequency!r}")
    chosen = dict(Preference.objects.filter(user_id=user_id).values_list("kind", "frequency"))
    stopped = [
        kind.code
        for kind in kinds.all_kinds()
        if chosen.get(kind.code, kind.default_frequency) == frequency
    ]
    with transaction.atomic():
        for code in stopped:
            set_frequency(user_id, code, kinds.Frequency.NEVER)
    return stopped


def save_preferences(
    user: Any,
    *,
    language: str,
    quiet_start: Any,
    quiet_end: Any,
    frequencies: Mapping[str, str],
) -> None:
    """Store the preferences page in one transaction: all of it or none of it."""
    from maeul.notifications.models import NoticeSettings

    with transaction.atomic():
        NoticeSettings.objects.update_or_create(
            user=user,
            defaults={
                "language": language,
                "language_chosen": True,
                "quiet_start": quiet_start,
                "quiet_end": quiet_end,
            },
        )
        for kind, frequency in frequencies.items():
            set_frequency(user.pk, kind, frequency)
