"""``{% map_settings as map %}``: the tile server's settings for a map on any page (a place
picker on a form, one point on a page), without each view passing them."""

from __future__ import annotations

from typing import Any

from django import template

from maeul.places import maps

register = template.Library()


@register.simple_tag
def map_settings() -> dict[str, Any]:
    return maps.map_settings()
