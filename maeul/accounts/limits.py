"""Rate limits on sign-up and identity verification that fit how communities take part.

Residents often join together: fifty people at a resident assembly on the community hall's
Wi-Fi, or many phones behind one mobile carrier's shared address. A limit keyed only on the
client address locked all of them out after the fifth verification (issue 23). So the tight
limits are keyed on what an attacker cannot share with honest neighbours:

- **per account**: one account may try a handful of identity numbers per ten minutes, which
  stops one client guessing numbers;
- **per identity number** (its keyed hash, never the number): a handful of attempts at one
  number from any accounts, which stops many accounts trying the same person;

and the address limit is only a backstop, high enough for a full assembly (every resident
signing up, verifying with a retry or two) yet still stopping one client that rotates through
accounts. Each limit is ``(attempts, window in seconds)`` and a setting may override it.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from maeul.accounts.identity import VerificationFailed, identity_hash
from maeul.core.ratelimit import client_ip, hit

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "VERIFY_LIMIT_ACCOUNT": (5, 600),
    "VERIFY_LIMIT_NUMBER": (5, 600),
    "VERIFY_LIMIT_ADDRESS": (200, 600),
    "SIGNUP_LIMIT_ADDRESS": (200, 3600),
}


def limit(name: str) -> tuple[int, int]:
    attempts, window = getattr(settings, name, DEFAULT_LIMITS[name])
    return int(attempts), int(window)


def _number_key(raw: str) -> str:
    """The keyed hash of the number tried, so the cache never holds an identity number; a
    malformed number is counted under its own text (it cannot match a real one)."""
    try:
        return identity_hash(raw)
    except (VerificationFailed, UnicodeError):  # malformed: refused by the form, still counted
        return "malformed:" + raw.strip()[:40]


def verification_wait(request: HttpRequest) -> int:
    """Count one verification attempt; 0 when it may proceed, else the seconds to wait.
    The per-account and per-number limits are checked first, the address backstop last.
    A visitor who is not logged in is not counted: the view sends them to the login page."""
    if not getattr(request.user, "is_authenticated", False):
        return 0
    checks = [("verify-account", f"user:{request.user.pk}", limit("VERIFY_LIMIT_ACCOUNT"))]
    number = str(request.POST.get("identity_number", "")).strip()
    if number:
        checks.append(("verify-number", _number_key(number), limit("VERIFY_LIMIT_NUMBER")))
    checks.append(("verify-address", client_ip(request), limit("VERIFY_LIMIT_ADDRESS")))
    return _first_wait(checks)


def signup_wait(request: HttpRequest) -> int:
    """Count one sign-up; there is no account yet, so only the address backstop applies."""
    return _first_wait([("signup-address", client_ip(request), limit("SIGNUP_LIMIT_ADDRESS"))])


def _first_wait(checks: list[tuple[str, str, tuple[int, int]]]) -> int:
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return 0
    for scope, identity, (attempts, window) in checks:
        if attempts > 0:
            wait = hit(scope, identity, attempts, window)
            if wait:
                return wait
    return 0
