"""Trigram (pg_trgm) GIN indexes on the long text the search page matches: proposals'
descriptions, polls' descriptions, pledges' summaries and bodies' mandates, on PostgreSQL only.

These index the bare column, not ``UPPER(column::text)`` as 0001 does for short columns: long
text is matched with ``ILIKE`` (``maeul.core.textsearch.TrigramIContains``), which such an
index answers, so no upper-cased copy of each description is built per row. SQLite scans.
"""

from django.db import migrations

# (index name, table, column)
INDEXES = [
    ("search_trgm_proposal_description", "budgeting_proposal", "description"),
    ("search_trgm_poll_description", "voting_poll", "description"),
    ("search_trgm_pledge_summary", "pledges_pledge", "summary"),
    ("search_trgm_body_mandate", "governance_body", "mandate"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("search", "0001_trigram_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
