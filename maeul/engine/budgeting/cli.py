"""``maeul pb``: participatory-budgeting outcomes from the command line, without Django.

Sub-commands::

    maeul pb solve FILE.pb --rule {greedy,mes,phragmen} [options] [--json]
    maeul pb mixed FILE.json [--json]            (or FILE.csv --settings SETTINGS.json)
    maeul pb explain FILE ... [--lang ko|en]     (the trace of solve or mixed)
    maeul pb info FILE.pb

Start-up: only the modules a sub-command needs are imported, when it runs (the package's
names load on first use), so ``maeul pb mixed`` never imports numpy and ``solve`` imports
only its rule.

Exit status: 0 on success, 2 for bad input or options (one line on stderr, never a
traceback), 3 when the tie-breaking rule cannot decide (the message names the projects).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import NoReturn

from .errors import BudgetingError, UnresolvedTie
from .model import Outcome
from .numbers import display_amount, format_amount


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


def _solve_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a Pabulib .pb file")
    p.add_argument("--rule", choices=["greedy", "mes", "phragmen"], default="mes")
    p.add_argument("--completion", choices=["none", "add1", "add1u"], default="none")
    p.add_argument("--increment", default="1", help="add1 per-voter increment, currency units")
    p.add_argument("--start", choices=["even", "integral"], default="even")
    stop = p.add_mutually_exclusive_group()
    stop.add_argument(
        "--exhaustive-stop",
        dest="exhaustive_stop",
        action="store_true",
        default=True,
        help="add1 stops at the first exhaustive outcome (default)",
    )
    stop.add_argument(
        "--no-exhaustive-stop",
        dest="exhaustive_stop",
        action="store_false",
        help="add1 continues while the outcome stays within budget",
    )
    p.add_argument("--utility", choices=["cost", "cardinality"], default="cost")
    p.add_argument("--compare", action="store_true", help="MES comparison step against greedy")
    p.add_argument("--greedy-by", choices=["votes", "votes-per-cost"], default="votes")
    p.add_argument("--no-skip", action="store_true", help="greedy stops at the first misfit")
    p.add_argument(
        "--zero-approval",
        choices=["never", "fund"],
        default="never",
        help="Phragmén: projects nobody approved are never funded (default), or funded at the"
        " end while they fit, as pabutools does (fund)",
    )
    tie = p.add_mutually_exclusive_group()
    tie.add_argument("--tie-break", choices=["cost-votes", "id"], default="cost-votes")
    tie.add_argument("--priority", help="explicit tie-break priority: comma-separated ids")


def _parser() -> _Parser:
    parser = _Parser(prog="maeul pb", description="Participatory budgeting outcomes.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    solve = sub.add_parser("solve", help="compute an outcome of a .pb file")
    _solve_options(solve)
    solve.add_argument("--json", action="store_true")
    mixed = sub.add_parser("mixed", help="the Korean mixed rule (committee + mobile vote)")
    mixed.add_argument("file", help="a JSON election, or a CSV of projects with --settings")
    mixed.add_argument("--settings", help="JSON settings for a CSV of projects")
    mixed.add_argument("--json", action="store_true")
    explain = sub.add_parser("explain", help="print the trace of an outcome")
    _solve_options(explain)
    explain.add_argument("--settings", help="JSON settings for a CSV of projects")
    explain.add_argument("--lang", choices=["ko", "en"], default="ko")
    info = sub.add_parser("info", help="summarise a .pb file")
    info.add_argument("file")
    return parser


def main(argv: list[str]) -> int:
    """Entry point called by ``maeul pb ...`` with the arguments after ``pb``."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "solve":
            outcome = _solve(args)
            _print(outcome, args.json)
        elif args.command == "mixed":
            outcome = _mixed(args.file, args.settings)
            _print(outcome, args.json)
        elif args.command == "explain":
            from .explain import explain

            outcome = _mixed(args.file, args.settings) if _is_mixed(args.file) else _solve(args)
            print(explain(outcome, args.lang))
        else:
            _info(args.file)
    except UnresolvedTie as exc:
        sys.stderr.write(f"{exc}\n")
        return 3
    except BudgetingError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    return 0


def _is_mixed(path: str) -> bool:
    return Path(path).suffix.lower() in (".json", ".csv")


def _solve(args: argparse.Namespace) -> Outcome:
    # Each rule is imported only when it runs (start-up time, see the module docstring).
    from .pabulib import read_pb
    from .tiebreak import TieBreak

    instance, profile = read_pb(args.file)
    tie: TieBreak = args.tie_break
    if args.priority:
        tie = tuple(p.strip() for p in args.priority.split(",") if p.strip())
    label = Path(args.file).name
    try:
        if args.rule == "greedy":
            from .greedy import greedy

            return greedy(
                instance, profile, by=args.greedy_by, skip=not args.no_skip, tie_break=tie
            )
        if args.rule == "phragmen":
            from .phragmen import phragmen

            return phragmen(instance, profile, tie_break=tie, zero_approval=args.zero_approval)
        try:
            increment = Fraction(args.increment)
        except ValueError:
            raise BudgetingError(
                f"--increment {args.increment!r} is not a number", field="increment"
            ) from None
        from .mes import method_of_equal_shares

        return method_of_equal_shares(
            instance,
            profile,
            utility=args.utility,
            completion=args.completion,
            increment=increment,
            start=args.start,
            exhaustive_stop=args.exhaustive_stop,
            comparison=args.compare,
            tie_break=tie,
        )
    except BudgetingError as exc:
        raise exc.with_source(label) from None


def _mixed(path: str, settings: str | None) -> Outcome:
    from .korean import korean_mixed_rule, load_mixed_csv, load_mixed_json

    if Path(path).suffix.lower() == ".csv":
        if not settings:
            raise BudgetingError(
                "a CSV of projects needs --settings SETTINGS.json", source=Path(path).name
            )
        projects, options = load_mixed_csv(path, settings)
    else:
        projects, options = load_mixed_json(path)
    return korean_mixed_rule(projects, options)


def _json_number(value: Fraction) -> str:
    return format_amount(value)


def _print(outcome: Outcome, as_json: bool) -> None:
    if as_json:
        body: dict[str, object] = {"selected": list(outcome.selected), "total_cost": "@TOTAL@"}
        if outcome.rule == "korean-mixed":
            body["ineligible"] = [
                {"id": i.project, "reason": i.reason, "reason_ko": i.reason_ko}
                for i in outcome.ineligible
            ]
        text = json.dumps(body, ensure_ascii=False)
        print(text.replace('"@TOTAL@"', _json_number(outcome.total_cost)))
        return
    for pid in outcome.selected:
        print(pid)
    print(f"total_cost {format_amount(outcome.total_cost)}")
    for item in outcome.ineligible:
        print(f"ineligible {item.project}: {item.reason}")


def _info(path: str) -> None:
    from .greedy import project_scores, vote_counts
    from .pabulib import read_pb

    instance, profile = read_pb(path)
    votes = vote_counts(instance, profile)
    scores = project_scores(instance, profile)
    lengths = Counter(len(b) for b in profile.votes)
    total = instance.cost_of(instance.ids)
    selected = [p.id for p in instance.projects if p.get("selected") == "1"]
    lines = [
        f"file        {Path(path).name}",
        f"description {instance.meta_value('description')}",
        f"place       {instance.meta_value('country')} / {instance.meta_value('unit')}"
        f" {instance.meta_value('instance')}",
        f"vote type   {instance.vote_type}",
        f"budget      {display_amount(instance.budget)} {instance.meta_value('currency')}",
        f"projects    {len(instance.projects)} costing {display_amount(total)} in total"
        f" ({float(total / instance.budget):.2f} x budget)",
        f"voters      {len(profile)}; ballot lengths "
        + ", ".join(f"{k}:{v}" for k, v in sorted(lengths.items())),
        f"official    rule {instance.meta_value('rule') or 'unknown'}; {len(selected)} selected"
        if selected
        else f"official    rule {instance.meta_value('rule') or 'unknown'}",
        "top projects (votes, cost):",
    ]
    top = sorted(instance.ids, key=lambda p: (-scores[p], p))[:10]
    for pid in top:
        project = instance.project(pid)
        shown = display_amount(scores[pid])
        lines.append(
            f"  {pid:<12} {shown:>10} votes  {display_amount(project.cost):>14}"
            f"  {project.name[:40]}"
            + (f" ({votes[pid]} voters)" if profile.points is not None else "")
        )
    print("\n".join(lines))
