"""Background jobs of the audit log (sent by beat, see CELERY_BEAT_SCHEDULE); each only calls
a service."""

from __future__ import annotations

from maeul.auditlog.services import audit_verify_and_alert
from maeul.taskqueue import app


@app.task(name="auditlog.verify")
def verify() -> bool:
    """Verify the hash chain; alert auditors and operators when it is broken. Answers
    whether the chain is intact."""
    return audit_verify_and_alert().ok
