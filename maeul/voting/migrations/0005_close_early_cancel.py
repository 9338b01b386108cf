"""Closing a vote early and cancelling one (issue 13), and the database's word on whether a
poll takes ballots right now.

``voting_poll_accepts_ballots(poll, moment)`` (PostgreSQL) locks the poll row FOR KEY SHARE and
raises ``poll_accepts_ballots`` (check_violation) unless the poll is announced, open at
``moment``, not closed early and not cancelled. Every online or desk cast calls it before its
inserts — the one-statement fast path inside its statement, the ORM path at the start of its
transaction — so a ballot cannot slip in after a close whatever a process cached about the
poll: closing early takes the row FOR UPDATE, which waits for the casts already past the check
and makes later ones see the close. SQLite serialises writers (BEGIN IMMEDIATE), so there the
service re-reads the row inside the cast's transaction instead.
"""

from importlib import import_module

from django.db import migrations, models

# SQLite rebuilds voting_poll to add the check constraint; its triggers (and those of the tables
# pointing at it) do not survive that, so they are dropped before and made again after, exactly
# as migration 0004 left them.
_0004 = import_module("maeul.voting.migrations.0004_roll_electorate")
SQLITE_TRIGGERS = ["voting_poll_rules_frozen", *_0004.SQLITE_CHILDREN_NAMES] + [
    f"voting_roll_frozen_{op}" for op in ("insert", "update")
]


def sqlite_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def sqlite_restore(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(_0004._sqlite_poll_trigger(_0004.NEW_COLUMNS))
        for statement in [*_0004.SQLITE_CHILDREN, *_0004.SQLITE_ROLL]:
            schema_editor.execute(statement)

PG_FORWARD = """
CREATE OR REPLACE FUNCTION voting_poll_accepts_ballots(target bigint, moment timestamptz)
RETURNS boolean AS $$
DECLARE
  p record;
BEGIN
  SELECT announced_at, opens_at, closes_at, closed_at, cancelled_at INTO p
    FROM voting_poll WHERE id = target FOR KEY SHARE;
  IF NOT FOUND OR p.announced_at IS NULL OR p.cancelled_at IS NOT NULL
     OR p.closed_at IS NOT NULL OR moment < p.opens_at OR moment >= p.closes_at THEN
    RAISE EXCEPTION 'poll_accepts_ballots'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'poll_accepts_ballots';
  END IF;
  RETURN true;
END $$ LANGUAGE plpgsql;
"""

PG_BACKWARD = "DROP FUNCTION IF EXISTS voting_poll_accepts_ballots(bigint, timestamptz);"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0001_initial"),
        ("voting", "0004_roll_electorate"),
    ]

    operations = [
        migrations.RunPython(sqlite_drop, sqlite_restore),
        migrations.AddField(
            model_name="poll",
            name="cancel_reason",
            field=models.TextField(
                blank=True, max_length=1000, verbose_name="reason for cancelling"
            ),
        ),
        migrations.AddField(
            model_name="poll",
            name="cancelled_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="cancelled at"),
        ),
        migrations.AddField(
            model_name="poll",
            name="close_reason",
            field=models.TextField(
                blank=True,
                help_text="Given when an official closed the vote before its closing time.",
                max_length=1000,
                verbose_name="reason for closing early",
            ),
        ),
        migrations.AddConstraint(
            model_name="poll",
            constraint=models.CheckConstraint(
                condition=models.Q(("cancelled_at__isnull", True), ("published_at__isnull", True), _connector="OR"),
                name="poll_cancelled_unpublished",
            ),
        ),
        migrations.RunPython(sqlite_restore, sqlite_drop),
        migrations.RunPython(forward, backward),
    ]
