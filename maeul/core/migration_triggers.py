"""Migrations that rebuild SQLite tables without losing the triggers around them.

SQLite cannot add a CHECK constraint or change a column in place: Django rebuilds the table
(create a copy, move the rows, drop the old table, rename the copy). Triggers on the dropped
table vanish with it, and triggers on other tables that read it (voting's rule-freeze
triggers read ``voting_poll``) make the drop fail. ``keeping_sqlite_triggers`` wraps a
migration's operations: it saves and drops every trigger first and re-creates each one from
its saved SQL afterwards. PostgreSQL alters tables in place and is left alone.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

_saved: list[tuple[str, str]] = []


def _save_and_drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        _saved[:] = [(name, sql) for name, sql in cursor.fetchall()]
    for name, _sql in _saved:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def _restore(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for _name, sql in _saved:
        schema_editor.execute(sql)
    _saved.clear()


def keeping_sqlite_triggers(operations: list[Any]) -> list[Any]:
    return [
        migrations.RunPython(_save_and_drop, _restore),
        *operations,
        migrations.RunPython(_restore, _save_and_drop),
    ]
