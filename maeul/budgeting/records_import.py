"""Reading a reported cycle's project list from the district's spreadsheet (CSV or .xlsx)
into ``ReportedProject``\\ s for ``services.records.reported_projects_record``.

One row per execution record: the project's name and adopted amount, then the date and the
amount of one payment; a project paid in three instalments has three rows (its name and
adopted amount repeated), a project with nothing executed one row with the two payment cells
empty. A project whose executed total equals its adopted amount is completed, otherwise in
progress. Every error names its row and column, all at once, and the file is refused whole;
the totals are checked against the reported ones by the service. Parser only: nothing here
writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from maeul.budgeting.models import ExecutionStatus
from maeul.budgeting.services.records import ReportedProject
from maeul.core.tabular import Column, Count, Date, Table, Text

WON = Count(maximum=10**13)

REPORTED_TABLE = Table(
    columns=(
        Column("project", "사업명", "project", cell=Text(max_length=120)),
        Column("adopted_amount_won", "편성액", "adopted_amount_won", cell=WON),
        Column("executed_on", "집행일", "executed_on", cell=Date(), required=False),
        Column("executed_amount_won", "집행액", "executed_amount_won", cell=WON, required=False),
    )
)
REPORTED_COLUMNS = REPORTED_TABLE.headers


def parse_reported_projects(data: bytes, *, name: str = "") -> list[ReportedProject]:
    """The projects of the file, in the order they first appear (see the module docstring);
    ``TableInvalid`` listing every problem if any row is wrong."""
    result = REPORTED_TABLE.read(data, name=name)
    order: list[str] = []
    adopted: dict[str, int] = {}
    payments: dict[str, list[tuple[dt.date, int]]] = {}
    for row in result.all_rows:
        if row.errors:
            continue
        title = row["project"].strip()
        day: Any = row.get("executed_on")
        amount: Any = row.get("executed_amount_won")
        if (day is None) != (amount is None):
            row.error(None, _("Give both the date and the amount of a payment, or neither."))
            continue
        if amount == 0:
            row.error("executed_amount_won", _("An executed amount must be positive."))
            continue
        if title not in adopted:
            order.append(title)
            adopted[title] = row["adopted_amount_won"]
            payments[title] = []
        elif adopted[title] != row["adopted_amount_won"]:
            row.error(
                "adopted_amount_won",
                _("%(project)s has another adopted amount on an earlier row.") % {"project": title},
            )
            continue
        if day is not None:
            payments[title].append((day, amount))
    result.raise_if_errors()
    return [
        ReportedProject(
            title=title,
            adopted_amount_won=adopted[title],
            executions=tuple(payments[title]),
            status=ExecutionStatus.COMPLETED
            if sum(a for _d, a in payments[title]) == adopted[title]
            else ExecutionStatus.IN_PROGRESS,
        )
        for title in order
    ]
