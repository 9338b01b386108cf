"""What moderation tells pages: the queue, and which rows of a programme are hidden.

Programmes filter their public lists with ``exclude_hidden`` and show hidden rows' reasons
with ``hidden_reasons``; both take the kind's code, so no programme model is imported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Count, Max, Model, Q, QuerySet

from maeul.moderation.models import Flag, ModeratedItem

M = TypeVar("M", bound=Model)

PLACEHOLDER_PREFIX = "운영 원칙에 따라 숨겨진 글입니다"
"""Shown in place of hidden content in every language: the wording the municipalities use."""


def hidden_ids(kind: str) -> QuerySet[ModeratedItem, Any]:
    """The ids of ``kind``'s hidden rows, as a subquery for ``pk__in``."""
    return ModeratedItem.objects.filter(kind=kind, hidden=True).values("object_id")


def exclude_hidden(queryset: QuerySet[M], kind: str, *, field: str = "pk") -> QuerySet[M]:
    """``queryset`` without the rows of ``kind`` that are hidden (one subquery, no join)."""
    return queryset.exclude(**{f"{field}__in": hidden_ids(kind)})


def hidden_reasons(kind: str, ids: Iterable[int]) -> dict[int, str]:
    """``{object_id: reason}`` for the hidden rows among ``ids``."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = ModeratedItem.objects.filter(kind=kind, hidden=True, object_id__in=wanted)
    return dict(rows.values_list("object_id", "hidden_reason"))


def placeholder(reason: str) -> str:
    return f"{PLACEHOLDER_PREFIX}: {reason}"


def queue(places: Any, *, show: str = "flagged") -> QuerySet[ModeratedItem]:
    """Items of ``places`` for the queue: with open flags (``flagged``) or hidden
    (``hidden``), newest flag first, with the count of open flags and of every flag."""
    rows = ModeratedItem.objects.filter(municipality__in=places).annotate(
        open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True)),
        all_flags=Count("flags"),
        last_flag=Max("flags__created_at"),
    )
    rows = rows.filter(hidden=True) if show == "hidden" else rows.filter(open_flags__gt=0)
    return rows.order_by("-last_flag", "-pk")


def reasons_by_item(items: Iterable[ModeratedItem]) -> dict[int, list[tuple[str, int]]]:
    """Per item, the open flags' reasons (display label, count), most frequent first."""
    ids = [item.pk for item in items]
    counts = (
        Flag.objects.filter(item__in=ids, resolved_at__isnull=True)
        .values("item", "reason")
        .annotate(n=Count("pk"))
        .order_by("item", "-n", "reason")
    )
    from maeul.moderation.models import Reason

    labels = dict(Reason.choices)
    result: dict[int, list[tuple[str, int]]] = {}
    for row in counts:
        result.setdefault(row["item"], []).append((str(labels.get(row["reason"], "")), row["n"]))
    return result


def open_texts(item: ModeratedItem) -> list[str]:
    """The open flags' own words (the "other" reason and any detail), newest first."""
    return list(
        item.flags.filter(resolved_at__isnull=True)
        .exclude(text="")
        .values_list("text", flat=True)[:10]
    )


def open_count(places: Any) -> int:
    """How many items in ``places`` wait in the queue (the workspace's count)."""
    return (
        ModeratedItem.objects.filter(municipality__in=places, flags__resolved_at__isnull=True)
        .distinct()
        .count()
    )
