"""Sheet rows for the tests, in the import layout (see maeul/governance/sheet.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from maeul.governance.sheet import write_sheet


def row(
    reference: str = "1",
    district: str = "금천구",
    *,
    name: str = "금천구 협치회의",
    kind: str = "협치회의",
    day: dt.date = dt.date(2026, 2, 10),
    start: str = "14:00",
    end: str = "16:00",
    hours: Any = 2,
    invited: tuple[Any, Any, Any] = (30, 10, 20),
    attended: tuple[Any, Any, Any] = (26, 8, 18),
) -> list[Any]:
    return [
        reference,
        district,
        name,
        kind,
        day,
        start,
        end,
        hours,
        "구청 회의실",
        *invited,
        *attended,
        "안건",
        "결정",
        "",
    ]


def sheet(*rows: list[Any]) -> bytes:
    return write_sheet("금천구 2026-Q1", rows)
