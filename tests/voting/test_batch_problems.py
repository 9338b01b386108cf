"""``voting_problems`` (the batch asked by the PB ballot summary, issue 23) says for every poll
exactly what ``voting_problem`` says for it alone, and costs the same number of queries for
two polls as for eight: the summary's cost must not grow with the number of groups."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maeul.voting import interface

pytestmark = pytest.mark.django_db


@pytest.fixture
def polls(make_poll: Any, places: dict[str, Any], people: dict[str, Any]) -> list[Any]:
    return [
        make_poll(),  # every verified resident of Geumcheon-gu
        make_poll(electorate_dongs=[places["doksan"]]),  # Doksan 1-dong only
        make_poll(electorate_dongs=[places["gasan"], places["doksan"]], verified_only=False),
        make_poll(min_age=19, verified_only=False),
        make_poll(announce=False),  # not announced: the window refuses first
        make_poll(electorate_kind="roll", roll=[people["member"]]),
    ]


@pytest.fixture
def people(places: dict[str, Any], make_resident: Any, make_official: Any) -> dict[str, Any]:
    return {
        "member": make_resident(places["geumcheon"], places["gasan"]),
        "unverified": make_resident(places["geumcheon"], places["doksan"], verified=False),
        "young": make_resident(places["geumcheon"], places["doksan"], birth_year=2015),
        "elsewhere": make_resident(places["gwanak"]),
        "official": make_official(places["geumcheon"], "reviewer"),
    }


def test_the_batch_says_what_each_poll_says_alone(polls: list[Any], people: dict[str, Any]) -> None:
    seen = set()
    for user in [*people.values(), AnonymousUser()]:
        batch = interface.voting_problems(polls, user)
        alone = {poll.pk: interface.voting_problem(poll, user) for poll in polls}
        assert batch == alone, user
        seen.update(batch.values())
    # The cases above really cover refusals of every kind and acceptances, not only one.
    assert None in seen and len(seen) >= 8, seen


def test_the_batch_costs_the_same_for_more_polls(
    make_poll: Any, places: dict[str, Any], people: dict[str, Any]
) -> None:
    member = people["member"]

    def cost(count: int) -> int:
        made = [make_poll(electorate_dongs=[places["gasan"]]) for _ in range(count)]
        made.append(make_poll(electorate_kind="roll", roll=[member]))
        member._state.fields_cache.pop("resident", None)  # read the profile afresh each time
        with CaptureQueriesContext(connection) as queries:
            problems = interface.voting_problems(made, member)
        assert set(problems.values()) == {None}
        return len(queries.captured_queries)

    few, many = cost(2), cost(8)
    assert 0 < few == many <= 3, (few, many)
