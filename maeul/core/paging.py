"""One way to cut a list into pages, for every page that lists things.

Issue 23 found lists that stopped silently (a municipality page showing 8 votes of 10, `/votes/`
at 200). Every list a person reads goes through :func:`page_of` and is shown with the
``core/_pager.html`` include, which always says how many there are and links onwards, so
nothing is hidden without a way to reach it. The page number is read leniently: a person who
edits the address to ``?page=abc`` or ``?page=999`` gets the first or last page, not an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

T = TypeVar("T")

PAGE_SIZE = 20


def page_of(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[T],
    per_page: int = PAGE_SIZE,
    *,
    param: str = "page",
) -> Page[Any]:
    """The page of ``items`` the request asks for (``?page=N``), clamped to the pages there are.

    A queryset must be ordered, or pages could overlap; Django warns about an unordered one.
    """
    return Paginator(items, per_page).get_page(request.GET.get(param))


def query_without(request: HttpRequest, param: str = "page") -> str:
    """The request's query string without ``param``, for links to other pages of one list
    (filters and search terms carry over)."""
    query = request.GET.copy()
    query.pop(param, None)
    return query.urlencode()
