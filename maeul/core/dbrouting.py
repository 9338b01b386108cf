"""Read routing: which reads may go to a PostgreSQL streaming replica.

A replica lags the primary by a fraction of a second, sometimes by seconds. That is harmless
for a page showing a published result or a year's statistics, and wrong for anything that
decides: eligibility, balances, ballots, the audit chain, a form about to be saved. So the
rule is an allow-list, not a deny-list: only the GET views named in
``settings.REPLICA_READ_VIEWS`` read from a replica, everything else (every write, every
other page, the API, commands, tasks) uses the primary, and a view added tomorrow reads the
primary until someone decides it may lag.

Read-your-writes: a person who has just changed something (any successful unsafe request)
gets a short-lived cookie, and while it lasts every page they open reads the primary, so the
proposal they just submitted is in the list they land on. The cookie is a hint only: forging
one merely sends that person's reads to the primary.

If a replica cannot be reached, the view is run again on the primary (it is a GET that only
reads) and that replica is left alone for a while, so a replica outage costs latency, never
an error page.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("maeul.dbrouting")

WROTE_COOKIE = "maeul_wrote"

_replica_ok: ContextVar[bool] = ContextVar("maeul_replica_ok", default=False)
_resting: dict[str, float] = {}
"""Replica alias -> monotonic time until which it is not used (it failed a connection)."""


def replica_aliases() -> list[str]:
    """The configured replicas that are not resting after a failure."""
    now = time.monotonic()
    return [
        alias
        for alias in getattr(settings, "DATABASE_REPLICAS", [])
        if _resting.get(alias, 0.0) <= now
    ]


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside this block may go to a replica (used by the middleware, and by code
    outside a request that reads only lag-tolerant data, e.g. a dashboard export)."""
    token = _replica_ok.set(True)
    try:
        yield
    finally:
        _replica_ok.reset(token)


@contextmanager
def primary_reads() -> Iterator[None]:
    token = _replica_ok.set(False)
    try:
        yield
    finally:
        _replica_ok.reset(token)


class ReplicaRouter:
    """Writes, migrations and every read outside :func:`replica_reads` use ``default``."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        if _replica_ok.get():
            aliases = replica_aliases()
            if aliases:
                return random.choice(aliases)  # spreads load; nothing secret depends on it
        return "default"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # replicas are copies of the primary: every row exists in both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"  # a replica replays the primary's schema changes itself


def recently_wrote(request: HttpRequest) -> bool:
    try:
        wrote = float(request.COOKIES.get(WROTE_COOKIE, "0"))
    except ValueError:
        return False
    return 0.0 <= time.time() - wrote <= settings.REPLICA_STICKY_SECONDS


class ReplicaReadMiddleware:
    """Turns replica reads on for the allow-listed GET views, and marks people who wrote."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _replica_ok.set(False)
        try:
            response = self.get_response(request)
        finally:
            _replica_ok.reset(token)
        if (
            settings.DATABASE_REPLICAS
            and request.method not in ("GET", "HEAD", "OPTIONS")
            and response.status_code < 400
        ):
            response.set_cookie(
                WROTE_COOKIE,
                str(int(time.time())),
                max_age=settings.REPLICA_STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> None:
        match = request.resolver_match
        if (
            request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in settings.REPLICA_READ_VIEWS
            and replica_aliases()
            and not recently_wrote(request)
        ):
            _replica_ok.set(True)
            request._maeul_replica_view = (view_func, view_args, view_kwargs)  # type: ignore[attr-defined]

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        """A replica that cannot be reached: rest it and answer from the primary."""
        routed = getattr(request, "_maeul_replica_view", None)
        if routed is None or not isinstance(exception, OperationalError | InterfaceError):
            return None
        for alias in getattr(settings, "DATABASE_REPLICAS", []):
            if _broken(alias):
                _resting[alias] = time.monotonic() + settings.REPLICA_REST_SECONDS
                logger.error("replica %s failed (%s): resting it", alias, exception)
        request._maeul_replica_view = None  # type: ignore[attr-defined]
        view_func, view_args, view_kwargs = routed
        with primary_reads():
            return view_func(request, *view_args, **view_kwargs)


def _broken(alias: str) -> bool:
    from django.db import connections

    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        try:
            connections[alias].close()
        except Exception:
            logger.debug("closing replica %s failed too", alias)
        return True
    return False


def replica_lag_seconds(alias: str) -> float | None:
    """How far ``alias`` is behind the primary, in seconds (0 when it has replayed all it
    received); None when the server is not a PostgreSQL standby."""
    from django.db import connections

    connection = connections[alias]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(),"
            " pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(),"
            " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
        )
        in_recovery, caught_up, behind = cursor.fetchone()
    if not in_recovery:
        return None
    if caught_up or behind is None:
        return 0.0
    return max(0.0, float(behind))
