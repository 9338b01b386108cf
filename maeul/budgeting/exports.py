"""The registered exports ``pb-history`` (SPEC §1's yearly table, one row per cycle) and
``screening-reasons`` (screened-out proposals per cycle and coded reason)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.budgeting.cycle_facts import reason_rows
from maeul.budgeting.selectors import history
from maeul.exports.columns import DECIMAL, INTEGER, MUNICIPALITY, PERCENT, TEXT, WON, Column
from maeul.exports.registry import ExportTable, register

HISTORY_COLUMNS = (
    MUNICIPALITY,
    Column(
        "cycle_year",
        INTEGER,
        "주민참여예산 사업 연도(제안·심사·투표가 열린 해)",
        "Cycle year (when proposals were made and voted)",
        "year",
    ),
    Column(
        "budget_year",
        INTEGER,
        "예산 편성 연도(사업이 집행되는 해)",
        "Budget year (when the projects are carried out)",
        "year",
    ),
    Column("proposals", INTEGER, "접수된 제안 수", "Proposals received", "items"),
    Column("proposed_amount_won", WON, "제안 금액 합계", "Total amount proposed"),
    Column(
        "adopted",
        INTEGER,
        "채택된 사업 수(결과 발표 전이면 빈칸)",
        "Projects adopted (empty before the result)",
        "items",
    ),
    Column(
        "adopted_amount_won",
        WON,
        "채택 금액 합계(결과 발표 전이면 빈칸)",
        "Total amount adopted (empty before the result)",
    ),
    Column(
        "executed_amount_won",
        WON,
        "집행 금액(집행 전이면 빈칸)",
        "Amount executed (empty before execution)",
    ),
    Column(
        "execution_rate_percent",
        PERCENT,
        "집행률(집행 금액 ÷ 채택 금액)",
        "Execution rate (executed ÷ adopted amount)",
    ),
    Column("mobile_voters", INTEGER, "모바일 투표 참여자 수", "Mobile voters", "people"),
)

RESULT_COLUMNS = (
    Column("number", INTEGER, "제안 번호", "Proposal number"),
    Column("title", TEXT, "제안 제목(주민이 쓴 글)", "Proposal title (written by a resident)"),
    Column("group", TEXT, "사업 분야 묶음", "Project group"),
    Column("type", TEXT, "사업 유형", "Project type"),
    Column("cost_won", WON, "사업비", "Project cost"),
    Column("committee_approvals", INTEGER, "위원회 찬성 수", "Committee approvals", "votes"),
    Column("mobile_approvals", INTEGER, "모바일 투표 찬성 수", "Mobile-vote approvals", "votes"),
    Column(
        "committee_share",
        DECIMAL,
        "위원회 득표 비율(0~1, 소수 여섯째 자리)",
        "Committee share (0 to 1, six decimals)",
    ),
    Column(
        "mobile_share",
        DECIMAL,
        "모바일 득표 비율(0~1, 소수 여섯째 자리)",
        "Mobile-vote share (0 to 1, six decimals)",
    ),
    Column(
        "score",
        DECIMAL,
        "합산 점수(가중 합, 소수 여섯째 자리)",
        "Combined score (weighted sum, six decimals)",
    ),
    Column("selected", INTEGER, "선정 여부(1 선정, 0 미선정)", "Selected (1 yes, 0 no)"),
)
"""The published result of a cycle (``/pb/m/<slug>/<year>/results.csv|xlsx``)."""


def history_rows(municipality: Any) -> Iterable[list[Any]]:
    for row in history(municipality):
        yield [
            row.cycle.municipality.name,
            row.cycle.cycle_year,
            row.cycle.budget_year,
            row.proposals,
            row.proposed_amount_won,
            "" if row.adopted is None else row.adopted,
            "" if row.adopted_amount_won is None else row.adopted_amount_won,
            "" if row.executed_amount_won is None else row.executed_amount_won,
            row.execution_rate,
            row.mobile_voters,
        ]


register(
    ExportTable(
        name="pb-history",
        title=_("Participatory budgeting by year"),
        columns=HISTORY_COLUMNS,
        rows=history_rows,
        description=_(
            "Proposals, adopted projects, executed amounts and mobile voters of every cycle."
        ),
        public=True,
    )
)


REASON_COLUMNS = (
    MUNICIPALITY,
    Column(
        "cycle_year",
        INTEGER,
        "주민참여예산 사업 연도(제안·심사·투표가 열린 해)",
        "Cycle year (when proposals were made and voted)",
        "year",
    ),
    Column(
        "reason",
        TEXT,
        "부적격·병합 사유 코드(자치단체 사유 목록의 코드, 글로만 적은 사유는 빈칸)",
        "Screening reason code (from the municipality's list; empty for reasons in words only)",
    ),
    Column(
        "proposals",
        INTEGER,
        "이 사유로 부적격 또는 병합된 제안 수",
        "Proposals screened out (infeasible or merged) with this reason",
        "items",
    ),
)

register(
    ExportTable(
        name="screening-reasons",
        title=_("Screened-out proposals by reason"),
        columns=REASON_COLUMNS,
        rows=reason_rows,
        description=_(
            "How many proposals of each cycle were found infeasible or merged, per coded "
            "screening reason."
        ),
        public=True,
    )
)
