"""An electorate made of an explicit roll of accounts (a committee's members), frozen with the
other electorate settings.

``electorate_kind`` joins the rule columns watched by the freeze trigger of migration 0002
(the trigger function is redefined with it), and the roll table ``voting_pollvoter`` gets the
same guard as the options and the eligible dongs: once ``rules_locked_at`` is set, rows of the
roll cannot be inserted, changed or (PostgreSQL only, see migration 0003) deleted.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


OLD_COLUMNS = [
    "municipality_id", "title", "kind", "max_choices", "min_age", "verified_only", "opens_at",
    "closes_at", "secrecy", "revote", "result_rule", "threshold_percent", "quorum_percent",
    "electorate_size", "allow_online", "allow_desk", "allow_paper", "allow_assembly",
]
# The latest list of the freeze trigger: ``RULE_FIELDS`` as columns (tests/voting/test_fences.py
# compares them). A migration that adds a rule field must redefine the trigger with its own list.
NEW_COLUMNS = [*OLD_COLUMNS, "electorate_kind"]


def _pg_function(columns):
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
    return f"""
CREATE OR REPLACE FUNCTION voting_poll_rules_frozen() RETURNS trigger AS $$
BEGIN
  IF OLD.rules_locked_at IS NOT NULL AND (NEW.rules_locked_at IS NULL OR {changed}) THEN
    RAISE EXCEPTION 'poll_rules_locked' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""


def _sqlite_poll_trigger(columns):
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
    return (
        "CREATE TRIGGER voting_poll_rules_frozen BEFORE UPDATE ON voting_poll "
        f"WHEN OLD.rules_locked_at IS NOT NULL AND (NEW.rules_locked_at IS NULL OR {changed}) "
        "BEGIN SELECT RAISE(ABORT, 'poll_rules_locked'); END"
    )


SQLITE_CHILDREN = [
    f"CREATE TRIGGER {name}_frozen_{op.lower()} BEFORE {op} ON {table} "
    "WHEN EXISTS (SELECT 1 FROM voting_poll WHERE id = NEW.poll_id AND rules_locked_at IS NOT NULL) "
    "BEGIN SELECT RAISE(ABORT, 'poll_rules_locked'); END"
    for table, name in (("voting_polloption", "voting_option"), ("voting_poll_electorate_dongs", "voting_dongs"))
    for op in ("INSERT", "UPDATE")
]
SQLITE_CHILDREN_NAMES = [
    f"{name}_frozen_{op}" for name in ("voting_option", "voting_dongs") for op in ("insert", "update")
]


def sqlite_drop(apps, schema_editor):
    """SQLite rebuilds ``voting_poll`` to add a column (create, copy, drop, rename), which its
    triggers on the poll and on the tables pointing at it do not survive: drop them first."""
    if schema_editor.connection.vendor == "sqlite":
        for name in ["voting_poll_rules_frozen", *SQLITE_CHILDREN_NAMES]:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def sqlite_restore_old(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(_sqlite_poll_trigger(OLD_COLUMNS))
        for statement in SQLITE_CHILDREN:
            schema_editor.execute(statement)


SQLITE_ROLL = [
    f"CREATE TRIGGER voting_roll_frozen_{op.lower()} BEFORE {op} ON voting_pollvoter "
    "WHEN EXISTS (SELECT 1 FROM voting_poll WHERE id = NEW.poll_id AND rules_locked_at IS NOT NULL) "
    "BEGIN SELECT RAISE(ABORT, 'poll_rules_locked'); END"
    for op in ("INSERT", "UPDATE")
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_pg_function(NEW_COLUMNS))
        schema_editor.execute(
            "CREATE TRIGGER voting_roll_frozen BEFORE INSERT OR UPDATE OR DELETE ON voting_pollvoter "
            "FOR EACH ROW EXECUTE FUNCTION voting_poll_children_frozen();"
        )
    elif vendor == "sqlite":
        schema_editor.execute(_sqlite_poll_trigger(NEW_COLUMNS))
        for statement in [*SQLITE_CHILDREN, *SQLITE_ROLL]:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS voting_roll_frozen ON voting_pollvoter;")
        schema_editor.execute(_pg_function(OLD_COLUMNS))
    elif vendor == "sqlite":
        for op in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS voting_roll_frozen_{op}")
        sqlite_drop(apps, schema_editor)  # the schema operations' reverse rebuilds voting_poll


class Migration(migrations.Migration):

    dependencies = [
        ('voting', '0003_sqlite_allow_flush'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(sqlite_drop, sqlite_restore_old),
        migrations.AddField(
            model_name='poll',
            name='electorate_kind',
            field=models.CharField(choices=[('place', 'Residents by place'), ('roll', 'The accounts on a roll')], default='place', help_text="Residents by place (the municipality, some dongs, a minimum age), or exactly the accounts on the vote's roll, such as the members of a committee.", max_length=10, verbose_name='electorate'),
        ),
        migrations.CreateModel(
            name='PollVoter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('poll', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='voters', to='voting.poll')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='account')),
            ],
            options={
                'verbose_name': 'account on the roll',
                'verbose_name_plural': 'roll',
                'ordering': ['poll', 'user__name', 'user__username'],
                'constraints': [models.UniqueConstraint(fields=('poll', 'user'), name='poll_voter_once')],
            },
        ),
        migrations.RunPython(forward, backward),
    ]

