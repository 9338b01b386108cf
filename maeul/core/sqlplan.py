"""Querysets whose SQL is compiled once per process, for the hottest public reads (issue 23).

The ORM compiles a queryset's SQL anew every time one is evaluated: resolving its filters,
joins, ordering and annotations. On the PB cycle and proposal pages that compiling cost more
Python than sending the queries and building the rows (a third of the pages' CPU). A ``Plan``
compiles its queryset once per database alias, with stand-in values for its parameters,
keeps the SQL, where the parameters go and how a row becomes model instances, and from then
on sends that SQL with the real values. The SQL is the ORM's own, so a plan reads exactly
what evaluating the queryset reads, on SQLite as on PostgreSQL.

Only a queryset whose SQL does not depend on its values can be planned: fixed-length ``IN``
lists of constants, parameters compared as they are (no ``None``, no ``__contains``). A
stand-in that is not found exactly once in the compiled parameters raises when the plan is
compiled, so a queryset that cannot be planned fails its first test rather than reading
something else. An integer outside its column's range finds nothing without a query, as with
the ORM (a URL's number is any number). (``rawload`` is the one-model, one-column form of the
same idea.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.lookups import IntegerFieldOverflow
from django.db.models.query import get_related_populators
from django.db.models.sql.where import AND, WhereNode

_STAND_INS: dict[type, Callable[[int], Any]] = {
    # Unlikely values, inside every integer column's range (a small integer's too: Django
    # turns a lookup with an out-of-range value into an empty or full result).
    int: lambda i: 32_749 - 7 * i,
    str: lambda i: f"\x01sqlplan-{i}\x01",
}


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[int, ...]
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
        slots = []
        for value in stand_ins:
            found = [i for i, param in enumerate(params) if param == value]
            if len(found) != 1:
                raise ValueError(f"cannot plan this queryset: {value!r} found {len(found)} times")
            slots.append(found[0])
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
            tuple(slots),
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

    def _rows(self, values: Iterable[Any]) -> tuple[str, _Compiled, list[list[Any]]]:
        if self._model is None:
            self._model = self.build(*(_STAND_INS[k](i) for i, k in enumerate(self.kinds))).model
        alias = router.db_for_read(self._model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile(alias)
                self._compiled[alias] = compiled
        params = list(compiled.params)
        for i, (slot, kind, value) in enumerate(
            zip(compiled.slots, self.kinds, values, strict=True)
        ):
            params[slot] = kind(value)
            low, high = compiled.bounds.get(i, (None, None))
            if (low is not None and params[slot] < low) or (
                high is not None and params[slot] > high
            ):
                return alias, compiled, []  # no row can match: the ORM asks nothing either
        connection = connections[alias]
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
        return [dict(zip(plan.names, row, strict=True)) for row in rows]


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
