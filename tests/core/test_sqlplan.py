"""``maeul.core.sqlplan``: a queryset compiled once per process answers exactly what the ORM
would, for any values, and under tests a queryset whose SQL depends on its values fails loudly
(issue 23: the municipality home page and the PB pages read this way)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client
from django.utils import timezone

from maeul.core.sqlplan import Plan, PlanMismatch
from maeul.places.models import Municipality

pytestmark = pytest.mark.django_db


def _counting_compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The models whose SQL the ORM compiles from now on, one entry a compile."""
    compiled: list[str] = []
    original = SQLCompiler.as_sql

    def counting(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        compiled.append(self.query.model.__name__ if self.query.model else "?")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    return compiled


def test_rows_are_what_values_gives_with_converted_times() -> None:
    """Times come back as the ORM gives them (aware datetimes, also on SQLite, where the
    driver returns text that the ORM's converters turn into datetimes)."""
    User = get_user_model()
    joined = timezone.now() - dt.timedelta(days=3)
    User.objects.create(username="가나", date_joined=joined)
    build = lambda name: User.objects.filter(username=name).values("username", "date_joined")  # noqa: E731
    rows = Plan(build, str).dicts("가나")
    assert rows == list(build("가나")) == [{"username": "가나", "date_joined": joined}]
    assert isinstance(rows[0]["date_joined"], dt.datetime)


def test_outside_tests_the_text_is_compiled_once_and_answers_other_values(
    places: dict[str, Any], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.TESTING = False
    build = lambda pk: Municipality.objects.filter(parent=pk).order_by("name").values("slug")  # noqa: E731
    plan = Plan(build, int)
    compiled = _counting_compiles(monkeypatch)
    seoul = plan.dicts(places["seoul"].pk)
    assert compiled == ["Municipality"]
    gwangju = plan.dicts(places["gwangju"].pk)
    assert compiled == ["Municipality"]  # the second place's rows came from the kept text
    assert seoul == list(build(places["seoul"].pk)) and len(seoul) == 2
    assert gwangju == [{"slug": places["namgu"].slug}]


def test_under_tests_every_call_compiles_again_and_compares(
    places: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = Plan(lambda slug: Municipality.objects.filter(slug=slug).values("pk"), str)
    assert plan.dicts("seoul") == [{"pk": places["seoul"].pk}]
    compiled = _counting_compiles(monkeypatch)
    assert plan.dicts("seoul-gwanak-gu") == [{"pk": places["gwanak"].pk}]
    assert compiled == ["Municipality"]


def test_under_tests_a_text_that_changes_with_the_values_fails(places: dict[str, Any]) -> None:
    """A ``None`` turns ``=`` into ``IS NULL``: the plan would have sent ``'None'``. It is
    refused before the test-time comparison, in production too."""
    plan = Plan(lambda code: Municipality.objects.filter(admin_code=code).values("slug"), str)
    assert plan.dicts("1100000000") == [{"slug": "seoul"}]
    with pytest.raises(TypeError, match="not None"):
        plan.dicts(None)


def test_under_tests_parameters_that_change_by_themselves_fail(places: dict[str, Any]) -> None:
    """A clock read into the query: the kept parameter is the first call's time."""
    User = get_user_model()
    plan = Plan(
        lambda pk: User.objects.filter(pk=pk, date_joined__lte=timezone.now()).values("pk"), int
    )
    with pytest.raises(PlanMismatch, match="the ORM sends"):
        plan.dicts(1)


def test_a_value_outside_its_columns_range_reads_nothing_and_is_not_compared(
    places: dict[str, Any], django_assert_num_queries: Any
) -> None:
    plan = Plan(lambda n: Municipality.objects.filter(sort_order=n).values("slug"), int)
    assert len(plan.dicts(0)) == Municipality.objects.filter(sort_order=0).count() > 0
    with django_assert_num_queries(0):
        assert plan.dicts(10**30) == [] == list(Municipality.objects.filter(sort_order=10**30))


def test_pattern_lookups_escape_and_wrap_the_value_as_the_orm_does() -> None:
    """``%`` and ``_`` in a value are the value's, not wildcards (the ORM escapes them), and
    the pattern's own wildcards surround it; the check under tests compares every call."""
    User = get_user_model()
    for name in ("ab_c", "abxc", "50%", "500", "AB\\c"):
        User.objects.create(username=name)

    def names(lookup: str, value: str) -> list[str]:
        plan = Plan(
            lambda v: (
                User.objects.filter(**{f"username__{lookup}": v})
                .order_by("username")
                .values("username")
            ),
            str,
        )
        rows = [row["username"] for row in plan.dicts(value)]
        assert rows == [row["username"] for row in plan.build(value)]
        return rows

    assert names("contains", "b_c") == ["ab_c"]
    assert names("contains", "0%") == ["50%"]
    assert names("startswith", "5") == ["50%", "500"]
    assert names("endswith", "\\c") == ["AB\\c"]
    assert names("iexact", "AB_C") == ["ab_c"]
    assert names("istartswith", "ab\\") == ["AB\\c"]


def test_distinct_queries_give_only_the_asked_columns(places: dict[str, Any]) -> None:
    """A DISTINCT query with a default ordering also selects the ordering's columns."""
    plan = Plan(lambda pk: Municipality.objects.filter(parent=pk).distinct().values("slug"), int)
    rows = plan.dicts(places["seoul"].pk)
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
    settings.TESTING = False
    compiled = _counting_compiles(monkeypatch)
    client = Client()
    for slug in ("seoul", "seoul-geumcheon-gu", "gwangju-nam-gu", places["doksan"].slug):
        client.get(f"/m/{slug}/")
        compiled.clear()
        assert client.get(f"/m/{slug}/").status_code == 200
        assert compiled == [], (slug, compiled)


@pytest.mark.django_db
def test_none_is_refused_outside_tests_too(settings: Any) -> None:
    """Without the test-time comparison (production), a ``None`` still never reaches the
    database as text."""
    from maeul.core.sqlplan import Plan
    from maeul.places.models import Municipality

    settings.TESTING = False
    by_slug = Plan(lambda slug: Municipality.objects.filter(slug=slug).values("pk"), str)
    by_pk = Plan(lambda pk: Municipality.objects.filter(pk=pk).values("slug"), int)
    for plan in (by_slug, by_pk):
        with pytest.raises(TypeError, match="not None"):
            plan.dicts(None)
    assert by_slug.dicts("no-such-place") == [] and by_pk.dicts(2**70) == []
