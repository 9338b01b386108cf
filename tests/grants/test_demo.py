"""The demo runs Seoul's 2021 call end to end, Nam-gu's open village grants and Geumcheon's
contest with its online vote."""

from __future__ import annotations

from typing import Any

from django.test import Client

from maeul.grants.models import Application, Contest, GrantCall


def test_demo_calls_and_contest(shared_demo: None, client: Client) -> None:
    seoul = GrantCall.objects.get(title__startswith="2021 자치구 민·민 협력")
    assert (seoul.budget_won, seoul.max_grant_won, seoul.max_grantees) == (
        300_000_000,
        30_000_000,
        15,
    )
    assert seoul.state == "announced" and seoul.opens_at.year == 2021
    selected = Application.objects.filter(call=seoul, selected=True)
    assert selected.count() == 3 and seoul.spent_won == 83_000_000
    graded = Application.objects.get(call=seoul, grade__gt="")
    assert graded.grade == "가" and graded.bonus == 5
    # the graded grantee's year: an agreement, two progress reports, settled receipts
    agreement = graded.agreement
    assert agreement.settlement_state == "approved" and agreement.reports.count() == 2
    assert (graded.events, graded.participants, graded.outputs) == (24, 412, 3)
    assert sum(r.amount_won for r in agreement.receipts.all()) == 29_450_000
    page = client.get(f"/grants/c/{seoul.pk}/").content.decode()
    assert "정성평가 점수가 높은 순" in page and graded.title in page
    namgu = GrantCall.objects.get(municipality__slug="gwangju-nam-gu")
    assert namgu.is_open and len(namgu.project_types) == 4
    contest = Contest.objects.get(state="vote")
    assert contest.poll is not None
    assert client.get(f"/grants/contest/{contest.pk}/").status_code == 200
    # last year's contest, replayed through every service to its published ranking
    past = Contest.objects.get(state="published")
    ranked = list(past.entries.filter(final_rank__isnull=False).order_by("final_rank"))
    assert [e.reward for e in ranked[:3]] == ["최우수상", "우수상", "장려상"]
    assert all(e.round_one_rank is not None for e in past.entries.all())
    page = client.get(f"/grants/contest/{past.pk}/").content.decode()
    assert ranked[0].title in page
    assert client.get("/grants/seoul-geumcheon-gu/").status_code == 200


def test_demo_resident_sees_own_application(shared_demo: None, client: Any) -> None:
    from maeul.accounts.models import User

    client.force_login(User.objects.get(username="resident.geumcheon"))
    body = client.get("/grants/mine/").content.decode()
    assert "우리 동네 탄소중립 학교" in body
