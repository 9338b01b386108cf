"""Querysets whose SQL is compiled once per process, for the hottest public reads (issue 23).

The ORM compiles a queryset's SQL anew every time one is evaluated: resolving its filters,
joins, ordering and annotations. On the PB cycle and proposal pages and on the municipality
home page (its place and each programme's cards) that compiling cost more Python than sending
the queries and building the rows (a third of the pages' CPU). A ``Plan`` compiles its
queryset once per database alias, with stand-in values for its parameters, keeps the SQL,
where the parameters go and how a row becomes model instances or a ``values()`` dictionary,
and from then on sends that SQL with the real values. The SQL is the ORM's own, so a plan reads
exactly what evaluating the queryset reads, on SQLite as on PostgreSQL.

Use one for a read that runs on (nearly) every request of a hot page and whose queryset is
fixed but for a few integer or string values. Only a queryset whose SQL does not depend on its
values can be planned: constants stay inside the build function (they are compiled with it);
a list whose length varies or a ``LIMIT`` that varies needs one plan per length or limit; a
``None`` turns ``=`` into ``IS NULL`` and a clock read into the query changes with every call,
so neither can be a planned value. A stand-in that is not found exactly once in the compiled
parameters raises when the plan is compiled; and under tests (``settings.TESTING``) every call
also builds the queryset with the real values, compiles it and raises ``PlanMismatch`` unless
the SQL text and the parameters are the ones the plan sends, so a queryset whose SQL follows
its values fails its tests rather than reading something else in production. A string may be
a pattern lookup's value (``__startswith``, ``__contains``...): the plan escapes it and wraps
it as the ORM does. An integer outside its column's range finds nothing without a query, as
with the ORM (a URL's number is any number).

``maeul.core.rawload`` is the narrower tool for the per-request reads below the views (the
session, the account): one model's row by one column, its SQL written from the model's fields
without the ORM's compiler, where a ``Plan`` compiles a whole queryset (joins, annotations,
ordering, ``values()``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.lookups import IntegerFieldOverflow
from django.db.models.query import get_related_populators
from django.db.models.sql.where import AND, WhereNode

_STAND_INS: dict[type, Callable[[int], Any]] = {
    # Unlikely values, inside every integer column's range (a small integer's too: Django
    # turns a lookup with an out-of-range value into an empty or full result).
    int: lambda i: 32_749 - 7 * i,
    # The underscore is a LIKE wildcard: a pattern lookup escapes it, which tells the plan
    # to escape the real value as well.
    str: lambda i: f"\x01sqlplan_{i}\x01",
}


class PlanMismatch(AssertionError):
    """Under tests: the queryset built with the real values compiled to another SQL text or
    other parameters than the plan sends (its SQL depends on its values)."""


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    # Where each value goes: its parameter, and for a pattern lookup's string the text
    # around it and whether it is escaped for LIKE.
    slots: tuple[tuple[int, str, str, bool], ...]
    bounds: dict[int, tuple[int | None, int | None]]
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]
    # Model rows: the model, where its columns are, their attribute names, the populators
    # of the select_related objects and the annotations' positions. Values rows: names.
    model: Any
    start: int
    end: int
    init_list: tuple[str, ...]
    populators: tuple[Any, ...]
    annotations: tuple[tuple[str, int], ...]
    names: tuple[str, ...]


class Plan:
    """A queryset built by ``build(*values)`` for parameters of the types ``kinds``.

    ``objects(*values)`` returns its model instances (``select_related`` objects and
    annotations included, prefetches not: see ``attach``); ``dicts(*values)`` the rows of a
    ``values()`` queryset as dictionaries, as iterating it would."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *kinds: type) -> None:
        self.build = build
        self.kinds = kinds
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()
        self._model: type[Model] | None = None

    def _compile(self, alias: str) -> _Compiled:
        stand_ins = [_STAND_INS[kind](i) for i, kind in enumerate(self.kinds)]
        queryset = self.build(*stand_ins)
        query = queryset.query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        ops = connections[alias].ops
        slots = tuple(_slot(value, params, ops) for value in stand_ins)
        bounds = _bounds(query.where, stand_ins, connections[alias].ops)
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = tuple(
            (position, tuple(functions), expression)
            for position, (functions, expression) in compiler.get_converters(fields).items()
        )
        names: tuple[str, ...] = ()
        model: Any = None
        start, end = 0, 0
        init_list: tuple[str, ...] = ()
        populators: tuple[Any, ...] = ()
        if (
            getattr(queryset, "_fields", None) is not None
        ):  # values(): rows named as ValuesIterable names them
            names = (*query.extra_select, *query.values_select, *query.annotation_select)
        else:
            info = compiler.klass_info
            assert info is not None
            model = info["model"]
            start, end = info["select_fields"][0], info["select_fields"][-1] + 1
            init_list = tuple(column[0].target.attname for column in compiler.select[start:end])
            # (the installed stubs describe a later Django's signature)
            populators = tuple(cast(Any, get_related_populators)(info, compiler.select, alias))
        return _Compiled(
            sql,
            tuple(params),
            slots,
            bounds,
            converters,
            model,
            start,
            end,
            init_list,
            populators,
            tuple((compiler.annotation_col_map or {}).items()),
            names,
        )

    def _rows(self, values: tuple[Any, ...]) -> tuple[str, _Compiled, list[list[Any]]]:
        if self._model is None:
            self._model = self.build(*(_STAND_INS[k](i) for i, k in enumerate(self.kinds))).model
        alias = router.db_for_read(self._model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile(alias)
                self._compiled[alias] = compiled
        connection = connections[alias]
        params = list(compiled.params)
        for (slot, before, after, escaped), kind, value in zip(
            compiled.slots, self.kinds, values, strict=True
        ):
            if value is None:
                # The ORM writes None as IS NULL; the plan would send the text 'None' or fail
                # on int(None). Other values are converted as the ORM converts them.
                raise TypeError(f"a planned value must be {kind.__name__}, not None")
            if before or after or escaped:
                text = str(value)
                if escaped:
                    text = connection.ops.prep_for_like_query(text)
                params[slot] = f"{before}{text}{after}"
            else:
                params[slot] = kind(value)
        for i, (low, high) in compiled.bounds.items():
            given = params[compiled.slots[i][0]]
            if (low is not None and given < low) or (high is not None and given > high):
                return alias, compiled, []  # no row can match: the ORM asks nothing either
        if settings.TESTING:
            self._check(alias, compiled, values, params)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = [list(row) for row in cursor.fetchall()]
        for position, functions, expression in compiled.converters:
            for row in rows:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
        return alias, compiled, rows

    def _check(
        self, alias: str, compiled: _Compiled, values: tuple[Any, ...], params: list[Any]
    ) -> None:
        """Under tests: what the ORM would send for these values is what the plan sends."""
        sql, real = self.build(*values).query.get_compiler(using=alias).as_sql()
        if sql != compiled.sql:
            raise PlanMismatch(f"the SQL text changed with the values {values!r}:\n{sql}")
        if list(real) != params:
            raise PlanMismatch(f"the ORM sends {list(real)!r}, the plan {params!r}")

    def objects(self, *values: Any) -> list[Any]:
        alias, plan, rows = self._rows(values)
        out = []
        for row in rows:
            obj = plan.model.from_db(alias, plan.init_list, row[plan.start : plan.end])
            for populator in plan.populators:
                populator.populate(row, obj)
            for name, position in plan.annotations:
                setattr(obj, name, row[position])
            out.append(obj)
        return out

    def dicts(self, *values: Any) -> list[dict[str, Any]]:
        _alias, plan, rows = self._rows(values)
        # A DISTINCT query also selects its ordering's columns, after the named ones.
        return [dict(zip(plan.names, row, strict=False)) for row in rows]


def _slot(value: Any, params: Any, ops: Any) -> tuple[int, str, str, bool]:
    """Where the stand-in ``value`` went in the compiled ``params``: as it is (any lookup
    that compares a value), or for a string, inside a pattern lookup's parameter (``LIKE``),
    escaped or not, with the pattern's wildcards around it. It must go exactly once: a
    value read twice, or turned into something else, cannot be filled in."""
    found = []
    escaped = ops.prep_for_like_query(value) if isinstance(value, str) else None
    for position, param in enumerate(params):
        if param == value:
            found.append((position, "", "", False))
        elif escaped is not None and isinstance(param, str):
            for text, is_escaped in ((value, False), (escaped, True)):
                before, _, after = param.partition(text)
                found += [(position, before, after, is_escaped)] * param.count(text)
    if len(found) != 1:
        raise ValueError(f"cannot plan this queryset: {value!r} found {len(found)} times")
    return found[0]


def _bounds(where: WhereNode, stand_ins: list[Any], ops: Any) -> dict[int, tuple[Any, Any]]:
    """For each integer parameter compared with an integer column in the query's top-level
    conditions, that column's range on the database: the ORM answers "no rows" without a
    query for a value outside it (``IntegerFieldOverflow``), where a plan would send it
    (SQLite cannot even bind an integer beyond 64 bits: a year of 30 digits in a URL)."""
    out: dict[int, tuple[Any, Any]] = {}

    def walk(node: WhereNode) -> None:
        if node.connector != AND or node.negated:
            return  # under OR or NOT, an impossible comparison does not empty the result
        for child in node.children:
            if isinstance(child, WhereNode):
                walk(child)
            elif isinstance(child, IntegerFieldOverflow):
                lookup = cast(Any, child)
                for i, value in enumerate(stand_ins):
                    if type(value) is int and lookup.rhs == value:
                        internal = lookup.lhs.output_field.get_internal_type()
                        out[i] = ops.integer_field_range(internal)

    walk(where)
    return out


def attach(instance: Model, relation: str, objects: list[Any]) -> None:
    """Keep ``objects`` as ``instance``'s prefetched ``relation`` (a reverse foreign key),
    as ``prefetch_related`` would: ``instance.<relation>.all()`` returns them without a
    query, a further filter on it queries with the relation's own filter, and each object's
    foreign key points back to ``instance``."""
    manager = getattr(instance, relation)
    queryset = manager.get_queryset()
    field = manager.field
    for obj in objects:
        field.set_cached_value(obj, instance)
    queryset._result_cache = objects
    queryset._prefetch_done = True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[field.remote_field.cache_name] = queryset
