"""Rendered page parts kept in Django's cache under a key made of what they show.

Several public pages (issue 23) render a part that is the same for every visitor in a
language and changes only with data the key already names: a published PB run's results,
the `/votes/` cards, the pledge dashboard, a ballot step's project cards. Each reads its part
here: rendered on a miss, then reused by every process that computes the same key. Nothing is
invalidated; a change of what a part shows changes its key. Only our own templates' output may
be stored (it was escaped when rendered), so what comes back is marked safe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe


def digest(*parts: object) -> str:
    """A short, stable digest of what a part shows, for its cache key."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def cached_html(key: str, seconds: int, render: Callable[[], str]) -> SafeString:
    """The HTML under ``key``, from ``render()`` the first time (kept ``seconds``)."""
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, seconds)
    return mark_safe(str(html))  # our own template's output, escaped when it was rendered
