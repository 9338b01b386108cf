"""Finding 3 of the security review (issue 12): ``maeul vote verify`` checked the database
against itself.

Changing ballots and rewriting the stored result to match passed both ``vote verify`` and
``audit verify``: the ``result_sha256`` the audit log recorded at publication was never
compared, nor were the shares. Verification now recomputes the result from the ballots,
compares it with every published figure and with the hash in the (verified) audit chain, and
runs the same way offline from the published ballot record, without Django or a database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import compute_hash
from maeul.cli import main as maeul_main
from maeul.engine.voting import parse_record, recount, result_sha256, verify_record
from maeul.voting import services
from maeul.voting.models import Ballot, BallotChoice, Poll
from maeul.voting.selectors import poll_tally
from maeul.voting.verification import ballot_record, poll_verify_published, publication_entry
from tests.voting.conftest import make_poll, manager, option_ids

__all__ = ["make_poll", "manager"]  # fixtures

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def voters(places: dict[str, Any], make_resident: Any) -> list[Any]:
    return [make_resident(places["geumcheon"], places["gasan"]) for _ in range(5)]


def _published(
    make_poll: Any,
    voters: list[Any],
    manager: Any,
    time_machine: Any,
    picks: list[list[int]] | None = None,
    **fields: Any,
) -> Poll:
    """A poll with ballots (option indexes per voter), closed and published."""
    fields.setdefault("closes_at", timezone.now() + dt.timedelta(minutes=5))
    poll = make_poll(**fields)
    ids = option_ids(poll)
    for voter, pick in zip(voters, picks or [[0], [0], [1], [0], [2]], strict=False):
        services.ballot_cast(voter=voter, poll=poll, choices=[ids[i] for i in pick])
    time_machine.move_to(poll.closes_at + dt.timedelta(minutes=1))
    return services.poll_publish(actor=manager, poll=poll)


def _rewrite_a_ballot_and_the_result(poll: Poll) -> None:
    """The attack: move one ballot from option 1 to option 2, then store the recount as the
    result so that recount == stored result (what the old verify compared)."""
    ids = option_ids(poll)
    choice = BallotChoice.objects.filter(poll=poll, option_id=ids[0]).first()
    BallotChoice.objects.filter(pk=choice.pk).update(option_id=ids[1])
    Poll.objects.filter(pk=poll.pk).update(result=poll_tally(poll).as_dict())


def test_a_clean_poll_verifies(make_poll: Any, voters: list[Any], manager: Any, time_machine: Any):
    poll = _published(make_poll, voters, manager, time_machine)
    assert poll_verify_published(poll) == []
    out = _command("verify", poll.code)
    entry = publication_entry(poll)
    assert "matches" in out and f"audit entry {entry.seq}" in out and entry.entry_hash in out
    # The engine's entry hash is the audit log's, byte for byte.
    record = parse_record(json.dumps(ballot_record(poll)))
    assert record.publication.recomputed_hash() == compute_hash(
        prev_hash=entry.prev_hash,
        seq=entry.seq,
        created_at=entry.created_at,
        kind=entry.kind,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        municipality_code=entry.municipality_code,
        subject=entry.subject,
        payload=entry.payload,
    )


def _command(*args: str) -> str:
    import io

    out = io.StringIO()
    call_command("vote", *args, stdout=out)
    return out.getvalue()


def test_changed_ballot_and_rewritten_result_fail_naming_the_hash(
    make_poll: Any, voters: list[Any], manager: Any, time_machine: Any
) -> None:
    poll = _published(make_poll, voters, manager, time_machine)
    _rewrite_a_ballot_and_the_result(poll)
    poll.refresh_from_db()
    # The old check (recount against the stored result) is fooled ...
    assert services.poll_verify(poll) == []
    # ... the new one is not: the stored result is not the one the audit log recorded.
    problems = poll_verify_published(poll)
    assert [p.what for p in problems] == ["result_sha256"], problems
    assert "changed afterwards" in problems[0].en and "공표 뒤에" in problems[0].ko
    with pytest.raises(CommandError, match="does NOT match") as error:
        _command("verify", poll.code)
    assert "result_sha256" in str(error.value)


def test_changed_ballot_alone_fails_naming_votes_and_shares(
    make_poll: Any, voters: list[Any], manager: Any, time_machine: Any
) -> None:
    poll = _published(make_poll, voters, manager, time_machine)
    ids = option_ids(poll)
    choice = BallotChoice.objects.filter(poll=poll, option_id=ids[0]).first()
    BallotChoice.objects.filter(pk=choice.pk).update(option_id=ids[1])
    what = {p.what for p in poll_verify_published(poll)}
    assert {
        "option 'Park' ballot_votes",
        "option 'Park' votes",
        "option 'Park' share",
        "option 'Park' first_preferences",
        "option 'Library' votes",
        "option 'Library' share",
    } <= what, what


def test_a_rehashed_audit_entry_breaks_the_chain(
    make_poll: Any, voters: list[Any], manager: Any, time_machine: Any
) -> None:
    """Rewriting the publication entry to the new hash (and re-hashing it) is caught by the
    chain check: the next entry no longer links to it."""
    poll = _published(make_poll, voters, manager, time_machine)
    make_poll(code="later")  # later audit entries (created, announced)
    _rewrite_a_ballot_and_the_result(poll)
    poll.refresh_from_db()
    entry = publication_entry(poll)
    data = json.loads(entry.payload)
    data["result_sha256"] = result_sha256(poll.result)
    payload = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    rehashed = compute_hash(
        prev_hash=entry.prev_hash,
        seq=entry.seq,
        created_at=entry.created_at,
        kind=entry.kind,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        municipality_code=entry.municipality_code,
        subject=entry.subject,
        payload=payload,
    )
    AuditEntry.objects.filter(seq=entry.seq).update(payload=payload, entry_hash=rehashed)
    problems = poll_verify_published(poll)
    assert problems and problems[0].what == "audit chain", problems
    assert f"entry {entry.seq + 1} does not link" in problems[0].en


def _download(poll: Poll) -> dict[str, Any]:
    response = Client().get(f"/votes/{poll.pk}/record.json")  # anonymous
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def _offline(tmp_path: Path, record: dict[str, Any], *extra: str) -> tuple[int, str]:
    """``maeul vote verify --record FILE`` in a fresh interpreter with no Django settings;
    also reports whether Django was imported at all."""
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    code = (
        "import sys\n"
        "from maeul.cli import main\n"
        f"status = main(['maeul', 'vote', 'verify', '--record', {str(path)!r}, '--lang', 'en',"
        f" *{list(extra)!r}])\n"
        "print('DJANGO' if any(m.split('.')[0] == 'django' for m in sys.modules) else 'PURE')\n"
        "sys.exit(status)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "MAEUL"))}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO
    )
    assert done.stdout.strip().endswith("PURE"), done.stdout + done.stderr
    return done.returncode, done.stdout + done.stderr


def test_the_published_record_verifies_offline_and_a_doctored_one_fails(
    make_poll: Any, voters: list[Any], manager: Any, time_machine: Any, tmp_path: Path
) -> None:
    poll = _published(make_poll, voters, manager, time_machine)
    record = _download(poll)
    status, out = _offline(tmp_path, record)
    assert status == 0 and "matches every published figure" in out, out
    entry_hash = record["publication"]["entry_hash"]

    # A doctored record: one ballot moved to another option.
    ids = option_ids(poll)
    doctored = json.loads(json.dumps(record))
    moved = next(b for b in doctored["ballots"] if b["choices"][0][0] == ids[0])
    moved["choices"] = [[ids[1], 1]]
    status, out = _offline(tmp_path, doctored)
    assert status == 1 and "option 'Park' votes: published 3, recounted 2" in out, out

    # ... with the result rewritten to match: the hash recorded at publication differs.
    doctored["result"] = recount(
        parse_record(json.dumps(doctored)),
        participants=5,
        electorate=record["result"]["electorate"],
    )
    doctored["result_sha256"] = result_sha256(doctored["result"])
    status, out = _offline(tmp_path, doctored)
    assert status == 1 and "result_sha256" in out and "changed afterwards" in out, out

    # ... and with the audit entry forged and re-hashed too: its hash is no longer the one
    # published (the journalist's saved copy, the chain on the server).
    publication = doctored["publication"]
    data = json.loads(publication["data"])
    data["result_sha256"] = doctored["result_sha256"]
    publication["data"] = json.dumps(data, sort_keys=True, separators=(",", ":"))
    parsed = parse_record(json.dumps(doctored))
    publication["entry_hash"] = parsed.publication.recomputed_hash()
    status, out = _offline(tmp_path, doctored, "--expect-entry-hash", entry_hash)
    assert status == 1 and "is not the expected" in out, out
    # A hand edit of the entry without re-hashing it is caught by the entry's own hash.
    publication["entry_hash"] = entry_hash
    assert any(
        "changed after it was written" in p.en
        for p in verify_record(parse_record(json.dumps(doctored)))
    )

    # Not a record at all: exit 2 with one line, no traceback.
    (tmp_path / "junk.json").write_text("{}", encoding="utf-8")
    assert maeul_main(["maeul", "vote", "verify", "--record", str(tmp_path / "junk.json")]) == 2


def test_the_record_names_nobody_and_links_receipts_only_on_public_polls(
    make_poll: Any, voters: list[Any], manager: Any, time_machine: Any
) -> None:
    secret = _published(make_poll, voters, manager, time_machine)
    record = _download(secret)
    text = json.dumps(record, ensure_ascii=False)
    for voter in voters:
        assert voter.username not in text
    assert all(set(b) == {"choices"} for b in record["ballots"])
    assert record["receipts"] == sorted(
        Ballot.objects.filter(poll=secret).values_list("receipt", flat=True)
    )
    assert record["ballots"] == sorted(record["ballots"], key=lambda b: b["choices"])
    public = _published(
        make_poll, voters, manager, time_machine, code="public-poll", secrecy="public"
    )
    record = _download(public)
    assert all(set(b) == {"choices", "receipt"} for b in record["ballots"])
    assert [b["receipt"] for b in record["ballots"]] == record["receipts"]


def test_no_record_before_publication(make_poll: Any) -> None:
    poll = make_poll()
    assert Client().get(f"/votes/{poll.pk}/record.json").status_code == 404
    with pytest.raises(CommandError, match="not published"):
        _command("verify", poll.code)


@pytest.mark.parametrize(
    ("fields", "picks"),
    [
        ({"kind": "multiple", "max_choices": 2}, [[0, 1], [1], [1, 2], [0], [2, 1]]),
        ({"kind": "approval", "max_choices": 3}, [[0, 1, 2], [1], [2], [], [0]]),
        ({"kind": "ranking"}, [[0, 1, 2], [1, 0], [2], [1, 2, 0], [0, 2]]),
        ({"result_rule": "majority", "threshold_percent": 60}, [[0], [0], [1], [0], [2]]),
        ({"result_rule": "quorum", "quorum_percent": 90, "electorate_size": 4}, [[0], [1], [1]]),
        ({"result_rule": "quorum", "quorum_percent": 40, "electorate_size": 7}, [[1], [1], [2]]),
        ({}, [[0], [1], [2], [0], [1]]),  # a three-way tie ... two-way tie
        ({"revote": "last_counts"}, [[0], [1], [2], [0], [1]]),
    ],
)
def test_the_engine_recount_equals_the_app_tally(
    make_poll: Any,
    voters: list[Any],
    manager: Any,
    time_machine: Any,
    fields: dict[str, Any],
    picks: list[list[int]],
) -> None:
    """Differential: the verifier's second implementation of the count gives the published
    result exactly on every kind and rule (ties, no majority, no quorum, replaced ballots)."""
    picks = [p for p in picks if p]
    poll = make_poll(closes_at=timezone.now() + dt.timedelta(minutes=5), **fields)
    ids = option_ids(poll)
    for voter, pick in zip(voters, picks, strict=False):
        services.ballot_cast(voter=voter, poll=poll, choices=[ids[i] for i in pick])
    if fields.get("revote") == "last_counts":  # the first voter changes their mind
        services.ballot_cast(voter=voters[0], poll=poll, choices=[ids[2]])
    time_machine.move_to(poll.closes_at + dt.timedelta(minutes=1))
    poll = services.poll_publish(actor=manager, poll=poll)
    record = parse_record(json.dumps(ballot_record(poll)))
    fresh = recount(
        record, participants=poll.result["participants"], electorate=poll.result["electorate"]
    )
    assert fresh == poll.result
    assert poll_verify_published(poll) == []


def test_assembly_totals_are_part_of_the_record(
    make_poll: Any, voters: list[Any], manager: Any, time_machine: Any, tmp_path: Path
) -> None:
    poll = make_poll(closes_at=timezone.now() + dt.timedelta(minutes=5), allow_assembly=True)
    a, b, c = option_ids(poll)
    services.ballot_cast(voter=voters[0], poll=poll, choices=[b])
    services.assembly_result_enter(
        chair=manager,
        poll=poll,
        name="가산동 주민총회",
        held_on=timezone.localdate(),
        counts={a: 3, b: 7, c: 0},
        ballots=10,
        roll=[voters[1]],
    )
    time_machine.move_to(poll.closes_at + dt.timedelta(minutes=1))
    poll = services.poll_publish(actor=manager, poll=poll)
    record = _download(poll)
    assert record["assemblies"][0]["counts"] == {str(a): 3, str(b): 7, str(c): 0}
    assert _offline(tmp_path, record)[0] == 0
    record["assemblies"][0]["counts"][str(a)] = 9
    status, out = _offline(tmp_path, record)
    assert status == 1 and "option 'Park' assembly_votes: published 3, recounted 9" in out


@pytest.mark.postgres
def test_postgres_sql_digest_and_record_agree(
    make_poll: Any, voters: list[Any], manager: Any, time_machine: Any
) -> None:
    """On PostgreSQL the published receipts digest is computed in SQL; the record's receipts
    give the same digest in Python."""
    assert connection.vendor == "postgresql"
    poll = _published(make_poll, voters, manager, time_machine)
    assert verify_record(parse_record(json.dumps(ballot_record(poll)))) == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_results_page_links_the_record_on_a_phone(
    live_server: Any,
    phone_page: Any,
    make_poll: Any,
    voters: list[Any],
    manager: Any,
    time_machine: Any,
) -> None:
    """A visitor on a 390 px phone finds the record on the results page and downloads it."""
    from playwright.sync_api import expect

    from tests.browser import assert_fits_screen

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    poll = _published(make_poll, voters, manager, time_machine)
    page = phone_page
    page.goto(f"{live_server.url}/votes/{poll.pk}/results/")
    link = page.get_by_role("link", name="검증용 투표 기록(JSON)")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    record = parse_record(Path(download.value.path()).read_text(encoding="utf-8"))
    assert verify_record(record) == []
    assert_fits_screen(page)


def test_every_demo_poll_verifies_on_the_database_and_from_its_record(shared_demo: None) -> None:
    """The demo's published polls (mobile, paper batches, assemblies, revotes) all verify."""
    polls = list(Poll.objects.filter(published_at__isnull=False).select_related("municipality"))
    assert len(polls) >= 10
    for poll in polls:
        assert poll_verify_published(poll) == [], poll.code
        record = parse_record(json.dumps(ballot_record(poll), default=str))
        assert verify_record(record) == [], poll.code
