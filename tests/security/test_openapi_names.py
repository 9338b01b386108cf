"""Finding 8 of the security review: two apps named their schemas alike (``ResultOut`` in
budgeting and voting, ``RuleOut`` in governance and points); the OpenAPI document keeps one
component per name, so one endpoint of each pair was documented with the other's schema and
clients generated from it broke.

Two guards: no two distinct schema classes reachable from the API share a name, and every
endpoint's documented response is the component of the class its code returns, with that
class's properties.
"""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from maeul.api.urls import api


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for argument in typing.get_args(annotation):
        yield from _models(argument)


def _reachable(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    if model in seen:
        return
    seen.add(model)
    for field in model.model_fields.values():
        for inner in _models(field.annotation):
            _reachable(inner, seen)


def _operations() -> Iterator[tuple[str, str, Any]]:
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    yield method.lower(), f"/api{prefix}{path}", operation


def _returned(operation: Any, status: int) -> Any:
    """The annotation the code declares for ``status`` (django-ninja wraps it in a model)."""
    return operation.response_models[status].model_fields["response"].annotation


def _schema_models() -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    for _method, _path, operation in _operations():
        for status in operation.response_models:
            for model in _models(_returned(operation, status)):
                _reachable(model, seen)
        for params in operation.models:
            for field in params.model_fields.values():
                for model in _models(field.annotation):
                    _reachable(model, seen)
    return seen


def test_no_two_schema_classes_share_a_name() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in _schema_models():
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    duplicates = {name: sorted(found) for name, found in by_name.items() if len(found) > 1}
    assert duplicates == {}


def test_every_response_references_the_schema_its_code_returns() -> None:
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    wrong = []
    for method, path, operation in _operations():
        openapi_path = path.replace("//", "/").rstrip("/") if path != "/api/" else path
        documented = schema["paths"][openapi_path][method]["responses"]
        for status in operation.response_models:
            returned = _returned(operation, status)
            models = list(_models(returned))
            if not models:
                continue
            model = models[0]
            content = documented[status]["content"]["application/json"]["schema"]
            reference = content.get("$ref") or content.get("items", {}).get("$ref", "")
            name = reference.rsplit("/", 1)[-1]
            properties = set(components.get(name, {}).get("properties", {}))
            expected = {f.alias or key for key, f in model.model_fields.items()}
            if name != model.__name__ or properties != expected:
                wrong.append(
                    f"{method.upper()} {path} {status}: documents {name}, returns "
                    f"{model.__module__}.{model.__name__}"
                )
    assert wrong == []


def test_every_published_component_has_the_properties_of_its_class(client: Any) -> None:
    """Nested schemas too (a composition's rules, a statement's lines): each component in the
    served document describes the one class of that name."""
    served = client.get("/api/openapi.json").json()["components"]["schemas"]
    wrong = []
    for model in _schema_models():
        expected = {f.alias or key for key, f in model.model_fields.items()}
        found = set(served.get(model.__name__, {}).get("properties", {}))
        if found != expected:
            wrong.append(f"{model.__module__}.{model.__name__}: {sorted(found)}")
    assert wrong == []
