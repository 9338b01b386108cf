"""Background tasks of the notifications app: they only call its services."""

from __future__ import annotations

from typing import Any

from maeul.notifications import delivery, services
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


@app.task(name="notifications.create_notices_each", acks_late=True)
def create_notices_each(
    kind: str, rows: list[list[Any]], municipality_id: int | None = None
) -> int:
    return services.create_notices_each(kind, rows, municipality_id)


@app.task(name="notifications.fan_out", acks_late=True)
def fan_out(
    kind: str,
    recipient_ids: list[int],
    event_key: str,
    data: dict[str, Any],
    url: str = "",
    municipality_id: int | None = None,
) -> int:
    return services.fan_out(kind, recipient_ids, event_key, data, url, municipality_id)


@app.task(name="notifications.send_deliveries", acks_late=True)
def send_deliveries(delivery_ids: list[int]) -> dict[str, int]:
    """Safe to run twice (the claim), so late acknowledgement cannot send twice."""
    return delivery.send_deliveries(delivery_ids)


@app.task(name="notifications.send_due")
def send_due() -> int:
    """Every minute (beat): deliveries whose quiet hours or backoff are over."""
    return delivery.send_due()


@app.task(name="notifications.send_digests")
def send_digests(frequency: str) -> int:
    """Daily and weekly (beat): one e-mail per person with the held notices."""
    return delivery.send_digests(frequency)
