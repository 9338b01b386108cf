"""The demo lives in the present (issue 23, item 11): loaded on any day, Geumcheon-gu has a
cycle taking proposals, one in its mobile vote, one whose result is published, and an open
resident vote; a resident who signs up that day can propose, vote in the PB ballot (once
verified) and in the open vote (at once), and read the result. The history keeps its dates.

Checked on the shared demo (loaded today) and on a demo loaded at another date under
``time_machine``, where a second load on the same day changes nothing."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maeul.accounts.models import User
from maeul.accounts.services import identity_verify, resident_register
from maeul.budgeting.models import Cycle, Phase
from maeul.places.models import Municipality
from maeul.voting import interface as voting_interface
from maeul.voting.models import Poll
from maeul.voting.selectors import poll_state

KST = dt.timezone(dt.timedelta(hours=9))
GEUMCHEON = "seoul-geumcheon-gu"
_numbers = itertools.count(1)


def _new_resident(*, verified: bool) -> User:
    """A resident of Geumcheon-gu who signs up today (through the sign-up service) and, with
    ``verified``, verifies through the demo's adapter."""
    n = next(_numbers)
    user = resident_register(
        username=f"newcomer{n}",
        password="a-long-demo-password-9",
        name="신입주민",
        email="",
        birth_year=1991,
        gender="female",
        district=Municipality.objects.get(slug=GEUMCHEON),
        dong=Municipality.objects.get(slug="geumcheon-doksan-1-dong"),
    )
    if verified:
        identity_verify(
            user=user,
            adapter_key="demo",
            name="신입주민",
            identity_number=f"910203-2{n:06d}",
        )
    return User.objects.get(pk=user.pk)  # as a request would load it, with the new profile


def _window(cycle: Cycle, phase: str) -> tuple[dt.date, dt.date]:
    window = cycle.windows.get(phase=phase)
    return window.starts_on, window.ends_on


def _check_present(today: dt.date) -> None:
    """What a new Geumcheon-gu resident finds on ``today``."""
    cycles = Cycle.objects.filter(municipality__slug=GEUMCHEON)
    proposing = cycles.get(phase=Phase.PROPOSALS)
    voting = cycles.get(phase=Phase.VOTING)
    published = [c for c in cycles if c.results.filter(published_at__isnull=False).exists()]
    present = [c for c in published if c.cycle_year == today.year - 1]
    assert len(present) == 1, [c.cycle_year for c in published]
    assert (proposing.cycle_year, voting.cycle_year) == (today.year + 1, today.year)

    # The dates shown are around today, not in 2021.
    start, end = _window(proposing, Phase.PROPOSALS)
    assert start <= today <= end
    start, end = _window(voting, Phase.VOTING)
    assert start <= today <= end
    assert _window(present[0], Phase.RESULTS)[1] < dt.date(today.year, 1, 1)
    start, end = _window(present[0], Phase.EXECUTION)
    assert start <= today <= end and present[0].phase == Phase.EXECUTION
    # The 2021 plan's cycle is history: finished, with its own dates.
    history = cycles.get(cycle_year=2021)
    assert history.phase == Phase.EXECUTION
    assert _window(history, Phase.VOTING) == (dt.date(2021, 7, 26), dt.date(2021, 8, 13))

    newcomer = _new_resident(verified=False)
    client = Client()
    client.force_login(newcomer)
    propose = client.get(reverse("budgeting:propose", args=[GEUMCHEON, proposing.cycle_year]))
    assert propose.status_code == 200

    # The mobile vote: one open poll per group, which the newcomer may vote in once verified
    # — except the education/youth group's, voted by the youth council's members (its cap is
    # theirs to spend), which one of them may vote in.
    links = list(voting.mobile_votes.select_related("poll", "group"))
    assert len(links) == voting.groups.count() == 5
    polls = [link.poll for link in links if link.group.code != "education"]
    youth_poll = next(link.poll for link in links if link.group.code == "education")
    assert {poll_state(p) for p in [*polls, youth_poll]} == {"open"}
    assert voting_interface.voting_problem(polls[0], newcomer) is not None  # not verified yet
    voter = _new_resident(verified=True)
    assert [voting_interface.voting_problem(p, voter) for p in polls] == [None] * 4
    assert voting_interface.voting_problem(youth_poll, voter) is not None
    demo_resident = User.objects.get(username="resident.geumcheon")  # verified by the demo
    assert [voting_interface.voting_problem(p, demo_resident) for p in polls] == [None] * 4
    youth = User.objects.get(username="youth.geumcheon")
    assert voting_interface.voting_problem(youth_poll, youth) is None
    # The committee votes beside it, on the roll of its members in term today.
    committee = [link.poll for link in voting.committee_votes.select_related("poll")]
    assert len(committee) == 5 and {poll_state(p) for p in committee} == {"open"}
    chair = User.objects.get(username="committee.geumcheon")
    assert [voting_interface.voting_problem(p, chair) for p in committee] == [None] * 5
    assert voting_interface.voting_problem(committee[0], voter) is not None
    client.force_login(voter)
    ballot = client.get(reverse("budgeting:ballot", args=[GEUMCHEON, voting.cycle_year]))
    assert ballot.status_code == 302 and ballot["Location"].endswith("/ballot/1/")
    assert client.get(ballot["Location"]).status_code == 200

    results = Client().get(reverse("budgeting:results", args=[GEUMCHEON, today.year - 1]))
    assert results.status_code == 200

    # The open resident vote in Geumcheon-gu takes the unverified newcomer's ballot today.
    open_poll = Poll.objects.get(code="geumcheon-open")
    assert poll_state(open_poll) == "open"
    assert timezone.localtime(open_poll.opens_at).date() < today
    assert voting_interface.voting_problem(open_poll, newcomer) is None
    namgu = Poll.objects.get(code="namgu-2026-open")
    assert poll_state(namgu) == "open"


def test_the_demo_loaded_today_is_open_for_a_new_resident(shared_demo: None, settings: Any) -> None:
    settings.IDENTITY_ADAPTERS = ["demo"]
    _check_present(timezone.localdate())
    # Every public page of every cycle run on Maeul answers, whatever its phase.
    client = Client()
    cycles = Cycle.objects.filter(municipality__slug=GEUMCHEON, proposals__isnull=False)
    for cycle in cycles.distinct():
        year = cycle.cycle_year
        names = ["cycle", "proposals", "execution", "deliberation"]
        if cycle.results.filter(published_at__isnull=False).exists():
            names += ["results", "analysis"]
        for name in names:
            response = client.get(reverse(f"budgeting:{name}", args=[GEUMCHEON, year]))
            assert response.status_code == 200, (name, year)


def _load() -> None:
    from maeul.accounts import demo as accounts_demo
    from maeul.budgeting import demo as budgeting_demo
    from maeul.places import demo as places_demo
    from maeul.voting import demo as voting_demo

    places_demo.load()
    accounts_demo.load()
    voting_demo.load()
    budgeting_demo.load()


def _snapshot() -> list[Any]:
    """What the present's dates and figures are, to compare two loads."""
    cycles = Cycle.objects.filter(municipality__slug=GEUMCHEON).order_by("cycle_year")
    return [
        [
            (c.cycle_year, c.phase, c.mobile_voters, c.committee_voters)
            for c in cycles.prefetch_related("windows")
        ],
        [(w.cycle.cycle_year, w.phase, w.starts_on, w.ends_on) for w in _windows()],
        sorted(Poll.objects.values_list("code", "opens_at", "closes_at", "title")),
        [r.data["selected"] for c in cycles for r in c.results.all()],
    ]


def _windows() -> Any:
    from maeul.budgeting.models import PhaseWindow

    return PhaseWindow.objects.select_related("cycle").order_by("cycle__cycle_year", "starts_on")


@pytest.mark.django_db
def test_the_demo_loaded_on_another_day_is_open_then_too(settings: Any) -> None:
    """Loaded on 15 April 2031: the same three phases, dated from that day; loading again
    that day changes nothing, and what the loader wrote is what its specification says."""
    from maeul.budgeting import demo as budgeting_demo

    settings.IDENTITY_ADAPTERS = ["demo"]
    with time_machine.travel(dt.datetime(2031, 4, 15, 10, 0, tzinfo=KST), tick=True):
        _load()
        first = _snapshot()
        _load()
        assert _snapshot() == first
        today = timezone.localdate()
        assert today == dt.date(2031, 4, 15)
        for spec in budgeting_demo.present_cycles(today):
            cycle = Cycle.objects.get(municipality__slug=GEUMCHEON, cycle_year=spec.cycle_year)
            assert [(w.phase, w.starts_on, w.ends_on) for w in cycle.windows.all()] == [
                (str(phase), start, end) for phase, start, end in spec.windows
            ]
        _check_present(today)


def test_the_present_dates_hold_on_every_day_of_a_year() -> None:
    """Whatever the day (a leap year's, New Year's, the last of December): each present cycle's
    phases follow one another, the phase it is walked to holds the day, last year's results came
    out before this year's execution, and its mobile vote opens before and closes after it."""
    from maeul.budgeting import demo as budgeting_demo

    order = [str(p) for p in Phase]
    day = dt.date(2028, 1, 1)
    while day.year == 2028:
        published, voting, proposing = budgeting_demo.present_cycles(day)
        for spec in (published, voting, proposing):
            phases = [str(phase) for phase, _start, _end in spec.windows]
            assert phases == sorted(phases, key=order.index), (day, spec.cycle_year)
            for (_p, start, end), (_q, next_start, _e) in itertools.pairwise(spec.windows):
                assert start <= end < next_start, (day, spec.cycle_year, _p)
            held = {str(phase): (start, end) for phase, start, end in spec.windows}[spec.reach]
            assert held[0] <= day <= held[1], (day, spec.cycle_year, spec.reach)
        assert (published.reach, voting.reach, proposing.reach) == (
            "execution",
            "voting",
            "proposals",
        )
        assert voting.vote is not None
        opens, closes = voting.vote
        assert opens.date() < day < closes.date()
        day += dt.timedelta(days=1)
