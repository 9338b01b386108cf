"""The registry of audit kinds is complete: every kind the code appends has a description.

The test reads the source rather than trusting a list: it finds every ``audit_record(...)``
and ``pending_entry(...)`` call under ``maeul/``, and resolves the ``kind=`` expression to the
set of strings it can produce — literals, both branches of ``a if c else b``, f-strings, and
names that are parameters of the enclosing function (followed to every call of that function
in the module and in the modules that import it, e.g. ``juries._audit("drawn", ...)`` or ``_store_channel(channel="mobile")``);
other names and attributes (``ReportState.APPROVED``) are evaluated in the module. An
expression it cannot resolve fails the test, so a new way of building kinds is noticed too.
The database is walked as well: entries written by real services in the tests below must all
be registered. Data keys written as literals are checked against the key labels.
"""

from __future__ import annotations

import ast
import importlib
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from maeul.auditlog.kinds import DATA_LABELS, KINDS, kind_label

PACKAGE = Path(__file__).resolve().parents[2] / "maeul"
APPEND_CALLS = {"audit_record", "pending_entry"}


class Unresolved(Exception):
    pass


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


class Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(self.tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent
        self._namespace: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        rel = self.path.relative_to(PACKAGE.parent).with_suffix("")
        return ".".join(rel.parts)

    def namespace(self) -> dict[str, Any]:
        if self._namespace is None:
            self._namespace = vars(importlib.import_module(self.name))
        return self._namespace

    def enclosing_function(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node  # type: ignore[return-value]
        return None

    def calls_of(self, name: str) -> Iterator[ast.Call]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and _call_name(node) == name:
                yield node

    def calls_everywhere(self, name: str) -> Iterator[tuple[Module, ast.Call]]:
        """Calls of this module's function ``name``: in the module itself and in every module
        that imports it by name (a services package shares its audit wrapper that way)."""
        for call in self.calls_of(name):
            yield self, call
        for other in _importers(self.name, name):
            for call in other.calls_of(name):
                yield other, call

    def where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', '?')}"

    # ---- resolving an expression to the strings it can produce ----------------------------

    def resolve(self, expr: ast.AST, depth: int = 0) -> set[str]:
        if depth > 5:
            raise Unresolved(f"{self.where(expr)}: too deep")
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            return self.resolve(expr.body, depth + 1) | self.resolve(expr.orelse, depth + 1)
        if isinstance(expr, ast.JoinedStr):
            parts: list[set[str]] = []
            for piece in expr.values:
                if isinstance(piece, ast.Constant):
                    parts.append({str(piece.value)})
                elif isinstance(piece, ast.FormattedValue):
                    parts.append(self.resolve(piece.value, depth + 1))
                else:
                    raise Unresolved(f"{self.where(expr)}: {ast.unparse(piece)}")
            return {"".join(combo) for combo in itertools.product(*parts)}
        if isinstance(expr, ast.Name):
            function = self.enclosing_function(expr)
            if function is not None and expr.id in _parameters(function):
                return self._arguments(function, expr.id, depth)
            return {self._evaluate(expr)}
        if isinstance(expr, ast.Attribute):
            return {self._evaluate(expr)}
        raise Unresolved(f"{self.where(expr)}: cannot resolve {ast.unparse(expr)}")

    def _evaluate(self, expr: ast.AST) -> str:
        try:
            value = eval(compile(ast.Expression(expr), str(self.path), "eval"), self.namespace())
        except Exception as error:
            raise Unresolved(f"{self.where(expr)}: {ast.unparse(expr)} ({error})") from None
        return str(value)

    def _arguments(self, function: ast.FunctionDef, parameter: str, depth: int) -> set[str]:
        params = _parameters(function)
        index = params.index(parameter)
        values: set[str] = set()
        for module, call in self.calls_everywhere(function.name):
            keyword = next((k.value for k in call.keywords if k.arg == parameter), None)
            if keyword is not None:
                values |= module.resolve(keyword, depth + 1)
            elif index < len(call.args):
                values |= module.resolve(call.args[index], depth + 1)
        if not values:
            raise Unresolved(
                f"{self.where(function)}: no call of {function.name} gives {parameter}"
            )
        return values


def _parameters(function: ast.FunctionDef) -> list[str]:
    args = function.args
    return [a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]]


_ALL: dict[Path, Module] = {}


def _module(path: Path) -> Module:
    if path not in _ALL:
        _ALL[path] = Module(path)
    return _ALL[path]


def _importers(module_name: str, function_name: str) -> list[Module]:
    """Modules under ``maeul/`` with ``from <module_name> import ... function_name ...``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        # Parts inside the package only: a checkout in a directory named "engine" must not
        # skip every module.
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts or "engine" in parts:
            continue
        source = path.read_text(encoding="utf-8")
        if module_name not in source or function_name not in source:
            continue
        module = _module(path)
        if any(
            isinstance(node, ast.ImportFrom)
            and node.module == module_name
            and any(alias.name == function_name for alias in node.names)
            for node in ast.walk(module.tree)
        ):
            found.append(module)
    return found


def _modules() -> Iterator[Module]:
    for path in sorted(PACKAGE.rglob("*.py")):
        # Parts inside the package only: a checkout in a directory named "engine" must not
        # skip every module.
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts or "engine" in parts:
            continue
        source = path.read_text(encoding="utf-8")
        if any(name in source for name in APPEND_CALLS):
            yield _module(path)


def appended_kinds() -> dict[str, str]:
    """Every kind the code can append -> where (file:line)."""
    found: dict[str, str] = {}
    for module in _modules():
        if module.path.parts[-2:] == ("auditlog", "services.py"):
            continue  # the append functions themselves pass ``kind`` through
        for name in APPEND_CALLS:
            for call in module.calls_of(name):
                kind = next((k.value for k in call.keywords if k.arg == "kind"), None)
                if kind is None:
                    raise AssertionError(f"{module.where(call)}: {name}(...) without kind=")
                for value in module.resolve(kind):
                    found.setdefault(value, module.where(call))
    return found


def literal_data_keys() -> dict[str, str]:
    """Keys of ``data={...}`` literals in append calls, and keyword arguments of wrappers
    that pass ``**data`` on (``juries._audit(..., count=3)``) -> where."""
    keys: dict[str, str] = {}
    for module in _modules():
        for name in APPEND_CALLS:
            for call in module.calls_of(name):
                data = next((k.value for k in call.keywords if k.arg == "data"), None)
                if not isinstance(data, ast.Dict):
                    continue
                for key in data.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        keys.setdefault(key.value, module.where(call))
                    elif key is None:
                        # ``**data`` of a wrapper: collect the keyword arguments of its calls.
                        function = module.enclosing_function(call)
                        if function is None or function.args.kwarg is None:
                            continue
                        fixed = set(_parameters(function))
                        for caller, wrapper_call in module.calls_everywhere(function.name):
                            for keyword in wrapper_call.keywords:
                                if keyword.arg and keyword.arg not in fixed:
                                    keys.setdefault(keyword.arg, caller.where(wrapper_call))
    return keys


def test_the_walk_finds_the_kinds_built_in_every_way() -> None:
    """The walk itself works: literal, conditional, wrapper, f-string with a parameter and
    with an enum member are all resolved (if it found none of them it would prove nothing)."""
    kinds = appended_kinds()
    for expected in (
        "voting.ballot_cast",  # literal
        "governance.report_returned",  # a if c else b
        "juries.drawn",  # _audit("drawn", ...) -> f"juries.{kind}"
        "budgeting.committee_vote_imported",  # f"budgeting.{channel}_vote_imported"
        "budgeting.mobile_vote_opened",  # audit_kind= passed to a helper
        "pledges.report_approved",  # f"pledges.report_{state}" with ReportState.APPROVED
    ):
        assert expected in kinds, expected
    assert len(kinds) >= 80


def test_every_appended_kind_is_registered() -> None:
    missing = {kind: where for kind, where in appended_kinds().items() if kind not in KINDS}
    assert missing == {}, (
        "audit kinds without a description in maeul/auditlog/kinds.py: "
        + ", ".join(f"{k} ({w})" for k, w in sorted(missing.items()))
    )


IN_FLIGHT: set[str] = set()


def test_every_registered_kind_is_appended_somewhere() -> None:
    """No stale descriptions: a kind nobody appends any more is removed from the registry
    (entries of old kinds stay readable: the registry is about the code of today)."""
    appended = appended_kinds()
    assert set(KINDS) >= IN_FLIGHT
    assert sorted(set(KINDS) - set(appended) - IN_FLIGHT) == []


def test_every_literal_data_key_has_a_label() -> None:
    missing = {k: w for k, w in literal_data_keys().items() if k not in DATA_LABELS}
    assert missing == {}, "data keys without a label in maeul/auditlog/kinds.py: " + ", ".join(
        f"{k} ({w})" for k, w in sorted(missing.items())
    )


def test_descriptions_are_translated_in_both_languages() -> None:
    from django.utils import translation

    for code in KINDS:
        with translation.override("en"):
            english = kind_label(code)
        with translation.override("ko"):
            korean = kind_label(code)
        assert english and english != code
        assert korean != english, f"{code}: no Korean description ({english!r})"


def test_an_unregistered_kind_is_shown_with_its_code_not_hidden() -> None:
    from django.utils import translation

    with translation.override("en"):
        assert kind_label("nothing.such") == "Unregistered kind nothing.such"


@pytest.mark.django_db
def test_kinds_written_by_real_services_are_registered(
    places: dict[str, Any], make_official: Any, make_resident: Any
) -> None:
    """The database side of the walk: entries appended by services through their real
    paths carry registered kinds."""
    from maeul.accounts import officials as accounts
    from maeul.auditlog.models import AuditEntry

    admin = make_official(places["geumcheon"], "administrator")
    accounts.official_create(
        actor=admin,
        username="auditor.new",
        password="a-long-password-2026",
        name="감사 담당",
        municipality=places["geumcheon"],
        roles=["auditor"],
    )
    kinds = set(AuditEntry.objects.values_list("kind", flat=True))
    assert kinds
    assert kinds <= set(KINDS)
