"""The API's one error contract: every error of every source answers ``{"code", "message",
"field"}`` with the right status, in the request's language.

An API client must be able to rely on one shape: it parses ``code`` to decide what to do and
shows ``message`` to a person. Errors arise in four places, and each one is routed here:

- inside an API view (services, validation, authentication, CSRF, malformed or oversized
  bodies, an unreachable database, a bug): the exception handlers installed by
  ``install_error_handlers`` on the ``NinjaAPI`` object;
- outside a view but under ``/api/`` (an unknown address, Django's 400/403/404/500 handlers):
  ``maeul.core.views`` asks ``is_api_request`` and answers ``envelope_response``;
- responses that no handler saw (django-ninja's plain-text 405, Django's debug pages in the
  demo): ``maeul.api.middleware.ApiErrorEnvelopeMiddleware`` rewrites them by status.

Statuses: 400 bad request or malformed JSON, 401 not logged in, 403 forbidden or CSRF token
missing, 404 not found, 405 method not allowed, 409 conflict, 413 body too large, 422 invalid
value, 429 too many requests, 500 a bug (logged, never shown), 503 database unreachable.
Messages never repeat a parser's, a database's or Python's own text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from maeul.api.parsing import MalformedJSON
from maeul.core.errors import ServiceError
from maeul.core.middleware import request_language

logger = logging.getLogger("maeul.api")

API_PREFIX = "/api/"

Handler = Callable[..., HttpResponse]


def error_body(code: str, message: str, field: str | None = None) -> dict[str, object]:
    return {"code": code, "message": message, "field": field}


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX) or request.path == API_PREFIX.rstrip("/")


def _upload_limit_mb() -> str:
    return f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024):g}"


def status_error(status: int, request: HttpRequest | None = None) -> tuple[str, str]:
    """The code and message for an error known only by its HTTP status, in ``request``'s
    language (an error raised before or outside the locale middleware, such as a body too
    large, must not answer in whatever language the thread last served)."""
    if request is None:
        return _status_error(status, None)
    with translation.override(request_language(request)):
        return _status_error(status, request)


def _status_error(status: int, request: HttpRequest | None) -> tuple[str, str]:
    if status == 400:
        return "bad_request", _("The request could not be understood.")
    if status == 401:
        return "unauthenticated", _("Log in first.")
    if status == 403:
        return "forbidden", _("You do not have permission to do this.")
    if status == 404:
        return "not_found", _("Not found.")
    if status == 405:
        method = request.method if request is not None else ""
        return "method_not_allowed", _("This address does not accept %(method)s requests.") % {
            "method": method
        }
    if status == 413:
        return "too_large", _("The request body is too large (at most %(limit)s MB).") % {
            "limit": _upload_limit_mb()
        }
    if status == 429:
        return "rate_limited", _("Too many requests; wait a moment and try again.")
    if status == 503:
        return "unavailable", _(
            "The service is temporarily unavailable (the database cannot be reached); "
            "try again in a moment."
        )
    if status >= 500:
        return "server_error", _(
            "Something went wrong on our side. The error was recorded; nothing was changed."
        )
    return "invalid", _("The request was refused.")


def envelope_response(
    request: HttpRequest, status: int, code: str | None = None, message: str | None = None
) -> HttpResponse:
    """A JSON error response for ``request``, in its language, usable outside django-ninja."""
    with translation.override(request_language(request)):
        default_code, default_message = status_error(status, request)
        body = error_body(code or default_code, message or default_message)
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _validation_message(error: dict[str, Any]) -> str:
    """A person's message for one pydantic error, translated (pydantic's own is English)."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"string_too_long", "too_long"}:
        return _("Ensure this value has at most %(max)s characters or items.") % {
            "max": context.get("max_length", "")
        }
    if kind in {"string_too_short", "too_short"}:
        return _("Ensure this value has at least %(min)s characters or items.") % {
            "min": context.get("min_length", "")
        }
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Ensure this value is at least %(limit)s.") % {
            "limit": context.get("ge", context.get("gt", ""))
        }
    if kind in {"less_than_equal", "less_than"}:
        return _("Ensure this value is at most %(limit)s.") % {
            "limit": context.get("le", context.get("lt", ""))
        }
    if kind in {"list_type", "dict_type", "model_type", "model_attributes_type"}:
        return _("This value has the wrong type.")
    return _("Enter a valid value.")


def install_error_handlers(api: NinjaAPI) -> None:
    """Route every exception an API view can raise to the envelope (see the module doc)."""

    def respond(
        request: HttpRequest, status: int, code: str, message: str, field: str | None = None
    ) -> HttpResponse:
        return api.create_response(request, error_body(code, message, field), status=status)

    def handler(kind: type[Exception]) -> Callable[[Handler], Handler]:
        return cast(Callable[[Handler], Handler], api.exception_handler(kind))

    @handler(Exception)
    def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("unhandled error in %s %s", request.method, request.path, exc_info=exc)
        code, message = status_error(500, request)
        return respond(request, 500, code, message)

    @handler(ServiceError)
    def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return respond(request, exc.status, exc.code, exc.message, exc.field)

    @handler(ValidationError)
    def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        location = [
            str(part)
            for part in first.get("loc", [])
            if part not in ("body", "query", "path", "payload", "header", "cookie")
        ]
        return respond(
            request, 422, "invalid", _validation_message(first), ".".join(location) or None
        )

    @handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or _("You do not have permission to do this.")
        return respond(request, 403, "forbidden", message)

    @handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, "unauthenticated", _("Log in first."))

    @handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # django-ninja's own refusals carry English text; only the status is kept.
        if isinstance(exc.__cause__, MalformedJSON):
            return respond(request, 400, "malformed_json", _("The request body is not valid JSON."))
        code, message = status_error(exc.status_code, request)
        return respond(request, exc.status_code, code, message)

    @handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, "not_found", _("Not found."))

    @handler(MultiPartParserError)
    def _unreadable_form(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        # A body announced as multipart but not one (the CSRF check reads form fields).
        code, message = status_error(400, request)
        return respond(request, 400, code, message)

    @handler(RequestDataTooBig)
    def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        code, message = status_error(413, request)
        return respond(request, 413, code, message)

    @handler(DatabaseError)
    def _database_error(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
        if isinstance(exc, OperationalError | InterfaceError):
            # Unreachable or dropped connection: the operator's problem, the client may retry.
            logger.error("database unavailable for %s: %s", request.path, exc)
            code, message = status_error(503, request)
            return respond(request, 503, code, message)
        return _unexpected(request, exc)


ERROR_SCHEMA = {
    "title": "ApiError",
    "description": "Every error of the API: a stable code, a message for a person in the "
    "request's language, and the field at fault when there is one.",
    "type": "object",
    "properties": {
        "code": {"type": "string", "title": "Code"},
        "message": {"type": "string", "title": "Message"},
        "field": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Field"},
    },
    "required": ["code", "message", "field"],
}


def _error_statuses(operation: dict[str, Any]) -> list[int]:
    statuses = [404, 500, 503]
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.append(422)
    if operation.get("requestBody"):
        statuses += [400, 413]
    if operation.get("security"):
        statuses += [401, 403]
    return sorted(statuses)


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the envelope's statuses to every operation of an OpenAPI document, so that clients
    generated from it (and schemathesis) know every answer the API can give."""
    schema.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/ApiError"}
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            for status in _error_statuses(operation):
                if status in responses or str(status) in responses:
                    continue
                with translation.override("en"):
                    _code, description = status_error(status)
                responses[status] = {
                    "description": description,
                    "content": {"application/json": {"schema": reference}},
                }
    return schema
