"""``maeul evaluation grade SCORES.csv``: the district grading without Django or a database.

An official (or an auditor) can redo the published grading on a laptop from the scores. Exit
status: 0 done; 2 bad input, printed as one line naming the row and column. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from maeul.engine.innovation.csvio import parse_tiers, read_scores
from maeul.engine.innovation.errors import InnovationError
from maeul.engine.innovation.grading import Grading, grade

EXIT_OK = 0
EXIT_BAD_INPUT = 2
DEFAULT_TIERS = "가:7:1100000000,나:11:1000000000,다:7:900000000"


def as_json(result: Grading) -> dict[str, object]:
    return {
        "districts": [
            {
                "district": g.district,
                "total": g.total_text,
                "rank": g.rank,
                "grade": g.grade,
                "funding_won": g.funding_won,
            }
            for g in result.districts
        ],
        "funding_total_won": result.funding_total_won,
    }


def _table(result: Grading) -> str:
    lines = ["rank  grade  total    funding_won    district"]
    for g in result.districts:
        lines.append(
            f"{g.rank:>4}  {g.grade:<5}  {g.total_text:>7}  {g.funding_won:>13,}  {g.district}"
        )
    lines.append(f"funding total: {result.funding_total_won:,} won")
    if result.extra_funding_won:
        lines.append(
            f"ties at a tier boundary cost {result.extra_funding_won:,} won beyond the tiers"
        )
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="maeul evaluation", description="District evaluation: relative grading."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    grade_cmd = commands.add_parser("grade", help="grade districts from SCORES.csv")
    grade_cmd.add_argument("scores", help="CSV: district,basic,process,impact,pb,had_plan")
    grade_cmd.add_argument("--tiers", default=DEFAULT_TIERS, help="NAME:COUNT:WON,...")
    grade_cmd.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(list(argv))
    try:
        with open(args.scores, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as failure:
        print(f"error: {args.scores}: {failure}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        result = grade(read_scores(text), parse_tiers(args.tiers))
    except InnovationError as failure:
        print(f"error: {args.scores}: {failure.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps(as_json(result), ensure_ascii=False, indent=2))
    else:
        print(_table(result))
    return EXIT_OK
