"""The "needs me now" list: each kind of waiting work appears for the officials whose roles do
it, in their scope only, with its count and the page where the work is done."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from maeul.budgeting import services as budgeting
from maeul.governance import services as governance
from maeul.juries import services as juries
from maeul.voting import services as voting
from maeul.workspace.selectors import needs_me

from .conftest import client_for


@pytest.fixture
def work(tree: dict[str, Any], people: dict[str, Any], make_resident: Any) -> dict[str, Any]:
    """Waiting work in Nam-gu, and the same in Geumcheon-gu (out of Nam-gu's scope)."""
    now = timezone.now()
    made: dict[str, Any] = {}
    for key, place in (("namgu", tree["namgu"]), ("geumcheon", tree["geumcheon"])):
        manager = people["programme_manager.namgu"] if key == "namgu" else people["operator"]
        cycle = budgeting.cycle_create(
            actor=manager,
            municipality=place,
            cycle_year=2026,
            budget_year=2027,
            title=f"{place.name} 2027 주민참여예산",
            total_amount_won=100_000_000,
        )
        budgeting.project_type_save(
            actor=manager, cycle=cycle, code="general", name="일반", cap_won=50_000_000
        )
        group = budgeting.group_save(
            actor=manager, cycle=cycle, code="parks", name="공원", cap_won=100_000_000
        )
        cycle = budgeting.cycle_advance(actor=manager, cycle=cycle)
        author = make_resident(place)
        for title in ("쌈지공원", "놀이터"):
            budgeting.proposal_save(
                actor=author,
                cycle=cycle,
                data={
                    "title": title,
                    "description": "주민 쉼터",
                    "address": "1",
                    "group": group,
                    "type": cycle.types.get(code="general"),
                    "estimated_cost_won": 10_000_000,
                },
                submit=True,
            )
        opens = voting.poll_create(
            actor=manager,
            municipality=place,
            options=["A", "B"],
            code=f"soon-{key}",
            title=f"{place.name} 곧 시작",
            kind="single",
            opens_at=now + dt.timedelta(days=3),
            closes_at=now + dt.timedelta(days=20),
        )
        voting.poll_create(
            actor=manager,
            municipality=place,
            options=["A", "B"],
            code=f"later-{key}",
            title=f"{place.name} 나중",
            kind="single",
            opens_at=now + dt.timedelta(days=10),
            closes_at=now + dt.timedelta(days=20),
        )
        jury = juries.jury_create(
            actor=people["operator"],
            municipality=place,
            name=f"{place.name} 배심원단",
            recruitment_year=2026,
        )
        body = governance.body_create(
            actor=people["operator"], municipality=place, name="협치회의", kind="subcommittee"
        )
        today = timezone.localdate()
        governance.membership_add(
            actor=people["operator"],
            body=body,
            draft=governance.MemberDraft(
                person_name="홍길동",
                sector="civil",
                gender="female",
                appointment="appointed",
                role="member",
                term_start=today - dt.timedelta(days=300),
                term_end=today + dt.timedelta(days=20),
            ),
            acknowledge=True,
        )
        made[key] = {"cycle": cycle, "poll": opens, "jury": jury}
    return made


def _kinds(user: Any) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for item in needs_me(user):
        found.setdefault(item.kind, []).append(item)
    return found


def test_manager_sees_the_work_of_its_scope_only(people: dict[str, Any], work: dict[str, Any]):
    found = _kinds(people["programme_manager.namgu"])
    (screening,) = found["screening"]
    assert screening.count == 2
    assert screening.url == reverse("budgeting:screening", args=[work["namgu"]["cycle"].pk])
    (vote,) = found["vote"]  # the one opening within 7 days, not the later one
    assert vote.url == reverse("voting:manage", args=[work["namgu"]["poll"].pk])
    (jury,) = found["jury"]
    assert jury.url == reverse("juries:manage", args=[work["namgu"]["jury"].pk])
    (terms,) = found["terms"]
    assert terms.count == 1
    every_url = [item.url for items in found.values() for item in items]
    assert reverse("voting:manage", args=[work["geumcheon"]["poll"].pk]) not in every_url
    assert reverse("juries:manage", args=[work["geumcheon"]["jury"].pk]) not in every_url


def test_roles_decide_the_items(people: dict[str, Any], work: dict[str, Any]) -> None:
    auditor = _kinds(people["auditor.namgu"])
    assert "screening" not in auditor and "vote" not in auditor and "jury" not in auditor
    seoul = _kinds(people["admin.seoul"])  # Geumcheon's work, not Nam-gu's
    assert [i.place for i in seoul["vote"]] == ["금천구"]
    assert needs_me(people["admin.geumcheon"]) != []
    assert len(_kinds(people["operator"])["vote"]) == 2


def test_workspace_page_lists_needs_and_links(
    people: dict[str, Any], work: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = client_for(people["administrator.namgu"])
    with django_assert_max_num_queries(60):
        page = client.get("/manage/").content.decode()
    assert "지금 처리할 일" in page and "2건" in page  # two proposals to screen, in Korean
    assert reverse("budgeting:screening", args=[work["namgu"]["cycle"].pk]) in page
    for url in (
        reverse("workspace:officials"),
        reverse("workspace:places"),
        reverse("voting:manage_list"),
        reverse("auditlog:log"),
        reverse("exports:index"),
        reverse("jobs:index"),
        reverse("budgeting:manage", args=[work["namgu"]["cycle"].pk]),
        reverse("points:totals", args=["gwangju-nam-gu"]),
        reverse("governance:bodies", args=["gwangju-nam-gu"]),
        reverse("pledges:dashboard", args=["gwangju-nam-gu"]),
        reverse(
            "publishing:publications", kwargs={"code": work["namgu"]["cycle"].municipality.code}
        ),
    ):
        assert url in page, url
    assert reverse("budgeting:manage", args=[work["geumcheon"]["cycle"].pk]) not in page


def test_every_link_on_the_workspace_opens(people: dict[str, Any], work: dict[str, Any]) -> None:
    """No dead end: each link the administrator is shown answers 200 for them."""
    import re

    client = client_for(people["administrator.namgu"])
    page = client.get("/manage/").content.decode()
    body = page.split('id="main"', 1)[1].split("</main>", 1)[0]
    links = sorted(set(re.findall(r'href="(/[^"#]*)"', body)))
    assert len(links) > 10
    for url in links:
        assert client.get(url).status_code == 200, url
