"""Settlement of a grant: receipts checked against the application's budget lines.

A grantee spends its grant line by line and proves each payment with a receipt. The call
states how far a line may be overspent (``tolerance_percent`` of the line's amount: 10% of a
1,000,000 won line allows 1,100,000 won in all, not a won more) and whether capital expenses
are funded at all; a receipt must fall within the agreement's project period (both ends
included). Every broken rule is reported with a code and a sentence in Korean and English,
like the eligibility screening, so the organisation fixes the receipt in one go.

Amounts are whole won and the limit is exact: ``spent × 100 ≤ amount × (100 + tolerance)``,
so no rounding decides whether a won too many passes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SETTLEMENT_REASONS: dict[str, tuple[str, str]] = {
    "over_line": (
        "'{item}' 항목의 집행액이 {spent}원이 되어 예산 {budget}원의 허용 한도 {limit}원"
        "(초과 허용 {tolerance}%)를 넘습니다.",
        "Spending on '{item}' would reach {spent} won, above the limit of {limit} won "
        "({budget} won plus the {tolerance}% the call tolerates).",
    ),
    "capital_expense": (
        "'{item}'은(는) 자본적 경비 항목으로, 이 공모에서는 집행할 수 없습니다.",
        "'{item}' is a capital expense, which this call does not fund.",
    ),
    "outside_period": (
        "영수증 날짜 {date}이(가) 사업 기간({start}~{end}) 밖입니다.",
        "The receipt date {date} is outside the project period ({start} to {end}).",
    ),
}


@dataclass(frozen=True)
class SettlementReason:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, language: str = "ko") -> str:
        ko, en = SETTLEMENT_REASONS[self.code]
        template = ko if language.startswith("ko") else en
        shown = {k: f"{v:,}" if isinstance(v, int) else v for k, v in self.params.items()}
        return template.format(**shown)


@dataclass(frozen=True)
class Line:
    """A budget line of the application: its key, name, category and amount in won."""

    key: str
    item: str
    category: str
    amount_won: int


@dataclass(frozen=True)
class Balance:
    line: Line
    spent_won: int

    @property
    def remaining_won(self) -> int:
        """What is left of the line's budget (negative when overspent within the tolerance)."""
        return self.line.amount_won - self.spent_won


def line_limit(amount_won: int, tolerance_percent: int) -> int:
    """The most a line may reach in all: its amount plus the tolerance, rounded down to the
    won (a limit is never more generous than the stated percentage)."""
    return amount_won * (100 + tolerance_percent) // 100


def check_receipt(
    line: Line,
    *,
    amount_won: int,
    spent_on: dt.date,
    already_spent_won: int,
    tolerance_percent: int,
    capital_allowed: bool,
    period: tuple[dt.date, dt.date],
) -> list[SettlementReason]:
    """Every rule a new receipt of ``amount_won`` on ``line`` would break (empty: accepted)."""
    if amount_won < 0 or already_spent_won < 0 or tolerance_percent < 0:
        raise ValueError("amounts and the tolerance are never negative")
    reasons: list[SettlementReason] = []
    if line.category == "capital" and not capital_allowed:
        reasons.append(SettlementReason("capital_expense", {"item": line.item}))
    spent = already_spent_won + amount_won
    if spent * 100 > line.amount_won * (100 + tolerance_percent):
        reasons.append(
            SettlementReason(
                "over_line",
                {
                    "item": line.item,
                    "spent": spent,
                    "budget": line.amount_won,
                    "limit": line_limit(line.amount_won, tolerance_percent),
                    "tolerance": tolerance_percent,
                },
            )
        )
    start, end = period
    if not start <= spent_on <= end:
        reasons.append(
            SettlementReason(
                "outside_period",
                {"date": spent_on.isoformat(), "start": start.isoformat(), "end": end.isoformat()},
            )
        )
    return reasons


def balances(lines: Iterable[Line], receipts: Iterable[tuple[str, int]]) -> list[Balance]:
    """Per line (in the given order): its budget, what the receipts ``(line key, won)`` spent
    on it, and what remains."""
    spent: dict[str, int] = {}
    for key, amount in receipts:
        spent[key] = spent.get(key, 0) + amount
    return [Balance(line, spent.get(line.key, 0)) for line in lines]
