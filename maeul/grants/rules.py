"""Who may do what with grant calls (see maeul/accounts/permissions.py).

* A call is public once open; drafts are for officials covering it.
* Administrators and programme managers of the call's scope manage it (open, close, screen,
  assign reviewers, enter quantitative scores, select, grade); auditors may read.
* An application is seen by the people who act for its organisation, by the people acting for
  a consortium member (to confirm), by the managers and auditors of the scope, and by the
  call's reviewers unless they declared a conflict of interest on it. Nobody else: an
  organisation sees only its own applications.
* Only the people acting for the applicant organisation edit, submit or withdraw it.
"""

from __future__ import annotations

from typing import Any

from maeul.accounts.models import Role
from maeul.accounts.permissions import Permission, covers, has_role, official_of, rule


class GrantPermission(Permission):
    VIEW_CALL = "grants.view_call"
    MANAGE_CALL = "grants.manage_call"
    VIEW_BACKOFFICE = "grants.view_backoffice"
    VIEW_APPLICATION = "grants.view_application"
    EDIT_APPLICATION = "grants.edit_application"
    REVIEW_APPLICATION = "grants.review_application"
    ACT_FOR_ORGANISATION = "grants.act_for_organisation"


MANAGERS = [Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER]


def _user_id(user: Any) -> int | None:
    return user.pk if getattr(user, "is_authenticated", False) else None


def acts_for(user: Any, organisation_id: int) -> bool:
    from maeul.grants.models import OrganisationMember

    uid = _user_id(user)
    return uid is not None and (
        OrganisationMember.objects.filter(user_id=uid, organisation_id=organisation_id).exists()
    )


def reviewer_of(user: Any, application: Any) -> bool:
    """An assigned reviewer of the application's call without a declared conflict on it."""
    from maeul.grants.models import ConflictOfInterest, Reviewer

    uid = _user_id(user)
    if uid is None:
        return False
    reviewer = Reviewer.objects.filter(call_id=application.call_id, user_id=uid).first()
    if reviewer is None:
        return False
    return not ConflictOfInterest.objects.filter(
        reviewer=reviewer, application_id=application.pk
    ).exists()


@rule(GrantPermission.VIEW_CALL)
def view_call(user: Any, call: Any) -> bool:
    if getattr(call, "state", None) in ("open", "review", "announced"):
        return True
    return covers(user, call)


@rule(GrantPermission.MANAGE_CALL)
def manage_call(user: Any, obj: Any) -> bool:
    return has_role(user, obj, MANAGERS)


@rule(GrantPermission.VIEW_BACKOFFICE)
def view_backoffice(user: Any, obj: Any) -> bool:
    return has_role(user, obj, [*MANAGERS, Role.AUDITOR])


@rule(GrantPermission.VIEW_APPLICATION)
def view_application(user: Any, application: Any) -> bool:
    if _user_id(user) is None:
        return False
    if acts_for(user, application.organisation_id):
        return True
    if application.state == "draft":
        # a draft is the applicant's and its consortium's (who must confirm before submission)
        return any(acts_for(user, m.organisation_id) for m in application.consortium.all())
    if any(acts_for(user, m.organisation_id) for m in application.consortium.all()):
        return True
    if has_role(user, application, [*MANAGERS, Role.AUDITOR]):
        return True
    return application.state == "submitted" and reviewer_of(user, application)


@rule(GrantPermission.EDIT_APPLICATION)
def edit_application(user: Any, application: Any) -> bool:
    return acts_for(user, application.organisation_id)


@rule(GrantPermission.REVIEW_APPLICATION)
def review_application(user: Any, application: Any) -> bool:
    return application.state == "submitted" and reviewer_of(user, application)


@rule(GrantPermission.ACT_FOR_ORGANISATION)
def act_for_organisation(user: Any, organisation: Any) -> bool:
    return acts_for(user, organisation.pk)


def district_scope(user: Any, call: Any) -> Any:
    """In a city-wide call by district, the district an official of one of the call's
    districts (administrator, programme manager or auditor) covers: they see the applications
    of their own district only, and manage nothing of the city's call. None otherwise."""
    if not getattr(call, "per_district", False):
        return None
    official = official_of(user)
    if official is None or official.municipality_id == call.municipality_id:
        return None
    place = official.municipality
    if not place.is_within(call.municipality):
        return None
    if official.role_set().isdisjoint({*MANAGERS, Role.AUDITOR}):
        return None
    return place
