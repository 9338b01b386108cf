"""The 60/40 conversion, the 7/11/7 grading and the written tie rule."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maeul.engine.innovation.cli import main
from maeul.engine.innovation.csvio import parse_tiers, read_scores
from maeul.engine.innovation.errors import InvalidScores, InvalidTiers
from maeul.engine.innovation.grading import (
    SEOUL_2021_TIERS,
    DistrictScore,
    Tier,
    grade,
    total_score,
)

F = Fraction


def plan(name: str, basic: int, process: int, impact: int, pb: int | Fraction) -> DistrictScore:
    return DistrictScore(name, F(basic), F(process), F(impact), F(pb))


def no_plan(name: str, pb: int | Fraction) -> DistrictScore:
    return DistrictScore(name, None, None, None, F(pb), had_plan=False)


def test_plan_score_is_converted_to_60_and_pb_added() -> None:
    # 84 of 105 indicator points = 48 of 60; plus 30 of 40.
    assert total_score(plan("a", 30, 30, 24, 30)) == 78
    assert total_score(plan("full", 35, 35, 35, 40)) == 100


def test_without_last_years_plan_the_pb_score_is_converted_to_100() -> None:
    assert total_score(no_plan("b", 30)) == 75
    assert total_score(no_plan("c", F(333, 10))) == F(8325, 100)


def _field(totals: list[int]) -> list[DistrictScore]:
    """Districts with distinct pb so only the given totals matter (no-plan districts)."""
    return [no_plan(f"d{i:02}", F(t * 40, 100)) for i, t in enumerate(totals)]


def test_seven_eleven_seven_without_ties_costs_exactly_25_billion() -> None:
    result = grade(_field(list(range(100, 75, -1))))
    grades = [g.grade for g in result.districts]
    assert grades == ["가"] * 7 + ["나"] * 11 + ["다"] * 7
    assert result.funding_total_won == 25_000_000_000
    assert result.extra_funding_won == 0


def test_tie_broken_by_pb_then_by_impact() -> None:
    # both 78 in total: 'pb' has the higher PB score, so it ranks first
    high_pb = plan("pb", 35, 35, 35, 18)  # 60 + 18
    low_pb = plan("plan", 30, 30, 24, 30)  # 48 + 30
    assert total_score(high_pb) == total_score(low_pb) == 78
    result = grade([low_pb, high_pb], [Tier("가", 1, 2), Tier("나", 1, 1)])
    assert [g.district for g in result.districts] == ["plan", "pb"]
    # same total and pb: the higher impact part wins
    more_impact = plan("impact", 30, 24, 30, 30)
    result = grade([low_pb, more_impact], [Tier("가", 1, 2), Tier("나", 1, 1)])
    assert [(g.district, g.rank, g.grade) for g in result.districts] == [
        ("impact", 1, "가"),
        ("plan", 2, "나"),
    ]


def test_a_full_tie_at_the_first_boundary_goes_up_and_the_next_tier_shrinks() -> None:
    totals = list(range(100, 93, -1))  # 7 distinct, ranks 1..7
    totals[6] = 94
    field = _field(totals + [94] + list(range(90, 73, -1)))  # rank 7 and 8 tied exactly
    assert len(field) == 25
    result = grade(field)
    grades = [g.grade for g in result.districts]
    assert grades[:8] == ["가"] * 8
    assert grades.count("나") == 10 and grades.count("다") == 7
    assert result.districts[6].rank == result.districts[7].rank == 7
    assert result.extra_funding_won == 100_000_000
    assert result.funding_total_won == 25_100_000_000
    assert dict(result.tier_sizes) == {"가": 8, "나": 10, "다": 7}


def test_a_full_tie_at_the_second_boundary_goes_up() -> None:
    totals = list(range(100, 82, -1))  # 18 districts, ranks 1..18
    field = _field(totals + [83] + list(range(80, 74, -1)))  # 19th ties the 18th
    result = grade(field)
    grades = [g.grade for g in result.districts]
    assert grades.count("가") == 7 and grades.count("나") == 12 and grades.count("다") == 6
    assert result.extra_funding_won == 100_000_000


def test_tier_counts_must_add_up() -> None:
    with pytest.raises(InvalidTiers, match="24 districts but 25"):
        grade(
            _field(list(range(100, 75, -1))),
            [Tier("가", 7, 1), Tier("나", 10, 1), Tier("다", 7, 1)],
        )


def test_a_score_out_of_range_is_refused() -> None:
    with pytest.raises(InvalidScores, match="pb"):
        grade([no_plan("x", 41)], [Tier("가", 1, 1)])
    with pytest.raises(InvalidScores, match="more than 105"):
        grade([plan("x", 40, 40, 40, 1)], [Tier("가", 1, 1)])


scores = st.lists(
    st.tuples(st.integers(0, 35), st.integers(0, 35), st.integers(0, 35), st.integers(0, 40)),
    min_size=3,
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(scores)
def test_grades_are_monotone_in_total_and_funding_is_nominal_without_boundary_ties(rows) -> None:
    field = [plan(f"d{i:02}", *row) for i, row in enumerate(rows)]
    n = len(field)
    tiers = [Tier("가", n // 3, 300), Tier("나", n - 2 * (n // 3), 200), Tier("다", n // 3, 100)]
    result = grade(field, tiers)
    order = {t.name: i for i, t in enumerate(tiers)}
    ranked = result.districts
    for better, worse in zip(ranked, ranked[1:], strict=False):
        assert better.total >= worse.total
        assert order[better.grade] <= order[worse.grade]
        assert better.rank <= worse.rank
    keys = [(g.total, g.pb_score) for g in ranked]
    boundaries = [n // 3, n - n // 3]
    tied = any(0 < b < n and ranked[b - 1].rank == ranked[b].rank for b in boundaries)
    if not tied:
        assert result.funding_total_won == sum(t.count * t.amount_won for t in tiers)
    else:
        assert result.funding_total_won > sum(t.count * t.amount_won for t in tiers)
    assert len(keys) == n


CSV = "district,basic,process,impact,pb,had_plan\n"


def test_csv_rows_and_columns_are_named_in_errors() -> None:
    with pytest.raises(InvalidScores, match=r"missing column\(s\) pb"):
        read_scores("district,basic,process,impact,had_plan\nA,1,1,1,1\n")
    with pytest.raises(InvalidScores, match="row 3, column pb"):
        read_scores(CSV + "A,1,1,1,30,1\nB,1,1,1,x,1\n")
    with pytest.raises(InvalidScores, match="row 2, column basic: must be empty"):
        read_scores(CSV + "A,1,,,30,0\n")
    with pytest.raises(InvalidScores, match="row 2, column had_plan"):
        read_scores(CSV + "A,1,1,1,30,yes\n")
    with pytest.raises(InvalidScores, match="row 2, column impact: empty"):
        read_scores(CSV + "A,1,1,,30,1\n")
    with pytest.raises(InvalidTiers):
        parse_tiers("가:7")


def test_command_prints_json_in_rank_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "scores.csv"
    path.write_text(CSV + "강서구,30,30,24,30,1\n강남구,,,,33.3,0\n종로구,35,35,35,40,1\n", "utf-8")
    assert (
        main(
            [
                "grade",
                str(path),
                "--tiers",
                "가:1:1100000000,나:1:1000000000,다:1:900000000",
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "districts": [
            {
                "district": "종로구",
                "total": "100.000",
                "rank": 1,
                "grade": "가",
                "funding_won": 1100000000,
            },
            {
                "district": "강남구",
                "total": "83.250",
                "rank": 2,
                "grade": "나",
                "funding_won": 1000000000,
            },
            {
                "district": "강서구",
                "total": "78.000",
                "rank": 3,
                "grade": "다",
                "funding_won": 900000000,
            },
        ],
        "funding_total_won": 3000000000,
    }


def test_command_refuses_tier_counts_that_do_not_add_up(tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    path.write_text(CSV + "A,1,1,1,30,1\nB,1,1,1,20,1\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "maeul.cli", "evaluation", "grade", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "must add up to the number of districts" in done.stderr
    assert "Traceback" not in done.stderr


def test_default_tiers_are_seouls_2021() -> None:
    assert [(t.name, t.count, t.amount_won) for t in SEOUL_2021_TIERS] == [
        ("가", 7, 1_100_000_000),
        ("나", 11, 1_000_000_000),
        ("다", 7, 900_000_000),
    ]
