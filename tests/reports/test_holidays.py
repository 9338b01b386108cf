"""The holiday table follows the substitute-holiday rules (no Django needed): every fixed-date
holiday that has a substitute under the rule in force that year, and falls on a weekend,
is followed by its substitute on the next working day; none is added where the rule gives
none (Seollal and Chuseok on a Saturday, Memorial Day, New Year's Day)."""

from __future__ import annotations

import datetime as dt

import pytest

from maeul.reports.holidays import HOLIDAYS, is_working_day

D = dt.date


def _first_weekday_after(day: dt.date) -> dt.date:
    nxt = day + dt.timedelta(days=1)
    while nxt.weekday() >= 5:
        nxt += dt.timedelta(days=1)
    return nxt


def _substituted(year: int) -> list[tuple[int, int]]:
    """Fixed-date holidays with a substitute for Saturdays and Sundays in ``year``."""
    days = [(5, 5)]
    if year >= 2022:  # from August 2021: 3·1 onwards in the next full year
        days += [(3, 1), (8, 15), (10, 3), (10, 9)]
    elif year == 2021:
        days += [(8, 15), (10, 3), (10, 9)]
    if year >= 2023:
        days += [(12, 25)]
    return days


@pytest.mark.parametrize("year", sorted(HOLIDAYS))
def test_weekend_fixed_holidays_have_their_substitute(year: int) -> None:
    for month, day in _substituted(year):
        date = D(year, month, day)
        assert date in HOLIDAYS[year]
        if date.weekday() >= 5:
            assert not is_working_day(_first_weekday_after(date)), date


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (D(2026, 9, 28), "Chuseok ends on Saturday 26 Sep 2026: no substitute"),
        (D(2023, 10, 4), "Chuseok ended on a Saturday in 2023: only the designated 2 Oct"),
        (D(2021, 12, 27), "Christmas on a Saturday before 2023: no substitute"),
        (D(2027, 6, 7), "Memorial Day never has a substitute"),
        (D(2022, 1, 3), "New Year's Day never has a substitute"),
        (D(2020, 10, 5), "National Foundation Day on a Saturday in 2020: no rule yet"),
    ],
)
def test_no_substitute_where_the_rule_gives_none(day: dt.date, why: str) -> None:
    assert is_working_day(day), why


@pytest.mark.parametrize(
    "day",
    [
        D(2021, 8, 16),
        D(2022, 9, 12),
        D(2023, 1, 24),
        D(2023, 5, 29),
        D(2024, 2, 12),
        D(2024, 5, 6),
        D(2025, 10, 8),
        D(2026, 5, 25),
        D(2027, 2, 9),
        D(2027, 12, 27),
    ],
)
def test_substitutes_are_weekdays_off(day: dt.date) -> None:
    assert day.weekday() < 5 and not is_working_day(day)
