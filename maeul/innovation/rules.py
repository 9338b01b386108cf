"""Who may do what with community innovation plans and the evaluation.

Two sides meet here. The **district** (an official whose own municipality is the plan's
district) writes its plan and answers the city; the **city** (an official of the round's city,
e.g. Seoul) reviews, writes opinions, records approval and scores the evaluation. A city
official covers every district's plan in the permission sense, but writing a district's plan
is the district's act, so the edit rule asks for the district itself.

Submitted and approved plans are public (the seed publishes every district's projects and
money); drafts are seen only by the district and the city. Evaluation results are public once
published; before, the city's managers and auditors see them all and a district only its own.
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, has_role, municipality_of, official_of, rule

MANAGERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


class InnovationPermission(Permission):
    VIEW_PLAN = "innovation.view_plan"
    EDIT_PLAN = "innovation.edit_plan"
    REVIEW = "innovation.review"
    VIEW_RESULT = "innovation.view_result"
    SCORE = "innovation.score"
    VIEW_BACKOFFICE = "innovation.view_backoffice"


def _is_district_of(user: Any, plan: Any) -> bool:
    official = official_of(user)
    return bool(official is not None and official.municipality_id == plan.municipality_id)


def _city_of(obj: Any) -> Any:
    """The city a plan, a result or a round belongs to."""
    for name in ("round", "evaluation"):
        parent = getattr(obj, name, None)
        if parent is not None and hasattr(parent, "municipality"):
            return parent.municipality
    return municipality_of(obj)


def _city_role(user: Any, obj: Any, roles: list[Any]) -> bool:
    city = _city_of(obj)
    return city is not None and has_role(user, city, roles)


@rule(InnovationPermission.VIEW_PLAN)
def view_plan(user: Any, plan: Any) -> bool:
    if getattr(plan, "state", "draft") in ("submitted", "approved", "returned"):
        return True
    return _is_district_of(user, plan) or _city_role(user, plan, [*MANAGERS, Role.AUDITOR])


@rule(InnovationPermission.EDIT_PLAN)
def edit_plan(user: Any, plan: Any) -> bool:
    return _is_district_of(user, plan) and has_role(user, plan, MANAGERS)


@rule(InnovationPermission.REVIEW)
def review(user: Any, obj: Any) -> bool:
    """City managers of the round's (or the evaluation's) city."""
    return _city_role(user, obj, MANAGERS)


@rule(InnovationPermission.VIEW_RESULT)
def view_result(user: Any, result: Any) -> bool:
    evaluation = getattr(result, "evaluation", result)
    if getattr(evaluation, "state", "") == "published":
        return True
    if _city_role(user, evaluation, [*MANAGERS, Role.AUDITOR]):
        return True
    official = official_of(user)
    return bool(
        official is not None
        and hasattr(result, "municipality_id")
        and result is not evaluation
        and official.municipality_id == result.municipality_id
    )


@rule(InnovationPermission.SCORE)
def score(user: Any, evaluation: Any) -> bool:
    return getattr(evaluation, "state", "") != "published" and _city_role(
        user, evaluation, MANAGERS
    )


@rule(InnovationPermission.VIEW_BACKOFFICE)
def view_backoffice(user: Any, place: Any) -> bool:
    """Managers and auditors of a city or a district: the workspace links to the plans."""
    return has_role(user, place, [*MANAGERS, Role.AUDITOR])
