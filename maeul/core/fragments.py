"""Rendered page parts kept in Django's cache under a key made of what they show.

Several public pages (issue 23) render a part that is the same for every visitor in a
language and changes only with data the key already names: a published PB run's results,
the `/votes/` cards, the pledge dashboard, a ballot step's project cards. Each reads its part
here: rendered on a miss, then reused by every process that computes the same key. Nothing is
invalidated; a change of what a part shows changes its key. Only our own templates' output may
be stored (it was escaped when rendered), so what comes back is marked safe.

The key also names the *release*: a digest of the code, templates and compiled catalogues this
process runs (:func:`release`). The data is not all a part depends on: a deployment that changes
a template, a translation or the code that fills the context renders the same data differently,
and with a shared cache (Redis) the parts the old release stored would otherwise be served for
as long as they are kept.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import cache as once
from pathlib import Path
from typing import TypeVar, cast

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

T = TypeVar("T")

SOURCES = (".py", ".html", ".txt", ".mo")
"""The files whose change can change a rendered part: code, templates, catalogues."""


def digest(*parts: object) -> str:
    """A short, stable digest of what a part shows, for its cache key."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def stamp(root: Path) -> str:
    """A digest of the path, size and modification time of every source file under ``root``.

    Sizes and times rather than contents: reading them costs a few milliseconds once per
    process. A new checkout of the same code gets new times, hence a new stamp: its parts are
    rendered once more, which is harmless; a changed file never keeps the old stamp."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SOURCES):
                info = os.stat(os.path.join(folder, name))
                found.append(
                    (
                        os.path.relpath(os.path.join(folder, name), root),
                        info.st_size,
                        info.st_mtime_ns,
                    )
                )
    return digest(*found)[:12]


@once
def release() -> str:
    """The stamp of the running Maeul package, computed the first time a part is cached."""
    return stamp(Path(__file__).resolve().parents[1])


def cached(key: str, seconds: int, render: Callable[[], T]) -> T:
    """The value under ``key`` for this release, from ``render()`` the first time (kept
    ``seconds``)."""
    full = f"{release()}:{key}"
    value = cache.get(full)
    if value is None:
        value = render()
        cache.set(full, value, seconds)
    return cast(T, value)


def cached_html(key: str, seconds: int, render: Callable[[], str]) -> SafeString:
    """The HTML under ``key``, from ``render()`` the first time (kept ``seconds``)."""
    html = cached(key, seconds, lambda: str(render()))
    return mark_safe(str(html))  # our own template's output, escaped when it was rendered
