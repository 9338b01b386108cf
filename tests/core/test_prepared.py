"""``maeul.core.prepared``: a query's text compiled once per process answers exactly what the
ORM would, for any parameters, and a query whose text depends on more than its stated
parameters fails loudly (issue 23's home page reads its cards this way)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from maeul.core import prepared
from maeul.core.prepared import PreparedQueryError, prepared_rows
from maeul.places.models import Municipality

pytestmark = pytest.mark.django_db


def _counting(build: Callable[[], Any]) -> tuple[Callable[[], Any], list[int]]:
    calls: list[int] = []

    def counted() -> Any:
        calls.append(1)
        return build()

    return counted, calls


def test_rows_are_what_values_gives_with_converted_times() -> None:
    """Times come back as the ORM gives them (aware datetimes, also on SQLite, where the
    driver returns text that the ORM's converters turn into datetimes)."""
    User = get_user_model()
    joined = timezone.now() - dt.timedelta(days=3)
    User.objects.create(username="가나", date_joined=joined)
    build = lambda: User.objects.filter(username="가나").values("username", "date_joined")  # noqa: E731
    rows = prepared_rows("test.user", User, ["가나"], build)
    assert rows == list(build()) == [{"username": "가나", "date_joined": joined}]
    assert isinstance(rows[0]["date_joined"], dt.datetime)


def test_stated_parameters_must_be_the_compiled_ones(places: dict[str, Any]) -> None:
    with pytest.raises(PreparedQueryError, match="compiled"):
        prepared_rows(
            "test.wrong_params",
            Municipality,
            [places["seoul"].pk],  # the slug is the query's parameter, not the id
            lambda: Municipality.objects.filter(slug="seoul").values("pk"),
        )


def test_outside_tests_the_text_is_compiled_once_and_answers_other_parameters(
    places: dict[str, Any], settings: Any
) -> None:
    settings.TESTING = False
    prepared._PLANS.pop(("test.children", "default"), None)

    def children_of(place: Municipality) -> list[dict[str, Any]]:
        build, calls = _counting(
            lambda: Municipality.objects.filter(parent=place.pk).order_by("name").values("slug")
        )
        rows = prepared_rows("test.children", Municipality, [place.pk], build)
        builds.append(len(calls))
        return rows

    builds: list[int] = []
    seoul = children_of(places["seoul"])
    gwangju = children_of(places["gwangju"])
    assert builds == [1, 0]  # the second place's rows came from the kept text
    assert seoul == list(
        Municipality.objects.filter(parent=places["seoul"]).order_by("name").values("slug")
    )
    assert gwangju == [{"slug": places["namgu"].slug}]


def test_under_tests_a_text_that_changes_with_the_values_fails(places: dict[str, Any]) -> None:
    """The key must name whatever changes the text: here the length of a list."""

    def within(ids: list[int]) -> list[dict[str, Any]]:
        return prepared_rows(
            "test.within",
            Municipality,
            ids,
            lambda: Municipality.objects.filter(pk__in=ids).values("pk"),
        )

    assert within([places["seoul"].pk]) == [{"pk": places["seoul"].pk}]
    with pytest.raises(PreparedQueryError, match="changed"):
        within([places["seoul"].pk, places["gwangju"].pk])


def test_distinct_queries_give_only_the_asked_columns(places: dict[str, Any]) -> None:
    """A DISTINCT query with a default ordering also selects the ordering's columns."""
    rows = prepared_rows(
        "test.distinct",
        Municipality,
        [places["seoul"].pk],
        lambda: Municipality.objects.filter(parent=places["seoul"].pk).distinct().values("slug"),
    )
    assert sorted(r["slug"] for r in rows) == sorted(
        Municipality.objects.filter(parent=places["seoul"]).values_list("slug", flat=True)
    )


def test_home_page_shows_a_change_on_the_next_request_with_kept_texts(
    places: dict[str, Any], settings: Any
) -> None:
    """Only the SQL text is kept, never rows: with the texts compiled (as in production), a
    new jury, a survey opened and a poll that opens show on the next request, and another
    place's page shows its own cards."""
    from maeul.juries.models import Jury
    from maeul.surveys.models import Survey, SurveyState
    from maeul.voting.models import Poll

    settings.TESTING = False
    client = Client()
    url = "/m/seoul-geumcheon-gu/"
    before = client.get(url).content.decode()
    assert "주민배심원단 2031" not in before
    now = timezone.now()
    Jury.objects.create(
        municipality=places["geumcheon"], name="주민배심원단 2031", recruitment_year=2031
    )
    survey = Survey.objects.create(
        municipality=places["geumcheon"], title="설문 하나", state=SurveyState.OPEN
    )
    poll = Poll.objects.create(
        municipality=places["geumcheon"],
        code="p-home",
        title="물놀이장 운영",
        kind="single",
        announced_at=now - dt.timedelta(days=1),
        opens_at=now + dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=2),
    )
    after = client.get(url).content.decode()
    assert "주민배심원단 2031" in after and "설문 하나" in after
    assert f'href="/votes/{poll.pk}/">물놀이장 운영' in after
    assert "곧 시작" in after  # upcoming
    survey.title = "설문 둘"
    survey.save()
    assert "설문 둘" in client.get(url).content.decode()
    with time_machine_at(now + dt.timedelta(hours=2)):
        assert "투표 중" in client.get(url).content.decode()  # the poll opened at its time
    other = client.get("/m/gwangju-nam-gu/").content.decode()
    assert "주민배심원단 2031" not in other and "물놀이장 운영" not in other


def time_machine_at(moment: dt.datetime) -> Any:
    import time_machine

    return time_machine.travel(moment, tick=False)


def test_a_warm_home_page_compiles_no_sql(
    places: dict[str, Any], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23's budget: once the texts are compiled (as in production), a visitor's home
    page sends its queries without building any SQL, so a card that adds an ORM query shows
    here (a city, a district and a neighbourhood: each takes other branches)."""
    from django.db.models.sql.compiler import SQLCompiler

    settings.TESTING = False
    compiled: list[str] = []
    original = SQLCompiler.as_sql

    def counting(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        compiled.append(self.query.model.__name__ if self.query.model else "?")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    client = Client()
    for slug in ("seoul", "seoul-geumcheon-gu", "gwangju-nam-gu", places["doksan"].slug):
        client.get(f"/m/{slug}/")
        compiled.clear()
        assert client.get(f"/m/{slug}/").status_code == 200
        assert compiled == [], (slug, compiled)
