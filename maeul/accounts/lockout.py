"""Login throttling that stops password guessing without giving strangers a lock-out button.

Counting failed logins per user name alone (as Maeul did until issue 12) lets anybody who knows
a resident's user name lock them out again and again: ten wrong passwords from anywhere and
the owner is refused too. Here three fixed-window limits apply, checked in this order:

1. per client address — one address spraying many accounts (generous: residents share
   addresses behind mobile carriers' NAT and district offices' networks);
2. per (user name, client address) pair — the guesser at one address is stopped quickly, and
   only that pair is blocked: the owner at another address logs in as usual;
3. per user name over all addresses — a slower limit, high enough that one address alone
   cannot reach it (see ``stranger_cannot_lock_out``), which bounds a guesser who spreads
   attempts over many addresses.

An attempt refused by an earlier limit is not counted by the later ones, so a blocked
stranger's retries never eat the owner's budget under limit 3. Counts live in Django's cache
(Redis in production, shared by all web servers), like every rate limit (``core/ratelimit.py``).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from maeul.core.ratelimit import client_ip, hit, throttled

# (attempts, window in seconds); settings may override each (LOGIN_LIMIT_ADDRESS, ...).
DEFAULT_LIMITS = {
    "LOGIN_LIMIT_ADDRESS": (100, 300),
    "LOGIN_LIMIT_PAIR": (10, 300),
    "LOGIN_LIMIT_ACCOUNT": (300, 3600),
}


def limits() -> dict[str, tuple[int, int]]:
    return {name: tuple(getattr(settings, name, value)) for name, value in DEFAULT_LIMITS.items()}


def stranger_cannot_lock_out(configured: dict[str, tuple[int, int]] | None = None) -> bool:
    """Whether one address, held to the pair limit, stays below the per-account limit over
    any window of the account limit (fixed windows: at most one more pair window fits)."""
    configured = configured or limits()
    pair_limit, pair_window = configured["LOGIN_LIMIT_PAIR"]
    account_limit, account_window = configured["LOGIN_LIMIT_ACCOUNT"]
    pair_windows = -(-account_window // pair_window) + 1
    return pair_limit * pair_windows < account_limit


def login_key(username: str) -> str:
    """The user name as the limits count it: one form however it was typed."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


def login_wait(request: HttpRequest) -> int:
    """Count one login attempt; 0 when it may proceed, else the seconds to wait."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return 0
    address = client_ip(request)
    username = login_key(str(request.POST.get("username", "")))
    configured = limits()
    checks = [("login-address", address, configured["LOGIN_LIMIT_ADDRESS"])]
    if username:
        checks.append(("login-pair", f"{username}\n{address}", configured["LOGIN_LIMIT_PAIR"]))
        checks.append(("login-account", username, configured["LOGIN_LIMIT_ACCOUNT"]))
    for scope, identity, (limit, window) in checks:
        if limit > 0:
            wait = hit(scope, identity, limit, window)
            if wait:
                return wait
    return 0


def login_throttled(view: Any) -> Any:
    """Wrap the login view: POSTs over a limit answer 429 with ``Retry-After``."""
    return throttled(login_wait)(view)
