"""``maeul jury ...``: the lottery from the command line, without Django or a database.

Sub-commands: ``draw`` (distribution, panel, reserves, audit record), ``quotas`` (quotas from
population shares), ``check`` (feasibility and the smallest relaxation), ``replay``
(recompute a recorded draw from its JSON record and the same input files).

Exit status: 0 done; 1 the quotas cannot be met (``draw``, ``check``) or a replay does not
match; 2 bad input (one line naming file, row and column). Never a traceback: an official
runs this, and a traceback tells them nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from maeul.engine.sortition.csvio import (
    check_quota_sums,
    read_features_csv,
    read_people_csv,
    read_shares_csv,
    read_text,
    write_features_csv,
    write_people_csv,
)
from maeul.engine.sortition.distribution import ALGORITHMS
from maeul.engine.sortition.draw import run_lottery
from maeul.engine.sortition.errors import InfeasibleQuotas, InvalidInput, SortitionError
from maeul.engine.sortition.feasibility import check_feasibility
from maeul.engine.sortition.model import FeatureQuota, LotteryResult, Person
from maeul.engine.sortition.quotas import quotas_from_shares

EXIT_OK = 0
EXIT_INFEASIBLE = 1
EXIT_BAD_INPUT = 2


def _pool_arguments(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument(
        "--people", required=True, help="people CSV (id column, one column per feature)"
    )
    parser.add_argument(
        "--features",
        required=True,
        help="quotas CSV: feature,value,min,max[,min_flex,max_flex] or category,feature,min,max",
    )
    parser.add_argument("--panel", type=int, required=required, metavar="K", help="panel size")
    parser.add_argument(
        "--id-column",
        help="column with the person id (default: id or nationbuilder_id; without one, the row "
        "number from 0)",
    )
    parser.add_argument(
        "--household-column",
        action="append",
        metavar="COL",
        help="household key column, or repeat for address columns (default: 'household' if "
        "the file has it); at most one person per household is selected",
    )
    parser.add_argument(
        "--no-household-rule", action="store_true", help="ignore households entirely"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maeul jury",
        description="Fair citizens' jury lottery (LEXIMIN on HiGHS): quotas, feasibility, draw.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    draw = sub.add_parser("draw", help="draw a panel (and reserves) meeting the quotas")
    _pool_arguments(draw)
    draw.add_argument("--reserves", type=int, default=0, metavar="R", help="number of reserves")
    draw.add_argument("--algorithm", choices=ALGORITHMS, default="leximin")
    draw.add_argument("--seed", type=int, help="seed of the draw (default: a fresh one, recorded)")
    draw.add_argument(
        "--transparent",
        type=int,
        metavar="M",
        help="build M equally likely panels (to publish) and draw one index among them",
    )
    draw.add_argument("--json", action="store_true", help="print the audit record as JSON")
    draw.add_argument("--selected-csv", metavar="PATH", help="write the panel's rows here")
    draw.add_argument("--remaining-csv", metavar="PATH", help="write everyone else's rows here")

    quotas = sub.add_parser("quotas", help="quotas (min/max per value) from population shares")
    quotas.add_argument("--shares", required=True, help="CSV feature,value,share")
    quotas.add_argument("--panel", type=int, required=True, metavar="K", help="panel size")
    quotas.add_argument(
        "--exact", action="store_true", help="min = max = largest-remainder seats (no range)"
    )
    quotas.add_argument(
        "--output", metavar="PATH", help="write the features CSV here (default: stdout)"
    )

    check = sub.add_parser("check", help="can the quotas be met? if not, the smallest change")
    _pool_arguments(check)
    check.add_argument("--json", action="store_true", help="print the report as JSON")

    replay = sub.add_parser("replay", help="recompute a recorded draw and compare")
    replay.add_argument("--result", required=True, help="JSON record printed by 'draw --json'")
    _pool_arguments(replay, required=False)
    return parser


def _household_columns(args: argparse.Namespace, people_path: str) -> list[str]:
    if args.no_household_rule:
        return []
    if args.household_column:
        return [c.strip() for value in args.household_column for c in value.split(",") if c.strip()]
    header = read_text(people_path).splitlines()[:1]
    columns = [c.strip() for c in header[0].split(",")] if header else []
    return ["household"] if "household" in columns else []


def _load(args: argparse.Namespace, k: int) -> tuple[list[Person], list[FeatureQuota], list[str]]:
    quotas = read_features_csv(args.features)
    if k < 1:
        raise InvalidInput(f"panel size must be at least 1, not {k}")
    check_quota_sums(quotas, k, args.features)
    columns = _household_columns(args, args.people)
    people = read_people_csv(
        args.people, quotas, id_column=args.id_column, household_columns=columns
    )
    return people, quotas, columns


def _print_result(result: LotteryResult) -> None:
    d = result.distribution
    print(f"Panel of {result.k} ({result.algorithm}), seed {result.seed}:")
    print("  " + " ".join(result.panel))
    if result.reserves:
        print(f"Reserves, in order ({len(result.reserves)}):")
        print("  " + " ".join(result.reserves))
    if result.published_panels:
        print(
            f"Transparent lottery: panel {result.published_index} of "
            f"{len(result.published_panels)} published panels"
        )
    print(
        f"Selection probability: min {d.min_probability:.4f}, "
        f"geometric mean {d.geometric_mean_probability:.4f}, max {d.max_probability:.4f}"
    )
    print(f"Inputs SHA-256: {result.inputs_sha256}  (engine {result.version})")


def _write_split(path: str, people: Sequence[Person], ids: set[str], inside: bool) -> None:
    rows = [p for p in people if (p.id in ids) == inside]
    with open(path, "w", encoding="utf-8", newline="") as out:
        write_people_csv(out, rows)


def _draw(args: argparse.Namespace) -> int:
    people, quotas, columns = _load(args, args.panel)
    if args.reserves < 0:
        raise InvalidInput(f"--reserves must be 0 or more, not {args.reserves}")
    result = run_lottery(
        people,
        quotas,
        args.panel,
        reserves=args.reserves,
        algorithm=args.algorithm,
        seed=args.seed,
        household_rule=bool(columns),
        transparent_panels=args.transparent,
    )
    if args.json:
        record = result.to_json_dict()
        record["household_columns"] = columns
        record["id_column"] = args.id_column
        print(json.dumps(record, ensure_ascii=False, indent=1))
    else:
        _print_result(result)
    if args.selected_csv:
        _write_split(args.selected_csv, people, set(result.panel), True)
    if args.remaining_csv:
        _write_split(args.remaining_csv, people, set(result.panel), False)
    return EXIT_OK


def _quotas(args: argparse.Namespace) -> int:
    shares = read_shares_csv(args.shares)
    quotas = quotas_from_shares(shares, args.panel, exact=args.exact)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            write_features_csv(out, quotas)
    else:
        write_features_csv(sys.stdout, quotas)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    people, quotas, columns = _load_unchecked(args)
    report = check_feasibility(people, quotas, args.panel, household_rule=bool(columns))
    if args.json:
        print(
            json.dumps(
                {
                    "feasible": report.feasible,
                    "panel_size": report.k,
                    "problems": list(report.problems),
                    "relaxations": [
                        {
                            "feature": r.feature,
                            "value": r.value,
                            "min": r.min,
                            "max": r.max,
                            "new_min": r.new_min,
                            "new_max": r.new_max,
                        }
                        for r in report.relaxations
                    ],
                    "panel_size_possible": report.panel_size_possible,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        print(report.summary())
    return EXIT_OK if report.feasible else EXIT_INFEASIBLE


def _load_unchecked(args: argparse.Namespace) -> tuple[list[Person], list[FeatureQuota], list[str]]:
    """Like :func:`_load` without refusing unbalanced quotas: ``check`` diagnoses them."""
    quotas = read_features_csv(args.features)
    if args.panel < 1:
        raise InvalidInput(f"panel size must be at least 1, not {args.panel}")
    columns = _household_columns(args, args.people)
    people = read_people_csv(
        args.people, quotas, id_column=args.id_column, household_columns=columns
    )
    return people, quotas, columns


def _replay(args: argparse.Namespace) -> int:
    text = read_text(args.result)
    try:
        record: dict[str, Any] = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"not valid JSON ({exc.msg}, column {exc.colno})", path=args.result, row=exc.lineno
        ) from None
    needed = ("panel", "reserves", "algorithm", "seed", "inputs_sha256", "panel_size")
    for key in needed:
        if key not in record:
            raise InvalidInput(f"the record has no {key!r}", path=args.result, column=key)
    k = int(record["panel_size"])
    if args.panel is not None and args.panel != k:
        raise InvalidInput(f"--panel {args.panel} differs from the recorded panel size {k}")
    if args.id_column is None and record.get("id_column"):
        args.id_column = record["id_column"]
    if not args.household_column and not args.no_household_rule and "household_columns" in record:
        recorded = list(record["household_columns"])
        args.household_column = recorded or None
        args.no_household_rule = not recorded
    args.panel = k
    people, quotas, columns = _load(args, k)
    result = run_lottery(
        people,
        quotas,
        k,
        reserves=int(record.get("reserves_count", len(record["reserves"]))),
        algorithm=str(record["algorithm"]),
        seed=int(record["seed"]),
        household_rule=bool(columns),
        transparent_panels=len(record["published_panels"])
        if record.get("published_panels")
        else None,
    )
    problems = []
    if result.inputs_sha256 != record["inputs_sha256"]:
        problems.append(
            "the inputs differ from the recorded ones "
            f"(SHA-256 {result.inputs_sha256} instead of {record['inputs_sha256']})"
        )
    if record.get("version") not in (None, result.version):
        problems.append(f"recorded with engine {record['version']}, replayed with {result.version}")
    if list(result.panel) != list(record["panel"]):
        problems.append("the panel differs: " + _diff(record["panel"], result.panel))
    if list(result.reserves) != list(record["reserves"]):
        problems.append("the reserves differ: " + _diff(record["reserves"], result.reserves))
    if problems:
        print("NOT REPRODUCED")
        for p in problems:
            print(f"  - {p}")
        return EXIT_INFEASIBLE
    print(
        f"REPRODUCED: panel of {k} and {len(result.reserves)} reserve(s) from seed "
        f"{result.seed}, inputs SHA-256 {result.inputs_sha256}"
    )
    return EXIT_OK


def _diff(recorded: Sequence[str], replayed: Sequence[str]) -> str:
    missing = [x for x in recorded if x not in replayed]
    extra = [x for x in replayed if x not in recorded]
    if not missing and not extra:
        return "same people in a different order"
    return f"recorded only: {', '.join(missing) or '-'}; replayed only: {', '.join(extra) or '-'}"


def main(argv: list[str]) -> int:
    """Entry point called by ``maeul jury ...`` with the arguments after ``jury``."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed by argparse
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    handlers = {"draw": _draw, "quotas": _quotas, "check": _check, "replay": _replay}
    try:
        return handlers[args.command](args)
    except InfeasibleQuotas as exc:
        print(exc.report.summary(), file=sys.stderr)
        return EXIT_INFEASIBLE
    except InvalidInput as exc:
        print(f"maeul jury {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except SortitionError as exc:
        print(f"maeul jury {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"maeul jury {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a last line of defence: one line, never a traceback
        print(
            f"maeul jury {args.command}: internal error: {type(exc).__name__}: {exc}",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
