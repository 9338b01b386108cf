"""Issue 23: the public pages of votes and governance cost a fixed number of queries.

Each page is requested at two data sizes (more polls, ballots, residents, bodies and
sessions the second time) and must answer with at most 20 queries both times, and with the
same number: a count that grew with the rows would show a query per row. The small size
already fills every list the pages show (each state of ``/votes/``, more polls than a
municipality page shows), so both sizes take the same paths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from maeul.governance.models import Body, Membership
from maeul.voting import services
from maeul.voting.models import Poll
from tests.voting.conftest import option_ids

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


def _more_polls(places: dict[str, Any], start: int, n: int) -> None:
    """``n`` announced polls in Geumcheon-gu: open, upcoming and closed ones."""
    now = timezone.now()
    rows = []
    for i in range(start, start + n):
        shift = dt.timedelta(days=(i % 3) * 10 - 10)  # past, now, future
        rows.append(
            Poll(
                municipality=places["geumcheon"],
                code=f"grown-{i}",
                title=f"투표 {i}",
                kind="single",
                opens_at=now + shift - dt.timedelta(days=1),
                closes_at=now + shift + dt.timedelta(days=1),
                announced_at=now - dt.timedelta(days=30),
            )
        )
    Poll.objects.bulk_create(rows)


def _more_bodies(places: dict[str, Any], start: int, n: int) -> None:
    for i in range(start, start + n):
        place = places["geumcheon"] if i % 2 else places["namgu"]
        body = Body.objects.create(municipality=place, name=f"위원회 {i}", kind="working_group")
        Membership.objects.bulk_create(
            Membership(
                body=body,
                person_name=f"위원 {j}",
                sector="civil",
                gender="female" if j % 2 else "male",
                appointment="commissioned",
                term_start=dt.date(2020, 1, 1),
                term_end=dt.date(2030, 12, 31),
            )
            for j in range(3)
        )


def _more_districts(places: dict[str, Any], start: int, n: int) -> None:
    """``n`` more districts of Seoul, each with a body: ``/governance/`` lists every place
    that has one."""
    from maeul.places.models import Municipality

    for i in range(start, start + n):
        district = Municipality.objects.create(
            slug=f"seoul-district-{i}",
            name=f"구 {i}",
            name_en=f"District {i}",
            kind="district",
            parent=places["seoul"],
        )
        Body.objects.create(municipality=district, name=f"협치회의 {i}", kind="working_group")


def _published_poll(
    make_poll: Callable[..., Any],
    make_resident: Callable[..., Any],
    places: dict[str, Any],
    manager: Any,
    time_machine: Any,
    voters: int,
    code: str,
) -> Poll:
    poll = make_poll(code=code, closes_at=timezone.now() + dt.timedelta(minutes=30))
    options = option_ids(poll)
    for i in range(voters):
        dong = places["gasan"] if i % 2 else places["doksan"]
        voter = make_resident(places["geumcheon"], dong, birth_year=1950 + i % 60)
        services.ballot_cast(voter=voter, poll=poll, choices=[options[i % len(options)]])
    time_machine.move_to(poll.closes_at + dt.timedelta(minutes=1))
    return services.poll_publish(actor=manager, poll=poll)


def _queries(client: Client, url: str, assert_max: Any) -> int:
    with assert_max(MAX_QUERIES, info=url) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_vote_and_governance_pages_cost_the_same_at_two_sizes(
    places: dict[str, Any],
    make_poll: Callable[..., Any],
    make_resident: Callable[..., Any],
    manager: Any,
    time_machine: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = Client()
    counts: list[dict[str, int]] = []
    for size, (polls, voters, bodies) in enumerate(((9, 3, 2), (40, 25, 12))):
        time_machine.move_to(timezone.now())
        _more_polls(places, size * 100, polls)
        _more_bodies(places, size * 100, bodies)
        _more_districts(places, size * 100, bodies)
        poll = _published_poll(
            make_poll, make_resident, places, manager, time_machine, voters, f"size-{size}"
        )
        pages = {
            "votes": "/votes/",
            "votes of a place": "/votes/?m=seoul-geumcheon-gu&published_page=2",
            "vote": f"/votes/{poll.pk}/",
            "results": f"/votes/{poll.pk}/results/",
            "receipts": f"/votes/{poll.pk}/receipts/",
            "governance": "/governance/",
            "juries index": "/juries/",
            "pledges index": "/pledges/",
            "bodies": "/governance/m/seoul/",
            "municipality": "/m/seoul-geumcheon-gu/",
            "api polls": "/api/polls",
            "api receipts": f"/api/polls/{poll.pk}/receipts",
            "api bodies": "/api/governance/bodies?municipality=seoul",
        }
        counts.append(
            {
                name: _queries(client, url, django_assert_max_num_queries)
                for name, url in pages.items()
            }
        )
    assert counts[0] == counts[1]
    assert all(n <= MAX_QUERIES for n in counts[1].values())
