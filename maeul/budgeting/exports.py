"""The registered export ``pb-history``: SPEC §1's yearly table, one row per cycle."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from maeul.budgeting.selectors import history
from maeul.exports.registry import ExportTable, register

HISTORY_COLUMNS = (
    "municipality",
    "cycle_year",
    "budget_year",
    "proposals",
    "proposed_amount_won",
    "adopted",
    "adopted_amount_won",
    "executed_amount_won",
    "execution_rate_percent",
    "mobile_voters",
)


def history_rows(municipality: Any) -> Iterable[list[Any]]:
    for row in history(municipality):
        yield [
            row.cycle.municipality.name,
            row.cycle.cycle_year,
            row.cycle.budget_year,
            row.proposals,
            row.proposed_amount_won,
            row.adopted,
            row.adopted_amount_won,
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
