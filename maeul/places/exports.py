"""Export tables of the places app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.exports.columns import MUNICIPALITY, TEXT, Column
from maeul.exports.registry import ExportTable, register
from maeul.places.models import Municipality


def _rows(municipality: Municipality | None) -> Iterator[list[Any]]:
    queryset = municipality.subtree() if municipality else Municipality.objects.all()
    for m in queryset.select_related("parent").order_by("path"):
        yield [
            m.admin_code or "",
            m.slug,
            m.name,
            m.name_en,
            m.kind,
            m.parent.name if m.parent else "",
        ]


register(
    ExportTable(
        name="municipalities",
        title=_("Municipalities"),
        description=_("The municipality tree with administrative codes."),
        columns=(
            Column(
                "admin_code",
                TEXT,
                "행정구역 코드(10자리 문자; 앞자리 0 유지, 없으면 빈칸)",
                "Administrative code (10 digits; leading zeros kept; empty when none)",
            ),
            Column(
                "identifier",
                TEXT,
                "마을 안의 식별자(주소에 쓰임)",
                "Maeul identifier (used in addresses)",
            ),
            MUNICIPALITY,
            Column("name_en", TEXT, "영문 이름", "Name in English"),
            Column(
                "kind",
                TEXT,
                "종류 코드(special_city, metropolitan_city, city, district, dong 등)",
                "Kind code (special_city, metropolitan_city, city, district, dong ...)",
            ),
            Column(
                "parent",
                TEXT,
                "상위 지방자치단체 이름(최상위는 빈칸)",
                "Name of the parent (empty at the top)",
            ),
        ),
        rows=_rows,
        public=True,
    )
)
