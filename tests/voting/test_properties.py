"""P1 as a property: any sequence of casts, replacements, desk and paper entries keeps
participations <= eligible residents and counted ballots == participations == tally."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maeul.core.errors import ServiceError
from maeul.voting import services
from maeul.voting.models import Ballot, Participation
from maeul.voting.selectors import poll_tally
from tests.voting.conftest import option_ids

pytestmark = pytest.mark.django_db

ACTION = st.tuples(
    st.sampled_from(["online", "desk", "paper"]),
    st.integers(min_value=0, max_value=5),  # resident (5 = not eligible)
    st.integers(min_value=0, max_value=2),  # option
)
CODES = itertools.count(1)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(policy=st.sampled_from(["forbidden", "last_counts"]), actions=st.lists(ACTION, max_size=8))
def test_any_sequence_keeps_one_ballot_per_person(
    make_poll, manager, places, make_resident, policy, actions
):
    poll = make_poll(
        code=f"prop-{next(CODES)}",
        revote=policy,
        allow_desk=True,
        allow_paper=True,
    )
    people = [make_resident(places["geumcheon"]) for _ in range(5)]
    people.append(make_resident(places["gwanak"]))
    ids = option_ids(poll)
    for number, (channel, who, option) in enumerate(actions):
        person, choice = people[who], [ids[option]]
        try:
            if channel == "online":
                services.ballot_cast(voter=person, poll=poll, choices=choice)
            elif channel == "desk":
                services.ballot_record_at_desk(
                    official=manager, poll=poll, resident=person, choices=choice
                )
            else:
                services.paper_batch_enter(
                    official=manager,
                    poll=poll,
                    label=f"b{number}",
                    roll=[person],
                    ballots=[choice],
                )
        except ServiceError as error:
            assert error.status in (403, 409), error.message
        participations = Participation.objects.filter(poll=poll).count()
        counted = Ballot.objects.filter(poll=poll, voided=False).count()
        assert participations <= 5
        assert counted == participations
        assert poll_tally(poll).total_ballots == counted
