"""Request middleware of the web shell."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# Scripts and styles come only from our own origin: the platform runs offline, vendors what it
# needs, and writes no inline script or style, so a stored payload cannot execute.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class KoreanFirstLocaleMiddleware:
    """Activate the language the visitor chose, Korean otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language header; Maeul is a Korean
    public service, so it shows Korean unless the visitor switched (a cookie) — an English
    browser in a Korean district office must still see the Korean site first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        requested = request.GET.get("lang", "")
        if requested in self.supported:
            language = requested
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Cookie" not in patch:
            response.headers["Vary"] = ", ".join(filter(None, [patch, "Cookie"]))
        return response


class ContentSecurityPolicyMiddleware:
    """Send a strict Content-Security-Policy with every HTML response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/admin/") or request.path.startswith("/api/docs"):
            # The Django admin and the API explorer ship inline scripts of their own.
            return response
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
