"""The audit append in one round trip on PostgreSQL: ``auditlog_append(...)``.

The function takes the chain's advisory lock, reads the head in a *new* statement (a volatile
PL/pgSQL function takes a fresh snapshot per statement under READ COMMITTED, so it sees the
head committed by the previous lock holder), hashes exactly the canonical bytes of the Python
``compute_hash`` (the caller passes the canonical JSON split around the ``seq`` and ``ts``
values, which only the function knows) with the built-in ``sha256(bytea)``, inserts and returns
the entry. ``audit_verify`` recomputes every hash in Python, so a disagreement would be caught.
``p_after`` is ignored: a caller passes an expression over the earlier parts of its statement
(counts of data-modifying CTEs) so that they complete before the lock is taken. SQLite keeps
the Python path (no function is created there).
"""

from django.db import migrations

LOCK_KEY = -3656565189794245308  # maeul.auditlog.services.AUDIT_LOCK_KEY ("MAEULAUD")

PG_FORWARD = f"""
CREATE OR REPLACE FUNCTION auditlog_append(
    p_kind text,
    p_actor_id bigint,
    p_actor_label text,
    p_municipality_code text,
    p_subject text,
    p_payload text,
    p_body_head text,
    p_body_mid text,
    p_body_tail text,
    p_after bigint DEFAULT NULL
) RETURNS TABLE (seq bigint, created_at timestamptz, prev_hash text, entry_hash text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_seq bigint;
    v_prev text;
    v_ts timestamptz;
    v_hash text;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        -- A transaction snapshot would hide the head committed by the previous lock holder.
        RAISE EXCEPTION 'auditlog_append needs READ COMMITTED isolation'
            USING ERRCODE = 'feature_not_supported';
    END IF;
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    -- A new statement, so a new snapshot taken after the lock was granted.
    SELECT a.seq, a.entry_hash INTO v_seq, v_prev
      FROM auditlog_auditentry a ORDER BY a.seq DESC LIMIT 1;
    IF v_seq IS NULL THEN
        v_seq := 0;
        v_prev := repeat('0', 64);
    END IF;
    v_seq := v_seq + 1;
    v_ts := clock_timestamp();
    v_hash := encode(sha256(convert_to(
        v_prev || p_body_head || v_seq::text || p_body_mid
        || to_char(v_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00'
        || p_body_tail, 'UTF8')), 'hex');
    INSERT INTO auditlog_auditentry (seq, created_at, kind, actor_id, actor_label,
        municipality_code, subject, payload, prev_hash, entry_hash)
    VALUES (v_seq, v_ts, p_kind, p_actor_id, p_actor_label, p_municipality_code, p_subject,
        p_payload, v_prev, v_hash);
    RETURN QUERY SELECT v_seq, v_ts, v_prev, v_hash;
END
$$;
"""

PG_BACKWARD = """
DROP FUNCTION IF EXISTS auditlog_append(text, bigint, text, text, text, text, text, text, text,
    bigint);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
