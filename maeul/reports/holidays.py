"""Korean public holidays (공휴일) and working days, for report deadlines.

A deadline of N days is N working days after the day a report is received: Saturdays,
Sundays and the public holidays below do not count (as for civil petitions, 민원 처리기간).
The table holds the holidays the government published, substitute holidays (대체공휴일) and
election days included; add each year's row when it is announced. A year missing from the
table counts weekends only, and ``known_year`` lets a page say so.
"""

from __future__ import annotations

import datetime as dt

_D = dt.date

HOLIDAYS: dict[int, frozenset[dt.date]] = {
    2020: frozenset(
        {
            _D(2020, 1, 1),
            _D(2020, 1, 24),
            _D(2020, 1, 25),
            _D(2020, 1, 26),
            _D(2020, 1, 27),  # substitute for Seollal on a Sunday
            _D(2020, 3, 1),
            _D(2020, 4, 15),  # National Assembly election
            _D(2020, 4, 30),  # Buddha's birthday
            _D(2020, 5, 5),
            _D(2020, 6, 6),
            _D(2020, 8, 15),
            _D(2020, 8, 17),  # temporary holiday
            _D(2020, 9, 30),
            _D(2020, 10, 1),
            _D(2020, 10, 2),
            _D(2020, 10, 3),
            _D(2020, 10, 9),
            _D(2020, 12, 25),
        }
    ),
    2025: frozenset(
        {
            _D(2025, 1, 1),
            _D(2025, 1, 27),  # temporary holiday
            _D(2025, 1, 28),
            _D(2025, 1, 29),
            _D(2025, 1, 30),
            _D(2025, 3, 1),
            _D(2025, 3, 3),  # substitute for 3·1 on a Saturday
            _D(2025, 5, 5),  # Children's Day and Buddha's birthday
            _D(2025, 5, 6),  # substitute
            _D(2025, 6, 3),  # presidential election
            _D(2025, 6, 6),
            _D(2025, 8, 15),
            _D(2025, 10, 3),
            _D(2025, 10, 5),
            _D(2025, 10, 6),
            _D(2025, 10, 7),
            _D(2025, 10, 8),  # substitute for Chuseok on a Sunday
            _D(2025, 10, 9),
            _D(2025, 12, 25),
        }
    ),
    2026: frozenset(
        {
            _D(2026, 1, 1),
            _D(2026, 2, 16),
            _D(2026, 2, 17),
            _D(2026, 2, 18),
            _D(2026, 3, 1),
            _D(2026, 3, 2),  # substitute for 3·1 on a Sunday
            _D(2026, 5, 5),
            _D(2026, 5, 24),  # Buddha's birthday
            _D(2026, 5, 25),  # substitute
            _D(2026, 6, 3),  # local elections
            _D(2026, 6, 6),
            _D(2026, 8, 15),
            _D(2026, 8, 17),  # substitute for Liberation Day on a Saturday
            _D(2026, 9, 24),
            _D(2026, 9, 25),
            _D(2026, 9, 26),
            _D(2026, 10, 3),
            _D(2026, 10, 5),  # substitute for National Foundation Day on a Saturday
            _D(2026, 10, 9),
            _D(2026, 12, 25),
        }
    ),
    2027: frozenset(
        {
            _D(2027, 1, 1),
            _D(2027, 2, 6),
            _D(2027, 2, 7),
            _D(2027, 2, 8),
            _D(2027, 2, 9),  # substitute for Seollal on a Sunday
            _D(2027, 3, 1),
            _D(2027, 5, 5),
            _D(2027, 5, 13),  # Buddha's birthday
            _D(2027, 6, 6),
            _D(2027, 8, 15),
            _D(2027, 8, 16),  # substitute
            _D(2027, 9, 14),
            _D(2027, 9, 15),
            _D(2027, 9, 16),
            _D(2027, 10, 3),
            _D(2027, 10, 4),  # substitute
            _D(2027, 10, 9),
            _D(2027, 10, 11),  # substitute
            _D(2027, 12, 25),
            _D(2027, 12, 27),  # substitute
        }
    ),
}


def known_year(year: int) -> bool:
    return year in HOLIDAYS


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS.get(day.year, frozenset())


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day ``days`` working days after ``start`` (the day of receipt does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    left = days
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day
