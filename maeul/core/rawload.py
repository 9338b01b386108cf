"""Load one model instance with one plain SQL query, for the hottest reads of a request.

The ORM compiles its SQL anew for every query; on the paths that run on every signed-in
request (the session, the account) and on every ballot (the resident profile) that compiling
cost more Python than the work itself. ``load_one`` sends a ``SELECT`` (its text built once
per model) of the concrete columns and builds the instance as the ORM does (``Model.from_db``),
with the same value converters (on SQLite, for instance, times come back naive without them).

It writes its one-column ``SELECT`` from the model's fields and needs no queryset, so it also
serves the reads below the views (the session backend, the authentication backend). For a
page's read of a whole queryset (joins, annotations, ordering, ``values()``) compiled once per
process by the ORM itself, see ``maeul.core.sqlplan.Plan``.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, router

_PLANS: dict[tuple[str, str, str], tuple[str, list[str], list[tuple[int, list[Any], Any]]]] = {}


def _plan(model: Any, alias: str, column: str) -> tuple[str, list[str], list[Any]]:
    key = (model._meta.label, alias, column)
    plan = _PLANS.get(key)
    if plan is None:
        connection = connections[alias]
        quote = connection.ops.quote_name
        fields = list(model._meta.concrete_fields)
        sql = "SELECT {} FROM {} WHERE {} = %s".format(  # noqa: S608 (model's own names)
            ", ".join(quote(f.column) for f in fields), quote(model._meta.db_table), quote(column)
        )
        converters = []
        for position, field in enumerate(fields):
            expression = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(expression) + expression.get_db_converters(
                connection
            )
            if found:
                converters.append((position, found, expression))
        plan = (sql, [f.attname for f in fields], converters)
        _PLANS[key] = plan
    return plan


def load_one(model: Any, column: str, value: Any) -> Any:
    """The instance of ``model`` whose ``column`` equals ``value`` (a unique column), or None."""
    alias = router.db_for_read(model)
    sql, names, converters = _plan(model, alias, column)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, [value])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for position, functions, expression in converters:
        for function in functions:
            values[position] = function(values[position], expression, connection)
    return model.from_db(alias, names, values)
