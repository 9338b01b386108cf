"""E-mail and adapter delivery: once per notice and channel, in the recipient's language, by
their preferences, and never in the way of the action that caused it."""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import override_settings

from maeul.notifications import adapters, delivery, kinds
from maeul.notifications.models import Delivery, DeliveryStatus, Notice, Preference
from maeul.notifications.services import set_frequency
from tests.notifications.helpers import (
    DIGEST_KIND,
    RESIDENT_KIND,
    resident_with_email,
    send,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what waits for the commit (notice creation, sending) as a real commit would."""

    def run(action: Any) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            action()

    return run


def test_each_recipient_gets_one_email_in_their_language_with_one_click_unsubscribe(
    make_resident: Any, places: dict[str, Any], committed: Any
) -> None:
    korean = resident_with_email(make_resident, places["geumcheon"], "ko")
    english = resident_with_email(make_resident, places["geumcheon"], "en")
    committed(lambda: send([korean.pk, english.pk]))
    committed(lambda: send([korean.pk, english.pk]))  # the same event again
    assert len(mail.outbox) == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    ko, en = by_address[korean.email], by_address[english.email]
    assert ko.subject == "[마을] Vote Park is open"
    assert en.subject == "[Maeul] Vote Park is open"
    assert "이 메일 그만 받기" in ko.body and "Stop these e-mails" in en.body
    assert "http://localhost:8000/votes/1/" in en.body
    html, mimetype = en.alternatives[0]
    assert mimetype == "text/html" and 'href="http://localhost:8000/votes/1/"' in html
    assert en.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = en.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in en.body and link.startswith("http://localhost:8000/notices/unsubscribe/")
    assert delivery.read_unsubscribe_token(link.rstrip("/").rsplit("/", 1)[1]) == (
        english.pk,
        RESIDENT_KIND.code,
    )
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_people_without_an_address_or_who_chose_never_get_the_notice_only(
    make_resident: Any, places: dict[str, Any], committed: Any
) -> None:
    no_address = make_resident(places["geumcheon"])
    never = resident_with_email(make_resident, places["geumcheon"])
    set_frequency(never.pk, RESIDENT_KIND.code, kinds.Frequency.NEVER)
    committed(lambda: send([no_address.pk, never.pk]))
    assert Notice.objects.count() == 2
    assert not mail.outbox and not Delivery.objects.exists()


def test_a_choice_of_never_made_after_the_notice_stops_the_waiting_email(
    make_resident: Any, places: dict[str, Any], committed: Any
) -> None:
    person = resident_with_email(make_resident, places["geumcheon"])
    person.notice_settings.quiet_start = dt.time(0, 0)
    person.notice_settings.quiet_end = dt.time(23, 59)
    person.notice_settings.save()
    committed(lambda: send([person.pk]))
    set_frequency(person.pk, RESIDENT_KIND.code, kinds.Frequency.NEVER)
    Delivery.objects.update(not_before=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    committed(delivery.send_due)
    assert not mail.outbox
    assert Delivery.objects.get().status == DeliveryStatus.SKIPPED


def test_quiet_hours_hold_an_immediate_email_until_they_end(
    make_resident: Any, places: dict[str, Any], committed: Any
) -> None:
    person = resident_with_email(make_resident, places["geumcheon"])
    person.notice_settings.quiet_start = dt.time(22, 0)
    person.notice_settings.quiet_end = dt.time(7, 0)
    person.notice_settings.save()
    # 23:30 in Seoul: inside quiet hours that span midnight
    with time_machine.travel(dt.datetime(2026, 5, 4, 23, 30, tzinfo=delivery.SEOUL)):
        committed(lambda: send([person.pk]))
        committed(delivery.send_due)
    assert not mail.outbox
    held = Delivery.objects.get()
    assert held.status == DeliveryStatus.PENDING
    assert held.not_before == dt.datetime(2026, 5, 5, 7, 0, tzinfo=delivery.SEOUL)
    with time_machine.travel(dt.datetime(2026, 5, 5, 7, 1, tzinfo=delivery.SEOUL)):
        committed(delivery.send_due)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("clock", "start", "end", "until"),
    [
        ((12, 0), (22, 0), (7, 0), None),
        ((6, 59), (22, 0), (7, 0), (0, 7, 0)),
        ((22, 0), (22, 0), (7, 0), (1, 7, 0)),
        ((13, 0), (12, 0), (14, 0), (0, 14, 0)),
        ((14, 0), (12, 0), (14, 0), None),
        ((13, 0), None, None, None),
    ],
)
def test_quiet_until(clock: Any, start: Any, end: Any, until: Any) -> None:
    now = dt.datetime(2026, 5, 4, *clock, tzinfo=delivery.SEOUL)
    result = delivery.quiet_until(
        now, dt.time(*start) if start else None, dt.time(*end) if end else None
    )
    if until is None:
        assert result == now
    else:
        day, hour, minute = until
        expected = dt.datetime(2026, 5, 4 + day, hour, minute, tzinfo=delivery.SEOUL)
        assert result == expected


def test_a_daily_digest_sends_one_email_with_everything_held_once(
    make_resident: Any, places: dict[str, Any], committed: Any
) -> None:
    person = resident_with_email(make_resident, places["geumcheon"], "en")
    other = resident_with_email(make_resident, places["geumcheon"], "ko")
    set_frequency(person.pk, RESIDENT_KIND.code, kinds.Frequency.WEEKLY)
    committed(lambda: send([person.pk, other.pk], kind=DIGEST_KIND, key="p:1", points=30))
    committed(lambda: send([person.pk], kind=DIGEST_KIND, key="p:2", points=50))
    committed(lambda: send([person.pk]))  # weekly for this person: not in the daily digest
    assert not mail.outbox
    assert delivery.send_digests("daily") == 2
    assert delivery.send_digests("daily") == 0  # run twice: nothing more
    by_address = {message.to[0]: message for message in mail.outbox}
    digest = by_address[person.email]
    assert digest.subject == "[Maeul] Your daily digest: 2 notices"
    assert "30 points" in digest.body and "50 points" in digest.body
    assert "Vote Park" not in digest.body
    assert "Points awarded" in digest.body  # its unsubscribe line
    assert by_address[other.email].subject == "[마을] 일일 요약: 알림 1건"
    assert delivery.send_digests("weekly") == 1
    assert "Vote Park is open" in mail.outbox[-1].body
    with pytest.raises(ValueError):
        delivery.send_digests("hourly")


def test_a_task_run_twice_sends_once(
    make_resident: Any, places: dict[str, Any], committed: Any
) -> None:
    person = resident_with_email(make_resident, places["geumcheon"])
    person.notice_settings.quiet_start = dt.time(0, 0)
    person.notice_settings.quiet_end = dt.time(23, 59)
    person.notice_settings.save()
    committed(lambda: send([person.pk]))
    Delivery.objects.update(not_before=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    ids = list(Delivery.objects.values_list("pk", flat=True))
    first = delivery.send_deliveries(ids)
    second = delivery.send_deliveries(ids)
    assert first["sent"] == 1 and second["sent"] == 0
    assert len(mail.outbox) == 1


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_mail_server_neither_blocks_nor_rolls_back_and_is_retried_with_backoff(
    make_resident: Any, places: dict[str, Any], committed: Any
) -> None:
    person = resident_with_email(make_resident, places["geumcheon"])
    smtp = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=_closed_port(),
        EMAIL_USE_TLS=False,
    )
    with smtp:

        def action() -> None:
            with transaction.atomic():
                set_frequency(person.pk, DIGEST_KIND.code, kinds.Frequency.NEVER)  # "the action"
                send([person.pk])

        committed(action)  # no exception reaches the caller
    assert Preference.objects.filter(user=person).exists()  # the action stands
    assert Notice.objects.filter(recipient=person).count() == 1  # and the inbox has it
    row = Delivery.objects.get()
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1
    assert "ConnectionRefused" in row.last_error
    first_wait = row.not_before
    with smtp, time_machine.travel(first_wait + dt.timedelta(seconds=1)):
        committed(delivery.send_due)
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.not_before - first_wait >= dt.timedelta(minutes=2)  # the wait doubled
    with time_machine.travel(row.not_before + dt.timedelta(seconds=1)):
        committed(delivery.send_due)  # the server is back (the test's outbox)
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT and len(mail.outbox) == 1


def test_retries_stop_after_max_attempts(
    make_resident: Any, places: dict[str, Any], committed: Any
) -> None:
    person = resident_with_email(make_resident, places["geumcheon"])
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=_closed_port(),
    ):
        committed(lambda: send([person.pk]))
        row = Delivery.objects.get()
        row.attempts = delivery.MAX_ATTEMPTS - 1
        row.not_before = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        row.save()
        delivery.send_deliveries([row.pk])
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED
    assert delivery.send_due() == 0


def test_backoff_doubles_and_is_capped() -> None:
    waits = [delivery.backoff(n).total_seconds() for n in range(1, 12)]
    assert waits[:4] == [60, 120, 240, 480]
    assert max(waits) == delivery.BACKOFF_CAP


def test_a_sender_that_died_mid_send_is_not_sent_again(
    make_resident: Any, places: dict[str, Any], committed: Any
) -> None:
    person = resident_with_email(make_resident, places["geumcheon"])
    person.notice_settings.quiet_start = dt.time(0, 0)
    person.notice_settings.quiet_end = dt.time(23, 59)
    person.notice_settings.save()
    committed(lambda: send([person.pk]))
    row = Delivery.objects.get()
    Delivery.objects.update(
        status=DeliveryStatus.SENDING,
        not_before=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    delivery.send_due()
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED and not mail.outbox


@override_settings(NOTICE_ADAPTERS=["maeul.notifications.adapters.ConsoleAdapter"])
def test_an_adapter_gets_its_own_delivery_once(
    make_resident: Any, places: dict[str, Any], committed: Any, capsys: Any
) -> None:
    person = resident_with_email(make_resident, places["geumcheon"], "en")
    committed(lambda: send([person.pk]))
    committed(lambda: send([person.pk]))
    out = capsys.readouterr().out
    assert out.count(f"[console → {person.username}] Vote Park is open") == 1
    assert "http://localhost:8000/votes/1/" in out
    assert sorted(Delivery.objects.values_list("channel", flat=True)) == ["console", "email"]
    assert adapters.by_name("console") is not None


def test_a_mail_server_that_refuses_every_message_does_not_affect_the_action(
    make_resident: Any, places: dict[str, Any], committed: Any
) -> None:
    from tests.notifications.smtp import smtp_sink

    people = [resident_with_email(make_resident, places["geumcheon"]) for _ in range(3)]
    with (
        smtp_sink(refuse=True) as (sink, port),
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
        ),
    ):

        def action() -> None:
            with transaction.atomic():
                set_frequency(people[0].pk, DIGEST_KIND.code, kinds.Frequency.NEVER)
                send([person.pk for person in people])

        committed(action)
    assert Preference.objects.filter(user=people[0]).exists()
    assert Notice.objects.count() == 3 and not sink.messages
    rows = list(Delivery.objects.all())
    assert all(row.status == DeliveryStatus.PENDING and row.attempts == 1 for row in rows)
    assert all("554" in row.last_error for row in rows)
    with (
        smtp_sink() as (sink, port),
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
        ),
        time_machine.travel(rows[0].not_before + dt.timedelta(seconds=1)),
    ):
        committed(delivery.send_due)
        assert sorted(sink.recipients()) == sorted(person.email for person in people)


def test_a_large_fan_out_is_cut_into_batches_and_everyone_gets_one_notice_and_email(
    make_resident: Any, places: dict[str, Any], committed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from maeul.notifications import services

    monkeypatch.setattr(services, "BATCH", 3)
    people = [resident_with_email(make_resident, places["geumcheon"]) for _ in range(7)]
    outsider = resident_with_email(make_resident, places["namgu"])
    committed(lambda: send([person.pk for person in people]))
    assert sorted(Notice.objects.values_list("recipient_id", flat=True)) == sorted(
        person.pk for person in people
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        person.email for person in people
    )
    assert not Notice.objects.filter(recipient=outsider).exists()


def test_a_digest_carries_a_one_click_header_that_stops_the_digest_and_only_it(
    make_resident: Any, places: dict[str, Any], committed: Any
) -> None:
    """A mail client's one-click unsubscribe on a daily digest stops every kind that reached
    the person in it; kinds sent at once or weekly keep coming."""
    from django.test import Client

    person = resident_with_email(make_resident, places["geumcheon"], "en")
    set_frequency(person.pk, RESIDENT_KIND.code, kinds.Frequency.WEEKLY)
    committed(lambda: send([person.pk], kind=DIGEST_KIND, key="p:1", points=30))
    assert delivery.send_digests("daily") == 1
    digest = mail.outbox[-1]
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = digest.extra_headers["List-Unsubscribe"].strip("<>")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert delivery.read_unsubscribe_token(token) == (person.pk, "digest:daily")

    anonymous = Client(enforce_csrf_checks=True)
    assert (
        "일일 요약 메일을 그만 받으시겠습니까"
        in anonymous.get(f"/notices/unsubscribe/{token}/").content.decode()
    )
    assert not Preference.objects.filter(user=person, frequency=kinds.Frequency.NEVER).exists()
    done = anonymous.post(f"/notices/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "일일 요약 메일을 보내지 않습니다" in done.content.decode()
    never = set(
        Preference.objects.filter(user=person, frequency=kinds.Frequency.NEVER).values_list(
            "kind", flat=True
        )
    )
    assert DIGEST_KIND.code in never
    assert RESIDENT_KIND.code not in never  # weekly by the person's choice: untouched
    assert all(kinds.get(code).default_frequency == kinds.Frequency.DAILY for code in never)


def test_an_unknown_digest_frequency_in_a_signed_link_is_refused_and_changes_nothing(
    make_resident: Any, places: dict[str, Any]
) -> None:
    from django.test import Client

    person = resident_with_email(make_resident, places["geumcheon"], "en")
    token = delivery.unsubscribe_token(person.pk, "digest:hourly")
    response = Client().post(f"/notices/unsubscribe/{token}/")
    assert response.status_code == 400
    assert not Preference.objects.exists()
