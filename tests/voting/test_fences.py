"""Fences around the SQL written by hand for the cast (issue 14, item 7).

The fast path (``maeul/voting/fastpath.py``), the audit append (``auditlog_append``, PL/pgSQL),
``maeul/core/rawload.py`` and the rule-freeze trigger each repeat part of the schema by hand.
Nothing would fail if a model gained a column and one of those copies did not; these tests do:
they compare every hand-written column list with the models' ``_meta`` and with what the
database really holds, so a drift fails here and not as a half-written ballot in production.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any

import pytest
from django.db import connection
from django.db.models import AutoField, BigAutoField, Model, SmallAutoField

from maeul.accounts.models import ResidentProfile, User
from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import APPEND_COLUMNS
from maeul.core import rawload
from maeul.voting import fastpath
from maeul.voting.models import RULE_FIELDS, Ballot, BallotChoice, CastRequest, Participation, Poll

AUTO_KEYS = (AutoField, BigAutoField, SmallAutoField)


def _written_columns(model: type[Model]) -> list[str]:
    """The columns an INSERT must name: all concrete ones but a database-numbered key."""
    return [
        field.column
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, AUTO_KEYS))
    ]


def _inserts(sql: str) -> dict[str, list[str]]:
    """``table -> [columns]`` of every ``INSERT INTO table (columns)`` in ``sql``."""
    found = re.findall(r"INSERT INTO (\w+) \(([^)]*)\)", sql)
    return {table: [c.strip() for c in columns.split(",")] for table, columns in found}


def _rule_columns() -> set[str]:
    return {Poll._meta.get_field(name).column for name in RULE_FIELDS}


# ---- the fast path's statement ----------------------------------------------------------------


def test_fast_path_inserts_name_every_column_of_their_models() -> None:
    """A field added to a ballot table must be written by the one-statement cast too (or given
    a database default and left out on purpose here)."""
    inserts = _inserts(fastpath._statement())
    models = (Participation, CastRequest, Ballot, BallotChoice)
    assert set(inserts) == {m._meta.db_table for m in models}
    for model in models:
        assert inserts[model._meta.db_table] == _written_columns(model), model.__name__


def test_fast_path_binds_one_value_per_placeholder() -> None:
    """The statement's placeholders and the parameters ``cast`` binds stay in step: counted
    from the text here, so a column added to one list but not to the values fails."""
    sql = fastpath._statement()
    values = re.findall(r"INSERT INTO \w+ \([^)]*\)\s*SELECT (.*?) FROM", sql, flags=re.S)
    inserts = _inserts(sql)
    for (table, columns), selected in zip(inserts.items(), values, strict=True):
        expressions = [e for e in re.split(r",\s*(?![^(]*\))", selected.strip()) if e]
        assert len(expressions) == len(columns), (table, expressions, columns)


# ---- the audit append -------------------------------------------------------------------------


def test_append_returns_columns_of_the_audit_entry() -> None:
    names = [c.strip() for c in APPEND_COLUMNS.split(",")]
    assert set(names) <= {f.column for f in AuditEntry._meta.concrete_fields}
    assert "seq" in names and "entry_hash" in names  # what ``appended`` rebuilds the entry from


def test_append_function_in_its_migration_writes_every_audit_column() -> None:
    migration = import_module("maeul.auditlog.migrations.0002_append_function")
    inserts = _inserts(migration.PG_FORWARD)
    assert inserts == {AuditEntry._meta.db_table: _written_columns(AuditEntry)}


@pytest.mark.postgres
@pytest.mark.django_db
def test_append_function_in_the_database_writes_every_audit_column() -> None:
    """The function as installed (a later migration may have redefined it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('auditlog_append'::regproc)")
        (definition,) = cursor.fetchone()
    inserts = _inserts(re.sub(r"\s+", " ", definition))
    assert inserts == {AuditEntry._meta.db_table: _written_columns(AuditEntry)}


# ---- the rule freeze ---------------------------------------------------------------------------


def test_rule_columns_of_the_migrations_match_rule_fields() -> None:
    """Migrations may not import app code, so they carry the rule columns as literals:
    0002 the first list, 0004 the list with ``electorate_kind`` (its trigger replaces 0002's).
    A migration that adds a rule field must redefine the trigger with a new list and be added
    here as the latest."""
    first = import_module("maeul.voting.migrations.0002_rule_freeze_triggers")
    latest = import_module("maeul.voting.migrations.0004_roll_electorate")
    assert first.RULE_COLUMNS == latest.OLD_COLUMNS
    assert set(latest.NEW_COLUMNS) == _rule_columns()
    assert len(latest.NEW_COLUMNS) == len(RULE_FIELDS)


@pytest.mark.django_db
def test_rule_freeze_trigger_in_the_database_watches_every_rule_column() -> None:
    """The trigger as installed, on either database: every column of ``RULE_FIELDS`` compared
    between OLD and NEW, and nothing else."""
    if connection.vendor == "postgresql":
        query = "SELECT pg_get_functiondef('voting_poll_rules_frozen'::regproc)"
    else:
        query = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s"
    with connection.cursor() as cursor:
        cursor.execute(
            query, [] if connection.vendor == "postgresql" else ["voting_poll_rules_frozen"]
        )
        (definition,) = cursor.fetchone()
    watched = set(re.findall(r"NEW\.(\w+) IS (?:DISTINCT FROM|NOT) OLD\.\1", definition))
    assert watched == _rule_columns()


# ---- rawload ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "column"),
    [(ResidentProfile, "user_id"), (User, "id")],
)
def test_rawload_plan_selects_every_concrete_column(model: type[Model], column: str) -> None:
    sql, names, _converters = rawload._plan(model, "default", column)
    quote = connection.ops.quote_name
    selected = sql.split(" FROM ")[0].removeprefix("SELECT ").split(", ")
    assert selected == [quote(f.column) for f in model._meta.concrete_fields]
    assert names == [f.attname for f in model._meta.concrete_fields]


@pytest.mark.django_db
def test_rawload_builds_the_instance_the_orm_builds(places: Any, make_resident: Any) -> None:
    """``load_one`` leans on Django internals (``from_db``, the column converters); a Django
    upgrade that changes them fails here, field by field, instead of in a vote."""
    user = make_resident(places["geumcheon"], places["gasan"])
    for model, column, value in (
        (ResidentProfile, "user_id", user.pk),
        (User, "id", user.pk),
    ):
        loaded = rawload.load_one(model, column, value)
        expected = model.objects.get(**{column: value})
        assert type(loaded) is model and not loaded._state.adding
        for field in model._meta.concrete_fields:
            assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert rawload.load_one(User, "id", -1) is None
