"""Turnout that cannot exceed the truth (issue 23 item 7).

Turnout is a share of a true electorate: the official's entry from the resident register or
a roll. Residents signed up on Maeul are not one (the demo's assembly polls showed 810% and
850%), so without a true electorate no percentage is shown anywhere, and a quorum cannot be
announced."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from maeul.core.errors import ServiceError
from maeul.voting import services
from maeul.voting.models import Poll
from maeul.voting.selectors import poll_tally
from tests.voting.conftest import option_ids
from tests.voting.test_manage_pages import wizard_data
from tests.voting.test_web_api import _published

pytestmark = pytest.mark.django_db


def _export_rows(tmp_path: Any) -> list[dict[str, str]]:
    target = tmp_path / "poll-results.csv"
    call_command("export", "poll-results", "--format", "csv", "--output", str(target))
    text = target.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _turnout(row: dict[str, str]) -> str:
    key = next(k for k in row if k.startswith("turnout_percent") or k.startswith("투표율"))
    return row[key]


def test_demo_assembly_polls_never_export_a_turnout_above_100(tmp_path):
    from maeul.accounts import demo as accounts_demo
    from maeul.places import demo as places_demo
    from maeul.voting import demo

    places_demo.load()
    accounts_demo.load()
    demo.load()
    assembly_polls = [
        p for p in Poll.objects.filter(code__startswith="namgu-2020-") if p.allow_assembly
    ]
    assert len(assembly_polls) == 2
    for poll in assembly_polls:
        # No electorate size was entered and they are not roll polls: no percentage at all.
        assert poll.result["electorate"] == 0 and poll.result["turnout"] == ""
        assert poll.result["participants"] > 0 and poll.result["assembly_ballots"] > 0
    rows = _export_rows(tmp_path)
    assert rows
    turnouts = [_turnout(row) for row in rows]
    assert all(t == "" or float(t) <= 100.0 for t in turnouts), turnouts
    # The figures the issue found (810% and 850%) are gone from the export.
    assert not {"810.0", "850.0"} & set(turnouts)


def test_a_result_published_against_signups_shows_no_percentage(
    make_poll, voter, manager, tmp_path, time_machine
):
    """A result stored before this change (electorate = sign-ups, turnout 810.0) is shown
    with no percentage on the page, in the API and in the export."""
    poll, _cast = _published(make_poll, voter, manager, time_machine)
    stale = {**poll.result, "participants": 81, "electorate": 10, "turnout": "810.0"}
    Poll.objects.filter(pk=poll.pk).update(result=stale)
    page = Client().get(f"/votes/{poll.pk}/results/").content.decode()
    # Look for the figure as a percentage, not the digits: ids and hashes may hold "810".
    assert not re.search(r"(?<![0-9a-f-])810(\.0)?\s*%|>810\.0<", page)
    turnout = re.search(r"<dt>투표율</dt><dd>([^<]*)", page)
    assert turnout and turnout.group(1).strip() == "–"
    api = Client().get(f"/api/polls/{poll.pk}/results").json()
    assert api["turnout"] == "" and api["participants"] == 81
    assert all(_turnout(row) == "" for row in _export_rows(tmp_path))


def test_turnout_uses_only_the_entered_electorate_or_the_roll(make_poll, voter, places):
    unknown = make_poll()
    services.ballot_cast(voter=voter, poll=unknown, choices=[option_ids(unknown)[0]])
    tally = poll_tally(unknown)
    assert (tally.participants, tally.electorate, tally.turnout) == (1, 0, "")
    entered = make_poll(electorate_size=8)
    services.ballot_cast(voter=voter, poll=entered, choices=[option_ids(entered)[0]])
    tally = poll_tally(entered)
    assert (tally.participants, tally.electorate, tally.turnout) == (1, 8, "12.5")


def test_a_quorum_needs_an_electorate_size(make_poll, manager):
    with pytest.raises(ServiceError) as refused:
        make_poll(result_rule="quorum", quorum_percent=30)
    assert refused.value.field == "electorate_size"
    assert Poll.objects.count() == 0
    make_poll(result_rule="quorum", quorum_percent=30, electorate_size=500)
    # A draft saved before the rule existed cannot be announced either.
    draft = make_poll(announce=False, code="old-draft")
    Poll.objects.filter(pk=draft.pk).update(result_rule="quorum", quorum_percent=30)
    draft.refresh_from_db()
    with pytest.raises(ServiceError):
        services.poll_announce(actor=manager, poll=draft)


@pytest.mark.parametrize(
    ("language", "text"),
    [("ko", "선거인 수"), ("en", "A quorum needs the size of the electorate")],
)
def test_the_wizard_says_a_quorum_needs_an_electorate_size(manager, places, language, text):
    client = Client()
    client.cookies["maeul_language"] = language
    client.force_login(manager)
    data = wizard_data(
        places["geumcheon"], ["Park A", "Park B"], result_rule="quorum", quorum_percent="30"
    )
    response = client.post("/votes/manage/new/", data)
    assert response.status_code == 400
    assert text in response.content.decode()
    assert Poll.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "said", "never"),
    [
        ("ko", "투표가 접수되었습니다", "집계되었습니다"),
        ("en", "Your ballot was received", "was counted<"),
    ],
)
def test_the_receipt_says_received_not_counted(make_poll, voter, language, said, never):
    """At the moment of casting a ballot is received; it is counted after the close."""
    poll = make_poll()
    client = Client()
    client.cookies["maeul_language"] = language
    client.force_login(voter)
    key = client.get(f"/votes/{poll.pk}/").context["form"].initial["key"]
    response = client.post(
        f"/votes/{poll.pk}/cast", {"key": key, "choice": str(option_ids(poll)[0])}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert said in body and never not in body
