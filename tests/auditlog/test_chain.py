"""The hash-chained audit log: tampering with raw SQL is detected at the entry that was
touched, and concurrent appenders on PostgreSQL still produce one linear chain."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from maeul.auditlog.models import GENESIS_HASH, AuditEntry
from maeul.auditlog.services import audit_head, audit_record, audit_verify


def _append(n: int, **extra: Any) -> None:
    for i in range(n):
        audit_record(
            kind="test.event", subject=f"thing:{i}", data={"i": i, "note": "숫자"}, **extra
        )


@pytest.mark.django_db
def test_chain_links_and_verifies() -> None:
    _append(5)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.entry_hash for a, b in zip(entries, entries[1:], strict=False))
    report = audit_verify()
    assert report.ok and report.entries == 5 and report.head_hash == entries[-1].entry_hash
    assert entries[2].data == {"i": 2, "note": "숫자"}


@pytest.mark.django_db
def test_actor_and_municipality_are_recorded(places: dict[str, Any], make_official: Any) -> None:
    official = make_official(places["geumcheon"])
    entry = audit_record(
        kind="test.actor",
        actor=official,
        subject=places["gasan"],
        municipality=places["geumcheon"],
        data={},
    )
    assert (entry.actor_id, entry.actor_label) == (official.pk, official.username)
    assert entry.municipality_code == "1154500000"
    assert entry.subject == f"places.municipality:{places['gasan'].pk}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column,value",
    [
        ("payload", '{"i":99}'),
        ("kind", "test.forged"),
        ("actor_label", "someone"),
        ("subject", "thing:x"),
    ],
)
def test_raw_sql_edit_fails_at_that_entry(column: str, value: str) -> None:
    _append(6)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE auditlog_auditentry SET {column} = %s WHERE seq = 4", [value])  # noqa: S608
    report = audit_verify()
    assert not report.ok and report.first_bad_seq == 4
    with pytest.raises(CommandError, match="entry 4"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_deleting_a_middle_entry_is_detected() -> None:
    _append(5)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM auditlog_auditentry WHERE seq = 3")
    report = audit_verify()
    assert not report.ok and report.first_bad_seq == 3


@pytest.mark.django_db
def test_truncated_tail_is_detected_against_published_head() -> None:
    _append(4)
    _seq, published = audit_head()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM auditlog_auditentry WHERE seq = 4")
    assert audit_verify().ok  # the remaining chain is consistent by itself ...
    report = audit_verify(expected_head=published)  # ... but not with what was published
    assert not report.ok and report.first_bad_seq == 4


@pytest.mark.django_db
def test_rehashed_forgery_is_still_caught_by_the_next_link() -> None:
    """Rewriting an entry and recomputing its own hash breaks the following entry's link."""
    from maeul.auditlog.services import compute_hash

    _append(5)
    entry = AuditEntry.objects.get(seq=2)
    entry.payload = '{"i":1000}'
    entry.entry_hash = compute_hash(
        prev_hash=entry.prev_hash,
        seq=2,
        created_at=entry.created_at,
        kind=entry.kind,
        actor_id=None,
        actor_label="",
        municipality_code="",
        subject=entry.subject,
        payload=entry.payload,
    )
    entry.save()
    report = audit_verify()
    assert not report.ok and report.first_bad_seq == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appenders_make_one_linear_chain() -> None:
    writers, per_writer = 8, 15
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_writer):
                audit_record(kind="test.concurrent", subject=f"w{n}", data={"i": i})
        except BaseException as error:  # reported after the join
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = audit_verify()
    assert report.ok and report.entries == writers * per_writer
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, writers * per_writer + 1)
    )
