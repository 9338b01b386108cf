"""No request a visitor can make produces a server error (HTTP 500).

Walks every route of the URLconf (every app's, present and future), fills its parameters with
existing and non-existent values, and sends GET and POST with junk fields as an anonymous
visitor, a resident and an official of another district. Each answer must be a normal page, a
redirect or a 4xx with a message — never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

JUNK = {
    "title": "<script>alert(1)</script>",
    "name": "' OR 1=1 --",
    "q": "%00",
    "page": "-1",
    "amount": "1e999",
    "date": "2026-02-30",
    "id": "../../etc/passwd",
    "choices": "[[[",
    "year": "99999999999999999999",
}
SKIP_PREFIXES = ("admin/", "i18n/", "static/", "media/")


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry, pattern)
        elif isinstance(entry, URLPattern):
            yield pattern


def _fill(pattern: str, value_int: str, value_text: str) -> str | None:
    if pattern.startswith("^") or "(?P" in pattern:
        return None  # regex routes (none of Maeul's own)

    def sub(match: re.Match[str]) -> str:
        converter = match.group(1) or "str"
        if converter == "int":
            return value_int
        if converter == "uuid":
            return "00000000-0000-4000-8000-000000000000"
        return value_text

    return re.sub(r"<(?:(\w+):)?\w+>", sub, pattern)


def _urls() -> list[str]:
    urls: set[str] = set()
    for pattern in _walk(get_resolver()):
        if pattern.startswith(SKIP_PREFIXES):
            continue
        for number, text in (("1", "seoul-geumcheon-gu"), ("987654321", "no-such-thing")):
            filled = _fill(pattern, number, text)
            if filled is not None:
                urls.add("/" + filled.replace("\\", ""))
    return sorted(urls)


@pytest.mark.parametrize("who", ["anonymous", "resident", "official"])
def test_no_route_answers_500(
    places: dict[str, Any], make_resident: Any, make_official: Any, who: str, settings: Any
) -> None:
    settings.RATELIMIT_ENABLED = False
    client = Client(raise_request_exception=False)
    if who == "resident":
        client.force_login(make_resident(places["geumcheon"], places["gasan"]))
    elif who == "official":
        client.force_login(make_official(places["gwanak"], "administrator", "auditor"))
    failures = []
    for url in _urls():
        for method in ("get", "post"):
            response = (
                getattr(client, method)(url, JUNK)
                if method == "post"
                else client.get(url, {"page": "abc", "q": "<x>"})
            )
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url} -> {response.status_code}")
    assert failures == []
