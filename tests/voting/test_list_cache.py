"""Issue 23: ``/votes/`` keeps its rendered cards in the cache, keyed by what they show.

The cache must never show a list as it was: a poll renamed, opening or closing at its time,
published, or a visitor reading in the other language must see the list as it is now,
whether or not the same list was rendered a moment before. And the page reads a fixed, small
number of queries however many polls there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maeul.voting.models import Poll

pytestmark = pytest.mark.django_db


def _section_of(client: Client, title: str) -> str | None:
    """The state whose list shows ``title`` on ``/votes/``, or None."""
    page = client.get("/votes/")
    assert page.status_code == 200
    for section in page.context["sections"]:
        if any(card.title == title for card in section["page"].object_list):
            return str(section["state"])
    return None


def test_a_renamed_poll_shows_its_new_title_at_once(make_poll: Callable[..., Any]) -> None:
    poll = make_poll(title="놀이터 개선")
    client = Client()
    assert "놀이터 개선" in client.get("/votes/").content.decode()
    Poll.objects.filter(pk=poll.pk).update(title="도서관 개선")  # no signal, no save()
    text = client.get("/votes/").content.decode()
    assert "도서관 개선" in text and "놀이터 개선" not in text


def test_a_poll_moves_list_when_it_opens_and_closes(
    make_poll: Callable[..., Any], time_machine: Any
) -> None:
    now = timezone.now()
    make_poll(
        title="다음 주 투표",
        opens_at=now + dt.timedelta(hours=2),
        closes_at=now + dt.timedelta(hours=5),
    )
    time_machine.move_to(now)
    client = Client()
    assert _section_of(client, "다음 주 투표") == "upcoming"
    assert _section_of(client, "다음 주 투표") == "upcoming"  # the cached rendering
    time_machine.move_to(now + dt.timedelta(hours=3))
    assert _section_of(client, "다음 주 투표") == "open"
    page = client.get("/votes/").content.decode()
    assert page.index("다음 주 투표") < page.index('id="h-upcoming"')  # rendered in "open"
    time_machine.move_to(now + dt.timedelta(hours=6))
    assert _section_of(client, "다음 주 투표") == "closed"


def test_the_lists_follow_the_visitors_language(
    make_poll: Callable[..., Any], places: dict[str, Any]
) -> None:
    make_poll(title="공원 투표")
    korean = Client()
    text = korean.get("/votes/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert places["geumcheon"].name in text
    english = Client()
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = english.get("/votes/").content.decode()
    assert places["geumcheon"].name_en in text and "Open now" in text
    text = korean.get("/votes/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert places["geumcheon"].name in text and "Open now" not in text


def test_the_list_reads_five_queries_whatever_the_number_of_polls(
    places: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    now = timezone.now()
    Poll.objects.bulk_create(
        Poll(
            municipality=places["geumcheon"],
            code=f"many-{i}",
            title=f"투표 {i}",
            kind="single",
            opens_at=now + dt.timedelta(days=(i % 3) * 10 - 11),
            closes_at=now + dt.timedelta(days=(i % 3) * 10 - 9),
            announced_at=now - dt.timedelta(days=30),
        )
        for i in range(90)
    )
    client = Client()
    for _ in range(2):  # rendered, then from the cache: the same queries
        with django_assert_max_num_queries(5):
            assert client.get("/votes/").status_code == 200
