"""Trigram (pg_trgm) GIN indexes behind every searched column, on PostgreSQL only.

Django writes ``col__icontains=term`` as ``UPPER(col::text) LIKE UPPER('%term%')``; a GIN index
with ``gin_trgm_ops`` on exactly ``UPPER(col::text)`` answers that from the index, for Korean as
for Latin text. SQLite has no pg_trgm and scans, with the same results. pg_trgm is a trusted
extension (PostgreSQL 13 and later): the database owner may create it.
"""

from django.db import migrations

# (index name, table, column)
# Only the short columns searched (maeul/core/textsearch.py says why not descriptions).
INDEXES = [
    ("search_trgm_proposal_title", "budgeting_proposal", "title"),
    ("search_trgm_proposal_address", "budgeting_proposal", "address"),
    ("search_trgm_poll_title", "voting_poll", "title"),
    ("search_trgm_pledge_title", "pledges_pledge", "title"),
    ("search_trgm_body_name", "governance_body", "name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("budgeting", "0009_vote_poll_key_required"),
        ("governance", "0003_text_length_limits"),
        ("pledges", "0002_text_length_limits"),
        ("voting", "0007_closing_reason_limits"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
