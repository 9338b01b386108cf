"""Read-side queries for places."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from maeul.places.models import Municipality


def municipality_by_code(code: str) -> Municipality:
    """Find a municipality by administrative code, identifier or Korean name.

    Raises ``Municipality.DoesNotExist`` with a message naming the code.
    """
    found = Municipality.objects.filter(Q(admin_code=code) | Q(slug=code) | Q(name=code))
    matches = list(found[:2])
    if len(matches) != 1:
        raise Municipality.DoesNotExist(f"no single municipality with code {code!r}")
    return matches[0]


def top_level() -> QuerySet[Municipality]:
    return Municipality.objects.filter(level=1)


def children_of(municipality: Municipality) -> QuerySet[Municipality]:
    return Municipality.objects.filter(parent=municipality)
