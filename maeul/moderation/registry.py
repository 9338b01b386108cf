"""The registry of flaggable kinds: each programme declares what residents may flag.

A kind is registered once, from the programme's own ``moderation.py`` (imported by its
``AppConfig.ready``), the way job kinds and notice kinds are::

    register(FlaggableKind(code="budgeting.comment", label=_("Comment on a proposal"),
                           find=find_comment, describe=describe_comment))

``find(pk)`` returns the row a visitor may see and so may flag (None otherwise: a draft, a
withdrawn proposal, a missing id all answer alike); ``describe(row)`` says what the queue
needs to show and route it without importing the programme: its municipality, its author, a
title, an excerpt and its address. Moderation stores that description when the first flag
arrives and refreshes it at each flag, so the queue reads only its own tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


class UnknownFlaggableKind(LookupError):
    """A flag named a kind nobody registered (a tampered form, or a removed programme)."""


@dataclass(frozen=True)
class Content:
    """What the queue shows of one flagged row."""

    municipality: Any  # the Municipality whose officials moderate it
    author_id: int | None
    title: str
    excerpt: str
    url: str


@dataclass(frozen=True)
class FlaggableKind:
    code: str
    label: Any  # a lazy translation: "Proposal", "Comment on a proposal"
    find: Callable[[int], Any] = field(compare=False)
    describe: Callable[[Any], Content] = field(compare=False)


_registry: dict[str, FlaggableKind] = {}


def register(kind: FlaggableKind) -> FlaggableKind:
    """Declare ``kind``; idempotent for the same declaration (apps may be readied twice)."""
    if "." not in kind.code or len(kind.code) > 60:
        raise ValueError(f"flaggable kind {kind.code!r}: the code is <app>.<content>")
    known = _registry.get(kind.code)
    same = (
        known is not None
        and known == kind
        and known.find.__qualname__ == kind.find.__qualname__
        and known.describe.__qualname__ == kind.describe.__qualname__
    )
    if known is not None and not same:
        raise ValueError(f"flaggable kind {kind.code} is already registered differently")
    _registry[kind.code] = kind
    return kind


def get(code: str) -> FlaggableKind:
    try:
        return _registry[code]
    except KeyError:
        raise UnknownFlaggableKind(code) from None


def all_kinds() -> Iterator[FlaggableKind]:
    return iter(sorted(_registry.values(), key=lambda kind: kind.code))
