"""The residents' map shared by every programme: the tile server's configuration that pages
hand to Leaflet, and the bounds of a point a resident may set.

Leaflet itself comes from a registry package (django-js-lib-leaflet, served as static files
like Maeul's own), and tiles from the server ``settings.MAP_TILE_URL`` names, which the
Content-Security-Policy allows for images and nothing else (``maeul.core.middleware``). The
script (``places/map.js``), its CSS and the templates (``places/_map_head.html``,
``places/_map_data.html``, ``places/_place_picker.html``) live here, in a foundation app, so
that PB proposals and residents' reports use one picker without importing each other."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings

# Where a map with nothing on it starts: Seoul City Hall, zoomed to show a district.
DEFAULT_CENTRE = (Decimal("37.566535"), Decimal("126.977969"))
DEFAULT_ZOOM = 12
POINT_ZOOM = 16

# South Korea with its islands, generously: Marado (33.11 N) to the armistice line (38.6 N),
# Baengnyeong-do (124.6 E) to Dokdo (131.87 E). A point outside cannot be in a Korean
# municipality, so it is a slip of the finger or swapped latitude and longitude.
KOREA_LATITUDE = (Decimal("33"), Decimal("39"))
KOREA_LONGITUDE = (Decimal("124"), Decimal("132"))


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


def in_korea(latitude: Decimal, longitude: Decimal) -> bool:
    """Whether the point lies in Korea's box (``KOREA_LATITUDE``, ``KOREA_LONGITUDE``)."""
    return (
        KOREA_LATITUDE[0] <= latitude <= KOREA_LATITUDE[1]
        and KOREA_LONGITUDE[0] <= longitude <= KOREA_LONGITUDE[1]
    )
