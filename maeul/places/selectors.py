"""Read-side queries for places."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from maeul.places.models import Municipality, MunicipalityKind


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


def districts_in_korean_order() -> list[Municipality]:
    """Every district (level 2) in 가나다 order of its full Korean name (the city or province,
    then the district: the order of the label a form shows, "서울특별시 관악구").

    Sorted in Python rather than by the database: Hangul syllables are encoded in 가나다
    order, so code-point order is the Korean dictionary order, while a database's collation
    (PostgreSQL's locale, SQLite's) is not guaranteed to be. There are at most a few hundred.
    """
    districts = Municipality.objects.filter(level=2).select_related("parent")
    return sorted(districts, key=lambda d: (d.parent.name if d.parent else "", d.name))


def dongs_by_district() -> dict[int, list[Municipality]]:
    """The dongs of every district, each list in 가나다 order (for a dong list that follows
    the chosen district)."""
    found: dict[int, list[Municipality]] = {}
    for dong in Municipality.objects.filter(kind=MunicipalityKind.DONG).order_by("name"):
        if dong.parent_id is not None:
            found.setdefault(dong.parent_id, []).append(dong)
    for dongs in found.values():
        dongs.sort(key=lambda d: d.name)
    return found
