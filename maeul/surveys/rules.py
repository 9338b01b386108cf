"""Who may do what with surveys (see maeul/accounts/permissions.py).

A survey is seen by the public once it is open; its results once published. Administrators
and programme managers of the municipality's scope build, open, close and publish surveys and
see a closed survey's results before publication; auditors of the scope may read those
results too. Nobody sees results while the survey is open. Any
resident may try to answer (the service checks the audience and says why not).
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, covers, has_role, rule


class SurveyPermission(Permission):
    """The permissions this module decides: callers name them by member, never by string."""

    VIEW = "surveys.view"
    VIEW_RESULTS = "surveys.view_results"
    ANSWER = "surveys.answer"
    MANAGE = "surveys.manage"
    VIEW_BACKOFFICE = "surveys.view_backoffice"


MANAGERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


def _state(obj: Any) -> str | None:
    return getattr(obj, "state", None)


@rule(SurveyPermission.VIEW)
def view(user: Any, survey: Any) -> bool:
    """Open, closed and published surveys are public; drafts are for officials covering them."""
    if _state(survey) in ("open", "closed", "published"):
        return True
    return covers(user, survey)


@rule(SurveyPermission.VIEW_RESULTS)
def view_results(user: Any, survey: Any) -> bool:
    """Published results are public; a closed survey's, before publication, managers and
    auditors of the scope. Nobody sees results while answers come in: comparing them before
    and after a known person answers would read that person's answers."""
    if _state(survey) == "published":
        return True
    if _state(survey) != "closed":
        return False
    return has_role(user, survey, [*MANAGERS, Role.AUDITOR])


@rule(SurveyPermission.ANSWER)
def answer(user: Any, survey: Any) -> bool:
    """Residents may try; the audience and the one-answer rule are the service's."""
    return bool(getattr(user, "is_authenticated", False)) and user.resident_or_none is not None


@rule(SurveyPermission.MANAGE)
def manage(user: Any, obj: Any) -> bool:
    return has_role(user, obj, MANAGERS)


@rule(SurveyPermission.VIEW_BACKOFFICE)
def view_backoffice(user: Any, obj: Any) -> bool:
    return has_role(user, obj, [*MANAGERS, Role.AUDITOR])
