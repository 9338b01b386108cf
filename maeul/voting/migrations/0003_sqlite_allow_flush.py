"""SQLite: drop the DELETE triggers of the rule freeze.

Django empties SQLite databases with DELETE (PostgreSQL uses TRUNCATE, which row triggers do
not see), so the DELETE triggers of migration 0002 made test flushes fail on locked polls.
Deleting options of a locked poll stays refused by the service, the admin and, for chosen
options, the PROTECT foreign key from ballot choices; PostgreSQL keeps its DELETE trigger.
"""

from django.db import migrations

NAMES = ("voting_option_frozen_delete", "voting_dongs_frozen_delete")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in NAMES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name, table in zip(NAMES, ("voting_polloption", "voting_poll_electorate_dongs"), strict=True):
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE DELETE ON {table} "
                "WHEN EXISTS (SELECT 1 FROM voting_poll WHERE id = OLD.poll_id "
                "AND rules_locked_at IS NOT NULL) "
                "BEGIN SELECT RAISE(ABORT, 'poll_rules_locked'); END"
            )


class Migration(migrations.Migration):
    dependencies = [("voting", "0002_rule_freeze_triggers")]

    operations = [migrations.RunPython(forward, backward)]
