"""Fixed-window rate limits on the endpoints attackers hammer (login, sign-up, verification,
ballot casting, proposal creation) — ASVS 2.2.1, RELIABILITY P13.

Counts live in Django's cache (Redis when ``MAEUL_REDIS_URL`` is set, so limits hold across
web processes). The client address is ``REMOTE_ADDR``; ``X-Forwarded-For`` is used only when
``MAEUL_BEHIND_PROXY`` says a proxy we run sets it, so a client cannot spoof its way around a
limit.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request: HttpRequest) -> str:
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def now() -> int:
    """The clock the windows are counted on, in whole seconds.

    Fixed windows reset on the minute (or hour), so a burst that straddles a boundary is
    counted in two windows; that is the accepted price of one counter per window. Tests
    hold this clock inside one window so that their counts cannot straddle one.
    """
    return int(time.time())


def hit(scope: str, identity: str, limit: int, window: int) -> int:
    """Count one attempt; return 0 when allowed, else the seconds until the window resets."""
    now_s = now()
    window_start = now_s - now_s % window
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
    key = f"rl:{scope}:{digest}:{window_start}"
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 5)
            count = 1
    return 0 if count <= limit else window_start + window - now_s


def too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = render(
        request, "core/error.html", {"status": 429, "retry_after": retry_after}, status=429
    )
    response["Retry-After"] = str(max(1, retry_after))
    return response


def ratelimit(
    scope: str,
    *,
    limit: int,
    window: int,
    field: str | None = None,
    methods: tuple[str, ...] = ("POST",),
) -> Callable[[Any], Any]:
    """Limit a view to ``limit`` requests per ``window`` seconds per client address and, when
    ``field`` names a form field (e.g. the user name), per value of that field as well."""

    def decorate(view: Any) -> Any:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods and getattr(settings, "RATELIMIT_ENABLED", True):
                identities = [f"ip:{client_ip(request)}"]
                if field and request.POST.get(field):
                    identities.append(f"{field}:{request.POST[field].strip().lower()}")
                for identity in identities:
                    wait = hit(scope, identity, limit, window)
                    if wait:
                        return too_many(request, wait)
            result: HttpResponse = view(request, *args, **kwargs)
            return result

        return wrapped

    return decorate


def rate_limit_message(retry_after: int) -> str:
    return _("Too many attempts. Try again in %(seconds)s seconds.") % {"seconds": retry_after}


def over_limit(scope: str, limits: Iterable[tuple[str, int, int]]) -> int:
    """Count one attempt under each ``(identity, limit, window)`` (a limit of 0 is off) and
    return the longest wait in seconds among those exceeded, or 0 when all allow it. For
    views that answer a 429 of their own (JSON APIs) and limit per account as well as per
    client address."""
    wait = 0
    for identity, limit, window in limits:
        if limit > 0 and getattr(settings, "RATELIMIT_ENABLED", True):
            wait = max(wait, hit(scope, identity, limit, window))
    return wait


def throttled(counter: Callable[[HttpRequest], int]) -> Callable[[Any], Any]:
    """Wrap a form view: each POST is counted by ``counter`` (which returns the seconds to
    wait, or 0); over a limit the view answers 429 with ``Retry-After`` and the form is not
    processed. Login (``accounts/lockout.py``), sign-up and verification
    (``accounts/limits.py``) count their own ways and share this wrapper."""

    def decorate(view: Any) -> Any:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                wait = counter(request)
                if wait:
                    return too_many(request, wait)
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        return wrapped

    return decorate
