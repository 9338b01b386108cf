"""Background job of residents' reports (sent by beat, see CELERY_BEAT_SCHEDULE); it only
calls a service."""

from __future__ import annotations

import datetime as dt

from maeul.reports.services import due_soon_remind, overdue_remind
from maeul.taskqueue import app


@app.task(name="reports.overdue")
def overdue(on: str | None = None) -> int:
    """Tell officials of the reports past their deadline (once per report)."""
    return overdue_remind(on=dt.date.fromisoformat(on) if on else None)


@app.task(name="reports.due_soon")
def due_soon(on: str | None = None) -> int:
    """Remind the assigned department and auditor of reports due within two working days."""
    return due_soon_remind(on=dt.date.fromisoformat(on) if on else None)
