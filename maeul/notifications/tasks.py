"""Background tasks of the notifications app: they only call its services."""

from __future__ import annotations

from typing import Any

from maeul.notifications import services
from maeul.taskqueue import app


@app.task(name="notifications.create_notices", acks_late=True)
def create_notices(
    kind: str,
    recipient_ids: list[int],
    event_key: str,
    data: dict[str, Any],
    url: str = "",
    municipality_id: int | None = None,
) -> int:
    return services.create_notices(kind, recipient_ids, event_key, data, url, municipality_id)
