"""The registry of notice kinds.

A kind is declared once, by the programme that sends it, and carries everything needed to
show and deliver its notices without knowing that programme: who it is for (residents or
officials), a label for the preferences page, a subject and a body written with the notice's
``data`` (``%(title)s`` placeholders, translated in the recipient's language when the notice
is shown or sent), and how it is delivered unless the person chose otherwise.

Codes are ``<app>.<event>`` ("budgeting.proposal_screened"). Registering the same code twice
with a different declaration is an error, so two programmes cannot silently share a code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    RESIDENT = "resident", _("Residents")
    OFFICIAL = "official", _("Officials")


class Frequency(models.TextChoices):
    """How a person wants one kind delivered by e-mail (the inbox always shows it)."""

    IMMEDIATE = "immediate", _("At once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never")


class UnknownKind(LookupError):
    """A notice was sent with a code nobody registered (a programming error)."""


@dataclass(frozen=True)
class NoticeKind:
    """One kind of notice.

    ``subject`` and ``body`` are lazy translations with ``%(name)s`` placeholders filled from
    the notice's ``data``; a placeholder missing from the data leaves the text readable rather
    than failing (see :meth:`render`). ``body`` may be empty: the subject then says it all.
    """

    code: str
    audience: str
    label: Any
    subject: Any
    body: Any = ""
    default_frequency: str = Frequency.IMMEDIATE

    def render(self, data: Mapping[str, Any]) -> tuple[str, str]:
        """(subject, body) in the active language, filled from ``data``."""
        return _fill(str(self.subject), data), _fill(str(self.body), data) if self.body else ""


class _Lenient(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


def _fill(text: str, data: Mapping[str, Any]) -> str:
    try:
        return text % _Lenient(data)
    except (TypeError, ValueError):
        return text


_registry: dict[str, NoticeKind] = {}


def register(kind: NoticeKind) -> NoticeKind:
    """Declare ``kind``; idempotent for the same declaration (apps may be readied twice)."""
    if kind.audience not in Audience.values:
        raise ValueError(f"notice kind {kind.code}: unknown audience {kind.audience!r}")
    if kind.default_frequency not in Frequency.values:
        raise ValueError(f"notice kind {kind.code}: unknown frequency {kind.default_frequency!r}")
    known = _registry.get(kind.code)
    if known is not None and known != kind:
        raise ValueError(f"notice kind {kind.code} is already registered differently")
    _registry[kind.code] = kind
    return kind


def get(code: str) -> NoticeKind:
    try:
        return _registry[code]
    except KeyError:
        raise UnknownKind(code) from None


def all_kinds() -> Iterator[NoticeKind]:
    """Every registered kind, in code order (stable for the preferences page)."""
    return iter(sorted(_registry.values(), key=lambda kind: kind.code))
