"""Composition and term rules as pure functions, with hypothesis properties."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maeul.engine.scoring import (
    CIVIL_SHARE,
    GENDER_BALANCE,
    CompositionCounts,
    CompositionPolicy,
    InvalidCounts,
    InvalidTerm,
    Term,
    TermPolicy,
    check_composition,
    check_new_term,
    compare,
    default_term_end,
    ending_within,
    percent_text,
    total_counts,
)


def counts(civil: int, council: int, government: int, female: int) -> CompositionCounts:
    members = civil + council + government
    return CompositionCounts(civil, council, government, female, members - female)


def test_seoul_district_councils_682_members_civil_72_1_percent() -> None:
    total = CompositionCounts(civil=492, council=48, government=142, female=341, male=341)
    report = check_composition(total)
    assert total.members == 682
    assert percent_text(report.civil_percent) == "72.1"
    assert report.ok


def test_namgu_autonomy_council_and_seongnam_committee() -> None:
    # 15 members: 3 officials, 12 citizens (80% civil); 7 women, 8 men.
    report = check_composition(counts(12, 0, 3, 7))
    assert report.ok
    assert [r.code for r in report.results] == [GENDER_BALANCE, CIVIL_SHARE]


def test_gender_rule_breaks_below_40_percent_with_explanation() -> None:
    report = check_composition(counts(8, 0, 2, 3))  # 3 women of 10 = 30%
    gender = report.result(GENDER_BALANCE)
    assert gender is not None and not gender.ok
    assert gender.value == 30
    assert "female members hold 30.0% of 10 seats, below the 40.0%" in gender.explanation


def test_exactly_the_threshold_passes() -> None:
    report = check_composition(counts(7, 1, 2, 4))  # 70% civil, 40% women
    assert report.ok


def test_policy_switches_rules_off_and_sets_thresholds() -> None:
    report = check_composition(counts(1, 0, 9, 0), CompositionPolicy(None, None))
    assert report.ok and report.results == ()
    strict = CompositionPolicy(min_each_gender=Fraction(1, 2), min_civil=Fraction(9, 10))
    assert not check_composition(counts(8, 0, 2, 5), strict).ok


def test_empty_body_breaks_nothing() -> None:
    assert check_composition(CompositionCounts()).ok


def test_counts_must_agree() -> None:
    with pytest.raises(InvalidCounts) as error:
        CompositionCounts(civil=3, female=1, male=1)
    assert error.value.field == "female"
    with pytest.raises(InvalidCounts):
        CompositionCounts(civil=-1, female=-1)


def test_compare_warns_before_a_change_breaks_a_rule() -> None:
    before = counts(7, 0, 3, 4)  # 70% civil: on the edge
    effect = compare(before, before.plus(sector="government", gender="female"))
    assert effect.newly_broken == (CIVIL_SHARE,)
    assert effect.warns
    repair = compare(before.plus(sector="government", gender="male"), before)
    assert repair.repaired == (CIVIL_SHARE,) or repair.newly_broken == ()


sizes = st.integers(min_value=0, max_value=60)


@st.composite
def member_counts(draw: st.DrawFn) -> CompositionCounts:
    civil, council, government = draw(sizes), draw(sizes), draw(sizes)
    members = civil + council + government
    female = draw(st.integers(0, members))
    other = draw(st.integers(0, members - female))
    return CompositionCounts(civil, council, government, female, members - female - other, other)


@given(member_counts())
def test_rules_match_their_definitions(c: CompositionCounts) -> None:
    report = check_composition(c)
    if c.members == 0:
        assert report.ok
        return
    gender_ok = 100 * c.female >= 40 * c.members and 100 * c.male >= 40 * c.members
    civil_ok = 100 * c.civil >= 70 * c.members
    assert report.result(GENDER_BALANCE).ok is gender_ok  # type: ignore[union-attr]
    assert report.result(CIVIL_SHARE).ok is civil_ok  # type: ignore[union-attr]
    assert report.ok is (gender_ok and civil_ok)


@given(member_counts(), st.sampled_from(["civil", "council", "government"]))
def test_adding_a_civil_member_never_lowers_the_civil_share(c: CompositionCounts, s: str) -> None:
    after = c.plus(sector=s, gender="female")
    before_share = check_composition(c).civil_percent
    after_share = check_composition(after).civil_percent
    assert after_share is not None
    if s == "civil" and before_share is not None:
        assert after_share >= before_share
    if s != "civil" and before_share is not None:
        assert after_share <= before_share
    assert after.minus(sector=s, gender="female") == c


@given(st.lists(member_counts(), max_size=5))
def test_totals_add_up(parts: list[CompositionCounts]) -> None:
    total = total_counts(parts)
    assert total.members == sum(p.members for p in parts)


# ---- terms ----------------------------------------------------------------------------------

D = dt.date


def test_default_term_is_two_years() -> None:
    assert default_term_end(D(2020, 8, 6)) == D(2022, 8, 5)
    assert default_term_end(D(2020, 2, 29)) == D(2022, 2, 27)


def test_renewable_once_third_consecutive_refused() -> None:
    first = Term(D(2017, 6, 2), D(2019, 6, 1))
    second = Term(D(2019, 6, 2), D(2021, 6, 1))
    assert check_new_term([first], second).ok
    third = check_new_term([first, second], Term(D(2021, 6, 2), D(2023, 6, 1)))
    assert not third.ok and third.code == "too_many_consecutive" and third.consecutive == 3
    # After a break longer than the gap, a person may serve again.
    later = check_new_term([first, second], Term(D(2022, 1, 1), D(2023, 12, 31)))
    assert later.ok and later.consecutive == 1


def test_overlapping_terms_refused() -> None:
    verdict = check_new_term(
        [Term(D(2020, 1, 1), D(2021, 12, 31))], Term(D(2021, 6, 1), D(2023, 5, 31))
    )
    assert not verdict.ok and verdict.code == "overlap"
    assert verdict.conflicting == Term(D(2020, 1, 1), D(2021, 12, 31))


def test_too_long_and_end_before_start() -> None:
    assert check_new_term([], Term(D(2020, 1, 1), D(2022, 1, 1))).code == "too_long"
    with pytest.raises(InvalidTerm) as error:
        Term(D(2020, 1, 2), D(2020, 1, 1))
    assert error.value.field == "term_end"


def test_terms_ending_within_60_days() -> None:
    terms = [Term(D(2025, 1, 1), D(2026, 12, 31)), Term(D(2025, 1, 1), D(2026, 12, 1))]
    assert ending_within(terms, D(2026, 10, 15), 60) == [terms[1]]


days = st.integers(min_value=0, max_value=3000)


@given(st.lists(st.tuples(days, st.integers(1, 729)), max_size=6), days, st.integers(1, 729))
def test_term_check_properties(existing: list[tuple[int, int]], start: int, length: int) -> None:
    base = D(2015, 1, 1)
    terms = [
        Term(base + dt.timedelta(days=s), base + dt.timedelta(days=s + n)) for s, n in existing
    ]
    new = Term(base + dt.timedelta(days=start), base + dt.timedelta(days=start + length))
    verdict = check_new_term(terms, new, TermPolicy())
    if any(t.overlaps(new) for t in terms):
        assert not verdict.ok and verdict.code == "overlap"
    elif verdict.ok:
        assert verdict.consecutive <= 2
    else:
        assert verdict.code == "too_many_consecutive" and verdict.consecutive >= 3
