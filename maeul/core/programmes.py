"""The programmes a municipality runs, as each app reports them for the home page.

Apps register a provider returning ``ProgrammeCard``s for one municipality (participatory
budgeting cycles, open polls, juries...). The home page lists what the providers return, and
explains what each programme is when a municipality has none yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProgrammeCard:
    title: str
    url: str
    status: str = ""
    summary: str = ""


@dataclass(frozen=True)
class Programme:
    key: str
    title: Any
    description: Any
    order: int
    cards: Callable[[Any], list[ProgrammeCard]] = field(compare=False)


_PROGRAMMES: dict[str, Programme] = {}


def register_programme(programme: Programme) -> Programme:
    _PROGRAMMES[programme.key] = programme
    return programme


def programmes() -> list[Programme]:
    return sorted(_PROGRAMMES.values(), key=lambda p: (p.order, p.key))
