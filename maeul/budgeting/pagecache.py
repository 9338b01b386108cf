"""Rendered parts of the public result pages, kept in Django's cache under the published run.

A published result never changes: publishing stores its rows once (``ProjectOutcome``,
``TraceStep``, ``ResultRun.summary``) and the rules and proposals it scored are frozen since
the vote opened. Yet each visit to the results, steps and analysis pages (and the result API)
read those rows and rendered them again: three to four queries and most of the request's
server CPU (issue 23's benchmark: 14-19 ms per request on a quiet machine, target 10 ms).

So the part of each page that shows the result is rendered once per published run, language
and query string, and read from the cache afterwards. The key holds the run's id: a run that
is replaced or withdrawn stops being the cycle's published run, so its entries are never
read again and expire; nothing has to be cleared, in this process or another. The cycle's
header, navigation and what the visitor may do are rendered on every request, outside the
cached part.

Only query strings made of the parameters the page reads, each with a value in its canonical
form (a page number without leading zeros, ``selected=1``, a group code's characters), are
cached (their links carry the query string over, so it is part of the key); any other query
string is rendered as before, uncached, so odd addresses cannot fill the cache. Keys also
name the release (``maeul.core.fragments``): a deployment never reads the parts of the one
before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from maeul.core.fragments import cached, cached_html, digest

SECONDS = 7 * 24 * 3600
"""How long an unused part is kept; a published run's parts stay right for ever."""

MAX_QUERY = 200
"""Longer query strings are rendered uncached."""

CANONICAL = {
    "page": re.compile(r"[1-9][0-9]{0,3}"),
    "ip": re.compile(r"[1-9][0-9]{0,3}"),
    "dp": re.compile(r"[1-9][0-9]{0,3}"),
    "selected": re.compile(r"1"),
    "group": re.compile(r"[-a-zA-Z0-9_]{1,30}"),  # a group's code is a slug of 30 at most
}
"""The values of the result pages' parameters that may be cached: the pages read ``?page=007``
or ``?selected=yes`` too (as page 7, as not selected), but each spelling would be a part of its
own."""


def cacheable_query(request: HttpRequest, params: Iterable[str]) -> str | None:
    """The request's query string if it names only ``params``, each at most once; ``None``
    otherwise (the page is then rendered without the cache)."""
    query = str(request.META.get("QUERY_STRING", ""))
    if len(query) > MAX_QUERY:
        return None
    allowed = set(params)
    for name, values in request.GET.lists():
        if name not in allowed or len(values) > 1:
            return None
        pattern = CANONICAL.get(name)
        if pattern is None or not pattern.fullmatch(values[0]):
            return None
    return query


def key(kind: str, run_id: int, query: str, *, language: bool = True) -> str:
    """The cache key of one part: page kind, run, language and a digest of the query."""
    lang = get_language() if language else "-"
    return f"pb:page:{kind}:{run_id}:{lang}:{digest(query)}"


def fragment(kind: str, run_id: int, query: str, render: Callable[[], str]) -> SafeString:
    """The HTML ``render()`` gives for this page kind, run, language and query, rendered at
    most once while it stays in the cache. ``render`` must return our own templates' output
    (already escaped)."""
    return cached_html(key(kind, run_id, query), SECONDS, render)


def payload(kind: str, run_id: int, query: str, render: Callable[[], bytes]) -> bytes:
    """Like :func:`fragment` for a response body that does not depend on the language (the
    API's JSON)."""
    return bytes(cached(key(kind, run_id, query, language=False), SECONDS, render))
