"""What other apps may ask of the pledges app (apps meet through interface modules).

The citizens' jury grades pledges: it reads a municipality's pledges through this module,
and it adds its published opinions to each pledge's sheet through a hook declared here and
filled at app ready (``register_sheet_opinions``), so pledges never imports juries and the
sheet still shows the jury's opinion when the juries app is installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet

from maeul.pledges.models import Pledge

__all__ = [
    "Pledge",
    "any_pledges",
    "pledges_in_order",
    "register_sheet_opinions",
    "sheet_opinions",
]

SheetOpinions = Callable[[Pledge], Iterable[Any]]
_SHEET_OPINIONS: list[SheetOpinions] = []


def pledges_in_order(municipality: Any) -> QuerySet[Pledge]:
    """The municipality's pledges by number, the order of its own pledge table."""
    return Pledge.objects.filter(municipality=municipality).order_by("number")


def any_pledges() -> bool:
    """Whether any municipality has pledges yet (the demo of a programme built on them waits
    until they are loaded)."""
    return Pledge.objects.exists()


def register_sheet_opinions(provider: SheetOpinions) -> SheetOpinions:
    """Add a source of published opinions on a pledge to its public sheet.

    ``provider(pledge)`` returns opinions the sheet template can show (``jury.name``,
    ``grade``, ``get_recommendation_display``, ``text``, ``mayor_answer``). Registering the
    same provider twice (a second ``ready()``) keeps one.
    """
    if provider not in _SHEET_OPINIONS:
        _SHEET_OPINIONS.append(provider)
    return provider


def sheet_opinions(pledge: Pledge) -> list[Any]:
    """Every registered provider's opinions on ``pledge``, in registration order."""
    return [opinion for provider in _SHEET_OPINIONS for opinion in provider(pledge)]
