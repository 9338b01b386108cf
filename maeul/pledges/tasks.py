"""Background jobs of the pledge programme (sent by beat, see CELERY_BEAT_SCHEDULE); each
only calls a service."""

from __future__ import annotations

import datetime as dt

from maeul.pledges.services import reports_due_remind
from maeul.taskqueue import app


@app.task(name="pledges.reports_due")
def reports_due(on: str | None = None) -> int:
    """Tell planning offices of the progress reports due for the half year just ended."""
    return reports_due_remind(on=dt.date.fromisoformat(on) if on else None)
