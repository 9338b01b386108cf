"""Issue 23, item 2: no list of votes is cut silently, and turnout reads only the poll's own
people.

Lists of polls and receipts are paged on the pages (the one pager) and in the API (one
limit/offset shape); the municipality page says how many votes there are beyond its cards and
links to them. Turnout by dong and age is stored at publication and computed from indexed
filters on the poll's own area.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from maeul.voting import services
from maeul.voting.models import Poll, PollState
from maeul.voting.selectors import (
    eligible_residents,
    poll_state,
    state_filter,
    turnout_by_dong,
    turnout_counts,
)
from tests.voting.conftest import option_ids

pytestmark = pytest.mark.django_db


def _polls(places: dict[str, Any], n: int, *, prefix: str = "p", **fields: Any) -> list[Poll]:
    now = timezone.now()
    fields.setdefault("opens_at", now - dt.timedelta(hours=1))
    fields.setdefault("closes_at", now + dt.timedelta(days=1))
    fields.setdefault("announced_at", now - dt.timedelta(days=1))
    fields.setdefault("municipality", places["geumcheon"])
    return Poll.objects.bulk_create(
        Poll(code=f"{prefix}-{i}", title=f"투표 {i:03d}", kind="single", **fields) for i in range(n)
    )


def test_municipality_page_says_how_many_votes_more_and_links_to_them(
    places: dict[str, Any],
) -> None:
    _polls(places, 10)
    _polls(places, 2, prefix="committee", electorate_kind="roll")  # never listed publicly
    page = Client().get("/m/seoul-geumcheon-gu/")
    text = page.content.decode()
    voting = next(s for s in page.context["sections"] if s["programme"].key == "voting")
    assert len(voting["cards"]) == 8 and voting["cards"].total == 10
    assert "10개 중 8개 표시 · 모두 보기" in text
    assert 'href="/votes/?m=seoul-geumcheon-gu"' in text
    listed = Client().get("/votes/?m=seoul-geumcheon-gu").context["sections"][0]["page"]
    assert listed.paginator.count == 10


def test_a_few_votes_are_all_shown_without_a_more_link(places: dict[str, Any]) -> None:
    _polls(places, 5)
    page = Client().get("/m/seoul-geumcheon-gu/")
    voting = next(s for s in page.context["sections"] if s["programme"].key == "voting")
    assert len(voting["cards"]) == 5 and voting["cards"].hidden == 0
    assert "개 표시 · 모두 보기" not in page.content.decode()


def test_votes_list_pages_each_state_on_its_own(places: dict[str, Any]) -> None:
    now = timezone.now()
    _polls(places, 45)
    _polls(
        places,
        3,
        prefix="old",
        opens_at=now - dt.timedelta(days=9),
        closes_at=now - dt.timedelta(days=8),
    )
    client = Client()
    page = client.get("/votes/", {"open_page": "3", "m": "seoul-geumcheon-gu"})
    sections = {s["state"]: s for s in page.context["sections"]}
    assert sections["open"]["page"].paginator.count == 45
    assert sections["open"]["page"].number == 3
    assert len(sections["open"]["page"].object_list) == 5
    assert sections["closed"]["page"].paginator.count == 3
    text = page.content.decode()
    # The other lists' links keep this list's page and the place filter.
    assert "open_page=3&amp;m=seoul-geumcheon-gu&amp;" not in text  # own param never doubled
    assert 'href="?m=seoul-geumcheon-gu&amp;open_page=2" rel="prev"' in text
    assert "41–45" in text


def test_state_filter_agrees_with_poll_state(
    places: dict[str, Any], make_poll: Callable[..., Any], manager: Any
) -> None:
    now = timezone.now()
    make_poll(code="draft", announce=False)
    make_poll(code="open")
    make_poll(
        code="upcoming",
        opens_at=now + dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=2),
    )
    _polls(
        places,
        1,
        prefix="ended",
        opens_at=now - dt.timedelta(days=2),
        closes_at=now - dt.timedelta(days=1),
    )
    _polls(places, 1, prefix="early", closed_at=now)
    _polls(places, 1, prefix="cancelled", cancelled_at=now)
    _polls(places, 1, prefix="published", published_at=now, closed_at=now, result={})
    for poll in Poll.objects.all():
        expected = poll_state(poll, now)
        for state in PollState.values:
            matches = Poll.objects.filter(state_filter(state, now), pk=poll.pk).exists()
            assert matches == (state == expected), (poll.code, state)
    assert {poll_state(p, now) for p in Poll.objects.all()} == set(PollState.values)


def test_api_lists_have_one_paging_shape_with_a_maximum(places: dict[str, Any]) -> None:
    _polls(places, 7)
    client = Client()
    first = client.get("/api/polls", {"limit": 5}).json()
    assert (first["count"], first["limit"], first["offset"]) == (7, 5, 0)
    assert len(first["items"]) == 5
    rest = client.get("/api/polls", {"limit": 5, "offset": 5}).json()
    assert len(rest["items"]) == 2
    seen = [p["id"] for p in first["items"] + rest["items"]]
    assert len(set(seen)) == 7
    assert client.get("/api/polls", {"offset": 100}).json()["items"] == []
    assert client.get("/api/polls", {"state": "open"}).json()["count"] == 7
    assert client.get("/api/polls", {"state": "closed"}).json()["count"] == 0
    too_many = client.get("/api/polls", {"limit": 201}, HTTP_ACCEPT_LANGUAGE="en")
    assert too_many.status_code == 422
    assert too_many.json() == {
        "code": "invalid",
        "message": "Ensure this value is at most 200.",
        "field": "limit",
    }
    assert client.get("/api/polls", {"offset": -1}).status_code == 422
    assert client.get("/api/polls", {"state": "nonsense"}).status_code == 422
    for url in ("/api/municipalities", "/api/governance/bodies?municipality=seoul"):
        body = client.get(url).json()
        assert set(body) == {"count", "limit", "offset", "items"}, url


def _cast_all(poll: Poll, voters: list[Any]) -> None:
    options = option_ids(poll)
    for voter in voters:
        services.ballot_cast(voter=voter, poll=poll, choices=[options[0]])


def test_receipts_are_paged_on_the_page_and_in_the_api(
    places: dict[str, Any],
    make_poll: Callable[..., Any],
    make_resident: Callable[..., Any],
    manager: Any,
    time_machine: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from maeul.voting import views

    monkeypatch.setattr(views, "RECEIPTS_PER_PAGE", 4)
    poll = make_poll(closes_at=timezone.now() + dt.timedelta(minutes=5))
    _cast_all(poll, [make_resident(places["geumcheon"], places["gasan"]) for _ in range(6)])
    client = Client()
    early = client.get(f"/api/polls/{poll.pk}/receipts")
    assert early.status_code == 409
    time_machine.move_to(poll.closes_at + dt.timedelta(minutes=1))
    services.poll_publish(actor=manager, poll=poll)
    second = client.get(f"/votes/{poll.pk}/receipts/", {"page": "2"})
    assert [r for r, _v, _c in second.context["rows"]] == sorted(
        poll.ballots.values_list("receipt", flat=True)
    )[4:]
    assert "5–6" in second.content.decode()
    api = client.get(f"/api/polls/{poll.pk}/receipts", {"limit": 4, "offset": 4}).json()
    assert api["count"] == 6
    assert [r["receipt"] for r in api["items"]] == [r for r, _v, _c in second.context["rows"]]


def test_turnout_is_stored_at_publication_and_reads_only_the_polls_area(
    places: dict[str, Any],
    make_poll: Callable[..., Any],
    make_resident: Callable[..., Any],
    make_official: Callable[..., Any],
    time_machine: Any,
    django_assert_max_num_queries: Any,
) -> None:
    namgu_manager = make_official(places["namgu"], "programme_manager", username="manager.n")
    poll = make_poll(
        municipality=places["namgu"],
        actor=namgu_manager,
        closes_at=timezone.now() + dt.timedelta(minutes=5),
        verified_only=False,
    )
    namgu = [make_resident(places["namgu"], birth_year=1990) for _ in range(6)]
    _cast_all(poll, namgu[:5])
    for _ in range(4):  # residents elsewhere count in no Nam-gu figure
        make_resident(places["geumcheon"], places["gasan"], birth_year=1990)
    assert eligible_residents(poll).count() == 6
    sql = str(eligible_residents(poll).query)
    assert "LIKE" not in sql.upper()  # indexed ids, not a path pattern through every profile
    live = turnout_counts(poll)
    assert live["by_dong"] == [["-", 5, 6]]
    assert live["by_age"] == [["30-39", 5, 6]]
    time_machine.move_to(poll.closes_at + dt.timedelta(minutes=1))
    published = services.poll_publish(actor=namgu_manager, poll=poll)
    assert published.turnout_counts == live
    # Later sign-ups change nothing published; the page reads the stored figures.
    for _ in range(3):
        make_resident(places["namgu"], birth_year=1990)
    stored = Poll.objects.get(pk=poll.pk)
    with django_assert_max_num_queries(0):
        rows = turnout_by_dong(stored)
    assert [(r.participants, r.eligible) for r in rows] == [(5, 6)]
    page = Client().get(f"/votes/{poll.pk}/results/")
    assert [(r.participants, r.eligible) for r in page.context["by_dong"]] == [(5, 6)]


def test_a_single_small_group_is_hidden_with_its_complement() -> None:
    """Totals are public, so one hidden group would be the total minus the shown ones: the
    smallest shown group is hidden with it; two hidden groups need nothing more."""
    from maeul.voting.selectors import _rows

    one = _rows([["가산동", 3, 10], ["독산동", 7, 20], ["시흥동", 9, 30]])
    assert [r.participants for r in one] == [None, None, 9]
    two = _rows([["가산동", 2, 5], ["독산동", 1, 5], ["시흥동", 9, 9]])
    assert [r.participants for r in two] == [None, None, 9]
    none = _rows([["가산동", 6, 10], ["독산동", 7, 20]])
    assert [r.participants for r in none] == [6, 7]
    alone = _rows([["가산동", 3, 10]])
    assert [r.participants for r in alone] == [None]
