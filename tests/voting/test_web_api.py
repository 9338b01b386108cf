"""Screens, API, exports and the permission matrix (P12) of resident votes."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from maeul.voting import services
from maeul.voting.models import Ballot
from tests.conftest import PASSWORD
from tests.voting.conftest import option_ids

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _published(make_poll, voter, manager, time_machine, **fields):
    fields.setdefault("closes_at", timezone.now() + dt.timedelta(minutes=5))
    poll = make_poll(**fields)
    result = services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[1]])
    time_machine.move_to(poll.closes_at + dt.timedelta(minutes=1))
    return services.poll_publish(actor=manager, poll=poll), result


def test_resident_votes_on_the_web_and_gets_a_receipt(make_poll, voter):
    poll = make_poll()
    client = _client(voter)
    page = client.get(f"/votes/{poll.pk}/")
    assert page.status_code == 200
    assert "Park" in page.content.decode() and 'name="choice"' in page.content.decode()
    key = page.context["form"].initial["key"]
    data = {"key": key, "choice": str(option_ids(poll)[0])}
    response = client.post(f"/votes/{poll.pk}/cast", data)
    assert response.status_code == 200
    receipt = response.context["result"].receipt
    assert receipt in response.content.decode()
    # Reload of the POST: same key, same receipt, still one ballot.
    again = client.post(f"/votes/{poll.pk}/cast", data)
    assert again.context["result"].receipt == receipt
    assert Ballot.objects.filter(poll=poll).count() == 1
    after = client.get(f"/votes/{poll.pk}/")
    assert not after.context["may_vote"] and after.context["participation"]
    # A different key is a second ballot: refused with a message, not a 500.
    refused = client.post(f"/votes/{poll.pk}/cast", {"key": "other", "choice": data["choice"]})
    assert refused.status_code == 409
    check = client.get(f"/votes/{poll.pk}/check", {"receipt": receipt.lower().replace("-", "")})
    assert check.context["status"] == "counted"


def test_anonymous_visitor_is_told_how_to_become_eligible(make_poll):
    poll = make_poll(verified_only=False)
    page = _client().get(f"/votes/{poll.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and "/accounts/signup" in text
    assert not page.context["may_vote"]


def test_late_web_ballot_gets_closing_time(make_poll, voter, time_machine):
    poll = make_poll(closes_at=timezone.now() + dt.timedelta(minutes=5))
    client = _client(voter)
    time_machine.move_to(poll.closes_at)
    response = client.post(f"/votes/{poll.pk}/cast", {"key": "k", "choice": option_ids(poll)[0]})
    assert response.status_code in (400, 409)
    assert not Ballot.objects.exists()


def test_api_cast_and_refusals(make_poll, voter, places, make_resident, time_machine):
    poll = make_poll(closes_at=timezone.now() + dt.timedelta(minutes=5))
    ids = option_ids(poll)
    client = Client(enforce_csrf_checks=False)
    url = f"/api/polls/{poll.pk}/ballots"
    anon = client.post(url, json.dumps({"choices": [ids[0]]}), content_type="application/json")
    assert anon.status_code == 401
    client.force_login(voter)
    ok = client.post(
        url,
        {"choices": [ids[0]]},
        content_type="application/json",
        headers={"Idempotency-Key": "abc"},
    )
    assert ok.status_code == 201
    receipt = ok.json()["receipt"]
    replay = client.post(
        url,
        {"choices": [ids[0]]},
        content_type="application/json",
        headers={"Idempotency-Key": "abc"},
    )
    assert replay.status_code == 200 and replay.json()["receipt"] == receipt
    twice = client.post(url, {"choices": [ids[1]]}, content_type="application/json")
    assert twice.status_code == 409 and twice.json()["code"] == "already_voted"
    other = Client()
    other.force_login(make_resident(places["geumcheon"]))
    bad = other.post(url, {"choices": [ids[0], ids[1]]}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "choices"
    garbage = other.post(url, {"choices": "x"}, content_type="application/json")
    assert garbage.status_code == 422
    outsider = Client()
    outsider.force_login(make_resident(places["gwanak"]))
    assert (
        outsider.post(url, {"choices": [ids[0]]}, content_type="application/json").status_code
        == 403
    )
    time_machine.move_to(poll.closes_at)
    late = other.post(url, {"choices": [ids[0]]}, content_type="application/json")
    assert late.status_code == 409 and late.json()["code"] == "poll_closed"
    assert "20" in late.json()["message"]
    status = client.get(f"/api/polls/{poll.pk}/receipts/{receipt}")
    assert status.json()["status"] == "counted"
    assert client.get(f"/api/polls/{poll.pk}/receipts/AAAA-AAAA-AAAA").status_code == 404
    assert client.get(f"/api/polls/{poll.pk}/results").status_code == 409


def test_api_cast_requires_csrf(make_poll, voter):
    poll = make_poll()
    client = Client(enforce_csrf_checks=True)
    client.force_login(voter)
    response = client.post(
        f"/api/polls/{poll.pk}/ballots",
        {"choices": [option_ids(poll)[0]]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Ballot.objects.exists()


def test_api_list_read_and_results(make_poll, voter, manager, time_machine):
    draft = make_poll(announce=False, code="draft-poll")
    poll, cast = _published(make_poll, voter, manager, time_machine)
    client = Client()
    listed = client.get("/api/polls", {"municipality": "seoul-geumcheon-gu"}).json()
    assert [p["id"] for p in listed["items"]] == [poll.pk] and listed["count"] == 1
    assert client.get(f"/api/polls/{draft.pk}").status_code == 404
    detail = client.get(f"/api/polls/{poll.pk}").json()
    assert [o["label"] for o in detail["options"]] == ["Park", "Library", "Parking"]
    results = client.get(f"/api/polls/{poll.pk}/results").json()
    assert results["total_ballots"] == 1 and results["outcome"] == "decided"
    assert results["winners"] == [option_ids(poll)[1]]
    receipts = client.get(f"/api/polls/{poll.pk}/receipts").json()
    assert [r["receipt"] for r in receipts["items"]] == [cast.receipt]
    schema = client.get("/api/openapi.json").json()
    assert "/api/polls/{poll_id}/ballots" in schema["paths"]


def test_results_pages_charts_downloads_and_export(
    make_poll, voter, manager, time_machine, tmp_path
):
    poll, cast = _published(make_poll, voter, manager, time_machine)
    client = Client()
    page = client.get(f"/votes/{poll.pk}/results/")
    text = page.content.decode()
    assert page.status_code == 200 and "<svg" in text and "Library" in text
    assert page.context["by_dong"][0].participants is None  # one voter: suppressed
    csv_response = client.get(f"/votes/{poll.pk}/results.csv")
    body = csv_response.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("municipality,poll_code")
    assert "금천구" in body and ",Library," in body
    xlsx = client.get(f"/votes/{poll.pk}/results.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    receipts = client.get(f"/votes/{poll.pk}/receipts/")
    assert cast.receipt in receipts.content.decode()
    target = tmp_path / "poll-results.csv"
    call_command("export", "poll-results", "--format", "csv", "--output", str(target))
    exported = target.read_text(encoding="utf-8-sig")
    assert "Library" in exported and "resident" not in exported.split("\n")[0]


def test_vote_verify_command(make_poll, voter, manager, time_machine):
    poll, cast = _published(make_poll, voter, manager, time_machine)
    out = io.StringIO()
    call_command("vote", "verify", poll.code, stdout=out)
    assert "matches" in out.getvalue()
    Ballot.objects.filter(receipt=cast.receipt).update(voided=True)
    with pytest.raises(CommandError, match="does NOT match"):
        call_command("vote", "verify", str(poll.pk))


def test_secret_ballot_admin_and_receipts_never_show_residents(
    make_poll, voter, manager, time_machine
):
    from maeul.accounts.models import User

    poll, cast = _published(make_poll, voter, manager, time_machine)
    admin = Client()
    admin.force_login(User.objects.create_superuser("operator", password="operator-pw-123"))
    page = admin.get("/admin/voting/ballot/").content.decode()
    assert cast.receipt in page and voter.username not in page
    participations = admin.get("/admin/voting/participation/").content.decode()
    assert voter.username in participations and cast.receipt not in participations
    public = Client().get(f"/votes/{poll.pk}/receipts/").content.decode()
    assert voter.username not in public and "Library" not in public


def test_offline_screens(make_poll, voter, manager, places, make_resident):
    poll = make_poll(allow_desk=True, allow_paper=True, allow_assembly=True)
    client = _client(manager)
    voter.name = "김가산"
    voter.save(update_fields=["name"])
    desk = client.post(
        f"/votes/{poll.pk}/desk/",
        {
            "step": "record",
            "resident": voter.pk,
            "desk-name": "김가산",
            "desk-birth_date": "1980-05-17",
            "desk-dong": places["gasan"].pk,
            "desk-identity_checked": "on",
            "ballot-key": "desk",
            "ballot-choice": option_ids(poll)[0],
        },
    )
    assert desk.status_code == 200 and desk.context["result"] is not None
    people = [make_resident(places["geumcheon"]) for _ in range(2)]
    paper = client.post(
        f"/votes/{poll.pk}/paper/",
        {"label": "box 1", "roll": "\n".join(p.username for p in people), "ballots": "2\n3"},
    )
    assert paper.status_code == 302
    dup = client.post(
        f"/votes/{poll.pk}/paper/", {"label": "box 2", "roll": voter.username, "ballots": "1"}
    )
    assert dup.status_code == 200 and dup.context["form"].non_field_errors()
    assembly_data = {
        "name": "Gasan",
        "held_on": timezone.localdate().isoformat(),
        "ballots": 5,
        "roll": "",
    }
    for option_id, votes in zip(option_ids(poll), (1, 2, 2), strict=True):
        assembly_data[f"votes_{option_id}"] = votes
    assert client.post(f"/votes/{poll.pk}/assembly/", assembly_data).status_code == 302
    manage = client.get(f"/votes/{poll.pk}/manage/")
    assert manage.context["counts"] == {
        "participations": 3,
        "ballots": 3,
        "paper_batches": 1,
        "assemblies": 1,
    }


# ---- permission matrix -----------------------------------------------------------------------

ACTORS = ["anonymous", "resident", "official_here", "official_elsewhere", "auditor_here"]
# Expected outcome per action: True = allowed, False = refused (403/404/302 to login).
MATRIX = {
    "view_draft": {"official_here": True, "auditor_here": True},
    "manage_page": {"official_here": True, "auditor_here": True},
    "desk_page": {"official_here": True},
    "paper_page": {"official_here": True},
    "assembly_page": {"official_here": True},
    "announce": {"official_here": True},
    "cast": {"resident": True},
    "tally_before_publication": {"official_here": True, "auditor_here": True},
}


@pytest.fixture
def actors(places, make_resident, make_official, manager):
    return {
        "anonymous": None,
        "resident": make_resident(places["geumcheon"]),
        "official_here": manager,
        "official_elsewhere": make_official(places["gwanak"], "programme_manager"),
        "auditor_here": make_official(places["geumcheon"], "auditor"),
    }


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("who", ACTORS)
def test_permission_matrix(action, who, actors, make_poll, time_machine):
    user = actors[who]
    expected = MATRIX[action].get(who, False)
    client = _client(user)
    open_poll = make_poll(
        allow_desk=True,
        allow_paper=True,
        allow_assembly=True,
        closes_at=timezone.now() + dt.timedelta(minutes=5),
    )
    if action == "view_draft":
        draft = make_poll(announce=False)
        allowed = client.get(f"/votes/{draft.pk}/").status_code == 200
        assert (client.get(f"/api/polls/{draft.pk}").status_code == 200) == expected
    elif action in ("manage_page", "desk_page", "paper_page", "assembly_page"):
        path = {
            "manage_page": "manage",
            "desk_page": "desk",
            "paper_page": "paper",
            "assembly_page": "assembly",
        }[action]
        allowed = client.get(f"/votes/{open_poll.pk}/{path}/").status_code == 200
    elif action == "announce":
        draft = make_poll(announce=False)
        try:
            services.poll_announce(actor=user, poll=draft)
            allowed = True
        except PermissionDenied:
            allowed = False
    elif action == "cast":
        response = client.post(
            f"/api/polls/{open_poll.pk}/ballots",
            {"choices": [option_ids(open_poll)[0]]},
            content_type="application/json",
        )
        allowed = response.status_code == 201
        assert response.status_code < 500
    else:
        time_machine.move_to(open_poll.closes_at + dt.timedelta(seconds=1))
        allowed = client.get(f"/votes/{open_poll.pk}/results/").status_code == 200
    assert allowed == expected, (who, action)


def test_login_page_reachable_for_password_users(voter):
    assert Client().login(username=voter.username, password=PASSWORD)


def test_every_voting_route_declares_its_access_class():
    from django.urls import get_resolver

    from maeul.voting import views

    resolver = get_resolver().url_patterns
    voting = next(p for p in resolver if getattr(p, "app_name", None) == "voting")
    names = {p.callback.__name__ for p in voting.url_patterns}
    assert names <= set(views.ACCESS), names - set(views.ACCESS)
    assert set(views.ACCESS.values()) <= {"public", "resident", "official"}


def test_ranking_ballot_on_the_web(make_poll, voter):
    poll = make_poll(kind="ranking")
    a, b, c = option_ids(poll)
    client = _client(voter)
    twice = client.post(f"/votes/{poll.pk}/cast", {"key": "r", f"rank_{a}": "1", f"rank_{b}": "1"})
    assert twice.status_code == 400
    response = client.post(
        f"/votes/{poll.pk}/cast", {"key": "r", f"rank_{a}": "2", f"rank_{c}": "1"}
    )
    assert response.status_code == 200
    from maeul.voting.models import BallotChoice

    ranks = dict(BallotChoice.objects.filter(poll=poll).values_list("option_id", "rank"))
    assert ranks == {c: 1, a: 2}


def test_admin_shows_rules_read_only_after_first_ballot(make_poll, voter, manager):
    from maeul.accounts.models import User

    poll = make_poll()
    admin = _client(User.objects.create_superuser("operator", password="operator-pw-123"))
    before = admin.get(f"/admin/voting/poll/{poll.pk}/change/")
    assert before.status_code == 200 and 'name="kind"' in before.content.decode()
    services.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    after = admin.get(f"/admin/voting/poll/{poll.pk}/change/")
    text = after.content.decode()
    assert after.status_code == 200
    assert 'name="kind"' not in text and 'name="closes_at_0"' not in text
    assert 'name="options-0-label"' not in text
    assert 'name="description"' in text


def test_municipality_home_lists_the_vote(make_poll):
    poll = make_poll(title="Which playground first?")
    page = Client().get("/m/seoul-geumcheon-gu/")
    assert page.status_code == 200 and "Which playground first?" in page.content.decode()
    assert f"/votes/{poll.pk}/" in page.content.decode()
