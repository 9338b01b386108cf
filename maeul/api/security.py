"""Session authentication for the API: who you are first, then whether the request is yours.

django-ninja's ``django_auth`` checks the CSRF token before it looks at the session, so an
anonymous caller without a token is told 403 "CSRF check Failed" instead of the documented
401 "log in first". Maeul's ``SessionAuth`` asks the session first: anonymous callers get 401;
a logged-in caller whose request lacks the CSRF token (a cross-site form, a script on another
origin riding the cookie) gets 403 ``csrf_failed`` in the envelope. Apps use ``django_auth``
from here, never django-ninja's (a test walks every operation).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf

from maeul.core.errors import NotAllowed


class CsrfRejected(NotAllowed):
    code = "csrf_failed"


class SessionAuth(APIKeyCookie):
    """The resident's or official's Django session, with the CSRF token on unsafe methods."""

    def __init__(self) -> None:
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=False)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfRejected(
                _("The security token (CSRF) is missing or wrong. Reload the page and try again.")
            )
        return request.user


django_auth = SessionAuth()
