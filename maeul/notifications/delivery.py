"""Delivery beyond the in-app inbox (e-mail, adapters), after notices are stored.

The inbox needs nothing more than the stored notice. Every other channel gets one
:class:`~maeul.notifications.models.Delivery` row per notice, unique per (notice, channel) in
the database, and is sent from that row:

* **At most once.** A sender first *claims* rows with one conditional UPDATE (``status`` from
  ``pending`` to ``sending``, stamped with a fresh claim token) and sends only the rows that
  carry its token. PostgreSQL re-checks the condition on a row another transaction just
  changed, so of two workers (or a task delivered twice) exactly one claims each row. A
  worker that dies between sending and recording leaves the row in ``sending``: it is never
  sent again (a rare lost e-mail rather than a duplicate), and :func:`send_due` marks it
  failed after :data:`STALE_SENDING`.
* **Never in the way of the action.** Rows are written by the background task that stores
  the notices, after the action committed; a refused or unreachable mail server only puts the
  row back to ``pending`` with ``not_before`` pushed out exponentially
  (:func:`backoff`), up to :data:`MAX_ATTEMPTS`.
* **Preferences** decide at creation: "never" writes no row, a digest writes a ``held`` row
  that :func:`send_digests` later sends in one e-mail per person, "at once" writes a
  ``pending`` row whose ``not_before`` is the end of the person's quiet hours when they are
  in them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from maeul.notifications import adapters, kinds
from maeul.notifications.kinds import Frequency
from maeul.notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Notice,
    NoticeSettings,
    Preference,
)

log = logging.getLogger(__name__)

SEOUL = ZoneInfo("Asia/Seoul")
SEND_BATCH = 200
"""Deliveries per sending task: one SMTP connection serves the whole batch."""
MAX_ATTEMPTS = 8
BACKOFF_BASE = 60
BACKOFF_CAP = 6 * 3600
STALE_SENDING = dt.timedelta(hours=1)
EMAIL_TIMEOUT = 20
"""Seconds before a mail server that does not answer counts as failed (not a hung worker)."""
UNSUBSCRIBE_SALT = "maeul.notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 180 * 24 * 3600
"""An unsubscribe link works for half a year; an older one shows the preferences link."""


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next try after ``attempts`` failed ones: 1, 2, 4 … minutes, at most
    six hours, so a mail server that is down for a while is not hammered."""
    return dt.timedelta(seconds=min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP))


def quiet_until(now: dt.datetime, start: dt.time | None, end: dt.time | None) -> dt.datetime:
    """``now`` if it is outside the quiet hours ``start``–``end`` (Korean time; may span
    midnight), else the moment they end."""
    if start is None or end is None or start == end:
        return now
    local = now.astimezone(SEOUL)
    clock = local.time()
    if start < end:
        quiet = start <= clock < end
        end_day = local.date()
    else:  # e.g. 22:00–07:00
        quiet = clock >= start or clock < end
        end_day = local.date() + dt.timedelta(days=1) if clock >= start else local.date()
    if not quiet:
        return now
    return dt.datetime.combine(end_day, end, tzinfo=SEOUL).astimezone(dt.UTC)


def frequencies(kind: kinds.NoticeKind, user_ids: Iterable[int]) -> dict[int, str]:
    """Each person's choice for ``kind``, the kind's default where they made none."""
    ids = list(user_ids)
    chosen = dict(
        Preference.objects.filter(kind=kind.code, user_id__in=ids).values_list(
            "user_id", "frequency"
        )
    )
    return {user_id: chosen.get(user_id, kind.default_frequency) for user_id in ids}


def after_create(kind: str, event_key: str, recipient_ids: list[int]) -> None:
    """Write the delivery rows of one event's notices and send those that are due now.

    Safe to run twice: rows are unique per (notice, channel) and the second run only
    re-sends rows still ``pending`` (which the claim makes harmless)."""
    pairs = list(
        Notice.objects.filter(
            kind=kind, event_key=event_key, recipient_id__in=recipient_ids
        ).values_list("id", "recipient_id")
    )
    _deliver(kind, pairs)


def after_create_each(kind: str, items: list[tuple[int, str]]) -> None:
    """:func:`after_create` for notices of one kind about different events: ``items`` are
    (recipient id, event key) pairs, so one person may receive several (two of their
    proposals in one published result)."""
    wanted_pairs = set(items)
    rows = Notice.objects.filter(
        kind=kind,
        event_key__in={key for _person, key in items},
        recipient_id__in={person for person, _key in items},
    ).values_list("id", "recipient_id", "event_key")
    _deliver(kind, [(pk, person) for pk, person, key in rows if (person, key) in wanted_pairs])


def _deliver(kind: str, pairs: list[tuple[int, int]]) -> None:
    """Delivery rows for the notices ``pairs`` (notice id, recipient id) of ``kind``, by each
    recipient's wishes, and the sending of those due now."""
    if not pairs:
        return
    declared = kinds.get(kind)
    recipients = {person for _pk, person in pairs}
    extra = adapters.configured()
    addresses = dict(
        get_user_model()
        .objects.filter(pk__in=list(recipients), is_active=True)
        .values_list("pk", "email")
    )
    people = (
        {user.pk: user for user in get_user_model().objects.filter(pk__in=list(addresses))}
        if extra
        else {}
    )
    wanted = frequencies(declared, addresses)
    quiet = {
        row[0]: (row[1], row[2])
        for row in NoticeSettings.objects.filter(user_id__in=list(addresses)).values_list(
            "user_id", "quiet_start", "quiet_end"
        )
    }
    now = timezone.now()
    rows: list[Delivery] = []
    for notice_id, user_id in pairs:
        if user_id not in addresses:
            continue
        email = addresses[user_id]
        frequency = wanted[user_id]
        if frequency == Frequency.NEVER:
            continue
        if frequency in (Frequency.DAILY, Frequency.WEEKLY):
            if email:
                rows.append(
                    Delivery(
                        notice_id=notice_id,
                        channel=Channel.EMAIL,
                        status=DeliveryStatus.HELD,
                        digest=frequency,
                        not_before=now,
                    )
                )
            continue
        due = quiet_until(now, *quiet.get(user_id, (None, None)))
        if email:
            rows.append(Delivery(notice_id=notice_id, channel=Channel.EMAIL, not_before=due))
        for adapter in extra:
            if adapter.address(people[user_id]):
                rows.append(Delivery(notice_id=notice_id, channel=adapter.name, not_before=due))
    _insert_deliveries(rows)
    due_ids = list(
        Delivery.objects.filter(
            notice_id__in=[pk for pk, _person in pairs],
            status=DeliveryStatus.PENDING,
            not_before__lte=now,
        ).values_list("pk", flat=True)
    )
    _enqueue(due_ids)


def _insert_deliveries(rows: list[Delivery]) -> None:
    """Insert ``rows``, leaving alone those that exist (a second run of the same batch).

    On PostgreSQL one statement over arrays (as for the notices themselves, see
    ``services._insert_notices_postgres``); elsewhere Django's bulk insert."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        Delivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        return
    table = connection.ops.quote_name(Delivery._meta.db_table)
    statement = f"""
        INSERT INTO {table}
            (notice_id, channel, status, digest, not_before, attempts, last_error, claim)
        SELECT notice, channel, status, digest, due, 0, '', ''
        FROM unnest(%s::bigint[], %s::varchar[], %s::varchar[], %s::varchar[],
                    %s::timestamptz[]) AS row (notice, channel, status, digest, due)
        ON CONFLICT (notice_id, channel) DO NOTHING
    """  # noqa: S608 (the model's table name; values bound)
    values: list[Any] = [
        [row.notice_id for row in rows],
        [row.channel for row in rows],
        [row.status for row in rows],
        [row.digest for row in rows],
        [row.not_before for row in rows],
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement, values)


def _enqueue(ids: Sequence[int], countdown: float | None = None) -> None:
    from maeul.notifications import tasks

    def send() -> None:
        for start in range(0, len(ids), SEND_BATCH):
            chunk = list(ids[start : start + SEND_BATCH])
            if countdown is None:
                tasks.send_deliveries.delay(chunk)
            else:
                tasks.send_deliveries.apply_async((chunk,), countdown=countdown)

    if ids:
        transaction.on_commit(send)


def _eager() -> bool:
    return bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True))


def claim(ids: Iterable[int], *, now: dt.datetime | None = None) -> list[Delivery]:
    """Move the due ``pending`` rows among ``ids`` to ``sending`` for this sender alone.

    One conditional UPDATE: a row another sender claimed first no longer matches
    ``status = pending`` and is left alone, so each row is claimed by exactly one sender."""
    token = uuid.uuid4().hex
    now = now or timezone.now()
    wanted = list(ids)
    Delivery.objects.filter(
        pk__in=wanted, status=DeliveryStatus.PENDING, not_before__lte=now
    ).update(  # while sending, not_before holds the moment of the claim (see send_due)
        status=DeliveryStatus.SENDING, claim=token, attempts=F("attempts") + 1, not_before=now
    )
    return list(  # by primary key first: the claim token has no index of its own
        Delivery.objects.filter(pk__in=wanted, claim=token, status=DeliveryStatus.SENDING)
        .select_related("notice", "notice__recipient")
        .order_by("pk")
    )


def send_deliveries(ids: Iterable[int]) -> dict[str, int]:
    """Send the deliveries among ``ids`` that this sender claims; answers counts by outcome.

    Never raises for a channel's failure: the row goes back to ``pending`` with a later
    ``not_before`` (or to ``failed`` after :data:`MAX_ATTEMPTS`), and a retry is scheduled."""
    rows = claim(ids)
    outcome = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    if not rows:
        return outcome
    batch = _Batch(rows)
    batch.send_emails([row for row in rows if row.channel == Channel.EMAIL])
    batch.send_adapters([row for row in rows if row.channel != Channel.EMAIL])
    return batch.record()


class _Batch:
    """The outcome of sending one claimed batch, recorded in a few UPDATEs at the end."""

    def __init__(self, rows: Sequence[Delivery]) -> None:
        self.languages = _languages(row.notice.recipient_id for row in rows)
        self.stopped = _stopped(rows)
        self.sent: list[int] = []
        self.skipped: list[int] = []
        self.failures: list[tuple[Delivery, str]] = []
        self.rendered: dict[tuple[Any, ...], Any] = {}

    def unwanted(self, row: Delivery) -> bool:
        return (row.notice.recipient_id, row.notice.kind) in self.stopped

    def send_emails(self, rows: list[Delivery]) -> None:
        if not rows:
            return
        connection = get_connection(timeout=EMAIL_TIMEOUT)
        try:
            connection.open()
        except Exception as error:  # an unreachable server fails the whole batch, retried
            self.failures.extend((row, _describe(error)) for row in rows)
            return
        try:
            for row in rows:
                if self.unwanted(row) or not row.notice.recipient.email:
                    self.skipped.append(row.pk)
                    continue
                try:
                    message = notice_email(
                        row.notice, self.languages.get(row.notice.recipient_id), self.rendered
                    )
                    message.connection = connection
                    message.send()
                except Exception as error:  # one refused recipient does not stop the batch
                    self.failures.append((row, _describe(error)))
                else:
                    self.sent.append(row.pk)
        finally:
            try:
                connection.close()
            except Exception:  # a server that went away while we closed changes nothing
                log.debug("closing the mail connection failed", exc_info=True)

    def send_adapters(self, rows: list[Delivery]) -> None:
        for row in rows:
            adapter = adapters.by_name(row.channel)
            recipient = row.notice.recipient
            address = adapter.address(recipient) if adapter else None
            if adapter is None or address is None or self.unwanted(row):
                self.skipped.append(row.pk)
                continue
            try:
                with translation.override(self.languages.get(recipient.pk)):
                    subject, body = kinds.get(row.notice.kind).render(row.notice.data)
                adapter.send(address, subject, body, absolute(row.notice.url))
            except Exception as error:
                self.failures.append((row, _describe(error)))
            else:
                self.sent.append(row.pk)

    def record(self) -> dict[str, int]:
        now = timezone.now()
        Delivery.objects.filter(pk__in=self.sent).update(status=DeliveryStatus.SENT, sent_at=now)
        Delivery.objects.filter(pk__in=self.skipped).update(status=DeliveryStatus.SKIPPED)
        retry: list[Delivery] = []
        for row, error in self.failures:
            final = row.attempts >= MAX_ATTEMPTS
            Delivery.objects.filter(pk=row.pk, claim=row.claim).update(
                status=DeliveryStatus.FAILED if final else DeliveryStatus.PENDING,
                not_before=now + backoff(row.attempts),
                last_error=error,
            )
            if not final:
                retry.append(row)
            log.warning("delivery %s (%s) failed: %s", row.pk, row.channel, error)
        if retry and not _eager():
            # In-process mode would run the retry at once, in a loop; there the beat job
            # (send_due) picks due rows up instead.
            wait = min(backoff(row.attempts) for row in retry).total_seconds()
            _enqueue([row.pk for row in retry], countdown=wait)
        return {
            "sent": len(self.sent),
            "skipped": len(self.skipped),
            "retry": len(retry),
            "failed": len(self.failures) - len(retry),
        }


def send_due() -> int:
    """Send every ``pending`` row whose time has come (after quiet hours, after a backoff),
    and give up on rows stuck in ``sending`` (their sender died: sending again could send
    twice). Run every minute by beat; answers how many rows were handed to senders."""
    now = timezone.now()
    Delivery.objects.filter(
        status=DeliveryStatus.SENDING, not_before__lt=now - STALE_SENDING, sent_at__isnull=True
    ).update(
        status=DeliveryStatus.FAILED,
        last_error="the sender stopped while sending; not sent again to avoid a duplicate",
    )
    ids = list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, not_before__lte=now)
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[:50_000]
    )
    _enqueue(ids)
    return len(ids)


def send_digests(frequency: str) -> int:
    """One e-mail per person with every notice held for the ``frequency`` digest; answers how
    many e-mails were sent. Each person's rows are claimed the same way as single ones, so a
    digest run twice sends each notice once. A failure puts the rows back for the next run."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"no digest is sent {frequency!r}")
    held = Delivery.objects.filter(
        status=DeliveryStatus.HELD, digest=frequency, channel=Channel.EMAIL
    )
    people = sorted(set(held.values_list("notice__recipient_id", flat=True)))
    languages = _languages(people)
    sent = 0
    for user_id in people:
        ids = list(held.filter(notice__recipient_id=user_id).values_list("pk", flat=True))
        token = uuid.uuid4().hex
        Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.HELD, digest=frequency).update(
            status=DeliveryStatus.SENDING,
            claim=token,
            attempts=F("attempts") + 1,
            not_before=timezone.now(),
        )
        mine = Delivery.objects.filter(pk__in=ids, claim=token)
        rows = list(
            mine.filter(status=DeliveryStatus.SENDING)
            .select_related("notice", "notice__recipient")
            .order_by("notice__created_at", "pk")
        )
        if not rows:
            continue
        stopped = _stopped(rows)
        keep = [row for row in rows if (user_id, row.notice.kind) not in stopped]
        recipient = rows[0].notice.recipient
        if not keep or not recipient.email:
            mine.update(status=DeliveryStatus.SKIPPED)
            continue
        try:
            message = digest_email(recipient, [row.notice for row in keep], frequency, languages)
            message.connection = get_connection(timeout=EMAIL_TIMEOUT)
            message.send()
        except Exception as error:
            mine.update(status=DeliveryStatus.HELD, last_error=_describe(error))
            log.warning("digest for %s failed: %s", user_id, error)
            continue
        now = timezone.now()
        Delivery.objects.filter(pk__in=[row.pk for row in keep]).update(
            status=DeliveryStatus.SENT, sent_at=now
        )
        mine.filter(status=DeliveryStatus.SENDING).update(status=DeliveryStatus.SKIPPED)
        sent += 1
    return sent


def _stopped(rows: Sequence[Delivery]) -> set[tuple[int, str]]:
    """(person, kind) pairs switched to "never" since the rows were written: not sent."""
    people = {row.notice.recipient_id for row in rows}
    return set(
        Preference.objects.filter(user_id__in=people, frequency=Frequency.NEVER).values_list(
            "user_id", "kind"
        )
    )


def _languages(user_ids: Iterable[int]) -> dict[int, str]:
    return dict(
        NoticeSettings.objects.filter(user_id__in=set(user_ids)).values_list("user_id", "language")
    )


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def absolute(path: str) -> str:
    """An address on this site for use outside it (e-mails)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps([user_id, kind], salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(person, kind) from a link; raises :class:`signing.BadSignature` (or its subclass
    ``SignatureExpired``) for a forged, altered or expired one."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
    ):
        raise signing.BadSignature("malformed unsubscribe token")
    return value[0], value[1]


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id, kind)]))


DIGEST_PREFIX = "digest:"
"""A token whose kind is ``digest:<frequency>`` stops the digest itself: the one-click link a
mail client shows in a digest's header cannot name one kind, since a digest carries several."""


def digest_frequency(code: str) -> str | None:
    """The digest frequency an unsubscribe code stands for, or ``None`` for a notice kind."""
    if not code.startswith(DIGEST_PREFIX):
        return None
    frequency = code[len(DIGEST_PREFIX) :]
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise kinds.UnknownKind(code)
    return frequency


_MARK = "MAEULUNSUBSCRIBELINK"
"""Stands for the person's own unsubscribe link in a text rendered once for many people."""


def _notice_parts(notice: Notice, language: str) -> tuple[str, str, str, str]:
    """(subject, text, html, kind) of a notice in ``language``, with :data:`_MARK` where the
    recipient's unsubscribe link goes: the same for every recipient of one event, so a batch
    renders its templates once instead of once per person."""
    kind = kinds.get(notice.kind)
    with translation.override(language):
        subject, body = kind.render(notice.data)
        context = {
            "subject": subject,
            "body": body,
            "link": absolute(notice.url),
            "kind_label": str(kind.label),
            "unsubscribe": _MARK,
            "preferences": absolute(reverse("notifications:preferences")),
            "language": language,
        }
        text = render_to_string("notifications/email/notice.txt", context)
        html = render_to_string("notifications/email/notice.html", context)
        prefix = translation.gettext("[Maeul]")
    return f"{prefix} {subject}", text, html, kind.code


def notice_email(
    notice: Notice, language: str | None, rendered: dict[tuple[Any, ...], Any] | None = None
) -> EmailMultiAlternatives:
    """The e-mail for one notice, in the recipient's language, plain text and HTML, with
    RFC 8058 one-click unsubscribe headers for its kind. ``rendered`` caches the texts for
    the other recipients of the same event in one batch."""
    language = language or settings.LANGUAGE_CODE
    key = (
        notice.kind,
        notice.event_key,
        notice.url,
        language,
        json.dumps(notice.data, sort_keys=True),
    )
    cache = rendered if rendered is not None else {}
    if key not in cache:
        cache[key] = _notice_parts(notice, language)
    subject, text, html, code = cache[key]
    recipient = notice.recipient
    unsubscribe = unsubscribe_url(recipient.pk, code)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text.replace(_MARK, unsubscribe),
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html.replace(_MARK, unsubscribe), "text/html")
    return message


def digest_email(
    recipient: Any, notices: Sequence[Notice], frequency: str, languages: dict[int, str]
) -> EmailMultiAlternatives:
    """One e-mail listing ``notices``; each kind in it has its own unsubscribe link."""
    with translation.override(languages.get(recipient.pk) or settings.LANGUAGE_CODE):
        items = []
        seen: dict[str, str] = {}
        for notice in notices:
            kind = kinds.get(notice.kind)
            subject, body = kind.render(notice.data)
            items.append({"subject": subject, "body": body, "link": absolute(notice.url)})
            seen.setdefault(kind.code, str(kind.label))
        context = {
            "items": items,
            "daily": frequency == Frequency.DAILY,
            "kinds": [
                {"label": label, "unsubscribe": unsubscribe_url(recipient.pk, code)}
                for code, label in seen.items()
            ],
            "preferences": absolute(reverse("notifications:preferences")),
            "language": translation.get_language(),
        }
        subject = (
            translation.gettext("[Maeul] Your daily digest: %(count)d notices")
            if frequency == Frequency.DAILY
            else translation.gettext("[Maeul] Your weekly digest: %(count)d notices")
        ) % {"count": len(items)}
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    stop_digest = unsubscribe_url(recipient.pk, DIGEST_PREFIX + frequency)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{stop_digest}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
