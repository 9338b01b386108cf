"""Reader and writer for Pabulib ``.pb`` files (https://pabulib.org/format).

A file has three sections, META, PROJECTS and VOTES, each a ``;``-separated table with a
header row. Files may start with a UTF-8 byte-order mark and may write amounts with decimal
commas. Every field is kept (unknown META keys, extra project and voter columns, as raw text)
so that ``read -> write -> read`` gives an equal instance and profile.

Errors name the file, the line and the field: ``Lodz.pb line 57: project 'p12' cost '12a' is
not a number``. The reader is written for speed (Poland_Lodz_2023.pb, 3 MB and 70,747
ballots, parses in about a tenth of a second of CPU): the csv module reads META, PROJECTS and
the first vote row; a plain VOTES section (see :func:`_fast_profile`) is split once and
sliced into columns, with one ballot tuple per distinct vote string; any other section, and
every error, goes row by row (:func:`_profile`), with the same result.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from fractions import Fraction
from itertools import chain, repeat
from pathlib import Path

import numpy as np

from .errors import BudgetingError, InvalidInstance, ParseError
from .model import VOTE_TYPES, Instance, Profile, Project, Rows
from .numbers import format_amount, parse_amount

_SECTIONS = ("meta", "projects", "votes")
_CsvReader = type(csv.reader(io.StringIO("")))
_POINT_TYPES = ("cumulative", "scoring")
_PROJECT_FIELDS = ("project_id", "cost", "name", "category")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def read_pb(source: str | Path, *, name: str | None = None) -> tuple[Instance, Profile]:
    """Read a ``.pb`` election from a path, or from its text if ``source`` is a string that
    contains a line break. Returns the instance and the profile.

    Raises :class:`ParseError` (malformed file), :class:`InvalidInstance` or
    :class:`InvalidProfile`, with ``source``, ``line`` and ``field`` set.
    """
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        text = source
        label = name or "<text>"
    else:
        path = Path(source)
        label = name or path.name
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ParseError(f"cannot read the file: {exc.strerror}", source=label) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ParseError("the file is not UTF-8 text", line=line, source=label) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    # A file holds hundreds of thousands of small tuples and none of them form cycles:
    # pausing the cyclic garbage collector while they are built halves the parse time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text)
    except BudgetingError as exc:
        raise exc.with_source(label) from None
    finally:
        if collecting:
            gc.enable()


def _parse(text: str) -> tuple[Instance, Profile]:
    # Lines as io.StringIO(text, newline="") gives them, without copying the whole text: the
    # csv module reads only META, PROJECTS and the first vote row in the usual case.
    reader = csv.reader((m.group() for m in _LINE.finditer(text)), delimiter=";")
    meta: list[tuple[str, str]] = []
    project_columns: tuple[str, ...] = ()
    project_rows: list[tuple[int, list[str]]] = []
    vote_header: list[str] = []
    section = ""
    expect_header = False
    first_vote: tuple[int, int, list[str]] | None = None
    start = 1  # the line where the next row starts (a quoted field may span lines)
    for row in reader:
        line = reader.line_num
        if section == "votes" and not expect_header:
            first_vote = (start, line, row)
            break
        start = line + 1
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        head = row[0].strip().lower()
        if len(row) == 1 and head in _SECTIONS:
            if head == section or _SECTIONS.index(head) < (
                _SECTIONS.index(section) if section else -1
            ):
                raise ParseError(f"section {row[0].strip()} appears out of order", line=line)
            section = head
            expect_header = True
            continue
        if not section:
            raise ParseError("the file must start with META", line=line)
        if expect_header:
            expect_header = False
            header = [c.strip() for c in row]
            if section == "projects":
                if header[:1] != ["project_id"] or "cost" not in header:
                    raise ParseError(
                        "the PROJECTS header must start with project_id and contain cost",
                        line=line,
                        field="project_id",
                    )
                project_columns = tuple(header)
            elif section == "votes":
                if header[:1] != ["voter_id"] or "vote" not in header:
                    raise ParseError(
                        "the VOTES header must start with voter_id and contain vote",
                        line=line,
                        field="voter_id",
                    )
                vote_header = header
            continue
        if section == "meta":
            if len(row) < 2:
                raise ParseError(f"META entry {row[0]!r} has no value", line=line, field=row[0])
            meta.append((row[0].strip(), ";".join(row[1:]).strip()))
        else:
            project_rows.append((line, row))
    if not section:
        raise ParseError("the file is empty")
    if not project_columns:
        raise ParseError("the file has no PROJECTS section", field="projects")
    instance = _instance(meta, project_columns, project_rows)
    if first_vote is None:
        return instance, _profile(instance, vote_header, [])
    start, line, row = first_vote
    profile = _fast_profile(instance, vote_header, _text_from_line(text, start))
    if profile is None:
        profile = _profile(instance, vote_header, _vote_rows(text, reader, row, line))
    return instance, profile


def _text_from_line(text: str, line: int) -> str:
    """The text from the start of physical line ``line`` (1-based, counted like the csv
    reader: ``\n``, ``\r\n`` and ``\r`` each end a line), with ``\n`` line ends."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    at = 0
    for _ in range(line - 1):
        at = text.index("\n", at) + 1
    return text[at:]


# The characters beyond ASCII that ``str.strip`` removes (``str.isspace``; a test checks the
# list against the Unicode database).
_WIDE_SPACES = (
    "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


def _fast_profile(instance: Instance, header: list[str], body: str) -> Profile | None:
    """The VOTES section, column-wise, or None where :func:`_profile` must decide.

    ``body`` is the text from the first vote row to the end, with ``\n`` line ends. The
    fast path applies to the usual file: no quote, no blank line between votes, no space
    next to a ``;``, ``,`` or line end, and every row as wide as the header. Then
    ``str.strip`` changes no field and a plain split gives the csv module's rows, so the whole
    section is split once and sliced into columns. Ballots are built once per distinct vote
    string (Łódź: 34,147 for 70,747 voters) and shared between the voters who cast it.
    Anything unusual, including every error, returns None, and the row-by-row reader gives
    the same result or the error with its line.
    """
    width = len(header)
    body = body.rstrip("\n")
    if not body or not _plain(body, width):
        return None
    flat = body.replace("\n", ";").split(";")
    voter_ids = flat[0::width]
    if len(set(voter_ids)) != len(voter_ids):
        return None
    votes_column = flat[header.index("vote") :: width]
    number = dict.fromkeys(votes_column, 0)
    strings = list(number)
    number.update(zip(strings, range(len(strings)), strict=True))
    split = list(map(tuple, map(str.split, strings, repeat(","))))
    if "" in number:
        split[number[""]] = ()  # an empty ballot
    ballots = tuple(split)
    if not _valid_ballots(ballots, instance):
        return None
    inverse = tuple(map(number.__getitem__, votes_column))
    points: tuple[tuple[Fraction, ...], ...] | None = None
    if instance.vote_type in _POINT_TYPES:
        if "points" not in header:
            return None
        points = _fast_points(flat[header.index("points") :: width], ballots, inverse)
        if points is None:
            return None
    extra_at = [i for i, c in enumerate(header) if c not in ("voter_id", "vote", "points")]
    return Profile._from_distinct(
        tuple(voter_ids),
        ballots,
        inverse,
        points=points,
        columns=tuple(header[i] for i in extra_at),
        voter_data=Rows([flat[i::width] for i in extra_at], len(voter_ids)) if extra_at else (),
    )


def _plain(body: str, width: int) -> bool:
    """Whether the rows of ``body`` can be split without the csv module and without
    stripping: no quote, every line with ``width - 1`` semicolons (so no blank line either),
    and no white space next to a ``;``, a ``,``, a line end or either end of ``body``.

    One pass of numpy over the UTF-8 bytes (``;``, ``\n`` and ASCII white space never occur
    inside a multi-byte sequence) counts the semicolons per line and finds which ASCII
    control and space characters occur; only those present are looked for next to a
    separator."""
    if body[0].isspace() or body[-1].isspace():
        return False
    if '"' in body:
        return False
    data = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)
    semicolons = np.flatnonzero(data == ord(";"))
    breaks = np.searchsorted(semicolons, np.flatnonzero(data == ord("\n")))
    per_line = np.diff(breaks, prepend=0, append=len(semicolons))
    if not (per_line == width - 1).all():
        return False
    low = np.zeros(ord(" ") + 1, dtype=bool)
    low[data[data <= ord(" ")]] = True
    present = [chr(c) for c in np.flatnonzero(low).tolist()]
    if not body.isascii():
        present.extend(c for c in _WIDE_SPACES if c in body)
    return not any(
        space + mark in body or mark + space in body
        for space in present
        if space.isspace() and space != "\n"
        for mark in ";,\n"
    )


def _valid_ballots(ballots: tuple[tuple[str, ...], ...], instance: Instance) -> bool:
    """Whether every ballot names known projects, none twice, and (choose-1) at most one."""
    index = {p: i for i, p in enumerate(instance.ids)}
    try:
        projects = np.fromiter(map(index.__getitem__, chain.from_iterable(ballots)), dtype=np.int64)
    except KeyError:
        return False
    lengths = np.fromiter(map(len, ballots), dtype=np.int64, count=len(ballots))
    if instance.vote_type == "choose-1" and len(lengths) and lengths.max() > 1:
        return False
    # One cell per (ballot, project): a project named twice on a ballot hits a cell twice.
    m = len(index)
    cells = np.repeat(np.arange(len(ballots), dtype=np.int64) * m, lengths) + projects
    seen = np.zeros(len(ballots) * m, dtype=bool)
    seen[cells] = True
    return int(np.count_nonzero(seen)) == len(cells)


def _fast_points(
    column: list[str], ballots: tuple[tuple[str, ...], ...], inverse: tuple[int, ...]
) -> tuple[tuple[Fraction, ...], ...] | None:
    """Points parsed once per distinct string, or None if one is not a number or a voter
    has not as many points as projects."""
    table: dict[str, tuple[Fraction, ...]] = dict.fromkeys(column, ())
    try:
        table.update((raw, tuple(map(parse_amount, raw.split(",")))) for raw in table if raw)
    except ValueError:
        return None
    points = tuple(map(table.__getitem__, column))
    lengths = list(map(len, ballots))
    if list(map(len, points)) != list(map(lengths.__getitem__, inverse)):
        return None
    return points


def _vote_rows(
    text: str, reader: object, first: list[str], first_line: int
) -> list[tuple[int, list[str]]]:
    """The VOTES rows from ``first`` (already read, on ``first_line``) to the end.

    Votes are most of a file, and rarely quoted: when the rest of the text has no quote
    character, plain ``str.split`` is several times faster than the csv module and gives the
    same rows. Otherwise the csv reader carries on.
    """
    rows: list[tuple[int, list[str]]] = [(first_line, first)]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    rest = lines[first_line:]
    if any('"' in chunk for chunk in rest):
        assert isinstance(reader, _CsvReader)
        for row in reader:
            if row and any(c.strip() for c in row):
                rows.append((reader.line_num, row))
        return rows
    line = first_line
    for raw in rest:
        line += 1
        if raw.strip():
            rows.append((line, raw.split(";")))
    return rows


def _instance(
    meta: list[tuple[str, str]],
    columns: tuple[str, ...],
    rows: list[tuple[int, list[str]]],
) -> Instance:
    meta_map = dict(meta)
    if "budget" not in meta_map:
        raise ParseError("META has no budget", field="budget")
    try:
        budget = parse_amount(meta_map["budget"])
    except ValueError:
        raise ParseError(f"budget {meta_map['budget']!r} is not a number", field="budget") from None
    vote_type = meta_map.get("vote_type", "approval").strip().lower()
    if vote_type not in VOTE_TYPES:
        raise ParseError(
            f"vote_type {vote_type!r} is not one of {', '.join(VOTE_TYPES)}", field="vote_type"
        )
    cost_at = columns.index("cost")
    name_at = columns.index("name") if "name" in columns else -1
    cat_at = columns.index("category") if "category" in columns else -1
    extra_at = [(i, c) for i, c in enumerate(columns) if c not in _PROJECT_FIELDS]
    projects: list[Project] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        if len(row) != len(columns):
            raise ParseError(
                f"project row has {len(row)} fields, the header has {len(columns)}",
                line=line,
                field="projects",
            )
        pid = row[0].strip()
        if not pid:
            raise ParseError("project with an empty project_id", line=line, field="project_id")
        if pid in seen:
            raise InvalidInstance(
                f"duplicate project id {pid!r} (first on line {seen[pid]})",
                line=line,
                field="project_id",
            )
        seen[pid] = line
        raw_cost = row[cost_at].strip()
        try:
            cost = parse_amount(raw_cost)
        except ValueError:
            raise ParseError(
                f"project {pid!r} cost {raw_cost!r} is not a number", line=line, field="cost"
            ) from None
        if cost < 0:
            raise InvalidInstance(
                f"project {pid!r} cost {raw_cost!r} is negative", line=line, field="cost"
            )
        if budget > 0 and cost > budget:
            raise InvalidInstance(
                f"project {pid!r} costs {raw_cost}, more than the whole budget"
                f" {meta_map['budget']}",
                line=line,
                field="cost",
            )
        projects.append(
            Project(
                id=pid,
                cost=cost,
                name=row[name_at].strip() if name_at >= 0 else "",
                category=row[cat_at].strip() if cat_at >= 0 else "",
                extra=tuple((c, row[i].strip()) for i, c in extra_at),
            )
        )
    return Instance(
        budget=budget,
        projects=tuple(projects),
        vote_type=vote_type,
        meta=tuple(meta),
        project_columns=columns,
    )


def _profile(instance: Instance, header: list[str], rows: list[tuple[int, list[str]]]) -> Profile:
    if not header:
        return Profile(voter_ids=(), votes=(), points=None)
    width = len(header)
    vote_at = header.index("vote")
    points_at = header.index("points") if "points" in header else -1
    wants_points = instance.vote_type in _POINT_TYPES
    if wants_points and points_at < 0:
        raise ParseError(
            f"a {instance.vote_type} file needs a points column in VOTES", field="points"
        )
    extra_at = [i for i, c in enumerate(header) if c not in ("voter_id", "vote", "points")]
    known = frozenset(instance.ids)
    superset = known.issuperset
    strip = str.strip
    voter_ids: list[str] = []
    votes: list[tuple[str, ...]] = []
    points: list[tuple[Fraction, ...]] = []
    data: list[tuple[str, ...]] = []
    choose_one = instance.vote_type == "choose-1"
    tail = extra_at[0] if extra_at and extra_at == list(range(extra_at[0], width)) else -1
    for line, row in rows:
        if len(row) != width:
            raise ParseError(
                f"vote row has {len(row)} fields, the header has {width}",
                line=line,
                field="votes",
            )
        raw = row[vote_at]
        ballot = tuple(raw.split(",")) if raw else ()
        if not superset(ballot):
            raw = raw.strip()
            ballot = tuple(map(strip, raw.split(","))) if raw else ()
            if not superset(ballot):
                unknown = next(p for p in ballot if p not in known)
                raise ParseError(
                    f"voter {row[0].strip()!r} votes for unknown project {unknown!r}",
                    line=line,
                    field="vote",
                )
        if len(ballot) > 1:
            if choose_one:
                raise ParseError(
                    f"voter {row[0].strip()!r} chooses {len(ballot)} projects in a choose-1 vote",
                    line=line,
                    field="vote",
                )
            if len(set(ballot)) != len(ballot):
                raise ParseError(
                    f"voter {row[0].strip()!r} names a project twice", line=line, field="vote"
                )
        if wants_points:
            points.append(_points(row[points_at], len(ballot), row[0].strip(), line))
        voter_ids.append(row[0])
        votes.append(ballot)
        if tail >= 0:
            data.append(tuple(map(strip, row[tail:])))
        elif extra_at:
            data.append(tuple([row[i].strip() for i in extra_at]))
    voter_ids = list(map(strip, voter_ids))
    if len(set(voter_ids)) != len(voter_ids):
        seen: set[str] = set()
        for (line, _), voter in zip(rows, voter_ids, strict=True):
            if voter in seen:
                raise ParseError(f"duplicate voter_id {voter!r}", line=line, field="voter_id")
            seen.add(voter)
    return Profile(
        voter_ids=tuple(voter_ids),
        votes=tuple(votes),
        points=tuple(points) if wants_points else None,
        columns=tuple(header[i] for i in extra_at),
        voter_data=tuple(data),
    )


def _points(raw: str, count: int, voter: str, line: int) -> tuple[Fraction, ...]:
    raw = raw.strip()
    parts = raw.split(",") if raw else []
    if len(parts) != count:
        raise ParseError(
            f"voter {voter!r} has {count} projects but {len(parts)} points",
            line=line,
            field="points",
        )
    try:
        return tuple(map(parse_amount, parts))
    except ValueError:
        bad = next(p for p in parts if not _is_number(p))
        raise ParseError(
            f"voter {voter!r} points {bad!r} is not a number", line=line, field="points"
        ) from None


def _is_number(text: str) -> bool:
    try:
        parse_amount(text)
    except ValueError:
        return False
    return True


def write_pb(instance: Instance, profile: Profile, path: str | Path | None = None) -> str:
    """Write the election as ``.pb`` text (UTF-8, no BOM, ``;`` separator, decimal points)
    and, if ``path`` is given, to that file. Returns the text.

    META is written as read; ``budget`` keeps its original spelling when it still equals the
    instance's budget, and ``vote_type``/``budget`` are added when an instance built in code
    has no META. Amounts without an exact decimal form (1/3) raise :class:`BudgetingError`.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    meta = list(instance.meta)
    keys = [k for k, _ in meta]
    if "budget" in keys:
        at = keys.index("budget")
        try:
            same = parse_amount(meta[at][1]) == instance.budget
        except ValueError:
            same = False
        if not same:
            meta[at] = ("budget", format_amount(instance.budget))
    else:
        meta.append(("budget", format_amount(instance.budget)))
    if "vote_type" not in keys:
        meta.append(("vote_type", instance.vote_type))
    out.write("META\n")
    writer.writerow(["key", "value"])
    writer.writerows(meta)
    out.write("PROJECTS\n")
    columns = list(instance.project_columns) or ["project_id", "cost", "name", "category"]
    for project in instance.projects:
        for key, _ in project.extra:
            if key not in columns:
                columns.append(key)
    writer.writerow(columns)
    for project in instance.projects:
        extra = dict(project.extra)
        fixed = {
            "project_id": project.id,
            "cost": format_amount(project.cost),
            "name": project.name,
            "category": project.category,
        }
        writer.writerow([fixed[c] if c in fixed else extra.get(c, "") for c in columns])
    out.write("VOTES\n")
    header = ["voter_id", "vote"]
    if profile.points is not None:
        header.append("points")
    header.extend(profile.columns)
    writer.writerow(header)
    for voter in range(len(profile)):
        row = [profile.voter_ids[voter], ",".join(profile.votes[voter])]
        if profile.points is not None:
            row.append(",".join(format_amount(p) for p in profile.points[voter]))
        if profile.columns:
            row.extend(profile.voter_data[voter])
        writer.writerow(row)
    text = out.getvalue()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
