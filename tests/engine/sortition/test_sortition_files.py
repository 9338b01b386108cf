"""CSV formats, quotas from shares, and the messages for bad input."""

from __future__ import annotations

import io
import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maeul.engine.sortition import (
    FeatureQuota,
    InvalidInput,
    InvalidPool,
    InvalidQuotas,
    Person,
    largest_remainder,
    normalise_household,
    parse_features,
    parse_people,
    parse_shares,
    quotas_from_shares,
    read_features_csv,
    read_people_csv,
    write_features_csv,
    write_people_csv,
)
from tests.engine.sortition.sortition_pools import data_dir

QUOTAS = [
    FeatureQuota("gender", "female", 1, 2),
    FeatureQuota("gender", "male", 1, 2),
]


def test_sortition_foundation_features_with_flex(tmp_path: Path) -> None:
    quotas = read_features_csv(data_dir() / "fixture150" / "features.csv")
    assert quotas[0] == FeatureQuota("Gender", "Female", 11, 12, 0, 12)
    out = io.StringIO()
    write_features_csv(out, quotas)
    assert parse_features(out.getvalue()) == quotas


def test_nature_replication_format_uses_row_numbers() -> None:
    base = data_dir() / "example_small_20"
    quotas = read_features_csv(base / "categories.csv")
    assert FeatureQuota("gender", "female", 9, 20) in quotas
    people = read_people_csv(base / "respondents.csv", quotas)
    assert [p.id for p in people[:3]] == ["0", "1", "2"]
    assert people[0].features == {"gender": "female", "leaning": "conservative"}


def test_extra_columns_are_kept_and_written_back() -> None:
    text = "id,gender,name,household\np1,female,Kim,  Apt 1 \np2,male,Lee,apt-1\n"
    people = parse_people(text, QUOTAS, household_columns=["household"])
    assert people[0].extra == {"name": "Kim", "household": "Apt 1"}
    assert people[0].household == people[1].household == "apt 1"
    out = io.StringIO()
    write_people_csv(out, people)
    assert out.getvalue().splitlines()[0] == "id,gender,name,household"
    assert parse_people(out.getvalue(), QUOTAS)[1].extra["name"] == "Lee"


def test_household_key_normalisation() -> None:
    assert normalise_household("12-3 Siheung-daero,  APT 101") == normalise_household(
        "12 3 siheung daero apt 101"
    )
    assert normalise_household("서울 금천구 시흥대로 1") == "서울 금천구 시흥대로 1"
    assert normalise_household("  ") is None


@pytest.mark.parametrize(
    ("text", "row", "column", "fragment"),
    [
        ("id,gender\np1,female\np2,robot\n", 3, "gender", "'robot' is not in the quotas"),
        ("id,gender\np1,female\np1,male\n", 3, "id", "duplicate id 'p1' (first on row 2)"),
        ("id,sex\np1,female\n", 1, "gender", "column of feature 'gender'"),
        ("id,gender\n,female\n", 2, "id", "empty id"),
        ("id,gender\np1,female,extra\n", 2, None, "3 cells but the header has 2"),
    ],
)
def test_bad_people_name_row_and_column(
    text: str, row: int, column: str | None, fragment: str
) -> None:
    with pytest.raises(InvalidPool) as caught:
        parse_people(text, QUOTAS, "people.csv")
    error = caught.value
    assert error.row == row
    assert error.column == column
    assert fragment in str(error)
    assert str(error).startswith("people.csv, row ")


def test_missing_id_column_named_explicitly() -> None:
    with pytest.raises(InvalidPool, match="column 'pid'"):
        parse_people("id,gender\np1,female\n", QUOTAS, "people.csv", id_column="pid")


@pytest.mark.parametrize(
    ("text", "row", "column", "fragment"),
    [
        ("feature,value,min,max\ng,a,3,1\n", 2, "min", "minimum 3 is above maximum 1"),
        ("feature,value,min,max\ng,a,x,1\n", 2, "min", "'x' is not a whole number"),
        ("feature,value,min,max\ng,a,1,2\ng,a,1,2\n", 3, "value", "already on row 2"),
        ("feature,value,min,max\ng,a,-1,2\n", 2, "min", "negative"),
        ("name,low,high\ng,1,2\n", 1, None, "expected columns"),
    ],
)
def test_bad_features(text: str, row: int, column: str | None, fragment: str) -> None:
    with pytest.raises(InvalidQuotas) as caught:
        parse_features(text, "features.csv")
    assert caught.value.row == row
    assert caught.value.column == column
    assert fragment in str(caught.value)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"id,gender\np1,female\n" + "p2,여성\n".encode("euc-kr"))
    with pytest.raises(InvalidInput) as caught:
        read_people_csv(path, QUOTAS)
    assert caught.value.row == 3
    assert "not UTF-8" in str(caught.value)
    assert str(path) in str(caught.value)


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "features.csv"
    path.write_bytes("\ufefffeature,value,min,max\ng,a,0,1\n".encode())
    assert read_features_csv(path) == [FeatureQuota("g", "a", 0, 1)]


def test_quotas_from_shares_floor_and_ceil() -> None:
    quotas = quotas_from_shares({"gender": {"female": 0.51, "male": 0.49}}, 35)
    assert quotas == [
        FeatureQuota("gender", "female", 17, 18),
        FeatureQuota("gender", "male", 17, 18),
    ]
    exact = quotas_from_shares({"gender": {"female": 0.51, "male": 0.49}}, 35, exact=True)
    assert [(q.value, q.min, q.max) for q in exact] == [("female", 18, 18), ("male", 17, 17)]


def test_quotas_from_head_counts_and_exact_integers() -> None:
    quotas = quotas_from_shares({"age": {"20s": 200, "30s": 300, "40s": 500}}, 10)
    assert [(q.min, q.max) for q in quotas] == [(2, 2), (3, 3), (5, 5)]


def test_shares_file_accepts_percentages() -> None:
    shares = parse_shares("feature,value,share\ngender,female,50.5%\ngender,male,49.5%\n")
    assert shares == {"gender": {"female": Fraction("50.5"), "male": Fraction("49.5")}}
    with pytest.raises(InvalidQuotas, match="row 2, column 'share'"):
        parse_shares("feature,value,share\ngender,female,lots\n", "shares.csv")


@given(
    st.lists(st.integers(0, 1000), min_size=1, max_size=8).filter(lambda xs: sum(xs) > 0),
    st.integers(1, 300),
)
def test_largest_remainder_adds_up_within_floor_and_ceil(counts: list[int], k: int) -> None:
    shares = {f"v{i}": c for i, c in enumerate(counts)}
    seats = largest_remainder(shares, k)
    assert sum(seats.values()) == k
    total = sum(counts)
    for i, c in enumerate(counts):
        exact = Fraction(c * k, total)
        assert math.floor(exact) <= seats[f"v{i}"] <= math.ceil(exact)
    for q in quotas_from_shares({"f": shares}, k):
        assert q.min <= seats[q.value] <= q.max


def test_person_is_a_plain_value() -> None:
    person = Person("p1", {"gender": "female"})
    assert person.household is None
    assert person.extra == {}
