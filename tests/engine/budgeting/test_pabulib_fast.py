"""The column-wise VOTES reader against the row-by-row one.

``read_pb`` splits the VOTES section in one pass when it is plain (no quote, no blank line,
no space next to a separator, every row as wide as the header) and otherwise, or on any
error, reads it row by row. These tests force the row-by-row reader and require the same
profile, or the same error message, on every shared file and on random vote sections full
of irregularities (hypothesis).
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pb_data import ALL_FILES, APPROVAL_FILES, file_ids, needs_data

from maeul.engine.budgeting import (
    BudgetingError,
    Instance,
    Profile,
    Project,
    pabulib,
    read_pb,
    write_pb,
)
from maeul.engine.budgeting._support import build_support
from maeul.engine.budgeting.model import Rows


def _row_by_row(source: str | Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Instance, Profile]:
    with monkeypatch.context() as patch:
        patch.setattr(pabulib, "_fast_profile", lambda *args: None)
        return read_pb(source, name="x.pb")


def _outcome(source: str | Path) -> tuple[Instance, Profile] | str:
    try:
        return read_pb(source, name="x.pb")
    except BudgetingError as exc:
        return f"{type(exc).__name__}: {exc}"


@needs_data
@pytest.mark.parametrize("path", ALL_FILES, ids=file_ids(ALL_FILES))
def test_shared_files_take_the_fast_path_and_agree(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bool] = []
    fast = pabulib._fast_profile

    def spy(*args: object) -> Profile | None:
        result = fast(*args)  # type: ignore[arg-type]
        calls.append(result is not None)
        return result

    with monkeypatch.context() as patch:
        patch.setattr(pabulib, "_fast_profile", spy)
        instance, profile = read_pb(path)
    assert calls == [True], "a shared file fell back to the row-by-row reader"
    slow_instance, slow_profile = _row_by_row(path, monkeypatch)
    assert (instance, profile) == (slow_instance, slow_profile)
    assert profile.voter_data == slow_profile.voter_data
    # The index recorded while parsing is the one computed from the votes.
    distinct, inverse = profile.distinct_ballots()
    assert (distinct, inverse) == slow_profile.distinct_ballots()
    assert tuple(distinct[i] for i in inverse) == profile.votes


@needs_data
@pytest.mark.parametrize("path", APPROVAL_FILES[:6], ids=file_ids(APPROVAL_FILES[:6]))
def test_support_views_match_the_ballots(path: Path) -> None:
    instance, profile = read_pb(path)
    support = build_support(instance, profile)
    index = {p: i for i, p in enumerate(instance.ids)}
    for voter, ballot in enumerate(profile.votes):
        row = support.indices[support.indptr[voter] : support.indptr[voter + 1]]
        assert row.tolist() == [index[p] for p in ballot]
    for q, pid in enumerate(instance.ids):
        expected = [v for v, ballot in enumerate(profile.votes) if pid in ballot]
        assert support.supporters[q].tolist() == expected
        assert support.size[q] == len(expected)
        assert support.type_weight[support.type_supporters[q]].sum() == len(expected)
    assert support.type_weight.sum() == len(profile)


def test_wide_spaces_are_every_space_str_strip_removes() -> None:
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    ascii_spaces = {c for c in spaces if c < "\x80"}
    assert set(pabulib._WIDE_SPACES) == spaces - ascii_spaces
    assert all(c <= " " for c in ascii_spaces)  # found by the byte scan of _plain


HEAD = """META
key;value
budget;100
vote_type;{vote_type}
PROJECTS
project_id;cost;name
p1;10;a
p2;20;b
p3;30;c
VOTES
"""

FIELD = st.sampled_from(["p1", "p2", "p3", "p9", "", " ", "p1 ", "\t", '"', "x y", "\u00a0", "é"])


@st.composite
def vote_sections(draw: st.DrawFn) -> str:
    """A small file whose VOTES section is plain about half of the time; otherwise one or two
    rows carry an irregularity (a bad token, a stray space or quote, a missing or extra
    field, a repeated project or voter, a blank line)."""
    vote_type = draw(st.sampled_from(["approval", "choose-1", "cumulative", "ordinal"]))
    points = vote_type == "cumulative"
    extra = draw(st.lists(st.sampled_from(["age", "sex", "district"]), unique=True, max_size=2))
    header = ["voter_id", "vote"] + (["points"] if points else []) + extra
    lines = [";".join(header)]
    n = draw(st.integers(0, 8))
    odd = set(draw(st.lists(st.integers(0, max(n - 1, 0)), max_size=2))) if n else set()
    for voter in range(n):
        most = 1 if vote_type == "choose-1" else 3
        ballot = draw(st.lists(st.sampled_from(["p1", "p2", "p3"]), max_size=most, unique=True))
        row = [str(voter + 1), ",".join(ballot)]
        if points:
            row.append(",".join(draw(st.sampled_from(["1", "2", "0,5", "3.25"])) for _ in ballot))
        row += [draw(st.sampled_from(["30", "F", "", "a b", "é", "x,y"])) for _ in extra]
        text = ";".join(row)
        if voter in odd:
            kind = draw(st.integers(0, 7))
            if kind == 0 and row[1]:
                text = text.replace(row[1], row[1] + "," + draw(FIELD), 1)
            elif kind == 1:
                at = draw(st.integers(0, len(text)))
                text = text[:at] + draw(FIELD) + text[at:]
            elif kind == 2:
                text = text + ";" + draw(FIELD)
            elif kind == 3:
                text = text.rsplit(";", 1)[0]
            elif kind == 4:
                lines.append("")
            elif kind == 5:
                text = "1" + text[len(row[0]) :]
            elif kind == 6 and points:
                text = text.replace(row[2], row[2] + ",x" if row[2] else "1", 1)
            elif kind == 7:
                text = text.replace(row[1], "p2,p2", 1) if row[1] else text
        lines.append(text)
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    tail = draw(st.sampled_from(["", ending, ending * 2]))
    return (HEAD.format(vote_type=vote_type) + "\n".join(lines) + tail).replace("\n", ending)


@settings(max_examples=400, deadline=None)
@given(vote_sections())
def test_random_vote_sections_agree_with_the_row_reader(text: str) -> None:
    fast = _outcome(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pabulib, "_fast_profile", lambda *args: None)
        slow = _outcome(text)
    assert fast == slow
    if not isinstance(fast, str) and not isinstance(slow, str):
        assert fast[1].voter_data == slow[1].voter_data
        assert fast[1].distinct_ballots() == slow[1].distinct_ballots()


def test_distinct_ballots_of_a_profile_built_in_code() -> None:
    profile = Profile.approvals([["a", "b"], ["c"], ["a", "b"], [], ["c"]])
    distinct, inverse = profile.distinct_ballots()
    assert distinct == (("a", "b"), ("c",), ())
    assert inverse == (0, 1, 0, 2, 1)
    assert np.array_equal(np.asarray(inverse), [0, 1, 0, 2, 1])


def test_a_quoted_first_vote_row_spanning_lines_is_read_by_the_csv_module() -> None:
    # Found by hypothesis: the unterminated quote makes the csv module read both lines as
    # one field of the first row; the fast path must not start at the second line.
    text = HEAD.format(vote_type="approval") + 'voter_id;vote;age\n"1;p1;30\n2;p2;30\n'
    assert _outcome(text) == "ParseError: x.pb line 13: vote row has 1 fields, the header has 3"


def test_ballots_in_another_order_are_one_type() -> None:
    instance = Instance(
        budget=Fraction(10), projects=(Project("b", Fraction(3)), Project("a", Fraction(4)))
    )
    profile = Profile.approvals([["a", "b"], ["b", "a"], ["a"], ["a", "b"], []])
    support = build_support(instance, profile)
    assert sorted(support.type_weight.tolist()) == [1.0, 1.0, 3.0]
    assert support.size == [3, 4]
    assert support.supporters[0].tolist() == [0, 1, 3]
    canonical = Profile.approvals([["a", "b"], ["a", "b"], ["a"], ["a", "b"], []])
    assert sorted(build_support(instance, canonical).type_weight.tolist()) == [1.0, 1.0, 3.0]


def test_rows_stand_for_the_tuple_of_rows() -> None:
    rows = Rows([["30", "41", "52"], ["F", "M", "F"]], 3)
    as_tuple = (("30", "F"), ("41", "M"), ("52", "F"))
    assert rows == as_tuple and as_tuple == rows and rows == list(as_tuple)
    assert rows == Rows([("30", "41", "52"), ("F", "M", "F")], 3)
    assert rows != Rows([["30", "41", "52"], ["F", "M", "M"]], 3)
    assert rows != as_tuple[:2] and rows != "abc"
    assert hash(rows) == hash(as_tuple)
    assert rows[1] == ("41", "M") and rows[-1] == ("52", "F") and rows[1:] == as_tuple[1:]
    assert list(rows) == list(as_tuple) and len(rows) == 3
    assert tuple(reversed(rows)) == tuple(reversed(as_tuple))
    assert rows.index(("41", "M")) == 1 and ("52", "F") in rows
    with pytest.raises(IndexError):
        rows[3]
    with pytest.raises(ValueError):
        Rows([["30"], ["F", "M"]], 2)
    with pytest.raises(ValueError):
        Rows([], 0)


def test_profiles_with_rows_and_with_tuples_are_equal() -> None:
    text = HEAD.format(vote_type="approval") + "voter_id;vote;age\n1;p1;30\n2;p2,p3;41\n"
    instance, profile = read_pb(text)
    assert isinstance(profile.voter_data, Rows)
    built = Profile(
        voter_ids=("1", "2"),
        votes=(("p1",), ("p2", "p3")),
        columns=("age",),
        voter_data=(("30",), ("41",)),
    )
    assert profile == built and hash(profile) == hash(built)
    assert read_pb(write_pb(instance, profile)) == (instance, profile)
