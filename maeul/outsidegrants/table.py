"""The register as a spreadsheet (CSV or .xlsx), read through ``maeul.core.tabular``.

Headers are Korean (English accepted): 연도, 분야, 주관기관, 기관구분, 사업명, 마감일,
지원금액(원), 지방비매칭, 공고주소, 비고. A field is written with the seed's Korean name
(과학통신 … 환경) or its code; the kind of funder as 정부, 서울시/시, 민간 (or central, city,
private). The file is imported whole or not at all: ``read_register`` raises
``TableUnreadable`` or ``TableInvalid`` (every row's errors, row and column named) before the
service writes anything.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from maeul.core.errors import ServiceError
from maeul.core.tabular import Boolean, Choice, Column, Date, Integer, Table, Text
from maeul.outsidegrants.models import FIELD_KO, Field, FunderKind

FIELD_WORDS: dict[str, str] = {
    **{label: code for code, label in FIELD_KO.items()},
    **{code: code for code in Field.values},
    "산업중소기업": Field.INDUSTRY,
}
FUNDER_WORDS: dict[str, str] = {
    "정부": FunderKind.CENTRAL,
    "중앙정부": FunderKind.CENTRAL,
    "서울시": FunderKind.CITY,
    "시": FunderKind.CITY,
    "민간": FunderKind.PRIVATE,
    **{code: code for code in FunderKind.values},
}

TABLE = Table(
    columns=(
        Column("year", "연도", "Year", Integer(minimum=2000, maximum=2100)),
        Column("field", "분야", "Field", Choice(FIELD_WORDS, shown=tuple(FIELD_KO.values()))),
        Column("funder", "주관기관", "Funder", Text(max_length=200)),
        Column(
            "funder_kind",
            "기관구분",
            "Kind of funder",
            Choice(FUNDER_WORDS, shown=("정부", "서울시", "민간")),
        ),
        Column("title", "사업명", "Title", Text(max_length=200)),
        Column("deadline", "마감일", "Deadline", Date(), required=False),
        Column(
            "amount_offered_won",
            "지원금액(원)",
            "Amount offered (won)",
            Integer(minimum=0, maximum=10**13),
            required=False,
            default=0,
        ),
        Column(
            "matching_required",
            "지방비매칭",
            "Matching required",
            Boolean(),
            required=False,
            default=False,
        ),
        Column("url", "공고주소", "URL", Text(max_length=500), required=False, default=""),
        Column("note", "비고", "Note", Text(max_length=2000), required=False, default=""),
    ),
    max_rows=2_000,
)


def read_register(content: bytes, *, name: str = "") -> list[dict[str, Any]]:
    """The rows as model values, or an error: nothing is returned from a file with one."""
    from maeul.outsidegrants.services import programme_values

    result = TABLE.read(content, name=name)
    for row in result.all_rows:
        if row.errors:
            continue
        try:
            values = programme_values({**row.values, "matching_required": ""})
        except ServiceError as failure:
            row.error(failure.field, failure.message)
            continue
        values["matching_required"] = bool(row.get("matching_required", False))
        row.values = values
    result.raise_if_errors()
    if not result.all_rows:
        raise ServiceError(_("The file has no programme rows."), field="file")
    return [dict(row.values) for row in result.rows]
