"""Appending to and verifying the audit chain.

Every app records consequential changes with ``audit_record(...)`` *inside* the transaction
that makes the change, so the entry and the change commit or roll back together. Appends are
serialised: on PostgreSQL by a transaction-scoped advisory lock taken just before reading the
chain's head; on SQLite by the database's single writer (Maeul opens SQLite transactions with
BEGIN IMMEDIATE). The lock is held until commit, so call ``audit_record`` as the last write of
a transaction to keep the serialised section short.

On PostgreSQL the append is one round trip: the function ``auditlog_append`` (migration 0002)
takes the lock, reads the head, hashes and inserts. Python hands it the canonical JSON split
around the two values only the database knows at that moment, ``seq`` and ``ts``
(``hash_parts``), so the bytes hashed are exactly those ``compute_hash`` hashes, and
``audit_verify`` (always in Python) checks every entry either way. A hot path can embed the
call in its own statement (``append_sql``) so that its writes and the append are one statement.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from maeul.auditlog.models import GENESIS_HASH, AuditEntry

# Arbitrary constant naming the audit chain's advisory lock ("MAEULAUD" in ASCII).
AUDIT_LOCK_KEY = 0x4D4145554C415544 - (1 << 63)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"audit data: cannot record {type(value).__name__}")


def canonical_json(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )


def _body(
    *,
    seq: Any,
    ts: str,
    kind: str,
    actor_id: int | None,
    actor_label: str,
    municipality_code: str,
    subject: str,
    payload: str,
) -> str:
    return canonical_json(
        {
            "seq": seq,
            "ts": ts,
            "kind": kind,
            "actor": actor_id,
            "actor_label": actor_label,
            "municipality": municipality_code,
            "subject": subject,
            "data": payload,
        }
    )


def compute_hash(
    *,
    prev_hash: str,
    seq: int,
    created_at: dt.datetime,
    kind: str,
    actor_id: int | None,
    actor_label: str,
    municipality_code: str,
    subject: str,
    payload: str,
) -> str:
    body = _body(
        seq=seq,
        ts=created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        kind=kind,
        actor_id=actor_id,
        actor_label=actor_label,
        municipality_code=municipality_code,
        subject=subject,
        payload=payload,
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


# Stand-ins for the values the database fills in: an integer no chain reaches, and a string
# that JSON writes verbatim. Keys are sorted, so "seq" comes before "subject" and "ts" is last.
_SEQ_MARK = -987654321987654321
_TS_MARK = "@@ts@@"


def entry_content_hash(entry: AuditEntry) -> str:
    """The hash a stored entry's content should have: the chain's check and the auditor's
    entry page compare it with the stored ``entry_hash``."""
    return compute_hash(
        prev_hash=entry.prev_hash,
        seq=entry.seq,
        created_at=entry.created_at,
        kind=entry.kind,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        municipality_code=entry.municipality_code,
        subject=entry.subject,
        payload=entry.payload,
    )


def hash_parts(
    *,
    kind: str,
    actor_id: int | None,
    actor_label: str,
    municipality_code: str,
    subject: str,
    payload: str,
) -> tuple[str, str, str]:
    """The canonical body as ``(head, mid, tail)`` with ``body == head + str(seq) + mid + ts +
    tail``, where ``ts`` is the UTC time as ``compute_hash`` writes it."""
    body = _body(
        seq=_SEQ_MARK,
        ts=_TS_MARK,
        kind=kind,
        actor_id=actor_id,
        actor_label=actor_label,
        municipality_code=municipality_code,
        subject=subject,
        payload=payload,
    )
    # The marks occur once each as values: inside other (string) values a quote is escaped.
    head, rest = body.split(f'"seq":{_SEQ_MARK},', 1)
    mid, tail = rest.rsplit(f'"ts":"{_TS_MARK}"', 1)
    return head + '"seq":', "," + mid + '"ts":"', '"' + tail


def _subject_label(subject: Any) -> str:
    if subject is None:
        return ""
    if isinstance(subject, str):
        return subject
    meta = getattr(subject, "_meta", None)
    if meta is not None:
        return f"{meta.label_lower}:{subject.pk}"
    return str(subject)


@dataclass(frozen=True)
class PendingEntry:
    """An entry's fields before the chain gives it a place (``seq``, time, hashes)."""

    kind: str
    actor_id: int | None
    actor_label: str
    municipality_code: str
    subject: str
    payload: str

    def placed(
        self, *, seq: int, created_at: dt.datetime, prev_hash: str, entry_hash: str = ""
    ) -> AuditEntry:
        """The ``AuditEntry`` of this entry at its place in the chain."""
        return AuditEntry(
            seq=seq,
            created_at=created_at,
            kind=self.kind,
            actor_id=self.actor_id,
            actor_label=self.actor_label,
            municipality_code=self.municipality_code,
            subject=self.subject,
            payload=self.payload,
            prev_hash=prev_hash,
            entry_hash=entry_hash,
        )


def pending_entry(
    *,
    kind: str,
    actor: Any = None,
    subject: Any = None,
    municipality: Any = None,
    data: dict[str, Any] | None = None,
) -> PendingEntry:
    municipality_code = ""
    if municipality is not None:
        municipality_code = getattr(municipality, "code", None) or str(municipality)
    return PendingEntry(
        kind=kind,
        actor_id=getattr(actor, "pk", None) if actor is not None else None,
        actor_label=getattr(actor, "username", "") if actor is not None else "",
        municipality_code=municipality_code,
        subject=_subject_label(subject),
        payload=canonical_json(data or {}),
    )


APPEND_COLUMNS = "seq, created_at, prev_hash, entry_hash"


def append_sql(entry: PendingEntry, after: str = "NULL") -> tuple[str, list[Any]]:
    """``auditlog_append(...)`` and its parameters, for a caller's statement on PostgreSQL.

    Used as a table function it yields one row (``APPEND_COLUMNS``). ``after`` is an SQL
    expression the call waits for — e.g. counts over the caller's data-modifying CTEs, so
    that those writes (and any unique-constraint wait) finish before the chain's lock is taken.
    """
    head, mid, tail = hash_parts(
        kind=entry.kind,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        municipality_code=entry.municipality_code,
        subject=entry.subject,
        payload=entry.payload,
    )
    sql = (
        "auditlog_append(%s::text, %s::bigint, %s::text, %s::text, %s::text, %s::text, "
        f"%s::text, %s::text, %s::text, ({after})::bigint)"
    )
    params = [
        entry.kind,
        entry.actor_id,
        entry.actor_label,
        entry.municipality_code,
        entry.subject,
        entry.payload,
        head,
        mid,
        tail,
    ]
    return sql, params


def appended(entry: PendingEntry, row: Sequence[Any]) -> AuditEntry:
    """The ``AuditEntry`` of a row ``(seq, created_at, prev_hash, entry_hash)`` appended by
    ``auditlog_append``."""
    seq, created_at, prev_hash, entry_hash = row
    result = entry.placed(
        seq=seq, created_at=created_at, prev_hash=prev_hash, entry_hash=entry_hash
    )
    result._state.adding = False
    result._state.db = connection.alias
    return result


def audit_record(
    *,
    kind: str,
    actor: Any = None,
    subject: Any = None,
    municipality: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain and return it.

    ``actor`` is the acting user or None (system actions, and secret ballots, whose audit
    entries must not name the voter). ``subject`` is a model instance or a label. ``data`` must
    be JSON-serialisable (Decimals and dates are written as strings).
    """
    entry = pending_entry(
        kind=kind, actor=actor, subject=subject, municipality=municipality, data=data
    )
    if connection.vendor == "postgresql":
        # One statement: inside the caller's transaction it needs no savepoint (an error
        # aborts the caller's transaction anyway); outside one it is its own transaction.
        call, params = append_sql(entry)
        statement = f"SELECT {APPEND_COLUMNS} FROM {call}"  # noqa: S608 (constants; values bound)
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            row = cursor.fetchone()
        return appended(entry, row)
    # SQLite: BEGIN IMMEDIATE already makes this transaction the only writer.
    with transaction.atomic():
        head = AuditEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
        seq = head.seq + 1 if head else 1
        prev_hash = head.entry_hash if head else GENESIS_HASH
        created_at = timezone.now().astimezone(dt.UTC)
        # Stored timestamps have microsecond precision on both backends; hash what is stored.
        record = entry.placed(seq=seq, created_at=created_at, prev_hash=prev_hash)
        record.entry_hash = compute_hash(
            prev_hash=prev_hash,
            seq=seq,
            created_at=created_at,
            kind=entry.kind,
            actor_id=entry.actor_id,
            actor_label=entry.actor_label,
            municipality_code=entry.municipality_code,
            subject=entry.subject,
            payload=entry.payload,
        )
        record.save(force_insert=True)
    return record


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str = ""
    reason: str = ""
    """What is wrong, as a code pages translate: ``missing``, ``link``, ``changed``,
    ``head``; empty when the chain is intact."""


def audit_verify(*, expected_head: str | None = None, batch: int = 5000) -> ChainReport:
    """Walk the chain in order and name the first entry that does not match.

    Detects an edited entry (its hash no longer matches its content), a deleted or inserted
    entry (a gap in the sequence or a broken link), and — given the published head hash — a
    truncated tail.
    """
    expected_seq = 1
    prev_hash = GENESIS_HASH
    count = 0
    last_seq = 0
    queryset = AuditEntry.objects.order_by("seq")
    while True:
        rows = list(queryset.filter(seq__gte=expected_seq)[:batch])
        if not rows:
            break
        for entry in rows:
            if entry.seq != expected_seq:
                return ChainReport(
                    False,
                    count,
                    last_seq,
                    prev_hash,
                    expected_seq,
                    f"entry {expected_seq} is missing (next is {entry.seq})",
                    "missing",
                )
            if entry.prev_hash != prev_hash:
                return ChainReport(
                    False,
                    count,
                    last_seq,
                    prev_hash,
                    entry.seq,
                    f"entry {entry.seq} does not link to entry {entry.seq - 1}",
                    "link",
                )
            recomputed = entry_content_hash(entry)
            if recomputed != entry.entry_hash:
                return ChainReport(
                    False,
                    count,
                    last_seq,
                    prev_hash,
                    entry.seq,
                    f"entry {entry.seq} was changed after it was written",
                    "changed",
                )
            prev_hash = entry.entry_hash
            last_seq = entry.seq
            expected_seq += 1
            count += 1
    if expected_head is not None and expected_head != prev_hash:
        return ChainReport(
            False,
            count,
            last_seq,
            prev_hash,
            last_seq + 1,
            "the chain's head does not match the published head (entries removed at the end?)",
            "head",
        )
    return ChainReport(True, count, last_seq, prev_hash)


def audit_head() -> tuple[int, str]:
    head = AuditEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
    return (head.seq, head.entry_hash) if head else (0, GENESIS_HASH)


def audit_verify_and_alert(*, expected_head: str | None = None) -> ChainReport:
    """The daily verification (beat, ``auditlog.tasks``; ``maeul audit verify --alert``):
    :func:`audit_verify`, and when the chain is broken a notice to the auditors and platform
    operators (once a day, however often it runs)."""
    from maeul.auditlog import notices  # notices read accounts; imported once used

    report = audit_verify(expected_head=expected_head)
    if not report.ok:
        notices.verify_failed(timezone.localdate(), report.first_bad_seq, report.reason)
    return report
