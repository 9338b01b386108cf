"""Adapters for channels other than e-mail: SMS, messengers (KakaoTalk and the like).

No provider is built in: a municipality's contract decides which one, and its client library
should not become a dependency of every installation. An adapter is a small class named in
``settings.NOTICE_ADAPTERS`` (``MAEUL_NOTICE_ADAPTERS``, dotted paths). It gets a delivery
row per notice like e-mail does, with the same at-most-once claim and retries, for kinds the
person receives at once (digests are e-mail only).
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class Adapter(Protocol):
    """What a channel adapter provides."""

    name: str
    """The channel's name in delivery rows ("sms", "kakao"); at most 32 characters."""

    def address(self, user: Any) -> str | None:
        """Where this person is reached on the channel, or None to skip them."""

    def send(self, address: str, subject: str, body: str, url: str) -> None:
        """Send one message; raise on failure (the delivery is then retried with backoff)."""


class ConsoleAdapter:
    """Writes each message to standard output: for development and for trying an adapter
    configuration without a provider."""

    name = "console"

    def address(self, user: Any) -> str | None:
        return str(user.username)

    def send(self, address: str, subject: str, body: str, url: str) -> None:
        sys.stdout.write(f"[{self.name} → {address}] {subject}\n{body}\n{url}\n")
        sys.stdout.flush()


def configured() -> list[Adapter]:
    """The adapters this installation sends through (none unless configured)."""
    return list(_load(tuple(getattr(settings, "NOTICE_ADAPTERS", ()))))


@cache
def _load(paths: tuple[str, ...]) -> tuple[Adapter, ...]:
    return tuple(import_string(path)() for path in paths)


def by_name(name: str) -> Adapter | None:
    return next((adapter for adapter in configured() if adapter.name == name), None)
