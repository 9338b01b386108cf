"""The search page's reads: which programmes' results a search covers, and one list over them
that the one pager can cut into pages without fetching more than the page shows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from maeul.budgeting import search as budgeting_search
from maeul.core.textsearch import Hit, Source
from maeul.governance import search as governance_search
from maeul.places.models import Municipality
from maeul.pledges import search as pledges_search
from maeul.voting import search as voting_search

KINDS = [
    ("proposal", _("Proposals")),
    ("poll", _("Votes")),
    ("pledge", _("Pledges")),
    ("body", _("Governance bodies")),
]


def status_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Statuses grouped by kind, as ``kind.status`` values (a status belongs to one kind)."""
    per_kind = {
        "proposal": budgeting_search.search_statuses(),
        "poll": voting_search.search_statuses(),
        "pledge": pledges_search.search_statuses(),
    }
    return [
        (str(label), [(f"{kind}.{value}", text) for value, text in per_kind[kind]])
        for kind, label in KINDS
        if kind in per_kind
    ]


def search_places() -> QuerySet[Municipality]:
    """Where a search can be confined: provinces, cities and districts (not each dong)."""
    return Municipality.objects.filter(level__lte=2).order_by("path")


@dataclass(frozen=True)
class Criteria:
    term: str
    place: Municipality | None = None
    kind: str = ""
    year: int | None = None
    status: str = ""  # "kind.value"


def sources(criteria: Criteria, user: Any) -> list[Source]:
    """Each programme's matching rows for ``criteria``, in the order results are listed.

    A status names its kind, so it confines the search to that kind; a year leaves out
    pledges, which belong to a term rather than a year."""
    kind, _dot, status = criteria.status.partition(".")
    wanted = criteria.kind or kind
    places = criteria.place.subtree() if criteria.place is not None else None
    term, year = criteria.term, criteria.year
    found: list[Source] = []
    if wanted in ("", "proposal"):
        found.append(
            budgeting_search.search_proposals(term, places=places, year=year, status=status)
        )
    if wanted in ("", "poll"):
        found.append(
            voting_search.search_polls(term, user=user, places=places, year=year, status=status)
        )
    if wanted in ("", "pledge") and year is None:
        found.append(pledges_search.search_pledges(term, places=places, status=status))
    if wanted in ("", "body") and not status:
        found.append(governance_search.search_bodies(term, places=places, year=year))
    return found


class HitList(Sequence[Hit]):
    """The results of several sources as one sequence: counted once per source, sliced lazily,
    so a page of 20 costs one count per source and at most a query per source it spans."""

    def __init__(self, found: list[Source]) -> None:
        self._sources = found
        self._counts: list[int] | None = None

    def counts(self) -> dict[str, int]:
        """How many results each kind has (one COUNT per source, then remembered)."""
        if self._counts is None:
            self._counts = [source.rows.count() for source in self._sources]
        return {source.kind: n for source, n in zip(self._sources, self._counts, strict=True)}

    def count(self, value: object = None) -> int:
        """The number of results (what Django's Paginator asks); ``Sequence.count(value)``,
        counting one value, has no use here and counts everything too."""
        return sum(self.counts().values())

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Hit]:
        return iter(self[0 : len(self)])

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        if isinstance(index, int):
            hits = self[index : index + 1]
            if not hits:
                raise IndexError(index)
            return hits[0]
        start, stop, _step = index.indices(len(self))
        found: list[Hit] = []
        offset = 0
        for source, n in zip(self._sources, self._counts or [], strict=True):
            lo, hi = max(start - offset, 0), min(stop - offset, n)
            if lo < hi:
                found.extend(source.hit(row) for row in source.rows[lo:hi])
            offset += n
        return found
