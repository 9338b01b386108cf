"""Screening an application against its call: every broken rule gives a reason code and a
sentence in Korean and English.

The rules (SPEC §8, issue 17), each switched off by a zero or empty value on the call:

``too_few_members``          fewer distinct member organisations than ``min_members``
``member_kind``              a member whose kind is not in ``member_kinds`` (e.g. non-profit)
``member_outside_district``  a member located outside the call's ``district``
``over_max_grant``           requested more than ``max_grant_won``
``staff_share``              staff cost above ``max_staff_share_percent`` of the budget total
                             (exactly the limit passes: 50.00% of 30 M passes, 50.01% fails)
``capital_expense``          a ``capital`` budget line when the call allows none
``budget_mismatch``          requested amount differs from the sum of the budget lines
``type_range``               requested outside the project type's amount range
``unknown_type``             the call has project types and the application names none of them

All reasons are reported, never only the first: an applicant fixes everything in one go, and
the screening table shows the reviewers why. Percentages are exact fractions, so 50% is 50%.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .model import Application, CallRules

REASONS: dict[str, tuple[str, str]] = {
    "too_few_members": (
        "참여 단체가 {found}곳으로, 최소 {required}곳 이상이어야 합니다.",
        "The consortium has {found} member organisation(s); the call requires at least {required}.",
    ),
    "member_kind": (
        "참여 단체 {names}은(는) 신청 자격이 있는 유형({kinds})이 아닙니다.",
        "Member organisation(s) {names} are not of an eligible kind ({kinds}).",
    ),
    "member_outside_district": (
        "참여 단체 {names}의 소재지가 {district} 밖에 있습니다.",
        "Member organisation(s) {names} are located outside {district}.",
    ),
    "over_max_grant": (
        "신청액 {requested}원이 1건당 한도 {limit}원을 넘습니다.",
        "The requested {requested} won is above the limit of {limit} won per grant.",
    ),
    "staff_share": (
        "인건비가 사업비의 {share}%로, 한도 {limit}%를 넘습니다.",
        "Staff costs are {share}% of the project cost, above the limit of {limit}%.",
    ),
    "capital_expense": (
        "자본적 경비({items})는 이 공모에서 지원하지 않습니다.",
        "Capital expenses ({items}) are not funded by this call.",
    ),
    "budget_mismatch": (
        "신청액 {requested}원이 예산 항목 합계 {total}원과 다릅니다.",
        "The requested {requested} won differs from the sum of the budget lines, {total} won.",
    ),
    "type_range": (
        "{type} 유형의 지원액은 {low}원~{high}원인데 신청액은 {requested}원입니다.",
        "Type {type} grants range from {low} to {high} won; {requested} won was requested.",
    ),
    "unknown_type": (
        "사업 유형을 이 공모의 유형({types}) 중에서 골라야 합니다.",
        "Choose a project type among this call's types ({types}).",
    ),
}
"""Code -> (Korean, English) sentence templates; the Django layer shows the one of the
reader's language and stores only the code and its parameters."""


def won_text(amount: int) -> str:
    return f"{amount:,}"


def share_text(value: Fraction) -> str:
    """A percentage with two decimals, cut rather than rounded and marked "+" when cut, so a
    failing 50.004% reads "50.00+" instead of a limit-looking "50.00"."""
    hundredths = value * 100
    whole = hundredths.numerator // hundredths.denominator
    text = f"{whole // 100}.{whole % 100:02d}"
    return text + ("+" if whole != hundredths else "")


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    params: Mapping[str, str] = field(default_factory=dict)

    def text(self, language: str = "en") -> str:
        ko, en = REASONS[self.code]
        return (ko if language.startswith("ko") else en).format(**self.params)


@dataclass(frozen=True, slots=True)
class Screening:
    id: str
    reasons: tuple[Reason, ...]

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "eligible": self.eligible, "reasons": self.codes}


def staff_share(application: Application) -> Fraction | None:
    """Staff lines over all lines, as an exact fraction (None for an empty budget)."""
    total = sum(line.amount_won for line in application.budget)
    if total == 0:
        return None
    staff = sum(line.amount_won for line in application.budget if line.category == "staff")
    return Fraction(staff, total)


def screen(call: CallRules, application: Application) -> Screening:
    reasons: list[Reason] = []
    names = {m.name for m in application.members}
    if call.min_members and len(names) < call.min_members:
        reasons.append(
            Reason("too_few_members", {"found": str(len(names)), "required": str(call.min_members)})
        )
    if call.member_kinds:
        wrong = sorted({m.name for m in application.members if m.kind not in call.member_kinds})
        if wrong:
            reasons.append(
                Reason(
                    "member_kind",
                    {"names": ", ".join(wrong), "kinds": ", ".join(call.member_kinds)},
                )
            )
    if call.district:
        outside = sorted({m.name for m in application.members if m.district != call.district})
        if outside:
            reasons.append(
                Reason(
                    "member_outside_district",
                    {"names": ", ".join(outside), "district": call.district},
                )
            )
    requested = application.requested_won
    if requested > call.max_grant_won:
        reasons.append(
            Reason(
                "over_max_grant",
                {"requested": won_text(requested), "limit": won_text(call.max_grant_won)},
            )
        )
    share = staff_share(application)
    if share is not None and share * 100 > call.max_staff_share_percent:
        reasons.append(
            Reason(
                "staff_share",
                {"share": share_text(share * 100), "limit": str(call.max_staff_share_percent)},
            )
        )
    if not call.capital_allowed:
        capital = [line.item for line in application.budget if line.category == "capital"]
        if capital:
            reasons.append(Reason("capital_expense", {"items": ", ".join(capital)}))
    total = sum(line.amount_won for line in application.budget)
    if total != requested:
        reasons.append(
            Reason("budget_mismatch", {"requested": won_text(requested), "total": won_text(total)})
        )
    if call.project_types:
        by_key = {t.key: t for t in call.project_types}
        kind = by_key.get(application.project_type)
        if kind is None:
            reasons.append(Reason("unknown_type", {"types": ", ".join(by_key)}))
        elif not kind.min_won <= requested <= kind.max_won:
            reasons.append(
                Reason(
                    "type_range",
                    {
                        "type": kind.key,
                        "low": won_text(kind.min_won),
                        "high": won_text(kind.max_won),
                        "requested": won_text(requested),
                    },
                )
            )
    return Screening(application.id, tuple(reasons))


def screen_all(call: CallRules, applications: list[Application]) -> list[Screening]:
    """Screenings in input order."""
    return [screen(call, application) for application in applications]
