"""Tracking codes of anonymous reports.

A code is 16 characters of Crockford's base32 (80 random bits), shown to the reporter once as
four groups (``7KQ2-M9XD-4F1R-ZT8B``) and stored only as its SHA-256 hash: the database alone
cannot give a report's code back, and 80 bits cannot be guessed by trying, so the hash needs
no secret key (a rotated ``SECRET_KEY`` must not orphan every code). Reading a code forgives
what people mistype: lower case, spaces, missing hyphens, O for 0 and I or L for 1.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str | None:
    """The code's 16 characters, or None when it cannot be a code at all."""
    cleaned = "".join(str(code or "").upper().split()).replace("-", "").translate(_CONFUSABLE)
    if len(cleaned) != LENGTH or any(c not in ALPHABET for c in cleaned):
        return None
    return cleaned


def code_hash(code: str) -> str | None:
    cleaned = normalise(code)
    if cleaned is None:
        return None
    return hashlib.sha256(cleaned.encode("ascii")).hexdigest()
