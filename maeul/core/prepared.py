"""Small read queries whose SQL is compiled once per process, for the hottest pages.

The ORM builds and compiles a query's SQL anew on every call. On the municipality home page
each programme adds one or two small queries (a count, the latest few rows), and building and
compiling them cost more Python than the database spent answering (issue 23: about a third of
the page's CPU). ``prepared_rows`` builds and compiles a ``values()`` queryset the first time a
key is asked on a database alias, keeps its SQL text, its column names and its value
converters, and afterwards sends that text with the parameters the caller gives.

The caller states the parameters, in the SQL's order (constants of the query included). At the
first compile they must equal the compiled ones, and under tests (``settings.TESTING``) every
call compiles again and checks both the text and the parameters, so a query whose SQL depends on
anything but its stated parameters (a list whose length varies, a clock read into the query, a
``None`` that turns ``=`` into ``IS NULL``) fails its tests rather than answering from a text
compiled for other values. A key must therefore name whatever changes the text (a list's
length, a ``LIMIT``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class _Plan:
    sql: str
    names: tuple[str, ...]
    # (position, converter functions, expression) for the columns that need converting, as
    # the ORM would apply them (on SQLite, for instance, times come back as text without).
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]


_PLANS: dict[tuple[str, str], _Plan] = {}


class PreparedQueryError(AssertionError):
    """The queryset compiled to other parameters (or another text) than the caller stated."""


def _compile(queryset: QuerySet[Any], alias: str, params: Sequence[Any]) -> _Plan:
    query = queryset.query
    if not query.values_select and not query.annotation_select:
        raise PreparedQueryError("prepared_rows needs a values() queryset")
    compiler = query.get_compiler(using=alias)
    sql, compiled = compiler.as_sql()
    if list(compiled) != list(params):
        raise PreparedQueryError(f"stated parameters {list(params)!r}, compiled {list(compiled)!r}")
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    if len(names) != compiler.col_count:
        raise PreparedQueryError(f"{len(names)} names for {compiler.col_count} columns")
    columns = [select[0] for select in compiler.select[: compiler.col_count]]
    converters = tuple(
        (position, tuple(functions), expression)
        for position, (functions, expression) in compiler.get_converters(columns).items()
    )
    return _Plan(sql, names, converters)


def prepared_rows(
    key: str, model: type[Model], params: Sequence[Any], build: Callable[[], QuerySet[Any]]
) -> list[dict[str, Any]]:
    """The rows, as ``values()`` gives them, of the queryset ``build`` returns (a ``values()``
    queryset of ``model``); ``build`` is called only when the key is compiled."""
    alias = router.db_for_read(model)
    plan = _PLANS.get((key, alias))
    if plan is None or settings.TESTING:
        fresh = _compile(build(), alias, params)
        if plan is not None and plan.sql != fresh.sql:
            raise PreparedQueryError(f"{key}: the SQL text changed with the parameters")
        plan = _PLANS[(key, alias)] = fresh
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, list(params))
        rows = cursor.fetchall()
    found = []
    for row in rows:
        # A DISTINCT query also selects its ordering columns, after the asked ones.
        values = list(row[: len(plan.names)])
        for position, functions, expression in plan.converters:
            value = values[position]
            for function in functions:
                value = function(value, expression, connection)
            values[position] = value
        found.append(dict(zip(plan.names, values, strict=True)))
    return found
