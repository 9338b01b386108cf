"""Request middleware of the web shell."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

# Scripts and styles come only from our own origin: the platform runs offline, vendors what it
# needs, and writes no inline script or style, so a stored payload cannot execute.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def request_language(request: HttpRequest) -> str:
    """The language of ``request``: ``?lang=``, else the language cookie, else Korean.

    API clients (``/api/...``) send no cookie and say what they want in ``Accept-Language``,
    so under ``/api/`` that header counts before the Korean default; the web pages keep
    ignoring it (see ``KoreanFirstLocaleMiddleware``).
    """
    supported = {code for code, _name in settings.LANGUAGES}
    requested = request.GET.get("lang", "")
    if requested in supported:
        return requested
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in supported:
        return cookie
    if request.path.startswith("/api/"):
        header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        for code, _quality in parse_accept_lang_header(header):
            base = code.split("-")[0].lower()
            if base in supported:
                return base
    return str(settings.LANGUAGE_CODE)


class KoreanFirstLocaleMiddleware:
    """Activate the language the visitor chose, Korean otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language header; Maeul is a Korean
    public service, so it shows Korean unless the visitor switched (a cookie) — an English
    browser in a Korean district office must still see the Korean site first. The API is the
    exception: its clients state their language in Accept-Language (``request_language``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        vary = [part.strip() for part in response.headers.get("Vary", "").split(",")]
        wanted = ["Cookie", "Accept-Language"] if request.path.startswith("/api/") else ["Cookie"]
        vary += [name for name in wanted if name not in vary]
        response.headers["Vary"] = ", ".join(filter(None, vary))
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
