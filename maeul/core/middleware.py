"""Request middleware of the web shell."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

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


def tile_source(template: str) -> str:
    """The CSP source of a map tile URL template (``settings.MAP_TILE_URL``): its scheme, host
    and port, with Leaflet's ``{s}`` subdomain placeholder as CSP's leftmost ``*`` label; ""
    when there is no tile server or the template is not an absolute http(s) URL."""
    parts = urlsplit(template.replace("{s}", "SUBDOMAIN"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.netloc.rsplit("@", 1)[-1].replace("subdomain", "*").replace("SUBDOMAIN", "*")
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_url: str = "") -> str:
    """The policy, letting images come from the map's tile server too (and nothing else)."""
    source = tile_source(tile_url)
    if not source:
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace("img-src 'self' data:", f"img-src 'self' data: {source}")


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
        policy = content_security_policy(getattr(settings, "MAP_TILE_URL", ""))
        response.headers.setdefault("Content-Security-Policy", policy)
        return response
