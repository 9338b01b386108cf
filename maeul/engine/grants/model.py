"""The call's rules and an application, as immutable values, and their strict readers.

A call's eligibility rules are data (the numbers of Seoul's 2021 civil–civil call are one
instance, Nam-gu's village grants another), so the engine never hard-codes a municipality. The
readers refuse unknown keys, non-integer or negative amounts and missing fields with a message
naming the place in the file: a typo such as ``"max_grant"`` for ``"max_grant_won"`` would
otherwise silently drop a rule and pass applications the call forbids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InvalidGrantInput

CATEGORIES = ("staff", "activity", "capital", "other")
"""Budget-line categories: staff activity cost (인건비), activity cost, capital expense
(자본적 경비: equipment, construction), anything else."""


@dataclass(frozen=True, slots=True)
class ProjectType:
    """A kind of project with its own amount range (Nam-gu: 1 M – 20 M won by type)."""

    key: str
    min_won: int
    max_won: int


@dataclass(frozen=True, slots=True)
class CallRules:
    """What an application must meet. A zero or empty value switches a rule off."""

    budget_won: int
    max_grant_won: int
    max_grantees: int
    min_members: int = 1
    member_kinds: tuple[str, ...] = ()
    district: str = ""
    max_staff_share_percent: int = 100
    capital_allowed: bool = True
    project_types: tuple[ProjectType, ...] = ()


@dataclass(frozen=True, slots=True)
class Member:
    """One organisation of an applicant consortium (or the single applicant)."""

    name: str
    kind: str
    district: str


@dataclass(frozen=True, slots=True)
class BudgetLine:
    item: str
    category: str
    amount_won: int


@dataclass(frozen=True, slots=True)
class Application:
    id: str
    members: tuple[Member, ...]
    requested_won: int
    budget: tuple[BudgetLine, ...]
    tags: tuple[str, ...] = ()
    project_type: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


def _bad(en: str, ko: str, where: str) -> InvalidGrantInput:
    return InvalidGrantInput("invalid_input", f"{where}: {en}", f"{where}: {ko}", field=where)


def _check_keys(data: Any, allowed: set[str], required: set[str], where: str) -> None:
    if not isinstance(data, Mapping):
        raise _bad("must be an object", "객체여야 합니다", where)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _bad(
            f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}",
            f"알 수 없는 항목 {', '.join(unknown)}; 허용: {', '.join(sorted(allowed))}",
            where,
        )
    missing = sorted(required - set(data))
    if missing:
        raise _bad(f"missing key(s) {', '.join(missing)}", f"빠진 항목 {', '.join(missing)}", where)


def won(value: Any, where: str, *, positive: bool = False) -> int:
    """An amount in whole won: an integer (not a boolean, not 1.5, not "1,000"), not negative."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(
            f"must be a whole number of won, not {value!r}",
            f"원 단위 정수여야 합니다 ({value!r} 불가)",
            where,
        )
    if value < 0:
        raise _bad("must not be negative", "음수일 수 없습니다", where)
    if positive and value == 0:
        raise _bad("must be more than zero", "0보다 커야 합니다", where)
    return value


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _bad(
            f"must be a whole number, zero or more, not {value!r}",
            f"0 이상의 정수여야 합니다 ({value!r} 불가)",
            where,
        )
    return value


def _text(value: Any, where: str, *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise _bad("must be a non-empty text", "비어 있지 않은 글자여야 합니다", where)
    return value.strip()


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _bad("must be a list of texts", "글자 목록이어야 합니다", where)
    return tuple(_text(v, f"{where}[{i}]") for i, v in enumerate(value))


CALL_KEYS = {
    "budget_won",
    "max_grant_won",
    "max_grantees",
    "min_members",
    "member_kinds",
    "district",
    "max_staff_share_percent",
    "capital_allowed",
    "project_types",
}
CALL_REQUIRED = {"budget_won", "max_grant_won", "max_grantees"}


def call_from_dict(data: Any, where: str = "call") -> CallRules:
    """The call file's object as rules; raises ``InvalidGrantInput`` naming the key at fault."""
    _check_keys(data, CALL_KEYS, CALL_REQUIRED, where)
    share = _count(data.get("max_staff_share_percent", 100), f"{where}.max_staff_share_percent")
    if share > 100:
        raise _bad(
            "must be 0 to 100", "0에서 100 사이여야 합니다", f"{where}.max_staff_share_percent"
        )
    capital = data.get("capital_allowed", True)
    if not isinstance(capital, bool):
        raise _bad(
            "must be true or false", "true 또는 false여야 합니다", f"{where}.capital_allowed"
        )
    types: list[ProjectType] = []
    raw_types = data.get("project_types", [])
    if not isinstance(raw_types, list):
        raise _bad("must be a list", "목록이어야 합니다", f"{where}.project_types")
    for i, raw in enumerate(raw_types):
        at = f"{where}.project_types[{i}]"
        _check_keys(raw, {"key", "min_won", "max_won"}, {"key", "min_won", "max_won"}, at)
        low, high = won(raw["min_won"], f"{at}.min_won"), won(raw["max_won"], f"{at}.max_won")
        if low > high:
            raise _bad("min_won is above max_won", "min_won이 max_won보다 큽니다", at)
        types.append(ProjectType(_text(raw["key"], f"{at}.key"), low, high))
    if len({t.key for t in types}) != len(types):
        raise _bad(
            "a project type is listed twice", "사업 유형이 두 번 있습니다", f"{where}.project_types"
        )
    rules = CallRules(
        budget_won=won(data["budget_won"], f"{where}.budget_won", positive=True),
        max_grant_won=won(data["max_grant_won"], f"{where}.max_grant_won", positive=True),
        max_grantees=_count(data["max_grantees"], f"{where}.max_grantees"),
        min_members=_count(data.get("min_members", 1), f"{where}.min_members"),
        member_kinds=_texts(data.get("member_kinds", []), f"{where}.member_kinds"),
        district=_text(data.get("district", ""), f"{where}.district", required=False),
        max_staff_share_percent=share,
        capital_allowed=capital,
        project_types=tuple(types),
    )
    if rules.max_grantees == 0:
        raise _bad("must be at least 1", "1 이상이어야 합니다", f"{where}.max_grantees")
    return rules


APPLICATION_KEYS = {"id", "members", "requested_won", "budget", "tags", "type"}
APPLICATION_REQUIRED = {"id", "members", "requested_won", "budget"}


def application_from_dict(data: Any, where: str) -> Application:
    _check_keys(data, APPLICATION_KEYS, APPLICATION_REQUIRED, where)
    raw_id = data["id"]
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        raise _bad("must be a text or a whole number", "글자나 정수여야 합니다", f"{where}.id")
    if not isinstance(data["members"], list):
        raise _bad("must be a list", "목록이어야 합니다", f"{where}.members")
    members = []
    for i, raw in enumerate(data["members"]):
        at = f"{where}.members[{i}]"
        _check_keys(raw, {"name", "kind", "district"}, {"name", "kind", "district"}, at)
        members.append(
            Member(
                _text(raw["name"], f"{at}.name"),
                _text(raw["kind"], f"{at}.kind"),
                _text(raw["district"], f"{at}.district"),
            )
        )
    if not isinstance(data["budget"], list):
        raise _bad("must be a list", "목록이어야 합니다", f"{where}.budget")
    lines = []
    for i, raw in enumerate(data["budget"]):
        at = f"{where}.budget[{i}]"
        _check_keys(raw, {"item", "category", "amount_won"}, {"item", "category", "amount_won"}, at)
        category = raw["category"]
        if category not in CATEGORIES:
            raise _bad(
                f"category must be one of {', '.join(CATEGORIES)}, not {category!r}",
                f"분류는 {', '.join(CATEGORIES)} 중 하나여야 합니다 ({category!r} 불가)",
                f"{at}.category",
            )
        lines.append(
            BudgetLine(
                _text(raw["item"], f"{at}.item"),
                category,
                won(raw["amount_won"], f"{at}.amount_won"),
            )
        )
    return Application(
        id=str(raw_id),
        members=tuple(members),
        requested_won=won(data["requested_won"], f"{where}.requested_won", positive=True),
        budget=tuple(lines),
        tags=_texts(data.get("tags", []), f"{where}.tags"),
        project_type=_text(data.get("type", ""), f"{where}.type", required=False),
    )


def applications_from_list(data: Any, where: str = "applications") -> list[Application]:
    if not isinstance(data, list):
        raise _bad("must be a list of applications", "신청서 목록이어야 합니다", where)
    applications = [application_from_dict(raw, f"{where}[{i}]") for i, raw in enumerate(data)]
    seen: set[str] = set()
    for i, application in enumerate(applications):
        if application.id in seen:
            raise _bad(
                f"id {application.id!r} appears twice",
                f"id {application.id!r}가 두 번 있습니다",
                f"{where}[{i}].id",
            )
        seen.add(application.id)
    return applications
