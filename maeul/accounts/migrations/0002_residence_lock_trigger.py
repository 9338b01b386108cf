"""Database guard of the residence lock (issue 12, finding 1), behind the service.

On a verified profile the home district, dong, birth year and gender are the ones the
verification established. An UPDATE that changes any of them while the profile stays verified
is refused by a trigger raising ``resident_residence_locked`` — unless the same UPDATE records
a new verification (a new ``verified_at``), which only ``identity_verify`` and
``residence_reverify`` write. PostgreSQL and SQLite each get their own dialect.
"""

from django.db import migrations

LOCKED = ("district_id", "dong_id", "birth_year", "gender")

PG_FORWARD = (
    """
CREATE OR REPLACE FUNCTION accounts_residence_locked() RETURNS trigger AS $$
BEGIN
  IF OLD.verification_status = 'verified' AND NEW.verification_status = 'verified'
     AND NEW.verified_at IS NOT DISTINCT FROM OLD.verified_at
     AND ("""
    + " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in LOCKED)
    + """) THEN
    RAISE EXCEPTION 'resident_residence_locked' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_residence_locked BEFORE UPDATE ON accounts_residentprofile
  FOR EACH ROW EXECUTE FUNCTION accounts_residence_locked();
"""
)

PG_BACKWARD = """
DROP TRIGGER IF EXISTS accounts_residence_locked ON accounts_residentprofile;
DROP FUNCTION IF EXISTS accounts_residence_locked();
"""

SQLITE_FORWARD = (
    "CREATE TRIGGER accounts_residence_locked BEFORE UPDATE ON accounts_residentprofile "
    "WHEN OLD.verification_status = 'verified' AND NEW.verification_status = 'verified' "
    "AND NEW.verified_at IS OLD.verified_at AND ("
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in LOCKED)
    + ") BEGIN SELECT RAISE(ABORT, 'resident_residence_locked'); END"
)

SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS accounts_residence_locked"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
