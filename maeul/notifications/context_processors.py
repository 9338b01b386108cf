"""What the site header shows of the signed-in person, on every page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from maeul.notifications import selectors


def notices(request: HttpRequest) -> dict[str, object]:
    """``HEADER`` (official? resident? unread notices) read with one query, and only when a
    template shows it, so pages without the header pay nothing."""
    user = getattr(request, "user", None)
    return {"HEADER": SimpleLazyObject(lambda: selectors.header_facts(user))}
