"""Reading ``SCORES.csv`` and ``--tiers`` for ``maeul evaluation grade``.

Every error names the file's row (the header is row 1) and the column, so an official can fix
the spreadsheet they exported without reading Python. Points are decimals ("37.5"), read
exactly; ``had_plan`` is ``1`` or ``0``; a district without a plan leaves its parts empty.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from maeul.engine.innovation.errors import InvalidScores, InvalidTiers
from maeul.engine.innovation.grading import DistrictScore, Tier

COLUMNS = ("district", "basic", "process", "impact", "pb", "had_plan")
PARTS = ("basic", "process", "impact")


def parse_points(text: str, *, where: str) -> Fraction:
    """A decimal number of points, exactly."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InvalidScores("points", f"{where}: {text!r} is not a number") from None
    if not value.is_finite():
        raise InvalidScores("points", f"{where}: {text!r} is not a number")
    return Fraction(value)


def read_scores(text: str) -> list[DistrictScore]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise InvalidScores(
            "columns", f"row 1: missing column(s) {', '.join(missing)} (need {','.join(COLUMNS)})"
        )
    reader.fieldnames = header
    scores: list[DistrictScore] = []
    for number, row in enumerate(reader, start=2):
        cells = {k: (v or "").strip() for k, v in row.items() if k is not None}
        district = cells["district"]
        if not district:
            raise InvalidScores("district", f"row {number}, column district: empty")
        flag = cells["had_plan"]
        if flag not in ("0", "1"):
            raise InvalidScores(
                "had_plan", f"row {number}, column had_plan: {flag!r} must be 1 or 0"
            )
        had_plan = flag == "1"
        parts: dict[str, Fraction | None] = {}
        for name in PARTS:
            cell = cells[name]
            if not had_plan:
                if cell:
                    raise InvalidScores(
                        name, f"row {number}, column {name}: must be empty when had_plan is 0"
                    )
                parts[name] = None
                continue
            if not cell:
                raise InvalidScores(name, f"row {number}, column {name}: empty")
            value = parse_points(cell, where=f"row {number}, column {name}")
            if value < 0:
                raise InvalidScores(name, f"row {number}, column {name}: must not be negative")
            parts[name] = value
        if not cells["pb"]:
            raise InvalidScores("pb", f"row {number}, column pb: empty")
        pb = parse_points(cells["pb"], where=f"row {number}, column pb")
        if not 0 <= pb <= 40:
            raise InvalidScores("pb", f"row {number}, column pb: {cells['pb']} is not within 0-40")
        score = DistrictScore(
            district=district,
            basic=parts["basic"],
            process=parts["process"],
            impact=parts["impact"],
            pb=pb,
            had_plan=had_plan,
        )
        total = score.indicator_total
        if total is not None and total > 105:
            raise InvalidScores(
                "impact", f"row {number}: basic + process + impact is more than 105 points"
            )
        if any(s.district == district for s in scores):
            raise InvalidScores("district", f"row {number}, column district: {district} twice")
        scores.append(score)
    if not scores:
        raise InvalidScores("rows", "the file has no districts")
    return scores


def parse_tiers(text: str) -> list[Tier]:
    """``가:7:1100000000,나:11:1000000000,다:7:900000000`` — name, count, amount in won."""
    tiers = []
    for index, item in enumerate(text.split(","), start=1):
        fields = item.strip().split(":")
        if len(fields) != 3 or not fields[0]:
            raise InvalidTiers("tiers", f"tier {index}: {item!r} is not NAME:COUNT:WON")
        name, count, amount = fields
        if not count.isdigit() or not amount.isdigit():
            raise InvalidTiers(
                "tiers", f"tier {index} ({name}): count and amount must be whole numbers"
            )
        tiers.append(Tier(name, int(count), int(amount)))
    return tiers
