"""Backups restore to the same platform (RELIABILITY P16).

A vote is recorded, then the database is copied the way an operator would (``pg_dump -Fc``
and ``pg_restore`` into a new database; SQLite's online backup API) and the copy is checked
by the same commands an auditor runs: ``maeul audit verify`` against the head published
before the backup, ``maeul vote verify`` against the published result, and equal row counts
in every table. A restore that lost or altered a row fails one of them.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from maeul.auditlog.services import audit_verify
from maeul.voting import services

REPO = Path(__file__).resolve().parents[1]


def _record_a_published_vote(
    places: dict[str, Any],
    make_official: Callable[..., Any],
    make_resident: Callable[..., Any],
    time_machine: Any,
) -> Any:
    official = make_official(places["geumcheon"], "programme_manager", username="backup.manager")
    opens = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(opens - dt.timedelta(hours=1), tick=False)
    poll = services.poll_create(
        actor=official,
        municipality=places["geumcheon"],
        options=["Park", "Library", "Parking"],
        code="backup-poll",
        title="Which project first?",
        kind="single",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=1),
    )
    poll = services.poll_announce(actor=official, poll=poll)
    time_machine.move_to(opens + dt.timedelta(hours=2), tick=False)
    options = list(poll.options.order_by("position").values_list("pk", flat=True))
    for i in range(7):
        resident = make_resident(places["geumcheon"])
        services.ballot_cast(voter=resident, poll=poll, choices=[options[i % 2]])
    time_machine.move_to(opens + dt.timedelta(days=2), tick=False)
    return services.poll_publish(actor=official, poll=poll)


def _row_counts(cursor: Any, tables: list[str], quote: Callable[[str], str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from introspection)
        counts[table] = cursor.fetchone()[0]
    return counts


def _maeul(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MAEUL_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "maeul.cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _check_copy(database_url: str, head: str, poll_code: str) -> None:
    audit = _maeul(database_url, "audit", "verify", "--expect-head", head)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    vote = _maeul(database_url, "vote", "verify", poll_code)
    assert vote.returncode == 0, vote.stdout + vote.stderr
    assert "recount matches" in vote.stdout


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pg_dump_and_restore_keep_ballots_and_the_chain(
    places: dict[str, Any],
    make_official: Callable[..., Any],
    make_resident: Callable[..., Any],
    time_machine: Any,
    tmp_path: Path,
) -> None:
    import psycopg

    from tests.voting.concurrency.harness import database_url

    poll = _record_a_published_vote(places, make_official, make_resident, time_machine)
    report = audit_verify()
    assert report.ok and report.entries > 0
    server_url = database_url(connection.settings_dict).split("?")[0].rsplit("/", 1)[0]
    source = f"{server_url}/{connection.settings_dict['NAME']}"
    admin = f"{server_url}/postgres"
    copy_name = f"{connection.settings_dict['NAME']}_restored"
    copy = f"{server_url}/{copy_name}"
    dump = tmp_path / "maeul.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), source], check=True, timeout=120)
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{copy_name}"')
        server.execute(f'CREATE DATABASE "{copy_name}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", copy, str(dump)],
            check=True,
            timeout=120,
        )
        tables = connection.introspection.table_names()
        with connection.cursor() as cursor:
            before = _row_counts(cursor, tables, connection.ops.quote_name)
        with psycopg.connect(copy) as restored:
            after = _row_counts(restored.cursor(), tables, connection.ops.quote_name)
        assert after == before
        assert before["voting_ballot"] == 7
        _check_copy(copy, report.head_hash, poll.code)
    finally:
        with psycopg.connect(admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{copy_name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_sqlite_online_backup_keeps_ballots_and_the_chain(
    places: dict[str, Any],
    make_official: Callable[..., Any],
    make_resident: Callable[..., Any],
    time_machine: Any,
    tmp_path: Path,
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup path; PostgreSQL is covered by pg_dump above")
    poll = _record_a_published_vote(places, make_official, make_resident, time_machine)
    report = audit_verify()
    assert report.ok and report.entries > 0
    path = tmp_path / "backup.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        before = _row_counts(cursor, tables, connection.ops.quote_name)
    with sqlite3.connect(path) as copied:
        after = _row_counts(copied.cursor(), tables, connection.ops.quote_name)
    assert after == before
    assert before["voting_ballot"] == 7
    _check_copy(f"sqlite:///{path}", report.head_hash, poll.code)
