"""Background job of the outside grant register (sent by beat, see CELERY_BEAT_SCHEDULE); it
only calls a service."""

from __future__ import annotations

import datetime as dt

from maeul.outsidegrants.services import deadline_remind
from maeul.taskqueue import app


@app.task(name="outsidegrants.deadlines")
def deadlines(on: str | None = None) -> int:
    """Tell officials of undecided programmes whose deadline is within a week."""
    return deadline_remind(on=dt.date.fromisoformat(on) if on else None)
