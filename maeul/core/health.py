"""Readiness checks: can this process reach what it needs to serve a request?

``/healthz`` (readiness) runs them; ``/livez`` (liveness) runs none. Each check answers
``"ok"`` or ``"unreachable"``, never the driver's message, which may name hosts and users.
The database is asked a real query (``SELECT 1``), so a connection that went away is found;
the cache is checked only when Redis is
configured (``MAEUL_REDIS_URL``), since the in-process cache cannot be unreachable.
"""

from __future__ import annotations

import logging
import os
import secrets

from django.core.cache import cache
from django.db import connections

logger = logging.getLogger("maeul.health")


def database_state(alias: str = "default") -> str:
    try:
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver or OS error means "not ready"
        logger.error("readiness: database %s unreachable: %s", alias, error)
        try:
            connections[alias].close()  # the next request starts with a fresh connection
        except Exception:
            logger.debug("readiness: closing the broken connection failed too")
        return "unreachable"
    return "ok"


def cache_state() -> str:
    probe = f"maeul:readiness:{secrets.token_hex(4)}"
    try:
        cache.set(probe, "1", timeout=10)
        found = cache.get(probe)
        cache.delete(probe)
    except Exception as error:  # redis-py raises its own ConnectionError and TimeoutError
        logger.error("readiness: cache unreachable: %s", error)
        return "unreachable"
    return "ok" if found == "1" else "unreachable"


def replica_states() -> dict[str, dict[str, object]]:
    """Each replica's state and lag. Not part of readiness: a process whose replica is down
    still serves every page from the primary (maeul/core/dbrouting.py)."""
    from django.conf import settings

    from maeul.core.dbrouting import replica_lag_seconds

    states: dict[str, dict[str, object]] = {}
    for alias in settings.DATABASE_REPLICAS:
        state = database_state(alias)
        lag: float | None = None
        if state == "ok":
            try:
                lag = replica_lag_seconds(alias)
            except Exception as error:
                logger.error("readiness: replica %s lag unknown: %s", alias, error)
        states[alias] = {"state": state, "lag_seconds": None if lag is None else round(lag, 3)}
    return states


def readiness_checks() -> dict[str, str]:
    checks = {"database": database_state()}
    if os.environ.get("MAEUL_REDIS_URL"):
        checks["cache"] = cache_state()
    return checks
