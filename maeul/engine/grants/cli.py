"""``maeul grants screen CALL.json APPLICATIONS.json [--json] [--lang ko|en]``: screen
applications against a call's rules without Django or a database (an official checks a batch
on a laptop before entering anything).

Output with ``--json``: ``[{"id", "eligible", "reasons": [codes]}]`` in input order; without
it, one line per application with the reasons as sentences. Exit status: 0 done (whatever the
verdicts); 2 bad input, one message naming the file and the key, in Korean and English, never
a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .eligibility import screen_all
from .errors import GrantsError
from .model import applications_from_list, call_from_dict

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _read_json(path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GrantsError(
            "unreadable", f"{path}: cannot read ({error})", f"{path}: 읽을 수 없습니다 ({error})"
        ) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise GrantsError(
            "malformed",
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno})",
            f"{path}: 올바른 JSON이 아닙니다 ({error.lineno}행 {error.colno}열)",
        ) from error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maeul grants", description="Grant calls: screen applications against a call."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    screen = sub.add_parser("screen", help="eligibility of each application, with reasons")
    screen.add_argument("call", help="CALL.json: the call's rules")
    screen.add_argument("applications", help="APPLICATIONS.json: a list of applications")
    screen.add_argument("--json", action="store_true", help="machine-readable output")
    screen.add_argument("--lang", choices=("ko", "en"), default="ko", help="language of reasons")
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        call = call_from_dict(_read_json(args.call), where=args.call)
        applications = applications_from_list(
            _read_json(args.applications), where=args.applications
        )
    except GrantsError as error:
        print(f"{error.en}\n{error.ko}", file=sys.stderr)
        return EXIT_BAD_INPUT
    screenings = screen_all(call, applications)
    if args.json:
        json.dump([s.as_json() for s in screenings], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    for s in screenings:
        verdict = (
            ("적격" if args.lang == "ko" else "eligible")
            if s.eligible
            else ("부적격" if args.lang == "ko" else "not eligible")
        )
        print(f"{s.id}\t{verdict}")
        for reason in s.reasons:
            print(f"  - [{reason.code}] {reason.text(args.lang)}")
    return EXIT_OK
