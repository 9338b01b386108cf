"""Finding 7 of the security review: every API error answers the documented envelope
``{"code", "message", "field"}`` with a correct status, in the request's language.

Before the fix: a body over the upload limit answered an HTML 400 (a debug page with DEBUG
on), an anonymous caller without a CSRF token got 403 ``{"detail": ...}`` instead of 401,
malformed JSON repeated the parser's message, an unknown address under /api/ answered the
HTML 404 page, a bug answered the HTML 500 page and an unreachable database an HTML 500.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import path
from ninja import NinjaAPI

from maeul.api.errors import install_error_handlers
from tests.security.live_process import UNREACHABLE_DATABASES, maeul_process

HANGUL = re.compile(r"[\uac00-\ud7a3]")

# A second API object with the real error contract, for the one case no real endpoint can be
# made to hit on purpose: a bug (an exception nobody anticipated) inside a view.
faulty_api = NinjaAPI(urls_namespace="faulty-api")
install_error_handlers(faulty_api)


@faulty_api.get("/bug")
def _bug(request: Any) -> None:
    raise RuntimeError("internal detail: /srv/maeul/secret.py line 12")


@faulty_api.get("/integrity")
def _integrity(request: Any) -> None:
    raise IntegrityError("UNIQUE constraint failed: accounts_user.username")


urlpatterns = [path("api/faulty/", faulty_api.urls)]


def envelope(response: Any) -> dict[str, Any]:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert set(body) == {"code", "message", "field"}, body
    assert isinstance(body["message"], str) and body["message"]
    return body


@pytest.fixture
def resident_client(places: dict[str, Any], make_resident: Any) -> Client:
    client = Client()
    client.force_login(make_resident(places["geumcheon"], places["gasan"]))
    return client


@pytest.mark.parametrize("debug", [False, True], ids=["production", "demo"])
def test_body_over_the_limit_is_413_in_the_envelope(
    resident_client: Client, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    body = b'{"choices": [' + b"1," * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2) + b"1]}"
    response = resident_client.post("/api/polls/1/ballots", body, content_type="application/json")
    assert response.status_code == 413
    error = envelope(response)
    assert error["code"] == "too_large" and HANGUL.search(error["message"])


def test_anonymous_caller_without_csrf_token_is_401(places: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/polls/1/ballots", {"choices": [1]}, content_type="application/json"
    )
    assert response.status_code == 401
    assert envelope(response)["code"] == "unauthenticated"


def test_every_cookie_authenticated_operation_uses_maeuls_session_auth() -> None:
    """django-ninja's own ``django_auth`` checks CSRF before the session (403 for anonymous
    callers); every operation behind a session must use ``maeul.api.security``'s."""
    from ninja.security import APIKeyCookie

    from maeul.api.security import SessionAuth
    from maeul.api.urls import api

    cookie_auth = []
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for callback in operation.auth_callbacks:
                    if isinstance(callback, APIKeyCookie):
                        cookie_auth.append((operation.path, type(callback)))
    assert cookie_auth, "no operation behind a session: the walk found nothing"
    assert {kind for _path, kind in cookie_auth} == {SessionAuth}


def test_logged_in_caller_without_csrf_token_is_403_csrf_failed(
    places: dict[str, Any], make_resident: Any
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_resident(places["geumcheon"], places["gasan"]))
    for url, payload in [
        ("/api/polls/1/ballots", {"choices": [1]}),
        ("/api/points/voucher-requests", {"municipality": "1154500000", "units": 1}),
    ]:
        response = client.post(url, payload, content_type="application/json")
        assert response.status_code == 403, url
        error = envelope(response)
        assert error["code"] == "csrf_failed" and HANGUL.search(error["message"])
        english = client.post(
            url, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert "CSRF" in envelope(english)["message"]
        assert not HANGUL.search(envelope(english)["message"])


@pytest.mark.parametrize("debug", [False, True], ids=["production", "demo"])
def test_malformed_json_is_400_without_the_parsers_words(
    resident_client: Client, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    response = resident_client.post(
        "/api/polls/1/ballots", b'{"choices": [1,', content_type="application/json"
    )
    assert response.status_code == 400
    error = envelope(response)
    assert error["code"] == "malformed_json"
    assert "Expecting" not in error["message"] and "char" not in error["message"]
    english = resident_client.post(
        "/api/polls/1/ballots?lang=en", b"\xff\xfe", content_type="application/json"
    )
    assert envelope(english)["message"] == "The request body is not valid JSON."


def test_a_body_announced_as_multipart_but_not_one_is_400(
    places: dict[str, Any], make_resident: Any
) -> None:
    """Found by schemathesis: the CSRF check reads form fields, and a multipart body without
    a boundary made it raise (500 before)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_resident(places["geumcheon"], places["gasan"]))
    token = "k" * 32
    client.cookies["csrftoken"] = token
    response = client.post(
        "/api/polls/1/ballots",
        b'{"choices": []}',
        content_type="multipart/form-data",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 400
    assert envelope(response)["code"] == "bad_request"


def test_validation_errors_name_the_field_in_the_requests_language(
    resident_client: Client,
) -> None:
    korean = resident_client.post(
        "/api/polls/1/ballots", {"choices": ["one"]}, content_type="application/json"
    )
    assert korean.status_code == 422
    error = envelope(korean)
    assert error["code"] == "invalid" and error["field"] == "choices.0"
    assert HANGUL.search(error["message"]) and "Input should" not in error["message"]
    english = resident_client.post(
        "/api/polls/1/ballots",
        {"choices": ["one"]},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )
    assert envelope(english)["message"] == "Enter a whole number."


@pytest.mark.parametrize("debug", [False, True], ids=["production", "demo"])
def test_unknown_api_address_is_404_in_the_envelope(
    client: Client, db: Any, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    for url in ["/api/no-such-thing", "/api/polls/1/nothing/here", "/api/"]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404, url
        assert envelope(response) == {"code": "not_found", "message": "Not found.", "field": None}
    # The web pages keep their HTML error page.
    assert client.get("/no-such-page/").headers["Content-Type"].startswith("text/html")


def test_wrong_method_is_405_in_the_envelope(client: Client, db: Any) -> None:
    response = client.delete("/api/polls")
    assert response.status_code == 405
    assert envelope(response)["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("debug", [False, True], ids=["production", "demo"])
def test_a_bug_is_500_in_the_envelope_and_leaks_nothing(
    client: Client, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    for url in ["/api/faulty/bug", "/api/faulty/integrity"]:
        response = client.get(url)
        assert response.status_code == 500
        error = envelope(response)
        assert error["code"] == "server_error" and HANGUL.search(error["message"])
        text = response.content.decode()
        assert "secret.py" not in text and "UNIQUE" not in text and "Traceback" not in text


@pytest.mark.slow
@pytest.mark.parametrize("backend", sorted(UNREACHABLE_DATABASES))
def test_unreachable_database_is_503_in_the_envelope(tmp_path: Path, backend: str) -> None:
    """A real web process whose database refuses connections (nothing listens there)."""
    with maeul_process(tmp_path, MAEUL_DATABASE_URL=UNREACHABLE_DATABASES[backend]) as base:
        for url in ["/api/polls", "/api/municipalities", "/api/points/statement"]:
            response = httpx.get(
                base + url,
                headers={"Accept-Language": "en"},
                cookies={"sessionid": "a-session-the-database-would-know"},
                timeout=10,
            )
            assert response.status_code == 503, (url, response.text[:300])
            assert response.headers["Content-Type"].startswith("application/json")
            body = json.loads(response.text)
            assert body["code"] == "unavailable" and set(body) == {"code", "message", "field"}
            assert "database" in body["message"] and "127.0.0.1" not in body["message"]
        korean = httpx.get(base + "/api/polls", timeout=10).json()
        assert HANGUL.search(korean["message"])
