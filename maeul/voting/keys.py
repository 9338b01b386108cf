"""Keys, receipts and hashes of the ballot ledger.

The ballot slot (which ballot of a last-ballot-counts poll a new one replaces) and the cast
idempotency token are HMACs under a key kept out of the database, so a copy of the tables
links no ballot to a person. Receipts are what a voter writes down to find their ballot in
the published list; the result hash is what the audit chain records at publication.
"""

from __future__ import annotations

import base64
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


# ---- receipts kept for the voter's account ------------------------------------------------------
# A secret poll's receipt may be kept with the voter's participation so they can find it again
# (내 활동), but a plain receipt there would join the voter to their ballot's choices. So it is
# sealed: encrypted and authenticated under a key derived from the voting key, which is not in
# the database. The database alone links no participation to a ballot; the database together
# with the voting key can (as it can for ballot slots; docs/subsystems/voting-integrity.md).
# The construction uses only the standard library: HMAC-SHA256 as a pseudo-random function
# gives one keystream block per random nonce (a receipt is 14 bytes, a block 32), and a second
# HMAC over nonce, context and ciphertext authenticates it (encrypt-then-MAC).

_NONCE_BYTES = 16
_TAG_BYTES = 16


def _seal_keys() -> tuple[bytes, bytes]:
    key = voting_key()
    return (
        hmac.new(key, b"maeul.voting.kept-receipt.encrypt", hashlib.sha256).digest(),
        hmac.new(key, b"maeul.voting.kept-receipt.mac", hashlib.sha256).digest(),
    )


def seal_receipt(receipt: str, *, poll_id: int, voter_id: int) -> str:
    """``receipt`` sealed for the participation of ``voter_id`` in ``poll_id`` (URL-safe text,
    62 characters); a sealed receipt copied to another participation does not open."""
    data = receipt.encode("ascii")
    if len(data) > 32:
        raise ValueError("a receipt fits one keystream block")
    encrypt_key, mac_key = _seal_keys()
    nonce = secrets.token_bytes(_NONCE_BYTES)
    context = f"{poll_id}:{voter_id}".encode()
    stream = hmac.new(encrypt_key, nonce + context, hashlib.sha256).digest()
    cipher = bytes(a ^ b for a, b in zip(data, stream, strict=False))
    tag = hmac.new(mac_key, nonce + context + cipher, hashlib.sha256).digest()[:_TAG_BYTES]
    return base64.urlsafe_b64encode(nonce + cipher + tag).decode("ascii").rstrip("=")


def unseal_receipt(sealed: str, *, poll_id: int, voter_id: int) -> str | None:
    """The receipt in ``sealed``, or None when it is empty, damaged, sealed for another
    participation or under another voting key."""
    if not sealed:
        return None
    try:
        raw = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
    except (ValueError, TypeError):
        return None
    if len(raw) <= _NONCE_BYTES + _TAG_BYTES:
        return None
    nonce, cipher, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
    encrypt_key, mac_key = _seal_keys()
    context = f"{poll_id}:{voter_id}".encode()
    expected = hmac.new(mac_key, nonce + context + cipher, hashlib.sha256).digest()[:_TAG_BYTES]
    if not hmac.compare_digest(tag, expected):
        return None
    stream = hmac.new(encrypt_key, nonce + context, hashlib.sha256).digest()
    return bytes(a ^ b for a, b in zip(cipher, stream, strict=False)).decode("ascii", "replace")
