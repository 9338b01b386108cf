"""The API object and its error contract.

Every error answers ``{"code", "message", "field"}`` with a 4xx status, in the language the
request asked for (``Accept-Language: en`` or the language cookie; Korean by default). Apps
add their routers in ``maeul/api/routers.py``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from maeul.api.routers import register_routers
from maeul.core.errors import ServiceError

api = NinjaAPI(
    title="Maeul API",
    version="1.0.0",
    description="Participatory governance for local governments: places, polls, budgets.",
    urls_namespace="api-1.0.0",
)


def error_body(code: str, message: str, field: str | None = None) -> dict[str, object]:
    return {"code": code, "message": message, "field": field}


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return api.create_response(
        request, error_body(exc.code, exc.message, exc.field), status=exc.status
    )


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    location = [
        str(part)
        for part in first.get("loc", [])
        if part not in ("body", "query", "path", "payload")
    ]
    message = _("Invalid value: %(detail)s") % {"detail": first.get("msg", "")}
    return api.create_response(
        request, error_body("invalid", message, ".".join(location) or None), status=422
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request,
        error_body("forbidden", str(exc) or _("You do not have permission to do this.")),
        status=403,
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, error_body("unauthenticated", _("Log in first.")), status=401
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


register_routers(api)
