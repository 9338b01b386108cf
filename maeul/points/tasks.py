"""Background jobs of the points programme (sent by beat, see CELERY_BEAT_SCHEDULE); each
only calls a service."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from maeul.points.services import points_expire_due
from maeul.taskqueue import app


@app.task(name="points.expire_due")
def expire_due(as_of: str | None = None) -> dict[str, int]:
    """Expire points past their validity everywhere, as of ``as_of`` (YYYY-MM-DD; today in
    Korea by default). The same run as ``maeul points expire`` for one municipality."""
    day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
    return points_expire_due(as_of=day)
