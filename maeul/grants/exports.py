"""The registered export ``grant-applications`` (columns fixed by issue 17): every submitted
or withdrawn application of the municipality's calls with its members, screening, score,
selection and grade. Not public: it names applicants that were not selected."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.exports.columns import BOOLEAN, DECIMAL, MUNICIPALITY, TEXT, WON, Column
from maeul.exports.registry import ExportTable, register
from maeul.grants.models import Application, ApplicationState


def _rows(municipality: Any) -> Iterator[list[Any]]:
    rows = (
        Application.objects.exclude(state=ApplicationState.DRAFT)
        .select_related("call__municipality", "organisation")
        .prefetch_related("consortium__organisation")
        .order_by("call__municipality__path", "call_id", "pk")
    )
    if municipality is not None:
        rows = rows.filter(call__municipality__in=municipality.subtree())
    for application in rows:
        members = [application.organisation.name] + [
            m.organisation.name for m in application.consortium.all()
        ]
        yield [
            application.call.municipality.name,
            application.call.title,
            application.title,
            application.organisation.name,
            "; ".join(members),
            application.requested_won,
            "" if application.eligible is None else application.eligible,
            " ".join(r["code"] for r in application.reasons),
            "" if application.total is None else application.total,
            application.selected,
            application.grade,
        ]


register(
    ExportTable(
        name="grant-applications",
        title=_("Grant applications"),
        description=_(
            "Every submitted or withdrawn application to the grant calls: members, requested "
            "amount, screening, total score, selection and end-of-year grade."
        ),
        columns=(
            MUNICIPALITY,
            Column("call", TEXT, "공모 이름", "Grant call"),
            Column("application", TEXT, "사업명", "Project title"),
            Column("organisation", TEXT, "신청 단체(대표)", "Applicant (lead organisation)"),
            Column(
                "members",
                TEXT,
                "참여 단체(; 구분, 대표 단체 포함)",
                "Member organisations (; separated, lead included)",
            ),
            Column("requested_won", WON, "신청액", "Requested amount"),
            Column(
                "eligible",
                BOOLEAN,
                "자격 심사 통과 여부(심사 전 빈칸)",
                "Passed the eligibility screening (empty before)",
            ),
            Column(
                "reasons",
                TEXT,
                "부적격 사유 코드(공백 구분)",
                "Ineligibility reason codes (space separated)",
            ),
            Column(
                "total_score",
                DECIMAL,
                "총점(정량+정성+가점, 선정 전 빈칸)",
                "Total score (quantitative + qualitative + bonus; empty before selection)",
                "points",
            ),
            Column("selected", BOOLEAN, "선정 여부", "Selected as grantee"),
            Column(
                "grade", TEXT, "연말 평가 등급(평가 전 빈칸)", "End-of-year grade (empty before)"
            ),
        ),
        rows=_rows,
    )
)
