"""P7 closing-time boundaries (time-machine) and P9 secrecy by schema introspection."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import pytest
from django.apps import apps
from django.db import models

from maeul.voting import services
from maeul.voting.errors import PollClosed, PollNotOpen
from maeul.voting.models import Ballot, BallotChoice, Participation
from tests.voting.conftest import KST, option_ids

pytestmark = pytest.mark.django_db
MICRO = dt.timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("close_kst", "offset", "accepted"),
    [
        (dt.datetime(2026, 6, 30, 18, 0, tzinfo=KST), -MICRO, True),
        (dt.datetime(2026, 6, 30, 18, 0, tzinfo=KST), dt.timedelta(0), False),
        (dt.datetime(2026, 6, 30, 18, 0, tzinfo=KST), MICRO, False),
        # Across the Korean date line: midnight KST is 15:00 UTC of the previous day.
        (dt.datetime(2026, 7, 1, 0, 0, tzinfo=KST), -MICRO, True),
        (dt.datetime(2026, 7, 1, 0, 0, tzinfo=KST), dt.timedelta(0), False),
        (dt.datetime(2026, 7, 1, 0, 0, tzinfo=KST), MICRO, False),
    ],
)
def test_closing_boundaries(make_poll, voter, time_machine, close_kst, offset, accepted):
    opens = close_kst - dt.timedelta(days=3)
    time_machine.move_to(opens - dt.timedelta(days=1), tick=False)
    poll = make_poll(opens_at=opens, closes_at=close_kst)
    assert poll.closes_at == close_kst
    time_machine.move_to(close_kst + offset, tick=False)
    choices = [option_ids(poll)[0]]
    if accepted:
        services.ballot_cast(voter=voter, poll=poll, choices=choices)
        ballot = Ballot.objects.get(poll=poll)
        # 23:59:59.999999 KST is still the closing day in Korea, although UTC says the day before.
        assert ballot.cast_on == (close_kst + offset).astimezone(KST).date()
    else:
        with pytest.raises(PollClosed) as info:
            services.ballot_cast(voter=voter, poll=poll, choices=choices)
        assert info.value.status == 409
        assert close_kst.strftime("%Y-%m-%d %H:%M:%S") in info.value.message
        assert not Ballot.objects.filter(poll=poll).exists()


def test_opening_boundary(make_poll, voter, time_machine):
    opens = dt.datetime(2026, 3, 1, 9, 0, tzinfo=KST)
    time_machine.move_to(opens - dt.timedelta(days=1), tick=False)
    poll = make_poll(opens_at=opens, closes_at=opens + dt.timedelta(days=1))
    time_machine.move_to(opens - MICRO, tick=False)
    with pytest.raises(PollNotOpen):
        services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    time_machine.move_to(opens, tick=False)
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])


# ---- secrecy ---------------------------------------------------------------------------------


def _forward_closure(model: type[models.Model], stop: set[type[models.Model]]) -> set[type]:
    """Models reachable from ``model`` by following foreign keys forward (not through ``stop``)."""
    seen: set[type] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        for field in current._meta.get_fields():
            if field.is_relation and (field.many_to_one or field.one_to_one) and field.concrete:
                target = field.related_model
                if target not in seen and target not in stop:
                    seen.add(target)
                    todo.append(target)
    return seen


def test_no_relation_path_from_ballot_to_resident():
    """Ballot and its choices reach only the poll and its options — never a person.

    The poll is where every row of a vote meets (it is public); the walk does not continue
    from the poll back to its participations, which would be true of any two rows of a vote.
    """
    user_model = apps.get_model("accounts", "User")
    poll_model = apps.get_model("voting", "Poll")
    for model in (Ballot, BallotChoice):
        reached = _forward_closure(model, stop={poll_model})
        assert user_model not in reached
        assert Participation not in reached
        assert apps.get_model("accounts", "ResidentProfile") not in reached
        assert reached <= {Ballot, apps.get_model("voting", "PollOption")}, reached


def test_ballot_has_no_sub_day_time_and_random_ids():
    for model in (Ballot, BallotChoice):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField | models.TimeField), field.name
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    assert Ballot._meta.pk.default is uuid.uuid4


def test_participation_holds_no_choice():
    names = {f.name for f in Participation._meta.get_fields()}
    assert not names & {"ballot", "choices", "option", "options", "slot"}


def test_ids_not_monotonic(make_poll, places, make_resident):
    poll = make_poll()
    cast_order = [
        services.ballot_cast(
            voter=make_resident(places["geumcheon"]), poll=poll, choices=[option_ids(poll)[0]]
        ).receipt
        for _ in range(12)
    ]
    by_id = list(Ballot.objects.filter(poll=poll).order_by("id").values_list("receipt", flat=True))
    assert by_id != cast_order  # 1 in 12! by chance
    assert sorted(cast_order) != cast_order
    assert all(b.version == 4 for b in Ballot.objects.values_list("id", flat=True))


def test_logs_and_audit_carry_no_choices(make_poll, voter, caplog):
    poll = make_poll(options=("Zebra crossing at school", "Yellow carpet", "Speed bumps"))
    caplog.set_level(logging.DEBUG)
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[1]])
    text = caplog.text
    assert "Yellow carpet" not in text and str(option_ids(poll)[1]) not in text.split("poll")[0]
    from maeul.auditlog.models import AuditEntry

    entry = AuditEntry.objects.filter(kind="voting.ballot_cast").get()
    assert entry.actor_id is None
    assert str(voter.pk) not in entry.payload.replace(f'"poll":{poll.pk}', "")
    assert str(option_ids(poll)[1]) not in entry.payload.replace(f'"poll":{poll.pk}', "")


def test_public_polls_name_the_voter(make_poll, voter):
    """For named votes the split is off on purpose: the participation carries the receipt."""
    poll = make_poll(secrecy="public")
    result = services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    assert Participation.objects.get(poll=poll, resident=voter).receipt == result.receipt
    from maeul.auditlog.models import AuditEntry

    entry = AuditEntry.objects.filter(kind="voting.ballot_cast").get()
    assert entry.actor_id == voter.pk and result.receipt in entry.payload


def test_secret_ballot_slot_is_keyed(make_poll, voter):
    poll = make_poll(revote="last_counts")
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    slot = Ballot.objects.get(poll=poll).slot
    assert len(slot) == 64 and int(slot, 16) >= 0
    assert services.ballot_slot(poll, voter) == slot
