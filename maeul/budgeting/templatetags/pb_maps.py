"""``{% map_settings as map %}``: the tile server's settings for a map on any budgeting page
(the proposal form's picker, a proposal's own point), without each view passing them."""

from __future__ import annotations

from typing import Any

from django import template

from maeul.budgeting import maps

register = template.Library()


@register.simple_tag
def map_settings() -> dict[str, Any]:
    return maps.map_settings()
