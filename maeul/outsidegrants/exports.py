"""The registered export ``outside-programmes`` (columns fixed by the task): per municipality,
year and field, the programmes monitored, the applications sent, those selected, the amount
awarded and the incentives paid to departments for that year's work. Each column adds up
over a year's rows (see ``selectors.field_rows``); no note or pre-check score is exported."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.exports.columns import INTEGER, MUNICIPALITY, TEXT, WON, Column
from maeul.exports.registry import ExportTable, register
from maeul.outsidegrants.models import DepartmentIncentive, OutsideProgramme
from maeul.outsidegrants.selectors import field_rows
from maeul.places.models import Municipality


def _rows(municipality: Any) -> Iterator[list[Any]]:
    with_records = set(
        OutsideProgramme.objects.values_list("municipality_id", flat=True).distinct()
    ) | set(DepartmentIncentive.objects.values_list("municipality_id", flat=True).distinct())
    places = Municipality.objects.filter(pk__in=with_records)
    if municipality is not None:
        places = places.filter(path__startswith=municipality.path)
    for place in places.order_by("path"):
        for year, code, programmes, applied, selected, awarded, incentives in field_rows(place):
            yield [place.name, year, code, programmes, applied, selected, awarded, incentives]


register(
    ExportTable(
        name="outside-programmes",
        title=_("Outside grant programmes"),
        description=_(
            "Per municipality, year and field: outside grant programmes monitored, the "
            "district's applications, those selected, the amount awarded and the incentives "
            "paid to departments for that year's work."
        ),
        columns=(
            MUNICIPALITY,
            Column("year", INTEGER, "모니터링 연도", "Monitoring year"),
            Column(
                "field",
                TEXT,
                "분야 코드(science_ict 과학통신, education 교육, land 국토개발, labour 노동, "
                "culture_sports 문화체육, welfare 복지, women 여성, administration 일반행정, "
                "industry 산업·중소기업, environment 환경; unlinked는 특정 신청에 연결되지 않은 "
                "인센티브)",
                "Field code (science_ict, education, land, labour, culture_sports, welfare, "
                "women, administration, industry, environment; unlinked: incentives tied to "
                "no application)",
            ),
            Column(
                "programmes", INTEGER, "모니터링한 공모사업 수", "Programmes monitored", "items"
            ),
            Column("applied", INTEGER, "응모한 사업 수", "Applications sent", "items"),
            Column("selected", INTEGER, "선정된 사업 수", "Applications selected", "items"),
            Column("awarded_won", WON, "확보한 외부재원", "Amount awarded"),
            Column("incentives_won", WON, "부서 인센티브 지급액", "Incentives paid to departments"),
        ),
        rows=_rows,
        public=True,
    )
)
