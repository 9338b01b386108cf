"""Background jobs of governance (sent by beat, see CELERY_BEAT_SCHEDULE); each only calls a
service."""

from __future__ import annotations

import datetime as dt

from maeul.governance.services.reminders import terms_ending_remind
from maeul.taskqueue import app


@app.task(name="governance.terms_ending")
def terms_ending(on: str | None = None) -> int:
    """Tell officials of the committee terms ending within 30 days."""
    return terms_ending_remind(on=dt.date.fromisoformat(on) if on else None)
