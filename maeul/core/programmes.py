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


class Cards(list[ProgrammeCard]):
    """A provider's cards for one municipality when it shows only some of them: ``total`` says
    how many there are and ``more_url`` where all of them are listed, so the home page says
    "8 of 10 · see all" instead of hiding the rest (issue 23). A plain list means "all"."""

    def __init__(self, cards: list[ProgrammeCard], *, total: int, more_url: str) -> None:
        super().__init__(cards)
        self.total = total
        self.more_url = more_url

    @property
    def hidden(self) -> int:
        return max(self.total - len(self), 0)


@dataclass(frozen=True)
class Programme:
    key: str
    title: Any
    description: Any
    order: int
    cards: Callable[[Any], list[ProgrammeCard]] = field(compare=False)
    # The cards of many municipalities at once, by municipality id, in a fixed number of
    # queries: the programme's index page (``/governance/``) lists every city and district, so
    # asking ``cards`` once per place would cost queries in proportion to the places.
    cards_for_many: Callable[[list[Any]], dict[int, list[ProgrammeCard]]] | None = field(
        default=None, compare=False
    )

    def cards_of(self, municipalities: list[Any]) -> dict[int, list[ProgrammeCard]]:
        if self.cards_for_many is not None:
            return self.cards_for_many(municipalities)
        return {m.pk: self.cards(m) for m in municipalities}


_PROGRAMMES: dict[str, Programme] = {}


def register_programme(programme: Programme) -> Programme:
    _PROGRAMMES[programme.key] = programme
    return programme


def programmes() -> list[Programme]:
    return sorted(_PROGRAMMES.values(), key=lambda p: (p.order, p.key))
