"""The yearly history (SPEC §1) and the registered export ``pb-history``, from the demo."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maeul.auditlog.models import AuditEntry
from maeul.budgeting import demo
from maeul.budgeting.exports import HISTORY_COLUMNS
from maeul.budgeting.models import Cycle, Proposal

EXPECTED = [
    "municipality,cycle_year,budget_year,proposals,proposed_amount_won,adopted,adopted_amount_won,executed_amount_won,execution_rate_percent,mobile_voters",
    "금천구,2018,2019,116,4817000000,35,906000000,766000000,84.5,2649",
    # The plan reports these two cycles' execution as in progress and not begun: their
    # projects are recorded, and no executed amount is invented for them.
    "금천구,2019,2020,120,4110000000,41,842000000,,,2892",
    "금천구,2020,2021,125,2166000000,39,987000000,,,1256",
]


@pytest.fixture
def demo_data(db: Any) -> None:
    from maeul.accounts import demo as accounts_demo
    from maeul.places import demo as places_demo

    places_demo.load()
    accounts_demo.load()
    demo.load()


def test_demo_is_idempotent(demo_data: None) -> None:
    counts = (Cycle.objects.count(), Proposal.objects.count(), AuditEntry.objects.count())
    demo.load()
    assert (Cycle.objects.count(), Proposal.objects.count(), AuditEntry.objects.count()) == counts
    cycle = Cycle.objects.get(cycle_year=2021)
    # The 2021 plan's cycle is history now: walked through to a published result, in its
    # budget year's execution, with its 2021 dates.
    assert cycle.phase == "execution" and cycle.total_amount_won == 1_000_000_000
    assert cycle.results.filter(published_at__isnull=False).count() == 1
    assert {w.starts_on.year for w in cycle.windows.exclude(phase="execution")} == {2021}
    assert cycle.proposals.filter(adopted=True).exists()
    assert cycle.groups.count() == 5
    assert sum(g.cap_won for g in cycle.groups.all()) <= cycle.total_amount_won
    assert {p.group.code for p in cycle.proposals.select_related("group")} == {
        g.code for g in cycle.groups.all()
    }
    assert all(p.estimated_cost_won <= p.type.cap_won for p in cycle.proposals.all())


def test_demo_links_the_committee_of_the_governance_register(demo_data: None) -> None:
    """The 2021 cycle's committee and support group are Geumcheon's bodies in the governance
    register; their members in term (with the subcommittees) are on the committee vote's roll
    and may comment; the governance demo finds the same bodies again."""
    from maeul.accounts.models import User
    from maeul.accounts.permissions import has_permission
    from maeul.budgeting import selectors
    from maeul.governance import demo as governance_demo
    from maeul.governance.models import Body

    cycle = Cycle.objects.get(cycle_year=2021)
    assert cycle.committee_body is not None and cycle.committee_body.kind == "pb_committee"
    assert cycle.committee_body.children.count() == 5
    assert cycle.support_body is not None
    roll = {u.username for u in selectors.committee_accounts(cycle)}
    assert roll == {"committee.geumcheon", "committee2.geumcheon"}
    assert selectors.committee_without_account(cycle) == 8
    member = User.objects.get(username="committee.geumcheon")
    assert has_permission(member, "budgeting.committee_vote", cycle)
    supporter = User.objects.get(username="support.geumcheon")
    assert has_permission(supporter, "budgeting.comment", cycle)
    assert not has_permission(supporter, "budgeting.committee_vote", cycle)
    bodies = Body.objects.count()
    governance_demo.load_geumcheon_pb()
    assert Body.objects.count() == bodies
    page = Client().get(reverse("budgeting:deliberation", args=["seoul-geumcheon-gu", 2021]))
    assert (
        "금천구 주민참여예산위원회" in page.content.decode() and "김민수" in page.content.decode()
    )


def test_export_command_prints_the_history(demo_data: None, tmp_path: Any) -> None:
    path = tmp_path / "history.csv"
    call_command(
        "export", "pb-history", "--municipality", "seoul-geumcheon-gu", "--output", str(path)
    )
    lines = path.read_text(encoding="utf-8").strip().splitlines()
    assert lines[0] == ",".join(c.name for c in HISTORY_COLUMNS)
    assert lines[:4] == EXPECTED
    assert lines[4].startswith("금천구,2021,2022,15,")


def test_history_page_shows_the_rate(demo_data: None) -> None:
    body = Client().get(reverse("budgeting:history", args=["seoul-geumcheon-gu"])).content.decode()
    assert "84.5%" in body and "906.0백만원" in body and "766.0백만원" in body
    assert "<svg" in body and "연차별 편성 금액과 집행액" in body
    csv = Client().get(reverse("budgeting:history", args=["seoul-geumcheon-gu"]) + "?format=csv")
    assert csv.content.decode("utf-8-sig").splitlines()[1] == EXPECTED[1]
    home = Client().get(reverse("core:municipality", args=["seoul-geumcheon-gu"])).content.decode()
    assert reverse("budgeting:history", args=["seoul-geumcheon-gu"]) in home
