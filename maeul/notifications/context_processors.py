"""The unread count for the header badge, on every page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from maeul.notifications import selectors


def notices(request: HttpRequest) -> dict[str, object]:
    """``NOTICES_UNREAD``: counted only when a template shows it (one indexed count), so
    pages without the header pay nothing."""
    user = getattr(request, "user", None)
    return {"NOTICES_UNREAD": SimpleLazyObject(lambda: selectors.unread_count(user))}
