"""``maeul vote verify --record FILE``: check a published vote from its ballot record alone.

Runs without Django, settings or a database (``maeul.cli`` dispatches here before Django is
imported when ``--record`` is given). Exit status: 0 the record checks out; 1 something differs
(every difference is printed); 2 the file cannot be read as a ballot record. Never a
traceback: a journalist runs this.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from maeul.engine.voting.record import InvalidRecord, parse_record, result_sha256
from maeul.engine.voting.verify import Finding, verify_record

EXIT_OK = 0
EXIT_MISMATCH = 1
EXIT_BAD_INPUT = 2


def _language(choice: str | None) -> str:
    if choice:
        return choice
    return "en" if os.environ.get("LANG", "").startswith("en") else "ko"


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="maeul vote",
        description="Recount a published resident vote from its published ballot record.",
    )
    sub = parser.add_subparsers(dest="action", required=True)
    verify = sub.add_parser("verify", help="recount and compare with the published result")
    verify.add_argument("--record", required=True, metavar="FILE", help="record.json")
    verify.add_argument(
        "--expect-entry-hash",
        metavar="HASH",
        help="the publication's audit entry hash as you saw it published earlier",
    )
    verify.add_argument("--lang", choices=("ko", "en"), help="language of the report")
    args = parser.parse_args(list(argv))
    lang = _language(args.lang)
    try:
        record = parse_record(Path(args.record).read_text(encoding="utf-8"))
    except OSError as error:
        print(f"{args.record}: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (InvalidRecord, UnicodeDecodeError) as error:
        print(f"{args.record}: not a Maeul ballot record: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    problems = verify_record(record)
    entry = record.publication
    if args.expect_entry_hash and (entry is None or entry.entry_hash != args.expect_entry_hash):
        problems.append(
            Finding(
                "publication",
                f"entry hash {entry.entry_hash if entry else None} is not the expected "
                f"{args.expect_entry_hash}",
                f"공표 항목 해시 {entry.entry_hash if entry else None}가 기대한 "
                f"{args.expect_entry_hash}와 다름",
            )
        )
    poll = record.poll
    name = f"{poll.get('code', poll['id'])} ({poll.get('title', '')})"
    if problems:
        header = (
            f"poll {name}: the record does NOT match what was published:"
            if lang == "en"
            else f"투표 {name}: 기록이 공표된 내용과 맞지 않습니다:"
        )
        print(header)
        for problem in problems:
            print(f"  {problem.text(lang)}")
        return EXIT_MISMATCH
    assert entry is not None  # a record without its publication entry is a finding above
    facts = {
        "ballots": len(record.ballots),
        "outcome": record.result.get("outcome"),
        "sha": result_sha256(record.result),
    }
    if lang == "en":
        print(
            f"poll {name}: the recount of {facts['ballots']} ballots matches every published "
            f"figure (outcome {facts['outcome']}); result sha256 {facts['sha']} is the one the "
            f"audit log recorded in entry {entry.seq} (entry hash {entry.entry_hash})."
        )
    else:
        print(
            f"투표 {name}: 투표지 {facts['ballots']}장의 재집계가 공표된 모든 수치와 같습니다"
            f"(결과 {facts['outcome']}). 결과 해시 sha256 {facts['sha']}는 감사 로그 "
            f"{entry.seq}번 항목(해시 {entry.entry_hash})에 기록된 값과 같습니다."
        )
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
