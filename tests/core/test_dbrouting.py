"""Read routing (maeul/core/dbrouting.py): only allow-listed GET pages read a replica, never
right after the person wrote, and a failing replica falls back to the primary."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import OperationalError, router
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import resolve

from maeul.core import dbrouting
from maeul.notifications.models import Notice

REPLICAS = override_settings(DATABASE_REPLICAS=["replica_a"])


def _serve(request: HttpRequest, view: Any) -> HttpResponse:
    """Run ``view`` through the middleware the way Django's handler does."""
    request.resolver_match = resolve(request.path)
    middleware = dbrouting.ReplicaReadMiddleware(lambda req: _handle(middleware, req, view))
    return middleware(request)


def _handle(middleware: Any, request: HttpRequest, view: Any) -> HttpResponse:
    middleware.process_view(request, view, (), {})
    try:
        return view(request)
    except Exception as error:
        answer = middleware.process_exception(request, error)
        if answer is None:
            raise
        return answer


def _reading_alias(request: HttpRequest) -> HttpResponse:
    return HttpResponse(router.db_for_read(Notice))


@pytest.fixture(autouse=True)
def _no_resting_replicas() -> Any:
    dbrouting._resting.clear()
    yield
    dbrouting._resting.clear()


def test_without_replicas_everything_reads_and_writes_the_primary() -> None:
    with dbrouting.replica_reads():
        assert router.db_for_read(Notice) == "default"
    response = _serve(RequestFactory().get("/pledges/seoul/"), _reading_alias)
    assert response.content == b"default"
    posted = _serve(RequestFactory().post("/pledges/seoul/"), _reading_alias)
    assert dbrouting.WROTE_COOKIE not in posted.cookies  # no cookie unless it matters


@REPLICAS
def test_only_allow_listed_pages_read_a_replica_and_writes_never_do() -> None:
    assert _serve(RequestFactory().get("/pledges/seoul/"), _reading_alias).content == b"replica_a"
    # a page that decides (a ballot's receipt check) stays on the primary
    assert _serve(RequestFactory().get("/votes/1/check"), _reading_alias).content == b"default"
    assert _serve(RequestFactory().post("/pledges/seoul/"), _reading_alias).content == b"default"
    with dbrouting.replica_reads():
        assert router.db_for_write(Notice) == "default"
    assert router.allow_migrate("replica_a", "notifications") is False
    assert router.allow_migrate("default", "notifications") is True


@REPLICAS
def test_a_person_who_just_wrote_reads_the_primary_for_a_while() -> None:
    posted = _serve(RequestFactory().post("/pledges/seoul/"), _reading_alias)
    cookie = posted.cookies[dbrouting.WROTE_COOKIE]
    assert cookie["httponly"] and int(cookie["max-age"]) > 0
    factory = RequestFactory()
    fresh = factory.get("/pledges/seoul/")
    fresh.COOKIES[dbrouting.WROTE_COOKIE] = cookie.value
    assert _serve(fresh, _reading_alias).content == b"default"
    stale = factory.get("/pledges/seoul/")
    stale.COOKIES[dbrouting.WROTE_COOKIE] = str(int(time.time()) - 3600)
    assert _serve(stale, _reading_alias).content == b"replica_a"
    forged = factory.get("/pledges/seoul/")
    forged.COOKIES[dbrouting.WROTE_COOKIE] = "not-a-time"
    assert _serve(forged, _reading_alias).content == b"replica_a"


@REPLICAS
def test_a_replica_that_fails_is_rested_and_the_page_answers_from_the_primary() -> None:
    seen: list[str] = []

    def flaky(request: HttpRequest) -> HttpResponse:
        alias = router.db_for_read(Notice)
        seen.append(alias)
        if alias != "default":
            raise OperationalError("could not connect to the replica")
        return HttpResponse("from the primary")

    response = _serve(RequestFactory().get("/pledges/seoul/"), flaky)
    assert response.content == b"from the primary"
    assert seen == ["replica_a", "default"]
    # the replica rests: the next reader goes straight to the primary
    assert _serve(RequestFactory().get("/pledges/seoul/"), _reading_alias).content == b"default"
    assert dbrouting.replica_aliases() == []


@pytest.mark.django_db
def test_readiness_names_no_replicas_when_none_are_configured(client: Any) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and "replicas" not in body


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_lag_query_runs_on_postgresql_and_says_a_primary_is_no_standby() -> None:
    assert dbrouting.replica_lag_seconds("default") is None
