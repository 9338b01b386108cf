"""Reads behind the PB maps: a cycle's located proposals for the map page (its list and the
points the map draws) and the tile server's configuration the pages hand to Leaflet.

Leaflet itself comes from a registry package (django-js-lib-leaflet, served as static files
like Maeul's own), and tiles from the server ``settings.MAP_TILE_URL`` names, which the
Content-Security-Policy allows for images and nothing else (``maeul.core.middleware``)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from maeul.budgeting.models import PUBLIC_STATUSES, Cycle, Proposal
from maeul.budgeting.moderation import PROPOSAL as PROPOSAL_KIND
from maeul.moderation import selectors as moderation

# Where a map with nothing on it starts: Seoul City Hall, zoomed to show a district.
DEFAULT_CENTRE = (Decimal("37.566535"), Decimal("126.977969"))
DEFAULT_ZOOM = 12
POINT_ZOOM = 16
MAP_ALL_LIMIT = 500
"""Up to this many located proposals the map shows them all at once; above it, a phone would
download megabytes and draw thousands of markers, so the map shows the proposals of the list
page beside it (the page says so, and the pager reaches the rest)."""


def map_settings() -> dict[str, Any]:
    """What every map needs from the settings, for ``data-`` attributes (never inline script);
    ``enabled`` is False when no tile server is configured, and the pages keep their lists."""
    tile_url = str(getattr(settings, "MAP_TILE_URL", "") or "")
    return {
        "enabled": bool(tile_url),
        "tile_url": tile_url,
        "attribution": str(getattr(settings, "MAP_ATTRIBUTION", "")),
        "max_zoom": int(getattr(settings, "MAP_MAX_ZOOM", 19)),
        "centre": DEFAULT_CENTRE,
        "zoom": DEFAULT_ZOOM,
        "point_zoom": POINT_ZOOM,
    }


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
