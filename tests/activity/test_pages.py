"""내 활동 (/me/): the resident's own proposals with their history, ballots with kept receipts
(which still verify without logging in, and never show a choice), points and jury
applications, each list paginated with the one pager."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maeul.voting import services as voting
from maeul.voting.keys import seal_receipt, unseal_receipt
from maeul.voting.models import Participation
from tests.budgeting.conftest import submit
from tests.conftest import PASSWORD
from tests.voting.conftest import option_ids

PAGES = [
    "activity:index",
    "activity:proposals",
    "activity:ballots",
    "activity:points",
    "activity:juries",
]


def logged_in(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_a_login(db: Any, name: str) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_empty_pages_say_so(voter: Any, name: str) -> None:
    response = logged_in(voter).get(reverse(name))
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()


def test_the_header_links_residents_to_my_activity(voter: Any) -> None:
    text = logged_in(voter).get("/").content.decode()
    assert f'href="{reverse("activity:index")}" data-testid="nav-my-activity"' in text


def test_my_ballots_keep_the_receipt_and_never_the_choice(
    make_poll: Any, voter: Any, make_resident: Any, places: dict[str, Any]
) -> None:
    poll = make_poll(options=("Zebra crossing", "Yellow carpet", "Speed bumps"))
    result = voting.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[2]])
    row = Participation.objects.get(poll=poll, resident=voter)
    # The database holds no readable receipt for a secret poll: a copy of it cannot join the
    # participation to the ballot and its choices.
    assert row.receipt == "" and result.receipt not in row.kept_receipt
    assert unseal_receipt(row.kept_receipt, poll_id=poll.pk, voter_id=voter.pk) == result.receipt
    # Sealed for this participation only: copied to another resident's row it does not open.
    other = make_resident(places["geumcheon"], places["gasan"])
    assert unseal_receipt(row.kept_receipt, poll_id=poll.pk, voter_id=other.pk) is None
    middle = len(row.kept_receipt) // 2
    flipped = "B" if row.kept_receipt[middle] != "B" else "C"
    tampered = row.kept_receipt[:middle] + flipped + row.kept_receipt[middle + 1 :]
    assert unseal_receipt(tampered, poll_id=poll.pk, voter_id=voter.pk) is None
    page = logged_in(voter).get(reverse("activity:ballots")).content.decode()
    assert result.receipt in page and poll.title in page
    assert "Speed bumps" not in page and "Zebra crossing" not in page
    overview = logged_in(voter).get(reverse("activity:index")).content.decode()
    assert result.receipt in overview
    # Another resident sees none of it.
    assert result.receipt not in logged_in(other).get(reverse("activity:ballots")).content.decode()
    # The kept receipt still verifies without logging in.
    check = Client().get(reverse("voting:check", args=[poll.pk]), {"receipt": result.receipt})
    assert check.status_code == 200
    assert 'class="badge ok"' in check.content.decode()


def test_sealing_round_trips_and_differs_each_time() -> None:
    first = seal_receipt("ABCD-EFGH-JKLM", poll_id=1, voter_id=2)
    second = seal_receipt("ABCD-EFGH-JKLM", poll_id=1, voter_id=2)
    assert first != second and len(first) <= 80
    assert unseal_receipt(first, poll_id=1, voter_id=2) == "ABCD-EFGH-JKLM"
    assert unseal_receipt(first, poll_id=2, voter_id=2) is None
    assert unseal_receipt("not-base64!!", poll_id=1, voter_id=2) is None
    assert unseal_receipt("", poll_id=1, voter_id=2) is None


def test_ballots_are_paginated_with_the_one_pager(make_poll: Any, voter: Any) -> None:
    polls = [make_poll(code=f"page-{i}", title=f"Vote number {i:02d}") for i in range(23)]
    for poll in polls:
        voting.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    client = logged_in(voter)
    first = client.get(reverse("activity:ballots")).content.decode()
    assert first.count('data-testid="my-ballot"') == 20
    assert 'class="pager"' in first
    second = client.get(reverse("activity:ballots"), {"page": "2"}).content.decode()
    assert second.count('data-testid="my-ballot"') == 3
    lenient = client.get(reverse("activity:ballots"), {"page": "abc"})
    assert lenient.status_code == 200
    overview = client.get(reverse("activity:index")).content.decode()
    assert overview.count('data-testid="my-ballot"') == 3
    assert reverse("activity:ballots") in overview


def test_the_ballots_page_costs_the_same_for_many_ballots(make_poll: Any, voter: Any) -> None:
    for i in range(25):
        poll = make_poll(code=f"q-{i}")
        voting.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    client = logged_in(voter)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("activity:ballots")).status_code == 200
    assert len(queries) <= 12, [q["sql"] for q in queries]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("activity:index")).status_code == 200
    assert len(queries) <= 20, [q["sql"] for q in queries]


def test_my_proposals_show_their_status_history(cycle: Any, voter: Any, manager: Any) -> None:
    from maeul.budgeting import services as budgeting
    from tests.budgeting.conftest import advance_to

    proposal = submit(cycle, voter)
    advance_to(cycle, manager, "screening")
    budgeting.proposal_screen(
        actor=manager,
        proposal=proposal,
        decision="infeasible",
        department="공원녹지과",
        reason="사유지라 공원을 만들 수 없습니다.",
    )
    client = logged_in(voter)
    page = client.get(reverse("activity:proposals")).content.decode()
    assert page.count('data-testid="history-step"') == 2
    assert "제출" in page and "심사: 부적격" in page and "사유지라 공원을 만들 수 없습니다." in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("activity:proposals")).content.decode()
    assert "Screened: infeasible" in english


def test_my_points_statement(
    make_poll: Any, voter: Any, award_table: Any, django_capture_on_commit_callbacks: Any
) -> None:
    poll = make_poll()
    with django_capture_on_commit_callbacks(execute=True):
        voting.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    page = logged_in(voter).get(reverse("activity:points")).content.decode()
    assert 'data-testid="my-balance"' in page and "500포인트" in page
    assert page.count('data-testid="my-points-line"') == 1
    assert "+500" in page


def test_my_jury_applications(voter: Any, places: dict[str, Any]) -> None:
    from maeul.juries.models import Jury, Volunteer

    jury = Jury.objects.create(
        municipality=places["geumcheon"], name="금천구 시민배심원단 2026", recruitment_year=2026
    )
    Volunteer.objects.create(
        jury=jury,
        code="V001",
        user=voter,
        name="김주민",
        birth_year=1980,
        gender="female",
        channel="web",
        consent_at=timezone.now() - dt.timedelta(days=1),
    )
    page = logged_in(voter).get(reverse("activity:juries")).content.decode()
    assert "금천구 시민배심원단 2026" in page and 'data-testid="my-jury"' in page
    assert "김주민" not in page.split("<main")[1].split("</main>")[0].replace(voter.username, "")


@pytest.mark.parametrize("ballots", [2, 3, 5])
def test_the_overview_counts_with_or_without_a_count_query(
    make_poll: Any, voter: Any, ballots: int
) -> None:
    """Below three of a kind the rows read are the count; from three on it is counted. The
    overview's queries stay fixed: the session, the account, four lists, the balances, the
    header, and a count for the one kind that may have more."""
    import re

    for i in range(ballots):
        poll = make_poll(code=f"o-{i}")
        voting.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[0]])
    client = logged_in(voter)
    client.get(reverse("activity:index"))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("activity:index")).content.decode()
    shown = re.search(r'id="a-ballots">[^<]*<span class="meta">\((\d+)\)', html)
    assert shown is not None and int(shown.group(1)) == ballots
    assert html.count('data-testid="my-ballot"') == min(ballots, 3)
    more = f'<p><a href="{reverse("activity:ballots")}">'  # "all N ballots", below the three
    assert (more in html) == (ballots > 3)
    assert len(queries) <= (8 if ballots < 3 else 9), [q["sql"] for q in queries]
