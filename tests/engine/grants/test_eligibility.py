"""Each eligibility rule of Seoul's 2021 civil–civil cooperation call on its boundary, and the
strict readers of call and application files."""

from __future__ import annotations

from typing import Any

import pytest

from maeul.engine.grants import (
    REASONS,
    InvalidGrantInput,
    application_from_dict,
    call_from_dict,
    screen,
)

SEOUL_2021: dict[str, Any] = {
    "budget_won": 300_000_000,
    "max_grant_won": 30_000_000,
    "max_grantees": 15,
    "min_members": 3,
    "member_kinds": ["nonprofit"],
    "district": "금천구",
    "max_staff_share_percent": 50,
    "capital_allowed": False,
}


def member(name: str, kind: str = "nonprofit", district: str = "금천구") -> dict[str, str]:
    return {"name": name, "kind": kind, "district": district}


def application(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "A1",
        "members": [member("가"), member("나"), member("다")],
        "requested_won": 20_000_000,
        "budget": [
            {"item": "활동가 인건비", "category": "staff", "amount_won": 10_000_000},
            {"item": "교육 운영", "category": "activity", "amount_won": 10_000_000},
        ],
        "tags": ["climate"],
    }
    base.update(changes)
    return base


def codes(**changes: Any) -> list[str]:
    call = call_from_dict(SEOUL_2021)
    return screen(call, application_from_dict(application(**changes), "a")).codes


def test_a_sound_application_is_eligible_with_staff_exactly_at_half() -> None:
    assert codes() == []


def test_three_members_pass_two_fail() -> None:
    assert codes(members=[member("가"), member("나")]) == ["too_few_members"]


def test_the_same_organisation_listed_twice_counts_once() -> None:
    assert codes(members=[member("가"), member("가"), member("나")]) == ["too_few_members"]


def test_a_for_profit_member_fails() -> None:
    assert codes(members=[member("가"), member("나"), member("(주)다", kind="company")]) == [
        "member_kind"
    ]


def test_a_member_outside_the_district_fails() -> None:
    assert codes(members=[member("가"), member("나"), member("다", district="관악구")]) == [
        "member_outside_district"
    ]


def test_thirty_million_passes_one_won_more_fails() -> None:
    def lines(total: int) -> list[dict[str, Any]]:
        return [{"item": "운영", "category": "activity", "amount_won": total}]

    assert codes(requested_won=30_000_000, budget=lines(30_000_000)) == []
    assert codes(requested_won=30_000_001, budget=lines(30_000_001)) == ["over_max_grant"]


def test_staff_share_of_50_01_percent_fails() -> None:
    budget = [
        {"item": "인건비", "category": "staff", "amount_won": 5_001},
        {"item": "운영", "category": "activity", "amount_won": 4_999},
    ]
    assert codes(requested_won=10_000, budget=budget) == ["staff_share"]


def test_a_capital_line_fails() -> None:
    budget = [
        {"item": "운영", "category": "activity", "amount_won": 9_000_000},
        {"item": "냉장고 구입", "category": "capital", "amount_won": 1_000_000},
    ]
    assert codes(requested_won=10_000_000, budget=budget) == ["capital_expense"]


def test_requested_amount_must_equal_the_budget_lines() -> None:
    assert codes(requested_won=20_000_001) == ["budget_mismatch"]


def test_every_broken_rule_is_reported_not_only_the_first() -> None:
    found = codes(
        members=[member("가", kind="company", district="관악구")],
        requested_won=40_000_000,
        budget=[{"item": "차량", "category": "capital", "amount_won": 40_000_000}],
    )
    assert found == [
        "too_few_members",
        "member_kind",
        "member_outside_district",
        "over_max_grant",
        "capital_expense",
    ]


def test_every_reason_has_a_korean_and_an_english_sentence() -> None:
    call = call_from_dict(SEOUL_2021)
    result = screen(
        call,
        application_from_dict(
            application(members=[member("가", kind="company", district="관악구")], requested_won=1),
            "a",
        ),
    )
    for reason in result.reasons:
        assert reason.text("ko") != reason.text("en")
        assert "{" not in reason.text("ko") + reason.text("en")
    assert set(REASONS) >= {
        "too_few_members",
        "member_kind",
        "member_outside_district",
        "over_max_grant",
        "staff_share",
        "capital_expense",
        "budget_mismatch",
    }


def test_project_type_ranges_of_nam_gu() -> None:
    call = call_from_dict(
        {
            "budget_won": 100_000_000,
            "max_grant_won": 20_000_000,
            "max_grantees": 20,
            "project_types": [
                {"key": "formation", "min_won": 1_000_000, "max_won": 5_000_000},
                {"key": "assembly", "min_won": 5_000_000, "max_won": 20_000_000},
            ],
        }
    )
    lines = [{"item": "운영", "category": "activity", "amount_won": 6_000_000}]
    ok = application_from_dict(
        application(type="assembly", requested_won=6_000_000, budget=lines), "a"
    )
    low = application_from_dict(
        application(type="formation", requested_won=6_000_000, budget=lines), "a"
    )
    none = application_from_dict(application(requested_won=6_000_000, budget=lines), "a")
    assert screen(call, ok).codes == []
    assert screen(call, low).codes == ["type_range"]
    assert screen(call, none).codes == ["unknown_type"]


@pytest.mark.parametrize(
    "changes",
    [
        {"requested_won": -5},
        {"requested_won": 1.5},
        {"requested_won": "1,000"},
        {"requested_won": True},
        {"colour": "red"},
        {"budget": [{"item": "x", "category": "food", "amount_won": 1}]},
        {"budget": [{"item": "x", "category": "staff", "amount_won": -1}]},
        {"members": [{"name": "가", "kind": "nonprofit"}]},
        {"members": "가, 나, 다"},
    ],
)
def test_malformed_applications_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(InvalidGrantInput) as caught:
        application_from_dict(application(**changes), "applications[0]")
    assert "applications[0]" in caught.value.en and caught.value.ko


@pytest.mark.parametrize(
    "changes",
    [
        {"max_grant": 1},
        {"budget_won": 0},
        {"budget_won": 3.0e8},
        {"max_staff_share_percent": 101},
        {"capital_allowed": "no"},
        {"max_grantees": 0},
    ],
)
def test_malformed_calls_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(InvalidGrantInput):
        call_from_dict({**SEOUL_2021, **changes})
