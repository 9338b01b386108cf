"""The registry of job kinds: each programme declares its long work here, like notice kinds.

A kind is registered once, from the programme's own ``jobs.py`` (imported by its
``AppConfig.ready``)::

    register(JobKind(code="juries.import_volunteers", title=_("Import volunteers"),
                     work=import_volunteers, atomic=False))

``work`` receives a :class:`maeul.jobs.runner.Runner` and does the whole job: it reads
``runner.params`` (and ``runner.input()`` for an uploaded file), re-checks that
``runner.owner`` may still do this (the job may start minutes later), calls ``runner.report``
as it goes and ends with ``runner.save_file``/``runner.link``/``runner.summary`` for the result.
A :class:`maeul.core.errors.ServiceError` it raises becomes the reason the owner reads; any other
exception fails the job with a general explanation (the details go to the log).

``atomic``: with ``True`` (the default) the runner runs ``work`` inside one database
transaction, so a failure leaves no row behind. Set it to ``False`` only when ``work`` calls
services that are already all-or-nothing (a ``transaction.atomic(durable=True)`` service
cannot be nested) and writes nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


class UnknownJobKind(LookupError):
    """A job was started or found with a code nobody registered."""


@dataclass(frozen=True)
class JobKind:
    code: str
    title: Any  # a lazy translation: the job's name on its page and in its notice
    work: Callable[[Any], None] = field(compare=False)
    atomic: bool = True


_registry: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    """Declare ``kind``; idempotent for the same declaration (apps may be readied twice)."""
    if "." not in kind.code:
        raise ValueError(f"job kind {kind.code!r}: the code is <app>.<work>")
    known = _registry.get(kind.code)
    # the same declaration again (a module imported twice) keeps the first
    same = known is not None and known == kind and known.work.__qualname__ == kind.work.__qualname__
    if known is not None and not same:
        raise ValueError(f"job kind {kind.code} is already registered differently")
    _registry[kind.code] = kind
    return kind


def get(code: str) -> JobKind:
    try:
        return _registry[code]
    except KeyError:
        raise UnknownJobKind(code) from None


def all_kinds() -> Iterator[JobKind]:
    return iter(sorted(_registry.values(), key=lambda kind: kind.code))
