"""The points card's stored figures (issue 23): "N residents have earned P points" read from
the pool account, kept by every award, equal to what counting the earn transactions gives, and
left alone by everything that is not an award."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext

from maeul.points import services
from maeul.points.models import AccountKind, PointsAccount, PointsTransaction, TransactionKind
from maeul.points.selectors import ledger_check, points_earned_figures

from .conftest import kst


def counted(municipality: Any) -> tuple[int, int]:
    """The card's figures as it used to count them: every earn transaction of the
    municipality."""
    row = PointsTransaction.objects.filter(
        municipality=municipality, kind=TransactionKind.EARN
    ).aggregate(residents=Count("resident", distinct=True), points=Sum("amount"))
    return row["residents"], row["points"] or 0


def earned(resident: Any, municipality: Any) -> int:
    return PointsAccount.objects.get(municipality=municipality, resident=resident).earned


@pytest.mark.django_db
def test_no_awards_no_pool_zero(namgu: dict[str, Any]) -> None:
    assert points_earned_figures(namgu["district"]) == (0, 0)


@pytest.mark.django_db
def test_figures_follow_awards_of_several_residents_and_repeated_awards(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    district = namgu["district"]
    first, second, third = (make_resident(district, namgu["yangnim"]) for _ in range(3))
    award(first)  # 2,000
    assert points_earned_figures(district) == (1, 2000) == counted(district)
    award(first, when=kst(2020, 3, 6))  # the same resident again: one resident, 4,000
    award(first, activity="survey")  # 500
    assert points_earned_figures(district) == (1, 4500) == counted(district)
    award(second, activity="volunteering")  # 1,000
    award(third, activity="survey")  # 500
    assert points_earned_figures(district) == (3, 6000) == counted(district)
    assert [earned(r, district) for r in (first, second, third)] == [4500, 1000, 500]
    assert ledger_check() == []


@pytest.mark.django_db
def test_duplicates_refusals_and_capped_awards_count_what_was_awarded(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    district = namgu["district"]
    resident = make_resident(district)
    award(resident, key="voting.ballot:1:1")
    assert not award(resident, key="voting.ballot:1:1").created  # a second delivery
    # Volunteering pays 1,000 up to 3,000 a year: the fourth is refused and counts nothing.
    results = [award(resident, activity="volunteering", when=kst(2020, 6, d)) for d in (1, 2, 3, 4)]
    assert [r.points for r in results] == [1000, 1000, 1000, 0]
    unverified = make_resident(district, verified=False)
    assert award(unverified, activity="jury_service").reason == "not_verified"
    assert points_earned_figures(district) == (1, 5000) == counted(district)
    assert ledger_check() == []


@pytest.mark.django_db
def test_corrections_vouchers_refunds_and_expiry_leave_the_figures(
    namgu: dict[str, Any], make_resident: Any, award: Any, make_official: Any
) -> None:
    district = namgu["district"]
    admin = make_official(district, "administrator")
    manager = make_official(district, "programme_manager")
    rich, other = make_resident(district), make_resident(district)
    for day in range(1, 7):
        award(rich, when=kst(2020, 4, day))  # 12,000
    award(other, activity="survey")  # 500
    figures = points_earned_figures(district)
    assert figures == (2, 12_500) == counted(district)
    services.points_correct(
        actor=admin, resident=rich, municipality=district, points=-1500, reason="Counted twice"
    )
    services.points_correct(
        actor=admin, resident=other, municipality=district, points=700, reason="Missed session"
    )
    # A correction for a resident who never earned opens an account but is not an award.
    newcomer = make_resident(district)
    services.points_correct(
        actor=admin, resident=newcomer, municipality=district, points=300, reason="Paper form"
    )
    rejected = services.voucher_request_create(resident=rich, municipality=district, units=1)
    services.voucher_request_reject(actor=manager, request_id=rejected.pk, reason="주소 확인")
    withdrawn = services.voucher_request_create(resident=rich, municipality=district, units=1)
    services.voucher_request_cancel(resident=rich, request_id=withdrawn.pk)
    services.voucher_request_create(resident=rich, municipality=district, units=1)
    services.points_policy_set(
        actor=admin, municipality=district, points_valid_months=12, voucher_valid_months=6
    )
    assert services.points_expire(actor=admin, municipality=district, as_of=dt.date(2021, 6, 1))
    assert points_earned_figures(district) == figures == counted(district)
    assert earned(newcomer, district) == 0 and earned(rich, district) == 12_000
    kinds = set(PointsTransaction.objects.values_list("kind", flat=True))
    assert kinds == set(TransactionKind.values)  # every kind of movement was exercised
    assert ledger_check() == []


@pytest.mark.django_db
def test_figures_are_per_municipality(
    namgu: dict[str, Any], places: dict[str, Any], make_resident: Any, award: Any
) -> None:
    award(make_resident(namgu["district"]))
    assert points_earned_figures(places["geumcheon"]) == (0, 0)
    assert points_earned_figures(namgu["district"]) == (1, 2000)


@pytest.mark.django_db
def test_selector_reads_one_row_whatever_the_number_of_awards(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    district = namgu["district"]
    for _ in range(5):
        resident = make_resident(district)
        for day in (1, 2, 3):
            award(resident, when=kst(2020, 3, day))
    with CaptureQueriesContext(connection) as queries:
        figures = points_earned_figures(district)
    assert figures == (5, 30_000) == counted(district)
    (query,) = queries.captured_queries
    assert "points_pointstransaction" not in query["sql"]


@pytest.mark.django_db
def test_ledger_check_reports_figures_that_drifted(
    namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    resident = make_resident(namgu["district"])
    award(resident)
    PointsAccount.objects.filter(kind=AccountKind.POOL).update(earners=2)
    PointsAccount.objects.filter(resident=resident).update(earned=1)
    problems = ledger_check(namgu["district"])
    assert [p.kind for p in problems] == ["earned", "earned"]
    assert {p.detail for p in problems} == {"(2, 2000) != (1, 2000)", "(0, 1) != (0, 2000)"}


@pytest.mark.django_db
def test_the_home_page_card_shows_the_stored_figures(
    client: Any, namgu: dict[str, Any], make_resident: Any, award: Any
) -> None:
    district = namgu["district"]
    first, second = (make_resident(district, namgu["yangnim"]) for _ in range(2))
    award(first)
    award(first, activity="survey")
    award(second, activity="volunteering")
    assert counted(district) == (2, 3500)
    page = client.get(f"/m/{district.slug}/?lang=en").content.decode()
    assert "2 residents have earned 3,500 points." in page
    award(second, activity="survey")
    page = client.get(f"/m/{district.slug}/?lang=en").content.decode()
    assert "2 residents have earned 4,000 points." in page
