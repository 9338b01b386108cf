"""Reads behind the PB maps: a cycle's located proposals for the map page (its list and the
points the map draws). The tile server's configuration, the script, its CSS and the
templates are shared with other programmes and live in ``maeul.places.maps``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from maeul.budgeting.models import PUBLIC_STATUSES, Cycle, Proposal
from maeul.budgeting.moderation import PROPOSAL as PROPOSAL_KIND
from maeul.moderation import selectors as moderation
from maeul.places.maps import map_settings

__all__ = ["map_settings", "located_proposals", "unlocated_count", "map_points"]

MAP_ALL_LIMIT = 500
"""Up to this many located proposals the map shows them all at once; above it, a phone would
download megabytes and draw thousands of markers, so the map shows the proposals of the list
page beside it (the page says so, and the pager reaches the rest)."""


def located_proposals(cycle: Cycle, *, group: str = "") -> QuerySet[Proposal]:
    """The cycle's public proposals that have a map point, by number."""
    rows = (
        moderation.exclude_hidden(
            Proposal.objects.filter(
                cycle=cycle,
                status__in=PUBLIC_STATUSES,
                latitude__isnull=False,
                longitude__isnull=False,
            ),
            PROPOSAL_KIND,
        )
        .select_related("group", "dong")
        .only(
            "number",
            "title",
            "address",
            "latitude",
            "longitude",
            "status",
            "adopted",
            "cycle_id",
            "group__name",
            "group__name_en",
            "dong__name",
            "dong__name_en",
        )
        .order_by("number")
    )
    if group:
        rows = rows.filter(group__code=group)
    return rows


def unlocated_count(cycle: Cycle, *, group: str = "") -> int:
    """How many public proposals have no map point (the page says so: none is hidden)."""
    rows = moderation.exclude_hidden(
        Proposal.objects.filter(cycle=cycle, status__in=PUBLIC_STATUSES, latitude__isnull=True),
        PROPOSAL_KIND,
    )
    if group:
        rows = rows.filter(group__code=group)
    return rows.count()


def map_points(rows: Iterable[Proposal], cycle: Cycle) -> list[dict[str, Any]]:
    """Located proposals (``rows``) as the map script draws them: number, title, place,
    point, whether adopted, and the proposal's address."""
    # A proposal's address is the list's address plus its number (budgeting/urls.py); one
    # reverse() for the list rather than one per point.
    base = reverse("budgeting:proposals", args=[cycle.municipality.slug, cycle.cycle_year])
    return [
        {
            "number": p.number,
            "title": p.title,
            "place": p.address,
            "lat": float(p.latitude),
            "lng": float(p.longitude),
            "adopted": p.adopted,
            "url": f"{base}{p.number}/",
        }
        for p in rows
        if p.latitude is not None and p.longitude is not None
    ]
