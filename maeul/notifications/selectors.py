"""Reading the inbox."""

from __future__ import annotations

from typing import Any

from maeul.notifications.models import Notice


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user: Any) -> Any:
    """The person's notices, newest first (a queryset for the shared pager)."""
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-id")
