"""The bridge between stored records and the pure engine: a call's rules and an application as
the engine's values, and the engine's reasons in the reader's language."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import get_language

from maeul.engine.grants import (
    Application as EngineApplication,
)
from maeul.engine.grants import (
    BudgetLine as EngineLine,
)
from maeul.engine.grants import (
    CallRules,
    Member,
    ProjectType,
    Reason,
    Screening,
    screen,
)
from maeul.grants.models import Application, GrantCall, Organisation
from maeul.places.models import Municipality


def district_of(place: Municipality) -> Municipality | None:
    """The district (구·시·군, level 2) a place lies in: itself, or the one above a dong."""
    if place.level == 2:
        return place
    return next((m for m in place.ancestors() if m.level == 2), None)


def rule_district(call: GrantCall, application: Application | None = None) -> Municipality | None:
    """The district the ``district`` rule means: the call's own, or in a city-wide call by
    district the applying district (every member located in the lead's district)."""
    if call.per_district:
        return application.district if application is not None else None
    return call.district


def call_rules(call: GrantCall, application: Application | None = None) -> CallRules:
    district = rule_district(call, application)
    return CallRules(
        budget_won=call.budget_won,
        max_grant_won=call.max_grant_won,
        max_grantees=call.max_grantees,
        min_members=call.min_members,
        member_kinds=tuple(call.member_kinds),
        district=district.name if district is not None else "",
        max_staff_share_percent=call.max_staff_share_percent,
        capital_allowed=call.capital_allowed,
        project_types=tuple(
            ProjectType(t["key"], int(t["min_won"]), int(t["max_won"])) for t in call.project_types
        ),
    )


def member_district(
    call: GrantCall, organisation: Organisation, application: Application | None = None
) -> str:
    """The rule's district name when the organisation lies anywhere within it (a dong of the
    district counts), otherwise the organisation's own place."""
    district = rule_district(call, application)
    if district is not None and organisation.municipality.is_within(district):
        return district.name
    return organisation.municipality.name


def engine_application(application: Application) -> EngineApplication:
    call = application.call
    members = [application.organisation] + [
        m.organisation for m in application.consortium.select_related("organisation__municipality")
    ]
    return EngineApplication(
        id=str(application.pk),
        members=tuple(
            Member(o.name, o.kind, member_district(call, o, application))
            for o in dict.fromkeys(members)
        ),
        requested_won=application.requested_won,
        budget=tuple(
            EngineLine(line.item, line.category, line.amount_won)
            for line in application.lines.all()
        ),
        tags=tuple(application.tags),
        project_type=application.project_type,
    )


def screening(application: Application) -> Screening:
    return screen(call_rules(application.call, application), engine_application(application))


def stored_reasons(result: Screening) -> list[dict[str, Any]]:
    return [{"code": r.code, "params": dict(r.params)} for r in result.reasons]


def reason_texts(stored: list[dict[str, Any]]) -> list[str]:
    """Stored reasons as sentences in the active language."""
    language = get_language() or "ko"
    return [Reason(r["code"], r.get("params", {})).text(language) for r in stored]


def fraction(value: Decimal | int | None) -> Fraction:
    return Fraction(value) if value is not None else Fraction(0)


def decimal(value: Fraction) -> Decimal:
    """A score for storage: two decimals, rounded half up (the published tables' rule)."""
    from maeul.engine.scoring import round_half_up

    return round_half_up(value, 2)
