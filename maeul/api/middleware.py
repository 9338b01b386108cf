"""The last line of the API's error contract: no error under ``/api/`` leaves as HTML.

Errors raised inside API views are answered by the handlers of ``maeul.api.errors``, and
Django's error handlers (``maeul.core.views``) answer JSON for API addresses. A few responses
reach the client without passing either: django-ninja's plain-text 405 for a method an address
does not accept, and Django's debug pages in the demo (``DEBUG`` on), which replace the error
handlers for unknown addresses and suspicious requests. This middleware, outermost, rewrites
any error response under ``/api/`` that is not JSON into the envelope for its status.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from maeul.api.errors import envelope_response, is_api_request


class ApiErrorEnvelopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not is_api_request(request):
            return response
        if response.headers.get("Content-Type", "").startswith("application/json"):
            return response
        rewritten = envelope_response(request, response.status_code)
        for header in ("Allow", "Retry-After"):
            if header in response.headers:
                rewritten.headers[header] = response.headers[header]
        return rewritten
