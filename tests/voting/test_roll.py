"""The electorate by roll: exactly the accounts on a poll's roll may vote (a committee's
members), the roll freezes with the rules at the first ballot, one ballot per member."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from maeul.auditlog.models import AuditEntry
from maeul.core.errors import ServiceError
from maeul.voting import services
from maeul.voting.errors import AlreadyVoted, NotEligible, RulesLocked
from maeul.voting.models import Participation, Poll, PollVoter
from maeul.voting.selectors import eligibility_problem, poll_tally
from tests.voting.conftest import option_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(places: dict[str, Any], make_resident: Any, make_official: Any) -> dict[str, Any]:
    return {
        "member": make_resident(places["geumcheon"], places["gasan"]),
        # Place, age and verification rules do not apply to a roll: an unverified member living
        # in another district and an official (ex officio member) are on it and may vote.
        "elsewhere": make_resident(places["gwanak"], verified=False, birth_year=2015),
        "ex_officio": make_official(places["geumcheon"], "reviewer"),
        "outsider": make_resident(places["geumcheon"], places["gasan"]),
    }


@pytest.fixture
def roll_poll(make_poll: Any, people: dict[str, Any]) -> Poll:
    return make_poll(
        kind="multiple",
        max_choices=2,
        electorate_kind="roll",
        roll=[people["member"], people["elsewhere"], people["ex_officio"], people["member"]],
    )


def test_roll_members_vote_and_nobody_else(roll_poll: Poll, people: dict[str, Any]) -> None:
    poll = roll_poll
    assert PollVoter.objects.filter(poll=poll).count() == 3  # the duplicate collapsed
    assert poll.verified_only is False
    first, second, _third = option_ids(poll)
    for key in ("member", "elsewhere", "ex_officio"):
        assert eligibility_problem(poll, people[key]) is None
        services.ballot_cast(voter=people[key], poll=poll, choices=[first, second])
    with pytest.raises(NotEligible) as info:
        services.ballot_cast(voter=people["outsider"], poll=poll, choices=[first])
    assert info.value.status == 403
    from django.contrib.auth.models import AnonymousUser

    assert eligibility_problem(poll, AnonymousUser())
    with pytest.raises(AlreadyVoted):
        services.ballot_cast(voter=people["member"], poll=poll, choices=[second])
    tally = poll_tally(poll)
    assert tally.participants == 3 and tally.electorate == 3 and tally.turnout == "100.0"
    assert [o.votes for o in tally.options] == [3, 3, 0]
    assert Participation.objects.filter(poll=poll).count() == 3


def test_desk_and_paper_check_the_roll(
    make_poll: Any, people: dict[str, Any], manager: Any
) -> None:
    poll = make_poll(
        electorate_kind="roll", roll=[people["member"]], allow_desk=True, allow_paper=True
    )
    with pytest.raises(NotEligible):
        services.ballot_record_at_desk(
            official=manager, poll=poll, resident=people["outsider"], choices=[option_ids(poll)[0]]
        )
    with pytest.raises(NotEligible):
        services.paper_batch_enter(
            official=manager,
            poll=poll,
            label="box 1",
            roll=[people["outsider"]],
            ballots=[[option_ids(poll)[0]]],
        )
    services.ballot_record_at_desk(
        official=manager, poll=poll, resident=people["member"], choices=[option_ids(poll)[0]]
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"roll": "some"}, "electorate_kind"),  # a roll on a poll by place
        ({"electorate_kind": "roll"}, "roll"),  # an empty roll
        ({"electorate_kind": "roll", "roll": "some", "min_age": 19}, "min_age"),
        (
            {"electorate_kind": "roll", "roll": "some", "electorate_dongs": "gasan"},
            "electorate_dongs",
        ),
    ],
)
def test_roll_settings_are_validated(
    make_poll: Any, people: dict[str, Any], places: dict[str, Any], fields: Any, field: str
) -> None:
    fields = dict(fields)
    if fields.get("roll") == "some":
        fields["roll"] = [people["member"]]
    if "electorate_dongs" in fields:
        fields["electorate_dongs"] = [places["gasan"]]
    with pytest.raises(ServiceError) as info:
        make_poll(announce=False, **fields)
    assert info.value.field == field
    assert not Poll.objects.exists()


def test_roll_freezes_with_the_rules(roll_poll: Poll, people: dict[str, Any], manager: Any) -> None:
    poll = services.poll_update(
        actor=manager, poll=roll_poll, roll=[people["member"], people["outsider"]]
    )
    assert set(poll.voters.values_list("user_id", flat=True)) == {
        people["member"].pk,
        people["outsider"].pk,
    }
    entry = AuditEntry.objects.filter(kind="voting.poll_updated").latest("pk")
    assert "roll" in entry.payload
    services.ballot_cast(voter=people["outsider"], poll=poll, choices=[option_ids(poll)[0]])
    with pytest.raises(RulesLocked) as info:
        services.poll_update(actor=manager, poll=poll, roll=[people["member"]])
    assert info.value.field == "roll"
    with pytest.raises(RulesLocked) as info:
        services.poll_update(actor=manager, poll=poll, changes={"electorate_kind": "place"})
    assert info.value.field == "electorate_kind"
    # The database refuses what slips past the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        PollVoter.objects.create(poll=poll, user=people["elsewhere"])
    with pytest.raises(IntegrityError), transaction.atomic():
        PollVoter.objects.filter(poll=poll).update(user=people["elsewhere"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Poll.objects.filter(pk=poll.pk).update(electorate_kind="place")
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError), transaction.atomic():
            PollVoter.objects.filter(poll=poll).delete()
    assert PollVoter.objects.filter(poll=poll).count() == 2


def test_switching_to_a_roll_needs_a_roll_before_the_announcement(
    make_poll: Any, people: dict[str, Any], manager: Any
) -> None:
    poll = make_poll(announce=False)
    poll = services.poll_update(actor=manager, poll=poll, changes={"electorate_kind": "roll"})
    with pytest.raises(ServiceError) as info:
        services.poll_announce(actor=manager, poll=poll)
    assert info.value.field == "roll"
    services.poll_update(actor=manager, poll=poll, roll=[people["member"]])
    services.poll_announce(actor=manager, poll=poll)
    opened = AuditEntry.objects.get(kind="voting.poll_opened")
    assert str(people["member"].pk) in opened.payload  # the announced rules name the roll
    # Leaving the roll kind empties the roll.
    other = make_poll(announce=False, electorate_kind="roll", roll=[people["member"]])
    services.poll_update(actor=manager, poll=other, changes={"electorate_kind": "place"})
    assert not PollVoter.objects.filter(poll=other).exists()


def test_poll_page_gives_the_roll_size_not_the_names(
    roll_poll: Poll, people: dict[str, Any], manager: Any
) -> None:
    member = Client()
    member.force_login(people["member"])
    page = member.get(f"/votes/{roll_poll.pk}/").content.decode()
    assert "3" in page and "명부" in page
    assert people["elsewhere"].username not in page
    assert 'name="choice"' in page  # the ballot form is offered
    outsider = Client()
    outsider.force_login(people["outsider"])
    page = outsider.get(f"/votes/{roll_poll.pk}/").content.decode()
    assert 'name="choice"' not in page
    official = Client()
    official.force_login(manager)
    page = official.get(f"/votes/{roll_poll.pk}/manage/").content.decode()
    assert people["elsewhere"].username in page
    # An official on the roll casts through the web page like a resident.
    ex_officio = Client()
    ex_officio.force_login(people["ex_officio"])
    form = ex_officio.get(f"/votes/{roll_poll.pk}/").content.decode()
    import re

    key = re.search(r'name="key" value="([^"]+)"', form)
    assert key is not None
    response = ex_officio.post(
        f"/votes/{roll_poll.pk}/cast",
        {"key": key.group(1), "choice": [str(option_ids(roll_poll)[0])]},
    )
    assert response.status_code == 200
    assert Participation.objects.filter(poll=roll_poll, resident=people["ex_officio"]).exists()


def test_a_committee_poll_is_listed_only_to_its_roll_and_officials(
    roll_poll: Poll, make_poll: Any, people: dict[str, Any], manager: Any
) -> None:
    """Issue 23 item 3: a roll poll is not listed to residents off the roll or to anonymous
    visitors, in /votes/, a municipality's list or /api/polls; its address still works for
    those who may see it."""
    public = make_poll(code="public-poll")

    def listed(user: Any) -> tuple[set[int], set[int], set[int]]:
        client = Client()
        if user is not None:
            client.force_login(user)
        every = client.get("/votes/").context["sections"][0]["page"].object_list
        place = client.get("/votes/", {"m": "seoul-geumcheon-gu"}).context["sections"][0]
        api = client.get("/api/polls").json()["items"]
        return (
            {p.pk for p in every},
            {p.pk for p in place["page"].object_list},
            {p["id"] for p in api},
        )

    for viewer in (None, people["outsider"]):
        for ids in listed(viewer):
            assert public.pk in ids and roll_poll.pk not in ids
    for viewer in (people["member"], people["ex_officio"], manager):
        for ids in listed(viewer):
            assert {public.pk, roll_poll.pk} <= ids
    member = Client()
    member.force_login(people["member"])
    assert member.get(f"/votes/{roll_poll.pk}/").status_code == 200
