"""The Korean mixed rule (주민참여예산 혼합 선정 방식), SPEC section 1.

Each project has committee approvals (위원회 투표) and public approvals (주민 모바일투표).
A channel's share is the project's approvals divided by, depending on ``share``:

``voters`` (default)  the number of voters of that channel,
``top``               the approvals of the channel's most approved eligible project,
``total``             all approvals cast in that channel for eligible projects.

``score = w_committee * committee share + w_public * public share`` (0.5/0.5 by default), in
exact fractions. Per-type cost caps (일반사업 <= 100,000,000 won, 행사성 <= 20,000,000 won) are
an eligibility filter: an ineligible project is reported with its reason, never dropped
silently; so is a project the screening rejected (``ineligible_reason`` in the input) and one
that costs more than its group's whole cap.

Selection runs group by group (분야별 한도), in the order the groups are given: by descending
score, a project is selected if it fits the group's remaining cap, otherwise skipped
(``on_misfit="skip"``) or the group's pass ends (``on_misfit="stop"``). Ties: higher public
share, then lower cost, then project id. With ``pool_leftovers`` the money left (the budget
minus what was selected, i.e. the groups' leftovers) funds one final pass over all unselected
eligible projects in the same order.

The input formats (JSON, or CSV of projects plus a JSON of settings) are documented in
``docs/subsystems/budgeting-engine.md``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from .errors import BudgetingError, InvalidInstance, InvalidParameter, ParseError
from .model import Ineligible, Outcome, Step
from .numbers import display_amount, parse_amount

SHARES = ("voters", "top", "total")
MISFITS = ("skip", "stop")


@dataclass(frozen=True, slots=True)
class KoreanProject:
    """A proposal after screening, with its two vote counts."""

    id: str
    cost: Fraction
    group: str
    type: str = ""
    name: str = ""
    committee_votes: int = 0
    public_votes: int = 0
    ineligible_reason: str = ""


@dataclass(frozen=True, slots=True)
class Group:
    """A category group (분야) and its cap."""

    id: str
    cap: Fraction
    name: str = ""


@dataclass(frozen=True)
class KoreanSettings:
    """The rule's parameters; see the module docstring. ``budget`` defaults to the sum of
    the group caps."""

    groups: tuple[Group, ...]
    type_caps: tuple[tuple[str, Fraction], ...] = ()
    committee_voters: int = 0
    public_voters: int = 0
    committee_weight: Fraction = Fraction(1, 2)
    public_weight: Fraction = Fraction(1, 2)
    share: str = "voters"
    on_misfit: str = "skip"
    pool_leftovers: bool = False
    budget: Fraction | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class ProjectScore:
    """A project's exact shares and score."""

    project: str
    committee_share: Fraction
    public_share: Fraction
    score: Fraction


@dataclass(frozen=True)
class MixedOutcome(Outcome):
    """An :class:`Outcome` with the score table of the eligible projects, best first."""

    scores: tuple[ProjectScore, ...] = ()


def korean_mixed_rule(projects: Sequence[KoreanProject], settings: KoreanSettings) -> MixedOutcome:
    """Select projects by the Korean mixed rule; see the module docstring."""
    _validate(projects, settings)
    caps = {g.id: g.cap for g in settings.groups}
    budget = settings.budget if settings.budget is not None else sum(caps.values(), Fraction(0))
    type_caps = dict(settings.type_caps)
    steps: list[Step] = []
    ineligible: list[Ineligible] = []
    eligible: list[KoreanProject] = []
    for p in projects:
        reason = _ineligibility(p, type_caps, caps)
        if reason is None:
            eligible.append(p)
        else:
            ineligible.append(reason)
            steps.append(Step(0, "ineligible", p.id, (("reason", reason.reason),)))
    scores = _scores(eligible, settings)
    by_id = {p.id: p for p in eligible}

    def key(p: KoreanProject) -> tuple[Fraction, Fraction, Fraction, str]:
        sc = scores[p.id]
        return (-sc.score, -sc.public_share, p.cost, p.id)

    selected: list[str] = []
    rnd = 0
    for group in settings.groups:
        members = sorted((p for p in eligible if p.group == group.id), key=key)
        left = group.cap
        steps.append(Step(0, "group", group.id, (("cap", group.cap), ("name", group.name))))
        rnd, left = _pass(members, left, settings.on_misfit, scores, selected, steps, rnd)
        steps.append(Step(rnd, "group-end", group.id, (("left", left),)))
    if settings.pool_leftovers:
        pool = budget - sum((by_id[p].cost for p in selected), Fraction(0))
        rest = sorted((p for p in eligible if p.id not in set(selected)), key=key)
        steps.append(Step(rnd, "pool", None, (("pool", pool),)))
        rnd, pool = _pass(rest, pool, settings.on_misfit, scores, selected, steps, rnd)
    total = sum((by_id[p].cost for p in selected), Fraction(0))
    table = tuple(sorted(scores.values(), key=lambda s: key(by_id[s.project])))
    return MixedOutcome(
        rule="korean-mixed",
        selected=tuple(selected),
        total_cost=total,
        trace=tuple(steps),
        ineligible=tuple(ineligible),
        parameters=(
            ("share", settings.share),
            ("weights", f"{settings.committee_weight}/{settings.public_weight}"),
            ("on_misfit", settings.on_misfit),
            ("pool_leftovers", str(settings.pool_leftovers).lower()),
        ),
        scores=table,
    )


def _pass(
    members: list[KoreanProject],
    left: Fraction,
    on_misfit: str,
    scores: dict[str, ProjectScore],
    selected: list[str],
    steps: list[Step],
    rnd: int,
) -> tuple[int, Fraction]:
    stopped = False
    previous: KoreanProject | None = None
    for p in members:
        rnd += 1
        sc = scores[p.id]
        if previous is not None and scores[previous.id].score == sc.score:
            steps.append(
                Step(
                    rnd,
                    "tie",
                    p.id,
                    (("after", previous.id), ("by", _tie_reason(previous, p, scores))),
                )
            )
        previous = p
        values: tuple[tuple[str, Fraction | int | str], ...] = (
            ("score", sc.score),
            ("committee_share", sc.committee_share),
            ("public_share", sc.public_share),
            ("cost", p.cost),
        )
        if stopped:
            steps.append(Step(rnd, "not-reached", p.id, values))
        elif p.cost <= left:
            left -= p.cost
            selected.append(p.id)
            steps.append(Step(rnd, "select", p.id, values + (("left", left),)))
        elif on_misfit == "skip":
            steps.append(Step(rnd, "skip", p.id, values + (("left", left),)))
        else:
            stopped = True
            steps.append(Step(rnd, "stop", p.id, values + (("left", left),)))
    return rnd, left


def _tie_reason(a: KoreanProject, b: KoreanProject, scores: dict[str, ProjectScore]) -> str:
    if scores[a.id].public_share != scores[b.id].public_share:
        return "public_share"
    if a.cost != b.cost:
        return "cost"
    return "id"


def _ineligibility(
    p: KoreanProject, type_caps: dict[str, Fraction], caps: dict[str, Fraction]
) -> Ineligible | None:
    if p.ineligible_reason:
        return Ineligible(p.id, p.ineligible_reason, p.ineligible_reason)
    if type_caps and p.type in type_caps and p.cost > type_caps[p.type]:
        cap = display_amount(type_caps[p.type])
        cost = display_amount(p.cost)
        return Ineligible(
            p.id,
            f"cost {cost} exceeds the {p.type} cap {cap}",
            f"사업비 {cost}원이 {p.type} 사업 한도 {cap}원을 초과",
        )
    if p.cost > caps[p.group]:
        cap = display_amount(caps[p.group])
        cost = display_amount(p.cost)
        return Ineligible(
            p.id,
            f"cost {cost} exceeds the whole cap {cap} of group {p.group}",
            f"사업비 {cost}원이 {p.group} 분야 한도 {cap}원을 초과",
        )
    return None


def _scores(eligible: list[KoreanProject], s: KoreanSettings) -> dict[str, ProjectScore]:
    if s.share == "voters":
        c_den = Fraction(s.committee_voters)
        p_den = Fraction(s.public_voters)
    elif s.share == "top":
        c_den = Fraction(max((p.committee_votes for p in eligible), default=0))
        p_den = Fraction(max((p.public_votes for p in eligible), default=0))
    else:
        c_den = Fraction(sum(p.committee_votes for p in eligible))
        p_den = Fraction(sum(p.public_votes for p in eligible))
    out: dict[str, ProjectScore] = {}
    for p in eligible:
        cs = p.committee_votes / c_den if c_den else Fraction(0)
        ps = p.public_votes / p_den if p_den else Fraction(0)
        out[p.id] = ProjectScore(p.id, cs, ps, s.committee_weight * cs + s.public_weight * ps)
    return out


def _validate(projects: Sequence[KoreanProject], s: KoreanSettings) -> None:
    if not s.groups:
        raise InvalidInstance("no groups: give at least one group with a cap", field="groups")
    seen_groups: set[str] = set()
    for i, g in enumerate(s.groups):
        if g.id in seen_groups:
            raise InvalidInstance(f"duplicate group {g.id!r}", field=f"groups[{i}].id")
        seen_groups.add(g.id)
        if g.cap <= 0:
            raise InvalidInstance(f"group {g.id!r} cap must be positive", field=f"groups[{i}].cap")
    caps_total = sum((g.cap for g in s.groups), Fraction(0))
    if s.budget is not None:
        if s.budget <= 0:
            raise InvalidInstance("the budget must be positive", field="budget")
        if caps_total > s.budget:
            raise InvalidInstance(
                f"the group caps add up to {display_amount(caps_total)}, more than the budget"
                f" {display_amount(s.budget)}",
                field="groups",
            )
    if s.share not in SHARES:
        raise InvalidParameter(
            f"share must be one of {', '.join(SHARES)}, not {s.share!r}", field="share"
        )
    if s.on_misfit not in MISFITS:
        raise InvalidParameter(
            f"on_misfit must be skip or stop, not {s.on_misfit!r}", field="on_misfit"
        )
    if s.committee_weight < 0 or s.public_weight < 0 or s.committee_weight + s.public_weight == 0:
        raise InvalidParameter("weights must be non-negative and not both zero", field="weights")
    for name, cap in s.type_caps:
        if cap <= 0:
            raise InvalidInstance(f"type {name!r} cap must be positive", field="type_caps")
    if s.share == "voters":
        for label, voters in (("committee", s.committee_voters), ("public", s.public_voters)):
            if voters <= 0:
                raise InvalidInstance(
                    f"{label}_voters must be positive when share is 'voters'",
                    field=f"{label}_voters",
                )
    ids: set[str] = set()
    types = dict(s.type_caps)
    for i, p in enumerate(projects):
        where = f"projects[{i}]"
        if not p.id:
            raise InvalidInstance("project with an empty id", field=f"{where}.id")
        if p.id in ids:
            raise InvalidInstance(f"duplicate project id {p.id!r}", field=f"{where}.id")
        ids.add(p.id)
        if p.group not in seen_groups:
            raise InvalidInstance(
                f"project {p.id!r} is in unknown group {p.group!r}", field=f"{where}.group"
            )
        if types and p.type not in types:
            raise InvalidInstance(
                f"project {p.id!r} has type {p.type!r}, which has no cap"
                f" (known: {', '.join(types)})",
                field=f"{where}.type",
            )
        if p.cost <= 0:
            raise InvalidInstance(f"project {p.id!r} cost must be positive", field=f"{where}.cost")
        for label, votes, voters in (
            ("committee", p.committee_votes, s.committee_voters),
            ("public", p.public_votes, s.public_voters),
        ):
            if votes < 0:
                raise InvalidInstance(
                    f"project {p.id!r} has negative {label}_votes", field=f"{where}.{label}_votes"
                )
            if s.share == "voters" and votes > voters:
                raise InvalidInstance(
                    f"project {p.id!r} has {votes} {label} approvals but the channel has only"
                    f" {voters} voters",
                    field=f"{where}.{label}_votes",
                )


# -- input files ---------------------------------------------------------------------------

_GROUPED = re.compile(r"\d{1,3}(,\d{3})+\Z")


def _amount(value: Any, field: str, line: int | None, what: str) -> Fraction:
    if isinstance(value, bool):
        raise ParseError(f"{what} {value!r} is not a number", field=field, line=line)
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip()
        if _GROUPED.match(text):
            text = text.replace(",", "")
        try:
            return parse_amount(text)
        except ValueError:
            pass
    raise ParseError(f"{what} {value!r} is not a number", field=field, line=line)


def _count(value: Any, field: str, line: int | None, what: str) -> int:
    number = _amount(value, field, line, what)
    if number.denominator != 1 or number < 0:
        raise ParseError(f"{what} {value!r} is not a whole number", field=field, line=line)
    return int(number)


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return None if at < 0 else text.count("\n", 0, at) + 1


def _settings(data: dict[str, Any], text: str) -> KoreanSettings:
    def line(key: str) -> int | None:
        return _line_of(text, f'"{key}"')

    known = {
        "title",
        "budget",
        "weights",
        "share",
        "committee_voters",
        "public_voters",
        "type_caps",
        "groups",
        "on_misfit",
        "pool_leftovers",
        "projects",
    }
    for key in data:
        if key not in known:
            raise ParseError(f"unknown setting {key!r}", field=key, line=line(key))
    groups_raw = data.get("groups")
    if not isinstance(groups_raw, list) or not groups_raw:
        raise ParseError("'groups' must be a non-empty list", field="groups", line=line("groups"))
    groups: list[Group] = []
    for i, g in enumerate(groups_raw):
        field = f"groups[{i}]"
        if not isinstance(g, dict) or "id" not in g or "cap" not in g:
            raise ParseError(f"{field} needs an id and a cap", field=field, line=line("groups"))
        gl = _line_of(text, f'"{g["id"]}"')
        groups.append(
            Group(
                str(g["id"]),
                _amount(g["cap"], f"{field}.cap", gl, f"group {g['id']!r} cap"),
                str(g.get("name", "")),
            )
        )
    type_caps_raw = data.get("type_caps", {})
    if not isinstance(type_caps_raw, dict):
        raise ParseError("'type_caps' must be an object", field="type_caps", line=line("type_caps"))
    type_caps = tuple(
        (str(k), _amount(v, f"type_caps.{k}", line("type_caps"), f"type {k!r} cap"))
        for k, v in type_caps_raw.items()
    )
    weights = data.get("weights", {})
    if not isinstance(weights, dict):
        raise ParseError("'weights' must be an object", field="weights", line=line("weights"))
    pool = data.get("pool_leftovers", False)
    if not isinstance(pool, bool):
        raise ParseError(
            "'pool_leftovers' must be true or false",
            field="pool_leftovers",
            line=line("pool_leftovers"),
        )
    budget = data.get("budget")
    return KoreanSettings(
        groups=tuple(groups),
        type_caps=type_caps,
        committee_voters=_count(
            data.get("committee_voters", 0),
            "committee_voters",
            line("committee_voters"),
            "committee_voters",
        ),
        public_voters=_count(
            data.get("public_voters", 0), "public_voters", line("public_voters"), "public_voters"
        ),
        committee_weight=_amount(
            weights.get("committee", Fraction(1, 2)),
            "weights.committee",
            line("weights"),
            "committee weight",
        ),
        public_weight=_amount(
            weights.get("public", Fraction(1, 2)),
            "weights.public",
            line("weights"),
            "public weight",
        ),
        share=str(data.get("share", "voters")),
        on_misfit=str(data.get("on_misfit", "skip")),
        pool_leftovers=pool,
        budget=None if budget is None else _amount(budget, "budget", line("budget"), "budget"),
        title=str(data.get("title", "")),
    )


def _project(row: dict[str, Any], i: int, line: int | None) -> KoreanProject:
    field = f"projects[{i}]"
    pid = str(row.get("id", "")).strip()
    if not pid:
        raise ParseError(f"{field} has no id", field=f"{field}.id", line=line)
    for required in ("group", "cost"):
        if required not in row or row[required] in ("", None):
            raise ParseError(
                f"project {pid!r} has no {required}", field=f"{field}.{required}", line=line
            )
    reason = row.get("ineligible_reason") or ""
    return KoreanProject(
        id=pid,
        name=str(row.get("name", "")),
        group=str(row["group"]).strip(),
        type=str(row.get("type", "")).strip(),
        cost=_amount(row["cost"], f"{field}.cost", line, f"project {pid!r} cost"),
        committee_votes=_count(
            row.get("committee_votes", 0),
            f"{field}.committee_votes",
            line,
            f"project {pid!r} committee_votes",
        ),
        public_votes=_count(
            row.get("public_votes", 0),
            f"{field}.public_votes",
            line,
            f"project {pid!r} public_votes",
        ),
        ineligible_reason=str(reason).strip(),
    )


def _read_text(path: str | Path) -> str:
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc.strerror}", source=Path(path).name) from None
    except UnicodeDecodeError:
        raise ParseError("the file is not UTF-8 text", source=Path(path).name) from None


def _load_json(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text, parse_float=parse_amount)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON: {exc.msg}", line=exc.lineno) from None
    if not isinstance(data, dict):
        raise ParseError("the JSON must be an object", line=1)
    return data


def load_mixed_json(path: str | Path) -> tuple[list[KoreanProject], KoreanSettings]:
    """Read a Korean-rule election from one JSON file (settings and ``projects``)."""
    label = Path(path).name
    text = _read_text(path)
    try:
        data = _load_json(text)
        settings = _settings(data, text)
        rows = data.get("projects")
        if not isinstance(rows, list):
            raise ParseError(
                "'projects' must be a list", field="projects", line=_line_of(text, '"projects"')
            )
        projects = []
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise ParseError(f"projects[{i}] must be an object", field=f"projects[{i}]")
            line = _line_of(text, f'"{row.get("id")}"') if "id" in row else None
            projects.append(_project(row, i, line))
        _validate(projects, settings)
    except BudgetingError as exc:
        if exc.line is None and exc.field and exc.field.startswith("projects["):
            index = int(exc.field[len("projects[") :].split("]")[0])
            rows_list = data.get("projects", []) if isinstance(data, dict) else []
            if index < len(rows_list) and isinstance(rows_list[index], dict):
                exc.line = _line_of(text, f'"{rows_list[index].get("id")}"')
        raise exc.with_source(label) from None
    return projects, settings


CSV_COLUMNS = ("id", "name", "group", "type", "cost", "committee_votes", "public_votes")


def load_mixed_csv(
    projects_path: str | Path, settings_path: str | Path
) -> tuple[list[KoreanProject], KoreanSettings]:
    """Read projects from CSV (columns ``id,name,group,type,cost,committee_votes,
    public_votes`` and optionally ``ineligible_reason``; amounts may use 1,000 separators)
    and the settings from a small JSON file."""
    settings_label = Path(settings_path).name
    settings_text = _read_text(settings_path)
    try:
        settings = _settings(_load_json(settings_text), settings_text)
    except BudgetingError as exc:
        raise exc.with_source(settings_label) from None
    label = Path(projects_path).name
    text = _read_text(projects_path)
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in ("id", "group", "cost") if c not in header]
        if missing:
            raise ParseError(f"the header lacks column {missing[0]!r}", line=1, field=missing[0])
        projects: list[KoreanProject] = []
        lines: list[int] = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ParseError(
                    f"row has {len(row)} fields, the header has {len(header)}",
                    line=reader.line_num,
                )
            record = dict(zip(header, row, strict=True))
            projects.append(_project(record, len(projects), reader.line_num))
            lines.append(reader.line_num)
        try:
            _validate(projects, settings)
        except BudgetingError as exc:
            if exc.field and exc.field.startswith("projects["):
                exc.line = lines[int(exc.field[len("projects[") :].split("]")[0])]
            raise
    except BudgetingError as exc:
        raise exc.with_source(label) from None
    return projects, settings
