"""Keys, receipts and hashes of the ballot ledger.

The ballot slot (which ballot of a last-ballot-counts poll a new one replaces) and the cast
idempotency token are HMACs under a key kept out of the database, so a copy of the tables
links no ballot to a person. Receipts are what a voter writes down to find their ballot in
the published list; the result hash is what the audit chain records at publication.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings

from maeul.auditlog.services import canonical_json
from maeul.voting.models import Poll

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


def voting_key() -> bytes:
    """Key of the ballot-slot and idempotency hashes; never stored in the database.

    ``MAEUL_VOTING_KEY`` if set, else derived from SECRET_KEY. Rotating it while a
    last-ballot-counts poll is open makes replacement fail loudly (never double-count).
    """
    explicit: str = settings.VOTING_KEY
    if explicit:
        return explicit.encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"maeul.voting.ballot-slot", hashlib.sha256
    ).digest()


def ballot_slot(poll: Poll, voter: Any) -> str:
    message = f"slot:{poll.pk}:{voter.pk}".encode()
    return hmac.new(voting_key(), message, hashlib.sha256).hexdigest()


def idempotency_token(poll: Poll, voter: Any, key: str) -> str:
    message = f"cast:{poll.pk}:{voter.pk}:{key}".encode()
    return hmac.new(voting_key(), message, hashlib.sha256).hexdigest()


def new_receipt() -> str:
    letters = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


def result_hash(result: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(result).encode("utf-8")).hexdigest()
