"""One pagination shape for every list the API returns.

Issue 23 found lists that grew without bound (``/api/polls`` at 189 KB, a poll's 20,000
receipts in one 1.4 MB answer) and one that stopped silently at 500 rows. Every operation that
returns a list is decorated with :func:`paginated`, so a client meets one contract everywhere:

* query parameters ``limit`` (1–``MAX_LIMIT``, default ``DEFAULT_LIMIT``) and ``offset``
  (0 or more); a value outside the range answers 422 in the error envelope, never a silently
  shortened page;
* the answer ``{"count", "limit", "offset", "items"}``: ``count`` is the size of the whole
  list, so a client knows how many more there are and pages on with ``offset + limit`` until
  ``offset + limit >= count``.

The list must have a stable order (a queryset ordered on a unique key, or a list built in a
fixed order), or pages could overlap; the decorated view returns the whole queryset and only
the requested slice is read from the database.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase, paginate

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# An offset beyond any real list; bounded so that no database is asked for an integer it
# cannot hold (SQLite's are 64-bit).
MAX_OFFSET = 1_000_000_000


class LimitOffset(PaginationBase):
    """``limit``/``offset`` paging whose answer says the total and the window it holds."""

    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT,
            ge=1,
            le=MAX_LIMIT,
            description=f"How many items to return (1 to {MAX_LIMIT}).",
        )
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description="How many items to skip from the start."
        )

    class Output(Schema):
        count: int = Field(description="How many items the whole list holds.")
        limit: int
        offset: int
        items: list[Any]

    def paginate_queryset(
        self,
        queryset: QuerySet[Any] | list[Any],
        pagination: Any,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        offset, limit = pagination.offset, pagination.limit
        return {
            "count": self._items_count(queryset),  # type: ignore[arg-type]
            "limit": limit,
            "offset": offset,
            "items": queryset[offset : offset + limit],
        }


def paginated(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a list operation (``response=list[X]``) with the API's one paging shape.

    The view's annotations are resolved first: django-ninja reads the parameters through the
    wrapper, whose module is not the view's, so a postponed annotation naming the view
    module's own types (``from __future__ import annotations``) would not resolve."""
    view.__annotations__ = typing.get_type_hints(view)
    decorated: Callable[..., Any] = paginate(LimitOffset)(view)
    return decorated


class Mapped:
    """A queryset read through a conversion: paging counts it in the database and fetches and
    converts only the requested slice (for operations whose items are built, not models).
    ``convert`` builds one item from one row; ``convert_rows`` builds the slice's items at
    once, for items that need one extra query over the whole slice rather than one per row.
    """

    def __init__(
        self,
        queryset: QuerySet[Any],
        convert: Callable[[Any], Any] | None = None,
        *,
        convert_rows: Callable[[list[Any]], list[Any]] | None = None,
    ) -> None:
        self.queryset = queryset
        if convert_rows is None:
            assert convert is not None
            one = convert

            def convert_rows(rows: list[Any]) -> list[Any]:
                return [one(row) for row in rows]

        self.convert_rows = convert_rows

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[Any]:
        return self.convert_rows(list(self.queryset[window]))
