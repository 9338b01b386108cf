"""Database guard of the rule freeze (RELIABILITY P3), behind the service and the admin.

Once ``rules_locked_at`` is set (the first ballot), an UPDATE that changes a rule column, clears
the lock, or touches the options or the eligible dongs of the poll is refused by a trigger
raising ``poll_rules_locked``. PostgreSQL and SQLite each get their own dialect.
"""

from django.db import migrations

# The columns of ``maeul.voting.models.RULE_FIELDS`` as they were when this migration was
# written: a migration must not import app code, so the list is a literal. Migration 0004
# redefines the trigger with ``electorate_kind`` added; a later migration that adds a rule field
# must redefine it again with the new list. tests/voting/test_fences.py compares these lists
# and the trigger installed in the database with RULE_FIELDS, so a forgotten one fails there.
RULE_COLUMNS = ['municipality_id', 'title', 'kind', 'max_choices', 'min_age', 'verified_only', 'opens_at', 'closes_at', 'secrecy', 'revote', 'result_rule', 'threshold_percent', 'quorum_percent', 'electorate_size', 'allow_online', 'allow_desk', 'allow_paper', 'allow_assembly']

PG_FORWARD = """
CREATE OR REPLACE FUNCTION voting_poll_rules_frozen() RETURNS trigger AS $$
BEGIN
  IF OLD.rules_locked_at IS NOT NULL AND (NEW.rules_locked_at IS NULL OR NEW.municipality_id IS DISTINCT FROM OLD.municipality_id OR NEW.title IS DISTINCT FROM OLD.title OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.max_choices IS DISTINCT FROM OLD.max_choices OR NEW.min_age IS DISTINCT FROM OLD.min_age OR NEW.verified_only IS DISTINCT FROM OLD.verified_only OR NEW.opens_at IS DISTINCT FROM OLD.opens_at OR NEW.closes_at IS DISTINCT FROM OLD.closes_at OR NEW.secrecy IS DISTINCT FROM OLD.secrecy OR NEW.revote IS DISTINCT FROM OLD.revote OR NEW.result_rule IS DISTINCT FROM OLD.result_rule OR NEW.threshold_percent IS DISTINCT FROM OLD.threshold_percent OR NEW.quorum_percent IS DISTINCT FROM OLD.quorum_percent OR NEW.electorate_size IS DISTINCT FROM OLD.electorate_size OR NEW.allow_online IS DISTINCT FROM OLD.allow_online OR NEW.allow_desk IS DISTINCT FROM OLD.allow_desk OR NEW.allow_paper IS DISTINCT FROM OLD.allow_paper OR NEW.allow_assembly IS DISTINCT FROM OLD.allow_assembly) THEN
    RAISE EXCEPTION 'poll_rules_locked' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER voting_poll_rules_frozen BEFORE UPDATE ON voting_poll
  FOR EACH ROW EXECUTE FUNCTION voting_poll_rules_frozen();
CREATE OR REPLACE FUNCTION voting_poll_children_frozen() RETURNS trigger AS $$
DECLARE target bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN target := OLD.poll_id; ELSE target := NEW.poll_id; END IF;
  IF EXISTS (SELECT 1 FROM voting_poll WHERE id = target AND rules_locked_at IS NOT NULL) THEN
    RAISE EXCEPTION 'poll_rules_locked' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER voting_option_frozen BEFORE INSERT OR UPDATE OR DELETE ON voting_polloption
  FOR EACH ROW EXECUTE FUNCTION voting_poll_children_frozen();
CREATE TRIGGER voting_dongs_frozen BEFORE INSERT OR UPDATE OR DELETE ON voting_poll_electorate_dongs
  FOR EACH ROW EXECUTE FUNCTION voting_poll_children_frozen();
"""

PG_BACKWARD = """
DROP TRIGGER IF EXISTS voting_dongs_frozen ON voting_poll_electorate_dongs;
DROP TRIGGER IF EXISTS voting_option_frozen ON voting_polloption;
DROP FUNCTION IF EXISTS voting_poll_children_frozen();
DROP TRIGGER IF EXISTS voting_poll_rules_frozen ON voting_poll;
DROP FUNCTION IF EXISTS voting_poll_rules_frozen();
"""

SQLITE_FORWARD = [
    """CREATE TRIGGER voting_poll_rules_frozen BEFORE UPDATE ON voting_poll
    WHEN OLD.rules_locked_at IS NOT NULL AND (NEW.rules_locked_at IS NULL OR NEW.municipality_id IS NOT OLD.municipality_id OR NEW.title IS NOT OLD.title OR NEW.kind IS NOT OLD.kind OR NEW.max_choices IS NOT OLD.max_choices OR NEW.min_age IS NOT OLD.min_age OR NEW.verified_only IS NOT OLD.verified_only OR NEW.opens_at IS NOT OLD.opens_at OR NEW.closes_at IS NOT OLD.closes_at OR NEW.secrecy IS NOT OLD.secrecy OR NEW.revote IS NOT OLD.revote OR NEW.result_rule IS NOT OLD.result_rule OR NEW.threshold_percent IS NOT OLD.threshold_percent OR NEW.quorum_percent IS NOT OLD.quorum_percent OR NEW.electorate_size IS NOT OLD.electorate_size OR NEW.allow_online IS NOT OLD.allow_online OR NEW.allow_desk IS NOT OLD.allow_desk OR NEW.allow_paper IS NOT OLD.allow_paper OR NEW.allow_assembly IS NOT OLD.allow_assembly)
    BEGIN SELECT RAISE(ABORT, 'poll_rules_locked'); END""",
]
for table, name in (("voting_polloption", "voting_option"), ("voting_poll_electorate_dongs", "voting_dongs")):
    for op, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        SQLITE_FORWARD.append(
            f"CREATE TRIGGER {name}_frozen_{op.lower()} BEFORE {op} ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM voting_poll WHERE id = {ref}.poll_id "
            f"AND rules_locked_at IS NOT NULL) "
            f"BEGIN SELECT RAISE(ABORT, 'poll_rules_locked'); END"
        )
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS voting_poll_rules_frozen"] + [
    f"DROP TRIGGER IF EXISTS {name}_frozen_{op}"
    for name in ("voting_option", "voting_dongs")
    for op in ("insert", "update", "delete")
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("voting", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
