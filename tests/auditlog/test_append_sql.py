"""The audit append in SQL (PostgreSQL's ``auditlog_append``) hashes exactly what Python's
``compute_hash`` hashes, so ``audit_verify`` — always in Python — accepts its entries."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test.utils import CaptureQueriesContext

from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import (
    audit_record,
    audit_verify,
    canonical_json,
    compute_hash,
    hash_parts,
)

# Strings that a canonical JSON writer could treat differently: quotes, backslashes, control
# characters, non-ASCII, astral-plane characters, and look-alikes of the split marks.
AWKWARD = [
    "",
    "plain",
    'quote " and backslash \\ and slash /',
    "newline\nreturn\rtab\tnul-ish\x01\x1f del\x7f",
    "한글 주민결정 · ‘curly’ — dash",
    "emoji 🗳️ and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    '"seq":-987654321987654321,',
    '"ts":"@@ts@@"',
    "\u2028 line and paragraph \u2029 separators",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_hash_parts_reassemble_the_canonical_body(text: str) -> None:
    fields: dict[str, Any] = {
        "kind": f"test.{text}",
        "actor_id": 42 if text else None,
        "actor_label": text,
        "municipality_code": text[:5],
        "subject": f"thing:{text}",
        "payload": canonical_json({"note": text, "n": [1, 2]}),
    }
    created_at = dt.datetime(2026, 11, 25, 19, 28, 36, 5, tzinfo=dt.UTC)
    head, mid, tail = hash_parts(**fields)
    ts = created_at.isoformat(timespec="microseconds")
    for seq in (1, 9, 10, 123456789):
        body = head + str(seq) + mid + ts + tail
        expected = compute_hash(prev_hash="ab" * 32, seq=seq, created_at=created_at, **fields)
        assert hashlib.sha256(("ab" * 32 + body).encode()).hexdigest() == expected


@pytest.mark.postgres
@pytest.mark.django_db
def test_sql_append_hashes_what_python_hashes(make_official: Any, places: Any) -> None:
    official = make_official(places["geumcheon"], username='감사관 "o\'brien"')
    returned = []
    for i, text in enumerate(AWKWARD):
        returned.append(
            audit_record(
                kind="test.awkward",
                actor=official if i % 2 else None,
                subject=f"thing:{text}",
                municipality=text or places["geumcheon"],
                data={"text": text, "i": i, "nested": {"z": [text], "a": None}},
            )
        )
    stored = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in stored] == [e.seq for e in returned]
    for entry, back in zip(stored, returned, strict=True):
        assert (entry.created_at, entry.prev_hash, entry.entry_hash) == (
            back.created_at,
            back.prev_hash,
            back.entry_hash,
        )
        assert entry.payload == back.payload and entry.subject == back.subject
        recomputed = compute_hash(
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
        assert recomputed == entry.entry_hash
    assert stored[1].actor_label == official.username
    assert stored[3].data["text"] == AWKWARD[3]
    report = audit_verify()
    assert report.ok and report.entries == len(AWKWARD)


@pytest.mark.postgres
@pytest.mark.django_db
def test_append_inside_a_transaction_is_one_statement_without_savepoint() -> None:
    audit_record(kind="test.first")
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        entry = audit_record(kind="test.second", data={"x": 1})
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == 1 and "auditlog_append(" in statements[0]
    assert not any("SAVEPOINT" in s for s in statements)
    assert entry.seq == 2 and AuditEntry.objects.get(seq=2).prev_hash == entry.prev_hash


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_append_refuses_a_transaction_snapshot() -> None:
    """Under REPEATABLE READ the head read after the lock could be stale: refused loudly."""
    with pytest.raises(DatabaseError, match="READ COMMITTED"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        audit_record(kind="test.snapshot")
    assert not AuditEntry.objects.exists()
