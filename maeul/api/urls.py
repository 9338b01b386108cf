"""The API object.

Every error answers ``{"code", "message", "field"}`` (``maeul.api.errors``), in the language
the request asked for (``Accept-Language``, the language cookie or ``?lang=``; Korean by
default). Apps add their routers in ``maeul/api/routers.py``.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from maeul.api.errors import document_errors, error_body, install_error_handlers
from maeul.api.parsing import JsonParser
from maeul.api.routers import register_routers

__all__ = ["api", "error_body"]


class MaeulAPI(NinjaAPI):
    """django-ninja's API whose OpenAPI document also lists the error statuses (and their
    envelope) that every operation can answer, not only its success."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(*args, **kwargs))


api = MaeulAPI(
    title="Maeul API",
    version="1.0.0",
    description=(
        "Participatory governance for local governments: places, polls, budgets. Every list "
        "is paged with `limit` (1-200, default 50) and `offset` and answers "
        "`{count, limit, offset, items}` (docs/api.md); every error answers "
        "`{code, message, field}`."
    ),
    urls_namespace="api-1.0.0",
    parser=JsonParser(),
)
install_error_handlers(api)
register_routers(api)
