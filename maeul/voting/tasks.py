"""Background jobs of the voting core (sent by beat, see CELERY_BEAT_SCHEDULE); each only
calls a service."""

from __future__ import annotations

from maeul.taskqueue import app
from maeul.voting.services import reminders


@app.task(name="voting.remind_closing")
def remind_closing() -> int:
    """Remind those who have not voted of the votes closing within 24 hours."""
    return reminders.remind_closing()


@app.task(name="voting.remind_to_close")
def remind_to_close() -> int:
    """Tell officials about the votes whose time is up and whose results wait."""
    return reminders.remind_to_close()
