"""Export tables of the places app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

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
        columns=("admin_code", "identifier", "municipality", "name_en", "kind", "parent"),
        rows=_rows,
        public=True,
    )
)
