"""Korean public holidays (공휴일) and working days, for report deadlines.

A deadline of N days is N working days after the day a report is received: Saturdays,
Sundays and the public holidays below do not count (as for civil petitions, 민원 처리기간).
The table holds the holidays the government published, substitute holidays (대체공휴일) and
election days included; add each year's row when it is announced. A year missing from the
table counts weekends only, and ``known_year`` lets a page say so.

Checked (December 2026) against the rules of the Regulation on Public Holidays
(관공서의 공휴일에 관한 규정) and each year's lunar dates, day by day:

* Seollal and Chuseok (three days each) get a substitute day only when one of the three
  falls on a Sunday or on another holiday, never for a Saturday (2026's Chuseok ends on a
  Saturday: no substitute).
* Children's Day (since 2014) gets one for a Saturday, a Sunday or an overlap; 3·1, Liberation
  Day, National Foundation Day and Hangul Day do since August 2021 (2021's Aug 16, Oct 4 and
  Oct 11 were the first); Buddha's Birthday and Christmas do since May 2023 (2023's May 29
  was the first; 2026's May 25 and 2027's Dec 27 follow from it). Before those dates the same
  days on a weekend had none (2020's Aug 15 and Oct 3, 2021's and 2022's Christmas).
* Memorial Day (6 June) and New Year's Day never get one.
* Election days and one-off temporary holidays (임시공휴일) are as they were designated:
  2020-08-17, 2023-10-02, 2024-10-01 and 2025-01-27; the elections of 2020-04-15,
  2022-03-09, 2022-06-01, 2024-04-10, 2025-06-03 (the early presidential election) and
  2026-06-03.

Not in the table, because they were not designated when this was checked: a temporary
holiday announced later, and any change to which days are public holidays (proposals to make
Constitution Day or Labour Day one again); add them as they are published.
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
    2021: frozenset(
        {
            _D(2021, 1, 1),
            _D(2021, 2, 11),
            _D(2021, 2, 12),
            _D(2021, 2, 13),  # Seollal on a Saturday: no substitute
            _D(2021, 3, 1),
            _D(2021, 5, 5),
            _D(2021, 5, 19),  # Buddha's birthday
            _D(2021, 6, 6),
            _D(2021, 8, 15),
            _D(
                2021, 8, 16
            ),  # substitute for Liberation Day on a Sunday (first under the 2021 rule)
            _D(2021, 9, 20),
            _D(2021, 9, 21),
            _D(2021, 9, 22),
            _D(2021, 10, 3),
            _D(2021, 10, 4),  # substitute for National Foundation Day on a Sunday
            _D(2021, 10, 9),
            _D(2021, 10, 11),  # substitute for Hangul Day on a Saturday
            _D(2021, 12, 25),  # a Saturday: Christmas had no substitute before 2023
        }
    ),
    2022: frozenset(
        {
            _D(2022, 1, 1),
            _D(2022, 1, 31),
            _D(2022, 2, 1),
            _D(2022, 2, 2),
            _D(2022, 3, 1),
            _D(2022, 3, 9),  # presidential election
            _D(2022, 5, 5),
            _D(2022, 5, 8),  # Buddha's birthday, a Sunday: no substitute before 2023
            _D(2022, 6, 1),  # local elections
            _D(2022, 6, 6),
            _D(2022, 8, 15),
            _D(2022, 9, 9),
            _D(2022, 9, 10),
            _D(2022, 9, 11),
            _D(2022, 9, 12),  # substitute for Chuseok on a Sunday
            _D(2022, 10, 3),
            _D(2022, 10, 9),
            _D(2022, 10, 10),  # substitute for Hangul Day on a Sunday
            _D(2022, 12, 25),
        }
    ),
    2023: frozenset(
        {
            _D(2023, 1, 1),
            _D(2023, 1, 21),
            _D(2023, 1, 22),
            _D(2023, 1, 23),
            _D(2023, 1, 24),  # substitute for Seollal on a Sunday
            _D(2023, 3, 1),
            _D(2023, 5, 5),
            _D(2023, 5, 27),  # Buddha's birthday, a Saturday
            _D(2023, 5, 29),  # its substitute (first under the May 2023 rule)
            _D(2023, 6, 6),
            _D(2023, 8, 15),
            _D(2023, 9, 28),
            _D(2023, 9, 29),
            _D(2023, 9, 30),  # Chuseok on a Saturday: no substitute
            _D(2023, 10, 2),  # temporary holiday
            _D(2023, 10, 3),
            _D(2023, 10, 9),
            _D(2023, 12, 25),
        }
    ),
    2024: frozenset(
        {
            _D(2024, 1, 1),
            _D(2024, 2, 9),
            _D(2024, 2, 10),
            _D(2024, 2, 11),
            _D(2024, 2, 12),  # substitute for Seollal on a Sunday
            _D(2024, 3, 1),
            _D(2024, 4, 10),  # National Assembly election
            _D(2024, 5, 5),
            _D(2024, 5, 6),  # substitute for Children's Day on a Sunday
            _D(2024, 5, 15),  # Buddha's birthday
            _D(2024, 6, 6),
            _D(2024, 8, 15),
            _D(2024, 9, 16),
            _D(2024, 9, 17),
            _D(2024, 9, 18),
            _D(2024, 10, 1),  # temporary holiday (Armed Forces Day)
            _D(2024, 10, 3),
            _D(2024, 10, 9),
            _D(2024, 12, 25),
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
            _D(2025, 5, 6),  # substitute: Children's Day and Buddha's birthday on one day
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
            _D(2026, 5, 25),  # substitute for Buddha's birthday on a Sunday
            _D(2026, 6, 3),  # local elections
            _D(2026, 6, 6),
            _D(2026, 8, 15),
            _D(2026, 8, 17),  # substitute for Liberation Day on a Saturday
            _D(2026, 9, 24),
            _D(2026, 9, 25),
            _D(2026, 9, 26),  # Chuseok on a Saturday: no substitute
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
            _D(2027, 6, 6),  # Memorial Day on a Sunday: no substitute
            _D(2027, 8, 15),
            _D(2027, 8, 16),  # substitute for Liberation Day on a Sunday
            _D(2027, 9, 14),
            _D(2027, 9, 15),
            _D(2027, 9, 16),
            _D(2027, 10, 3),
            _D(2027, 10, 4),  # substitute for National Foundation Day on a Sunday
            _D(2027, 10, 9),
            _D(2027, 10, 11),  # substitute for Hangul Day on a Saturday
            _D(2027, 12, 25),
            _D(2027, 12, 27),  # substitute for Christmas on a Saturday
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
