"""The grants card on a municipality's home page: the public calls first, then the contests,
``SHOWN`` cards at most; once the calls fill the card the contests are not even queried."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maeul.grants.models import Contest, ContestState
from maeul.grants.programme import SHOWN


def _grants_cards(response: Any) -> list[Any]:
    section = next(s for s in response.context["sections"] if s["programme"].key == "grants")
    return list(section["cards"])


def _contest(places: dict[str, Any]) -> Contest:
    return Contest.objects.create(
        municipality=places["seoul"], title="혁신 공모전", state=ContestState.PUBLISHED
    )


def test_contests_follow_the_calls(places: dict[str, Any], seoul_call: Any) -> None:
    call = seoul_call()
    contest = _contest(places)
    Contest.objects.create(municipality=places["seoul"], title="작성 중", state=ContestState.DRAFT)
    response = Client().get(reverse("core:municipality", args=["seoul"]))
    cards = _grants_cards(response)
    assert [c.url for c in cards] == [
        reverse("grants:call", args=[call.pk]),
        reverse("grants:contest", args=[contest.pk]),
    ]
    body = response.content.decode()
    assert "혁신 공모전" in body and "결과 공개" in body and "작성 중" not in body


def test_a_card_full_of_calls_skips_the_contests_query(
    places: dict[str, Any], seoul_call: Any
) -> None:
    calls = [seoul_call(title=f"공모 {i}") for i in range(SHOWN + 1)]
    _contest(places)
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(reverse("core:municipality", args=["seoul"]))
    cards = _grants_cards(response)
    assert len(cards) == SHOWN
    assert {c.url for c in cards} <= {reverse("grants:call", args=[c.pk]) for c in calls}
    assert "혁신 공모전" not in response.content.decode()
    assert not any("grants_contest" in q["sql"] for q in queries.captured_queries)
